#pragma once
// Streaming decoder over libsndfile: opens any format libsndfile supports (WAV 8/16/24/32-bit
// int and float, FLAC, OGG/Vorbis/Opus, MP3, ...) and, through FFmpeg (FfmpegDecoder), what it
// cannot (M4A/AAC/ALAC, WMA, WebM, the sound of video files), and hands out interleaved float
// frames block by block, so memory never grows with the length of the file.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

typedef struct sf_private_tag SNDFILE;

namespace timbrescope::audio {

// What the file says about itself.
struct AudioFileInfo {
    std::string path;
    std::string format;    // container, e.g. "WAV (Microsoft)", "FLAC (Free Lossless Audio Codec)"
    std::string encoding;  // sample encoding, e.g. "Signed 16 bit PCM", "32 bit float"
    int channels = 0;
    int sampleRate = 0;
    // Frames the header declares; -1 where the format does not say (e.g. some OGG streams).
    std::int64_t declaredFrames = -1;
    std::string decoder = "libsndfile";  // which library reads it
};

class FfmpegDecoder;

class AudioFileReader {
public:
    // Throws AudioError naming the file: missing, unreadable, not audio, corrupt header, no frames.
    explicit AudioFileReader(const std::string& path);
    ~AudioFileReader();
    AudioFileReader(const AudioFileReader&) = delete;
    AudioFileReader& operator=(const AudioFileReader&) = delete;

    const AudioFileInfo& info() const { return info_; }

    // Reads up to maxFrames interleaved frames into `interleaved` (resized to fit) and returns the
    // number of frames read; 0 at the end. Throws AudioError on a decoding error, on NaN/Inf
    // samples, and at the end if the file held fewer frames than its header declared.
    std::int64_t read(std::vector<float>& interleaved, std::int64_t maxFrames);

    // Frames delivered so far.
    std::int64_t framesRead() const { return framesRead_; }

    // Non-fatal remarks gathered while decoding (e.g. an MP3 shorter than its length estimate).
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    void checkFinite(const float* samples, std::int64_t frames) const;
    void checkComplete();

    SNDFILE* file_ = nullptr;
    std::unique_ptr<FfmpegDecoder> ffmpeg_;  // instead of file_, for what libsndfile cannot read
    AudioFileInfo info_;
    bool floatingPoint_ = false;
    bool lengthIsEstimate_ = false;
    std::int64_t framesRead_ = 0;
    std::vector<std::string> warnings_;
};

} // namespace timbrescope::audio
