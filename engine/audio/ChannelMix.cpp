#include "engine/audio/ChannelMix.h"

namespace timbrescope::audio {

void mixToMono(const float* interleaved, std::int64_t frames, int channels, std::vector<float>& mono) {
    mono.resize(static_cast<std::size_t>(frames));
    if (channels == 1) {
        mono.assign(interleaved, interleaved + frames);
        return;
    }
    const float scale = 1.0f / static_cast<float>(channels);
    for (std::int64_t f = 0; f < frames; ++f) {
        const float* frame = interleaved + f * channels;
        float sum = 0.0f;
        for (int c = 0; c < channels; ++c) sum += frame[c];
        mono[static_cast<std::size_t>(f)] = sum * scale;
    }
}

} // namespace timbrescope::audio
