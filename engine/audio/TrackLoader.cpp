#include "engine/audio/TrackLoader.h"

#include "engine/audio/ChannelMix.h"
#include "engine/audio/LevelMeter.h"
#include "engine/audio/Resampler.h"

#include <algorithm>

namespace timbrescope::audio {
namespace {
// Samples (all channels) decoded per block: memory per block stays the same for any channel count.
constexpr std::int64_t kBlockSamples = 1 << 18;
}

Track loadTrack(const std::string& path, const PreprocessOptions& options) {
    validate(options);
    AudioFileReader reader(path);
    Track track;
    track.source = reader.info();
    track.sampleRate = options.sampleRate;
    if (track.source.declaredFrames > 0)
        track.mono.reserve(static_cast<std::size_t>(
            resampledLength(track.source.declaredFrames, track.source.sampleRate, options.sampleRate)));

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
    return track;
}

} // namespace timbrescope::audio
