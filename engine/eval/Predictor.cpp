#include "engine/eval/Predictor.h"

#include "engine/models/Inference.h"

#include <torch/torch.h>

#include <cmath>
#include <cstring>

namespace timbrescope::eval {

Probabilities segmentLogits(models::ModelBase& model, const std::vector<const float*>& rows, int length, c10::Device device, int batch) {
    torch::NoGradGuard noGrad;
    const bool wasTraining = model.is_training();
    model.eval();
    Probabilities logits;
    logits.reserve(rows.size());
    for (std::size_t start = 0; start < rows.size(); start += std::size_t(batch)) {
        const std::size_t count = std::min(rows.size() - start, std::size_t(batch));
        at::Tensor input = torch::empty({std::int64_t(count), 1, length}, torch::kFloat32);
        for (std::size_t r = 0; r < count; ++r)
            std::memcpy(input.data_ptr<float>() + r * std::size_t(length), rows[start + r], sizeof(float) * std::size_t(length));
        const at::Tensor out = models::inferLogits(model, input.to(device)).to(torch::kCPU).contiguous();
        const float* values = out.data_ptr<float>();
        for (std::size_t r = 0; r < count; ++r) {
            ClassVector v;
            std::memcpy(v.data(), values + r * data::kClassCount, sizeof(v));
            logits.push_back(v);
        }
    }
    model.train(wasTraining);
    return logits;
}

ClassVector sigmoid(const ClassVector& logits) {
    ClassVector p;
    for (std::size_t c = 0; c < p.size(); ++c) p[c] = 1.0f / (1.0f + std::exp(-logits[c]));
    return p;
}

double bceWithLogits(const ClassVector& logits, data::LabelSet labels) {
    double total = 0.0;
    for (int c = 0; c < data::kClassCount; ++c) {
        const double x = logits[std::size_t(c)], y = data::hasLabel(labels, c) ? 1.0 : 0.0;
        total += std::max(x, 0.0) - x * y + std::log1p(std::exp(-std::fabs(x)));
    }
    return total / data::kClassCount;
}

ClassVector mean(const std::vector<ClassVector>& values) {
    ClassVector m{};
    if (values.empty()) return m;
    for (const ClassVector& v : values)
        for (std::size_t c = 0; c < m.size(); ++c) m[c] += v[c];
    for (float& x : m) x /= float(values.size());
    return m;
}

} // namespace timbrescope::eval
