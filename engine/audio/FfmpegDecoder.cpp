#include "engine/audio/FfmpegDecoder.h"

#include "engine/audio/AudioError.h"

#ifdef TIMBRESCOPE_HAVE_FFMPEG
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}
#endif

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace timbrescope::audio {

#ifdef TIMBRESCOPE_HAVE_FFMPEG
namespace {

using Kind = AudioError::Kind;

std::string averror(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

// The containers FFmpeg reads for us. Its probe also "recognises" text files, images and raw
// streams; those stay libsndfile's "not a recognised audio format".
bool containerWeUse(const char* name) {
    static const char* const known[] = {"mov", "mp4", "m4a", "matroska", "webm", "asf", "aac", "avi", "mpegts", "flv"};
    const std::string names = name ? name : "";
    for (const char* k : known)
        for (std::size_t at = 0; (at = names.find(k, at)) != std::string::npos; at += std::strlen(k)) {
            const bool startOk = at == 0 || names[at - 1] == ',';
            const std::size_t end = at + std::strlen(k);
            if (startOk && (end == names.size() || names[end] == ',')) return true;
        }
    return false;
}

} // namespace

bool FfmpegDecoder::available() { return true; }

std::unique_ptr<FfmpegDecoder> FfmpegDecoder::open(const std::string& path) {
    av_log_set_level(AV_LOG_QUIET);  // errors come back as one line each, not FFmpeg's log
    std::unique_ptr<FfmpegDecoder> d(new FfmpegDecoder);
    if (const int e = avformat_open_input(&d->format_, path.c_str(), nullptr, nullptr); e < 0) {
        // An MP4/M4A begins with an "ftyp" box: one FFmpeg cannot open is damaged, typically
        // cut off before the index that ordinary encoders write at the end.
        std::FILE* f = std::fopen(path.c_str(), "rb");
        char head[8] = {};
        const std::size_t got = f ? std::fread(head, 1, sizeof head, f) : 0;
        if (f) std::fclose(f);
        if (got == 8 && std::memcmp(head + 4, "ftyp", 4) == 0)
            throw AudioError(Kind::CorruptHeader, path, "corrupt or truncated MP4/M4A container (" + averror(e) + "; cut off before its index?)");
        return nullptr;
    }
    if (!containerWeUse(d->format_->iformat->name)) return nullptr;
    if (const int e = avformat_find_stream_info(d->format_, nullptr); e < 0)
        throw AudioError(Kind::CorruptHeader, path, "corrupt or truncated container: " + averror(e));
    const AVCodec* decoder = nullptr;
    d->stream_ = av_find_best_stream(d->format_, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (d->stream_ == AVERROR_STREAM_NOT_FOUND) {
        const bool video = av_find_best_stream(d->format_, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0) >= 0;
        throw AudioError(Kind::NotAudio, path, video ? "a video without sound: it has no audio stream" : "has no audio stream");
    }
    if (d->stream_ < 0 || !decoder) throw AudioError(Kind::Unsupported, path, "no decoder for its audio stream in this FFmpeg");
    const AVStream* stream = d->format_->streams[d->stream_];
    d->codec_ = avcodec_alloc_context3(decoder);
    if (!d->codec_ || avcodec_parameters_to_context(d->codec_, stream->codecpar) < 0 || avcodec_open2(d->codec_, decoder, nullptr) < 0)
        throw AudioError(Kind::Unsupported, path, std::string("cannot open its ") + decoder->long_name + " decoder");
    if (d->codec_->sample_rate <= 0 || d->codec_->ch_layout.nb_channels <= 0)
        throw AudioError(Kind::CorruptHeader, path, "corrupt header: no sample rate or channels in its audio stream");
    // Interleaved float at the stream's own rate and channels: the reader's callers mix and
    // resample as for any other file.
    if (swr_alloc_set_opts2(&d->resampler_, &d->codec_->ch_layout, AV_SAMPLE_FMT_FLT, d->codec_->sample_rate, &d->codec_->ch_layout,
                            d->codec_->sample_fmt, d->codec_->sample_rate, 0, nullptr) < 0 ||
        swr_init(d->resampler_) < 0)
        throw AudioError(Kind::Unsupported, path, "cannot convert its samples to float");
    d->packet_ = av_packet_alloc();
    d->frame_ = av_frame_alloc();
    d->info_.path = path;
    d->info_.format = d->format_->iformat->long_name ? d->format_->iformat->long_name : d->format_->iformat->name;
    d->info_.encoding = decoder->long_name ? decoder->long_name : decoder->name;
    d->info_.channels = d->codec_->ch_layout.nb_channels;
    d->info_.sampleRate = d->codec_->sample_rate;
    d->info_.declaredFrames = -1;  // containers give durations, not exact frame counts (encoder delay)
    if (d->format_->duration > 0) d->declaredSeconds_ = double(d->format_->duration) / AV_TIME_BASE;
    d->info_.decoder = std::string("FFmpeg (libavformat ") + AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR) "." +
                       AV_STRINGIFY(LIBAVFORMAT_VERSION_MINOR) ")";
    return d;
}

FfmpegDecoder::~FfmpegDecoder() {
    av_frame_free(&frame_);
    av_packet_free(&packet_);
    swr_free(&resampler_);
    avcodec_free_context(&codec_);
    avformat_close_input(&format_);
}

bool FfmpegDecoder::decodeMore() {
    while (!finished_) {
        const int got = avcodec_receive_frame(codec_, frame_);
        if (got == 0) {
            const int channels = info_.channels;
            const std::size_t old = pending_.size();
            const int room = swr_get_out_samples(resampler_, frame_->nb_samples);
            pending_.resize(old + std::size_t(std::max(room, 0)) * std::size_t(channels));
            auto* out = reinterpret_cast<uint8_t*>(pending_.data() + old);
            const int converted = swr_convert(resampler_, &out, room, const_cast<const uint8_t**>(frame_->extended_data), frame_->nb_samples);
            av_frame_unref(frame_);
            if (converted < 0) throw AudioError(AudioError::Kind::Corrupt, info_.path, "cannot convert decoded samples: " + averror(converted));
            pending_.resize(old + std::size_t(converted) * std::size_t(channels));
            return true;
        }
        if (got == AVERROR_EOF) {
            finished_ = true;
            return false;
        }
        if (got != AVERROR(EAGAIN)) throw AudioError(AudioError::Kind::Corrupt, info_.path, "corrupt audio data: " + averror(got));
        if (draining_) {
            finished_ = true;
            return false;
        }
        // The decoder wants more: the next packet of our stream, or the end (a truncated file
        // ends where its data does).
        const int read = av_read_frame(format_, packet_);
        if (read < 0) {
            draining_ = true;
            avcodec_send_packet(codec_, nullptr);
            continue;
        }
        if (packet_->stream_index == stream_) {
            const int sent = avcodec_send_packet(codec_, packet_);
            if (sent < 0 && sent != AVERROR(EAGAIN) && sent != AVERROR_INVALIDDATA)
                throw AudioError(AudioError::Kind::Corrupt, info_.path, "corrupt audio data: " + averror(sent));
        }
        av_packet_unref(packet_);
    }
    return false;
}

std::int64_t FfmpegDecoder::read(std::vector<float>& interleaved, std::int64_t maxFrames) {
    const auto channels = std::size_t(info_.channels);
    while ((pending_.size() - pendingFrom_) / channels < std::size_t(maxFrames) && decodeMore()) {
    }
    const std::size_t frames = std::min(std::size_t(maxFrames), (pending_.size() - pendingFrom_) / channels);
    interleaved.assign(pending_.begin() + std::ptrdiff_t(pendingFrom_), pending_.begin() + std::ptrdiff_t(pendingFrom_ + frames * channels));
    pendingFrom_ += frames * channels;
    if (pendingFrom_ > (1u << 20)) {  // keep what is still to hand out, drop the rest
        pending_.erase(pending_.begin(), pending_.begin() + std::ptrdiff_t(pendingFrom_));
        pendingFrom_ = 0;
    }
    return std::int64_t(frames);
}

#else

bool FfmpegDecoder::available() { return false; }
std::unique_ptr<FfmpegDecoder> FfmpegDecoder::open(const std::string&) { return nullptr; }
FfmpegDecoder::~FfmpegDecoder() = default;
bool FfmpegDecoder::decodeMore() { return false; }
std::int64_t FfmpegDecoder::read(std::vector<float>&, std::int64_t) { return 0; }

#endif

} // namespace timbrescope::audio
