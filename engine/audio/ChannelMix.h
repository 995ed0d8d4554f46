#pragma once
// Down-mix to mono as the paper does: the plain average of all channels.

#include <cstdint>
#include <vector>

namespace timbrescope::audio {

// Replaces `mono` with one sample per frame of `interleaved`: the mean over its `channels`.
void mixToMono(const float* interleaved, std::int64_t frames, int channels, std::vector<float>& mono);

} // namespace timbrescope::audio
