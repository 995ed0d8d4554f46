#include "engine/audio/AudioFileReader.h"

#include "engine/audio/AudioError.h"
#include "engine/audio/FfmpegDecoder.h"

#include <sndfile.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>

namespace timbrescope::audio {
namespace {

using Kind = AudioError::Kind;
namespace fs = std::filesystem;

std::string formatName(int format) {
    SF_FORMAT_INFO formatInfo{};
    formatInfo.format = format;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &formatInfo, sizeof formatInfo) != 0 || !formatInfo.name)
        return "unknown";
    return formatInfo.name;
}

// libsndfile opens files with an empty or unrecognised body with terse codes; check the
// things a user can fix first, so the message says what is actually wrong. Returns the first
// bytes of the file.
std::string checkFileCanBeOpened(const std::string& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) throw AudioError(Kind::NotFound, path, "no such file");
    if (fs::is_directory(status))
        throw AudioError(Kind::Unreadable, path, "is a directory, not an audio file");
    std::FILE* probe = std::fopen(path.c_str(), "rb");
    if (!probe) throw AudioError(Kind::Unreadable, path, std::string("cannot be read: ") + std::strerror(errno));
    char head[12] = {};
    const std::size_t got = std::fread(head, 1, sizeof head, probe);
    std::fclose(probe);
    if (got == 0) throw AudioError(Kind::Empty, path, "empty file (0 bytes)");
    return std::string(head, got);
}

// Whether the file starts like a container libsndfile reads: then a failure to open it is a
// damaged header, otherwise the file is simply not audio. (libsndfile's own error codes do not
// tell the two apart: it guesses from the extension, e.g. any *.mp3 goes to the MPEG decoder.)
bool hasAudioSignature(const std::string& head) {
    static const char* const magics[] = {"RIFF", "RIFX", "RF64", "FORM", "fLaC", "OggS", "ID3", ".snd", "caff", "riff"};
    for (const char* magic : magics)
        if (head.compare(0, std::strlen(magic), magic) == 0) return true;
    // A bare MPEG audio frame: 11 sync bits.
    return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0xFF &&
           (static_cast<unsigned char>(head[1]) & 0xE0) == 0xE0;
}

AudioError openError(const std::string& path, const std::string& head) {
    const int code = sf_error(nullptr);
    const std::string detail = sf_strerror(nullptr);
    if (code == SF_ERR_SYSTEM) return AudioError(Kind::Unreadable, path, "cannot be read: " + detail);
    if (code == SF_ERR_UNSUPPORTED_ENCODING)
        return AudioError(Kind::Unsupported, path, "unsupported audio encoding: " + detail);
    if (!hasAudioSignature(head)) return AudioError(Kind::NotAudio, path, "not a recognised audio format");
    return AudioError(Kind::CorruptHeader, path, "corrupt or truncated header: " + detail);
}

// libsndfile clamps a WAV/AIFF data chunk that runs past the end of the file and only notes it
// in its log as "data : <declared> (should be <present>)". A partial download looks exactly so.
void checkDataChunkComplete(SNDFILE* file, const std::string& path) {
    char log[8192] = {};
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof log);
    static const std::regex shortData(R"(data\s*:\s*(\d{1,18})\s*\(should be (\d{1,18})\))");
    std::cmatch match;
    if (std::regex_search(log, match, shortData)) {
        const long long declared = std::stoll(match[1]), present = std::stoll(match[2]);
        if (present < declared)
            throw AudioError(Kind::Truncated, path,
                             "truncated: the header declares " + std::to_string(declared) +
                                 " bytes of audio data but the file holds " + std::to_string(present));
    }
}

} // namespace

AudioFileReader::AudioFileReader(const std::string& path) {
    const std::string head = checkFileCanBeOpened(path);
    SF_INFO sfInfo{};
    file_ = sf_open(path.c_str(), SFM_READ, &sfInfo);
    if (!file_) {
        const AudioError refused = openError(path, head);
        // libsndfile first; FFmpeg for the containers it does not read (M4A, WebM, video...).
        if (refused.kind() == Kind::NotAudio || refused.kind() == Kind::CorruptHeader) ffmpeg_ = FfmpegDecoder::open(path);
        if (!ffmpeg_) throw refused;
        info_ = ffmpeg_->info();
        return;
    }
    try {
        checkDataChunkComplete(file_, path);
        if (sfInfo.channels <= 0 || sfInfo.samplerate <= 0)
            throw AudioError(Kind::CorruptHeader, path,
                             "corrupt header: " + std::to_string(sfInfo.channels) + " channels at " +
                                 std::to_string(sfInfo.samplerate) + " Hz");
        if (sfInfo.frames == 0) throw AudioError(Kind::Empty, path, "zero-length audio: the file holds no samples");
    } catch (...) {
        sf_close(file_);
        throw;
    }

    const int major = sfInfo.format & SF_FORMAT_TYPEMASK;
    const int subtype = sfInfo.format & SF_FORMAT_SUBMASK;
    info_.path = path;
    info_.format = formatName(major);
    info_.encoding = formatName(subtype);
    info_.channels = sfInfo.channels;
    info_.sampleRate = sfInfo.samplerate;
    info_.declaredFrames = sfInfo.frames == SF_COUNT_MAX ? -1 : sfInfo.frames;
    floatingPoint_ = subtype == SF_FORMAT_FLOAT || subtype == SF_FORMAT_DOUBLE;
    // MP3 lengths come from a Xing header or a bitrate estimate, not from an exact count.
    lengthIsEstimate_ = major == SF_FORMAT_MPEG;
    // Integer data maps to [-1, 1); float data is passed through unscaled so NaN/Inf stay visible.
    sf_command(file_, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
}

AudioFileReader::~AudioFileReader() {
    if (file_) sf_close(file_);
}

std::int64_t AudioFileReader::read(std::vector<float>& interleaved, std::int64_t maxFrames) {
    if (ffmpeg_) {
        const std::int64_t got = ffmpeg_->read(interleaved, maxFrames);
        checkFinite(interleaved.data(), got);
        framesRead_ += got;
        if (got == 0) checkComplete();
        return got;
    }
    interleaved.resize(static_cast<std::size_t>(maxFrames) * info_.channels);
    const sf_count_t got = sf_readf_float(file_, interleaved.data(), maxFrames);
    if (sf_error(file_) != SF_ERR_NO_ERROR)
        throw AudioError(Kind::Corrupt, info_.path,
                         "corrupt audio data after frame " + std::to_string(framesRead_ + got) + ": " +
                             sf_strerror(file_));
    interleaved.resize(static_cast<std::size_t>(got) * info_.channels);
    if (floatingPoint_) checkFinite(interleaved.data(), got);
    framesRead_ += got;
    if (got == 0) checkComplete();
    return got;
}

void AudioFileReader::checkFinite(const float* samples, std::int64_t frames) const {
    const std::int64_t count = frames * info_.channels;
    for (std::int64_t i = 0; i < count; ++i) {
        if (!std::isfinite(samples[i]))
            throw AudioError(Kind::NonFinite, info_.path,
                             std::string("contains ") + (std::isnan(samples[i]) ? "NaN" : "Inf") +
                                 " samples (first at frame " + std::to_string(framesRead_ + i / info_.channels) +
                                 ")");
    }
}

void AudioFileReader::checkComplete() {
    if (framesRead_ == 0)
        throw AudioError(Kind::Empty, info_.path, "no audio frames could be decoded (empty, truncated or corrupt stream)");
    if (ffmpeg_) {
        // Containers declare a duration, off by encoder delay and padding: only a real
        // shortfall (a cut-off download) is worth a remark.
        const double decoded = double(framesRead_) / info_.sampleRate, declared = ffmpeg_->declaredSeconds();
        if (declared > 0.0 && decoded < declared - 0.25) {
            char text[160];
            std::snprintf(text, sizeof text, "its audio ends at %.2f s of the %.2f s its container declares (cut off?)", decoded, declared);
            warnings_.push_back(text);
        }
        return;
    }
    if (info_.declaredFrames < 0 || framesRead_ >= info_.declaredFrames) return;
    const std::string shortfall = "decoded " + std::to_string(framesRead_) + " of the " +
                                  std::to_string(info_.declaredFrames) + " frames the header declares";
    // An MP3's length is an estimate that encoder delay and padding (up to a few 1152-frame MPEG
    // frames) throw off in every ordinary file: only a larger shortfall is worth a remark.
    constexpr std::int64_t kOrdinaryMp3Padding = 4 * 1152;
    if (lengthIsEstimate_) {
        if (info_.declaredFrames - framesRead_ > kOrdinaryMp3Padding) warnings_.push_back("shorter than its length estimate: " + shortfall);
    }
    else
        throw AudioError(Kind::Truncated, info_.path, "truncated: " + shortfall);
}

} // namespace timbrescope::audio
