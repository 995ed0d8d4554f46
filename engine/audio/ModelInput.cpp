#include "engine/audio/ModelInput.h"

#include <torch/torch.h>

namespace timbrescope::audio {

at::Tensor toModelInput(const Segments& segments) {
    const auto count = static_cast<std::int64_t>(segments.count());
    torch::Tensor input = torch::empty({count, 1, segments.length}, torch::kFloat32);
    std::copy(segments.samples.begin(), segments.samples.end(), input.data_ptr<float>());
    return input;
}

} // namespace timbrescope::audio
