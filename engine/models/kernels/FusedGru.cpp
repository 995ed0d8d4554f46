#include "engine/models/kernels/FusedGru.h"

#include "engine/models/kernels/Bf16.h"
#include "engine/models/kernels/FastKernels.h"
#include "engine/models/kernels/GruKernels.h"
#include "engine/models/kernels/SmallGemm.h"

#include <torch/torch.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace timbrescope::models::kernels {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Time steps whose input projections (and, in backward, hidden projections and weight
// gradients) are computed by one matrix product: large enough for an efficient product, small
// enough that the block's buffers stay in cache.
constexpr std::int64_t kBlockSteps = 32;

struct LayerShape {
    std::int64_t steps, batch, features, units;
    std::int64_t gates() const { return 3 * units; }
    std::int64_t width() const { return 2 * units; }  // a row of the output: both directions
    std::int64_t blocks() const { return (steps + kBlockSteps - 1) / kBlockSteps; }
};

struct Direction {
    const float *inputWeight, *hiddenWeight, *inputBias, *hiddenBias;  // W_ih [3H, F], W_hh [3H, H], b_ih, b_hh
    const std::uint16_t* hiddenWeightBf16;  // W_hh rounded to bf16 on a bf16 step, else nullptr
    bool reverse;
    bool bf16() const { return hiddenWeightBf16 != nullptr; }
    std::int64_t column;  // where its units sit in an output row: 0 or H

    // The step whose state feeds step t, or -1 for the first step of this direction.
    std::int64_t previous(std::int64_t t, std::int64_t steps) const {
        return reverse ? (t + 1 < steps ? t + 1 : -1) : t - 1;
    }
};

// Absolute time steps [first, first + count); every direction uses the same blocks, so the two
// directions' input gradients meet block by block.
struct Block {
    std::int64_t first, count;
    Block(const LayerShape& s, std::int64_t k) : first(k * kBlockSteps), count(std::min(kBlockSteps, s.steps - first)) {}
    // Steps in the order the recurrence visits them: j = 0 … count − 1.
    std::int64_t step(std::int64_t j, bool reverse) const { return reverse ? first + count - 1 - j : first + j; }
};

// proj[count·batch, 3H] = x_block · W_ihᵀ + b_ih.
void projectInputs(const LayerShape& s, const Direction& d, const float* x, const Block& b, float* proj) {
    const std::int64_t rows = b.count * s.batch, gates = s.gates();
    for (std::int64_t r = 0; r < rows; ++r) std::copy(d.inputBias, d.inputBias + gates, proj + r * gates);
    sgemm(false, true, rows, gates, s.features, 1.0f, x + b.first * s.batch * s.features, s.features, d.inputWeight,
          s.features, 1.0f, proj, gates);
}

// The bf16 copies of a product's operands, kept where a later product reuses them.
struct Bf16Operands {
    std::vector<std::uint16_t> a, b;
};

// C = op(A) · op(B) + beta · C on float32 operands (rows `lda`, `ldb` apart). On a bf16 step they
// are rounded to bf16 (into `rounded`) and multiplied with float32 accumulation, as a bf16
// convolution's are: at the GRU's shapes oneDNN's bf16 GEMM runs the per-step products and the
// backward pass's weight and input gradients 3-4x faster than sgemm. An operand given already
// rounded (roundedA, roundedB: stored densely) is not rounded again.
void product(bool bf16, bool transposeA, bool transposeB, std::int64_t m, std::int64_t n, std::int64_t k, const float* a,
             std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc, Bf16Operands& rounded,
             const std::uint16_t* roundedA = nullptr, const std::uint16_t* roundedB = nullptr) {
    if (!bf16) {
        sgemm(transposeA, transposeB, m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    const std::int64_t aRows = transposeA ? k : m, aCols = transposeA ? m : k;
    const std::int64_t bRows = transposeB ? n : k, bCols = transposeB ? k : n;
    if (!roundedA) {
        rounded.a.resize(std::size_t(aRows * aCols));
        roundRowsToBf16(a, aRows, aCols, lda, rounded.a.data());
        roundedA = rounded.a.data();
    }
    if (!roundedB) {
        rounded.b.resize(std::size_t(bRows * bCols));
        roundRowsToBf16(b, bRows, bCols, ldb, rounded.b.data());
        roundedB = rounded.b.data();
    }
    gemmBf16(transposeA, transposeB, m, n, k, 1.0f, roundedA, aCols, roundedB, bCols, beta, c, ldc);
}

// hidden[rows, 3H] = h_prev rows (a row every `width` floats) · W_hhᵀ; on a bf16 step the rows'
// bf16 copy is left in rounded.a.
void projectHidden(const LayerShape& s, const Direction& d, const float* previous, std::int64_t rows, float* hidden,
                   Bf16Operands& rounded) {
    product(d.bf16(), false, true, rows, s.gates(), s.units, previous, s.width(), d.hiddenWeight, s.units, 0.0f, hidden, s.gates(),
            rounded, nullptr, d.hiddenWeightBf16);
}

// carry[batch, H] += dHidden[batch, 3H] · W_hh: h_prev's gradient through the recurrent product.
void addRecurrentGradient(const LayerShape& s, const Direction& d, const float* dHidden, float* carry, Bf16Operands& rounded) {
    product(d.bf16(), false, false, s.batch, s.units, s.gates(), dHidden, s.gates(), d.hiddenWeight, s.units, 1.0f, carry, s.units,
            rounded, nullptr, d.hiddenWeightBf16);
}

void forwardDirection(const LayerShape& s, const Direction& d, const float* x, float* out) {
    const std::int64_t gates = s.gates(), width = s.width();
    std::vector<float> proj(std::size_t(kBlockSteps * s.batch * gates)), hidden(std::size_t(s.batch * gates));
    Bf16Operands rounded;
    for (std::int64_t i = 0; i < s.blocks(); ++i) {
        const Block b(s, d.reverse ? s.blocks() - 1 - i : i);
        projectInputs(s, d, x, b, proj.data());
        for (std::int64_t j = 0; j < b.count; ++j) {
            const std::int64_t t = b.step(j, d.reverse), prev = d.previous(t, s.steps);
            const float* previous = prev < 0 ? nullptr : out + prev * s.batch * width + d.column;
            if (previous) projectHidden(s, d, previous, s.batch, hidden.data(), rounded);
            const GruStep step{s.batch, s.units, proj.data() + (t - b.first) * s.batch * gates,
                               previous ? hidden.data() : nullptr, d.hiddenBias, previous, width};
            gruStepForward(step, out + t * s.batch * width + d.column);
        }
    }
}

struct DirectionGradients {
    float *inputWeight, *hiddenWeight, *inputBias, *hiddenBias;  // accumulated into (start at zero)
};

// dL/dx is shared by the directions: the first to finish a block writes it, the second adds.
struct InputGradient {
    float* data = nullptr;  // [steps, batch, features], or nullptr when not needed
    std::vector<std::mutex> locks;
    std::vector<char> written;
    explicit InputGradient(std::int64_t blocks) : locks(std::size_t(blocks)), written(std::size_t(blocks), 0) {}
};

void addColumnSums(const float* rows, std::int64_t count, std::int64_t width, float* sums) {
    for (std::int64_t r = 0; r < count; ++r)
        for (std::int64_t c = 0; c < width; ++c) sums[c] += rows[r * width + c];
}

// dOut: the gradient of the sequence output, or nullptr where it is zero; dFinal: of the final
// states ([batch, 2H]), or nullptr.
void backwardDirection(const LayerShape& s, const Direction& d, const float* x, const float* out, const float* dOut,
                       const float* dFinal, const DirectionGradients& g, InputGradient& dx) {
    const std::int64_t gates = s.gates(), width = s.width(), units = s.units, batch = s.batch;
    const std::size_t blockSize = std::size_t(kBlockSteps * batch * gates);
    std::vector<float> proj(blockSize), hidden(blockSize), dProj(blockSize), dHidden(blockSize);
    std::vector<float> carry(std::size_t(batch * units), 0.0f), dh(carry.size());
    // On a bf16 step the block's previous states and dProj are rounded once (into previous.a,
    // gradient.a) for all their products.
    Bf16Operands previous, gradient, step, rounded;
    // The final state is the first one the backward pass visits.
    if (dFinal)
        for (std::int64_t n = 0; n < batch; ++n)
            std::copy_n(dFinal + n * width + d.column, units, carry.data() + n * units);
    for (std::int64_t i = 0; i < s.blocks(); ++i) {
        const std::int64_t k = d.reverse ? i : s.blocks() - 1 - i;  // the forward order, reversed
        const Block b(s, k);
        projectInputs(s, d, x, b, proj.data());
        // The block's steps that have a previous state, [first, end), and those states' first row:
        // all already in the output, so their hidden projections are one product.
        const std::int64_t first = d.reverse ? b.first : std::max<std::int64_t>(b.first, 1);
        const std::int64_t end = d.reverse ? std::min(b.first + b.count, s.steps - 1) : b.first + b.count;
        const float* previousRows = out + (first + (d.reverse ? 1 : -1)) * batch * width + d.column;
        float* const hiddenRows = hidden.data() + (first - b.first) * batch * gates;
        if (end > first) projectHidden(s, d, previousRows, (end - first) * batch, hiddenRows, previous);  // as forward did

        for (std::int64_t j = b.count - 1; j >= 0; --j) {
            const std::int64_t t = b.step(j, d.reverse), prev = d.previous(t, s.steps);
            const std::int64_t row = (t - b.first) * batch;
            const float* state = prev < 0 ? nullptr : out + prev * batch * width + d.column;
            if (dOut)
                for (std::int64_t n = 0; n < batch; ++n)
                    for (std::int64_t u = 0; u < units; ++u)
                        dh[std::size_t(n * units + u)] = carry[std::size_t(n * units + u)] + dOut[(t * batch + n) * width + d.column + u];
            else
                dh = carry;
            const GruStep gru{batch, units, proj.data() + row * gates, state ? hidden.data() + row * gates : nullptr, d.hiddenBias,
                              state, width};
            gruStepBackward(gru, dh.data(), dProj.data() + row * gates, dHidden.data() + row * gates, carry.data());
            if (state) addRecurrentGradient(s, d, dHidden.data() + row * gates, carry.data(), step);
        }

        const std::int64_t rows = b.count * batch;
        product(d.bf16(), true, false, gates, s.features, rows, dProj.data(), gates, x + b.first * batch * s.features, s.features,
                1.0f, g.inputWeight, s.features, gradient);
        if (end > first)
            product(d.bf16(), true, false, gates, units, (end - first) * batch, dHidden.data() + (first - b.first) * batch * gates, gates,
                    previousRows, width, 1.0f, g.hiddenWeight, units, rounded, nullptr, previous.a.data());
        addColumnSums(dProj.data(), rows, gates, g.inputBias);
        addColumnSums(dHidden.data(), rows, gates, g.hiddenBias);  // b_hh is added even to a zero state
        if (dx.data) {
            const std::lock_guard<std::mutex> lock(dx.locks[std::size_t(k)]);
            char& written = dx.written[std::size_t(k)];
            product(d.bf16(), false, false, rows, s.features, gates, dProj.data(), gates, d.inputWeight, s.features,
                    written ? 1.0f : 0.0f, dx.data + b.first * batch * s.features, s.features, rounded, gradient.a.data());
            written = 1;
        }
    }
}

// Runs `work(direction)` for both directions, one per thread where there are two.
template <typename Work>
void bothDirections(Work&& work) {
    at::parallel_for(0, 2, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t direction = begin; direction < end; ++direction) work(direction);
    });
}

// hiddenBf16: both directions' W_hh in bf16 on a bf16 step, else empty.
Direction direction(const variable_list& weights, const variable_list& hiddenBf16, std::int64_t which, std::int64_t units) {
    const std::size_t o = std::size_t(4 * which);
    const auto* bf16 = hiddenBf16.empty() ? nullptr : reinterpret_cast<const std::uint16_t*>(hiddenBf16[std::size_t(which)].data_ptr());
    return {weights[o].data_ptr<float>(),     weights[o + 1].data_ptr<float>(), weights[o + 2].data_ptr<float>(),
            weights[o + 3].data_ptr<float>(), bf16, which == 1, which * units};
}

variable_list hiddenWeightsInBf16(const variable_list& weights, bool bf16) {
    if (!bf16) return {};
    return {weights[1].to(torch::kBFloat16).contiguous(), weights[5].to(torch::kBFloat16).contiguous()};
}

struct FusedBiGru : torch::autograd::Function<FusedBiGru> {
    // weights: W_ih, W_hh, b_ih, b_hh of the forward direction, then of the backward one.
    static variable_list forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& wIh, const at::Tensor& wHh,
                              const at::Tensor& bIh, const at::Tensor& bHh, const at::Tensor& wIhR, const at::Tensor& wHhR,
                              const at::Tensor& bIhR, const at::Tensor& bHhR) {
        const at::Tensor x = input.contiguous();
        const variable_list weights{wIh.contiguous(),  wHh.contiguous(),  bIh.contiguous(),  bHh.contiguous(),
                                    wIhR.contiguous(), wHhR.contiguous(), bIhR.contiguous(), bHhR.contiguous()};
        const LayerShape s{x.size(0), x.size(1), x.size(2), wHh.size(1)};
        // Decided here, on the calling thread (Bf16Activations is per thread), and kept for backward.
        const bool bf16 = Bf16Activations::active() && bf16GemmAvailable();
        ctx->saved_data["bf16"] = bf16;
        const variable_list hiddenBf16 = hiddenWeightsInBf16(weights, bf16);
        at::Tensor out = torch::empty({s.steps, s.batch, s.width()}, x.options());
        bothDirections([&](std::int64_t which) {
            forwardDirection(s, direction(weights, hiddenBf16, which, s.units), x.data_ptr<float>(), out.data_ptr<float>());
        });
        const at::Tensor final = torch::cat({out[s.steps - 1].narrow(1, 0, s.units), out[0].narrow(1, s.units, s.units)}, 1);
        variable_list saved{x, out};
        saved.insert(saved.end(), weights.begin(), weights.end());
        ctx->save_for_backward(saved);
        ctx->set_materialize_grads(false);  // an unused output's gradient stays undefined, not a zero tensor
        return {out, final};
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        const variable_list saved = ctx->get_saved_variables();
        const at::Tensor &x = saved[0], &out = saved[1];
        const variable_list weights(saved.begin() + 2, saved.end());
        const LayerShape s{x.size(0), x.size(1), x.size(2), weights[1].size(1)};
        const variable_list hiddenBf16 = hiddenWeightsInBf16(weights, ctx->saved_data["bf16"].toBool());
        const at::Tensor dOut = gradOutputs[0].defined() ? gradOutputs[0].contiguous() : at::Tensor();
        const at::Tensor dFinal = gradOutputs[1].defined() ? gradOutputs[1].contiguous() : at::Tensor();

        variable_list grads(9);
        for (std::size_t w = 0; w < weights.size(); ++w) grads[w + 1] = torch::zeros_like(weights[w]);
        InputGradient dx(s.blocks());
        if (ctx->needs_input_grad(0)) {
            grads[0] = torch::empty_like(x);
            dx.data = grads[0].data_ptr<float>();
        }
        bothDirections([&](std::int64_t which) {
            const std::size_t o = std::size_t(1 + 4 * which);
            const DirectionGradients g{grads[o].data_ptr<float>(), grads[o + 1].data_ptr<float>(), grads[o + 2].data_ptr<float>(),
                                       grads[o + 3].data_ptr<float>()};
            backwardDirection(s, direction(weights, hiddenBf16, which, s.units), x.data_ptr<float>(), out.data_ptr<float>(),
                              dOut.defined() ? dOut.data_ptr<float>() : nullptr, dFinal.defined() ? dFinal.data_ptr<float>() : nullptr,
                              g, dx);
        });
        return grads;
    }
};

bool isCpuFloat(const at::Tensor& t) { return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32; }

} // namespace

bool fusedGruApplies(const at::Tensor& input, const torch::nn::GRUImpl& layer) {
    const auto& o = layer.options;
    if (!fastKernelsEnabled() || o.num_layers() != 1 || !o.bidirectional() || !o.bias() || !isCpuFloat(input) ||
        input.dim() != 3 || input.size(0) == 0 || input.size(1) == 0)
        return false;
    const std::vector<at::Tensor> weights = layer.all_weights();
    return weights.size() == 8 && std::all_of(weights.begin(), weights.end(), isCpuFloat);
}

BiGruLayerOutput biGruLayer(const at::Tensor& input, torch::nn::GRUImpl& layer) {
    if (!fusedGruApplies(input, layer)) {
        const bool batchFirst = layer.options.batch_first();
        const auto [out, hidden] = layer.forward(batchFirst ? input.transpose(0, 1) : input);
        // hidden: [2, batch, units] = (forward direction after the last step, backward after the first).
        return {batchFirst ? out.transpose(0, 1) : out, torch::cat({hidden[0], hidden[1]}, 1)};
    }
    const std::vector<at::Tensor> w = layer.all_weights();
    const variable_list out = FusedBiGru::apply(input, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
    return {out[0], out[1]};
}

} // namespace timbrescope::models::kernels
