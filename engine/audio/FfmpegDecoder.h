#pragma once
// Streaming decoder over FFmpeg (libavformat, libavcodec, libswresample) for what libsndfile
// cannot read: M4A/AAC/ALAC, Opus and WebM, WMA, and the sound of video files (MP4, MKV, WebM,
// AVI). Hands out interleaved float frames block by block, like AudioFileReader, which uses it.

#include "engine/audio/AudioFileReader.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct AVFormatContext;
struct AVCodecContext;
struct SwrContext;
struct AVPacket;
struct AVFrame;

namespace timbrescope::audio {

class FfmpegDecoder {
public:
    // Whether this build has FFmpeg.
    static bool available();
    // nullptr when FFmpeg does not take the file for one of the containers it is used for (so
    // the caller's own error stands); throws AudioError when it does but the file cannot be
    // decoded (no audio stream, an unknown codec).
    static std::unique_ptr<FfmpegDecoder> open(const std::string& path);
    ~FfmpegDecoder();
    FfmpegDecoder(const FfmpegDecoder&) = delete;
    FfmpegDecoder& operator=(const FfmpegDecoder&) = delete;

    const AudioFileInfo& info() const { return info_; }
    // Up to maxFrames interleaved frames; 0 at the end. Throws AudioError on a decoding error.
    std::int64_t read(std::vector<float>& interleaved, std::int64_t maxFrames);
    // The duration the container declares; 0 where it does not say.
    double declaredSeconds() const { return declaredSeconds_; }

private:
    FfmpegDecoder() = default;
    bool decodeMore();  // appends converted frames to pending_; false at the end

    AVFormatContext* format_ = nullptr;
    AVCodecContext* codec_ = nullptr;
    SwrContext* resampler_ = nullptr;
    AVPacket* packet_ = nullptr;
    AVFrame* frame_ = nullptr;
    int stream_ = -1;
    bool draining_ = false, finished_ = false;
    std::vector<float> pending_;  // converted, interleaved, not yet handed out
    std::size_t pendingFrom_ = 0;  // in samples
    AudioFileInfo info_;
    double declaredSeconds_ = 0.0;
};

} // namespace timbrescope::audio
