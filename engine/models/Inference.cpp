#include "engine/models/Inference.h"

#include "engine/models/kernels/FastKernels.h"

#include <torch/torch.h>

#include <optional>

namespace timbrescope::models {

at::Tensor inferLogits(ModelBase& model, const at::Tensor& input) {
    torch::NoGradGuard noGrad;
    const std::int64_t batch = input.size(0), chunk = model.cpuInferenceChunk();
    const bool fastCpu = input.device().is_cpu() && kernels::fastKernelsEnabled() && !model.is_training();
    std::optional<kernels::Bf16Activations> bf16;
    if (fastCpu && model.bf16Inference() && kernels::bf16InferenceEnabled() && kernels::cpuHasBf16()) bf16.emplace();
    if (!fastCpu || chunk <= 0 || batch <= chunk) return model.forward(input);
    std::vector<at::Tensor> parts;
    for (std::int64_t start = 0; start < batch; start += chunk)
        parts.push_back(model.forward(input.narrow(0, start, std::min(chunk, batch - start))));
    return torch::cat(parts);
}

} // namespace timbrescope::models
