#include "engine/audio/TrackLoader.h"

#include "engine/audio/ChannelMix.h"
#include "engine/audio/LevelMeter.h"
#include "engine/audio/Resampler.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace timbrescope::audio {
namespace {
// Samples (all channels) decoded per block: memory per block stays the same for any channel count.
constexpr std::int64_t kBlockSamples = 1 << 18;
// Frames one byte of a file plausibly holds: 1 for 8-bit mono PCM, about 6 for lossy codecs at
// low bit rates. Files that beat it (FLAC of near-silence) just grow the signal as it arrives.
constexpr std::int64_t kMostFramesPerByte = 16;
}

Track loadTrack(const std::string& path, const PreprocessOptions& options) {
    validate(options);
    AudioFileReader reader(path);
    Track track;
    track.source = reader.info();
    track.sampleRate = options.sampleRate;
    // Reserve what the header declares, but never more than the file's size could hold: a damaged
    // header declaring billions of frames must not allocate gigabytes up front (found by fuzzing).
    std::error_code sizeError;
    const auto fileBytes = static_cast<std::int64_t>(std::filesystem::file_size(path, sizeError));
    const std::int64_t plausibleFrames = sizeError ? 0 : fileBytes * kMostFramesPerByte;
    const std::int64_t reserveFrames = std::min(track.source.declaredFrames, plausibleFrames);
    if (reserveFrames > 0)
        track.mono.reserve(static_cast<std::size_t>(resampledLength(reserveFrames, track.source.sampleRate, options.sampleRate)));

    Resampler resampler(track.source.sampleRate, options.sampleRate, options.converter);
    LevelMeter level;
    const std::int64_t blockFrames = std::max<std::int64_t>(1, kBlockSamples / track.source.channels);
    std::vector<float> block, monoBlock;
    for (;;) {
        const std::int64_t frames = reader.read(block, blockFrames);
        level.add(block.data(), static_cast<std::int64_t>(block.size()));
        mixToMono(block.data(), frames, track.source.channels, monoBlock);
        resampler.process(monoBlock.data(), frames, frames == 0, track.mono);
        if (frames == 0) break;
    }
    track.frames = reader.framesRead();
    track.peak = level.peak();
    track.rms = level.rms();
    track.warnings = reader.warnings();
    track.mono.shrink_to_fit();
    // Both still analyse (as evaluation does), but what comes out says nothing about instruments.
    char remark[160];
    if (track.peak == 0.0f) {
        track.warnings.emplace_back("silent (every sample is zero): its probabilities describe silence");
    } else if (track.rms < options.silenceRms) {
        std::snprintf(remark, sizeof remark, "silent (RMS %.1f dBFS, below the %.0f dBFS silence level): its probabilities describe silence",
                      LevelMeter::toDbfs(track.rms), LevelMeter::toDbfs(options.silenceRms));
        track.warnings.emplace_back(remark);
    }
    if (track.mono.size() < static_cast<std::size_t>(options.segmentLength)) {
        std::snprintf(remark, sizeof remark, "shorter than one segment (%lld frame(s), %.3f s; a segment is %.3f s): analysed as one zero-padded segment",
                      static_cast<long long>(track.frames), track.durationSeconds(), double(options.segmentLength) / options.sampleRate);
        track.warnings.emplace_back(remark);
    }
    return track;
}

} // namespace timbrescope::audio
