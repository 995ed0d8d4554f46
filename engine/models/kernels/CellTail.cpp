#include "engine/models/kernels/CellTail.h"

#include "engine/models/kernels/CellTailKernels.h"
#include "engine/models/kernels/FastKernels.h"

#include <torch/torch.h>

namespace timbrescope::models::kernels {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// [batch, channels, length] viewed on channels-last memory ([batch, length, channels]), as the
// channels-last convolutions produce it; any other layout is copied into it once.
at::Tensor asChannelsLast(const at::Tensor& x) {
    const bool already = x.stride(1) == 1 && x.stride(2) == x.size(1) && x.stride(0) == x.size(1) * x.size(2);
    return already || (x.size(1) == 1 && x.is_contiguous()) ? x : x.transpose(1, 2).contiguous().transpose(1, 2);
}

// An uninitialised channels-last [batch, channels, length] tensor.
at::Tensor emptyChannelsLast(std::int64_t batch, std::int64_t channels, std::int64_t length, const at::TensorOptions& o) {
    return torch::empty({batch, length, channels}, o).transpose(1, 2);
}

bool isBf16(const at::Tensor& t) { return t.scalar_type() == torch::kBFloat16; }

// Calls `kernel` with x's activations as the kernels take them: float32, or raw bf16 bits (bf16
// training), and a pointer of the same type into `same` (x's gradient), if given.
template <class Kernel>
void onActivations(const at::Tensor& x, Kernel&& kernel, at::Tensor* same = nullptr) {
    if (isBf16(x))
        kernel(reinterpret_cast<const std::uint16_t*>(x.data_ptr<at::BFloat16>()),
               same ? reinterpret_cast<std::uint16_t*>(same->data_ptr<at::BFloat16>()) : nullptr);
    else
        kernel(x.data_ptr<float>(), same ? same->data_ptr<float>() : nullptr);
}

// BatchNorm folded to z = (x - center)·scale + bias, with the statistics it used (float64).
struct Normalisation {
    at::Tensor mean, invstd;         // float64, per channel
    at::Tensor center, scale, bias;  // float32 for the kernels: ≈ the mean, γ·invstd, β corrected
    ChannelAffine affine() const { return {center.data_ptr<float>(), scale.data_ptr<float>(), bias.data_ptr<float>()}; }
};

Normalisation normalise(const at::Tensor& x, const at::Tensor& gamma, const at::Tensor& beta, at::Tensor& runningMean,
                        at::Tensor& runningVar, bool training, double momentum, double eps) {
    const TailShape shape{x.size(0), x.size(1), x.size(2), 1};
    at::Tensor mean, variance;
    if (training) {
        mean = torch::empty({shape.channels}, torch::kFloat64);
        variance = torch::empty({shape.channels}, torch::kFloat64);
        onActivations(x, [&](const auto* xs, auto*) { channelMoments(xs, shape, mean.data_ptr<double>(), variance.data_ptr<double>()); });
        const double n = double(shape.batch * shape.length);
        torch::NoGradGuard noGrad;
        runningMean.mul_(1.0 - momentum).add_(mean.to(runningMean.scalar_type()), momentum);
        runningVar.mul_(1.0 - momentum).add_((variance * (n / (n - 1.0))).to(runningVar.scalar_type()), momentum);
    } else {
        mean = runningMean.to(torch::kFloat64);
        variance = runningVar.to(torch::kFloat64);
    }
    const at::Tensor invstd = (variance + eps).rsqrt();
    const at::Tensor scale = gamma.detach().to(torch::kFloat64) * invstd;
    // x - center is exact in float32 near the mean; the bias absorbs center's rounding.
    const at::Tensor center = mean.to(torch::kFloat32);
    const at::Tensor bias = beta.detach().to(torch::kFloat64) - (mean - center.to(torch::kFloat64)) * scale;
    return {mean, invstd, center.contiguous(), scale.to(torch::kFloat32).contiguous(), bias.to(torch::kFloat32).contiguous()};
}

// float32 out, from float32 or (bf16 training) bf16 activations.
at::Tensor pooledOutput(const at::Tensor& x, const Normalisation& n, double slope, std::int64_t pool, at::Tensor* argmax) {
    const TailShape shape{x.size(0), x.size(1), x.size(2), pool};
    at::Tensor y = emptyChannelsLast(shape.batch, shape.channels, shape.pooled(), x.options().dtype(torch::kFloat32));
    if (argmax) *argmax = emptyChannelsLast(shape.batch, shape.channels, shape.pooled(), x.options().dtype(torch::kUInt8));
    std::uint8_t* winners = argmax ? argmax->data_ptr<std::uint8_t>() : nullptr;
    onActivations(x, [&](const auto* xs, auto*) { tailForward(xs, shape, n.affine(), float(slope), y.data_ptr<float>(), winners); });
    return y;
}

struct FusedTail : torch::autograd::Function<FusedTail> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& gamma, const at::Tensor& beta,
                              at::Tensor runningMean, at::Tensor runningVar, bool training, double momentum, double eps,
                              double slope, std::int64_t pool) {
        const Normalisation n = normalise(x, gamma, beta, runningMean, runningVar, training, momentum, eps);
        at::Tensor argmax;
        at::Tensor y = pooledOutput(x, n, slope, pool, &argmax);
        ctx->save_for_backward({x});
        ctx->saved_data["mean"] = n.mean;
        ctx->saved_data["invstd"] = n.invstd;
        ctx->saved_data["center"] = n.center;
        ctx->saved_data["scale"] = n.scale;
        ctx->saved_data["bias"] = n.bias;
        ctx->saved_data["argmax"] = argmax;
        ctx->saved_data["training"] = training;
        ctx->saved_data["slope"] = slope;
        ctx->saved_data["pool"] = pool;
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradients) {
        const at::Tensor x = ctx->get_saved_variables()[0];
        const at::Tensor mean = ctx->saved_data["mean"].toTensor(), invstd = ctx->saved_data["invstd"].toTensor();
        const at::Tensor center = ctx->saved_data["center"].toTensor(), scale = ctx->saved_data["scale"].toTensor();
        const ChannelAffine affine{center.data_ptr<float>(), scale.data_ptr<float>(), ctx->saved_data["bias"].toTensor().data_ptr<float>()};
        const at::Tensor argmax = ctx->saved_data["argmax"].toTensor();
        const bool training = ctx->saved_data["training"].toBool();
        const float slope = float(ctx->saved_data["slope"].toDouble());
        const TailShape shape{x.size(0), x.size(1), x.size(2), ctx->saved_data["pool"].toInt()};
        const at::Tensor dy = asChannelsLast(gradients[0]);

        at::Tensor sumDz = torch::empty({shape.channels}, torch::kFloat64), sumDzX = torch::empty_like(sumDz);
        onActivations(x, [&](const auto* xs, auto*) {
            tailGradientSums(xs, shape, affine, slope, dy.data_ptr<float>(), argmax.data_ptr<std::uint8_t>(), sumDz.data_ptr<double>(),
                             sumDzX.data_ptr<double>());
        });
        const at::Tensor offset = mean - center.to(torch::kFloat64);        // mean - center, ~0
        const at::Tensor sumDzXhat = invstd * (sumDzX - offset * sumDz);  // Σ dz·x̂ = the gradient of γ
        // dx = scale·dz + alpha + beta·(x - center): with batch statistics, every sample also moves
        // the mean and the variance, which adds alpha + beta·(x - center).
        at::Tensor alpha = torch::zeros({shape.channels}, torch::kFloat64), beta = torch::zeros_like(alpha);
        if (training) {
            const double n = double(shape.batch * shape.length);
            const at::Tensor s = scale.to(torch::kFloat64);
            beta = -s * sumDzXhat * invstd / n;
            alpha = -s * sumDz / n - beta * offset;
        }
        alpha = alpha.to(torch::kFloat32).contiguous();
        beta = beta.to(torch::kFloat32).contiguous();
        at::Tensor dx = emptyChannelsLast(shape.batch, shape.channels, shape.length, x.options());  // x's type: bf16 or float32
        onActivations(
            x,
            [&](const auto* xs, auto* dxs) {
                tailInputGradient(xs, shape, affine, slope, dy.data_ptr<float>(), argmax.data_ptr<std::uint8_t>(), alpha.data_ptr<float>(),
                                  beta.data_ptr<float>(), dxs);
            },
            &dx);
        return {dx, sumDzXhat.to(torch::kFloat32), sumDz.to(torch::kFloat32), {}, {}, {}, {}, {}, {}, {}};
    }
};

// The bf16 inference path: eval mode, no gradients, bf16 activations (Bf16Activations).
bool bf16Path(const at::Tensor& x, const torch::nn::BatchNorm1dImpl& norm) {
    return x.scalar_type() == torch::kBFloat16 && Bf16Activations::active() && !norm.is_training() && !torch::GradMode::is_enabled();
}

bool fusable(const at::Tensor& x, const torch::nn::BatchNorm1dImpl& norm, std::int64_t pool) {
    const auto& o = norm.options;
    // bf16 activations: the inference path's (bf16 out), or bf16 training's (float32 out).
    const bool dtype = x.scalar_type() == torch::kFloat32 || (isBf16(x) && Bf16Activations::active());
    return fastKernelsEnabled() && x.device().is_cpu() && dtype && x.dim() == 3 && pool >= 1 &&
           pool <= 255 && x.size(2) >= pool && x.size(0) * x.size(2) > 1 && o.affine() && o.track_running_stats() &&
           o.momentum().has_value() && norm.weight.scalar_type() == torch::kFloat32 && norm.weight.device().is_cpu();
}

} // namespace

at::Tensor stockCellTail(const at::Tensor& x, torch::nn::BatchNorm1dImpl& norm, double slope, std::int64_t pool) {
    at::Tensor z = norm.forward(x);
    if (slope != 1.0) z = torch::leaky_relu(z, slope);
    return torch::max_pool1d(z, pool);
}

at::Tensor cellTail(const at::Tensor& x, torch::nn::BatchNorm1dImpl& norm, double slope, std::int64_t pool) {
    // bf16 mixed-precision training: the tail reads the convolution's bf16 output and computes in
    // float32 (BatchNorm statistics included), its output float32 and its input gradient bf16.
    // Where the fused tail does not apply, the stock modules take a float32 copy.
    if (!fusable(x, norm, pool))
        return stockCellTail(isBf16(x) && Bf16Activations::active() ? x.to(torch::kFloat32) : x, norm, slope, pool);
    const at::Tensor input = asChannelsLast(x);
    if (bf16Path(input, norm)) {
        const Normalisation n = normalise(input, norm.weight, norm.bias, norm.running_mean, norm.running_var, false, 0.0, norm.options.eps());
        const TailShape shape{input.size(0), input.size(1), input.size(2), pool};
        at::Tensor y = emptyChannelsLast(shape.batch, shape.channels, shape.pooled(), input.options());
        tailForwardBf16(reinterpret_cast<const std::uint16_t*>(input.data_ptr<at::BFloat16>()), shape, n.affine(), float(slope),
                        reinterpret_cast<std::uint16_t*>(y.data_ptr<at::BFloat16>()));
        return y;
    }
    const bool training = norm.is_training();
    const double momentum = *norm.options.momentum(), eps = norm.options.eps();
    if (training) {
        torch::NoGradGuard noGrad;
        norm.num_batches_tracked.add_(1);
    }
    const bool needsGradient = torch::GradMode::is_enabled() &&
                               (input.requires_grad() || norm.weight.requires_grad() || norm.bias.requires_grad());
    if (needsGradient)
        return FusedTail::apply(input, norm.weight, norm.bias, norm.running_mean, norm.running_var, training, momentum, eps, slope, pool);
    const Normalisation n = normalise(input, norm.weight, norm.bias, norm.running_mean, norm.running_var, training, momentum, eps);
    return pooledOutput(input, n, slope, pool, nullptr);
}

} // namespace timbrescope::models::kernels
