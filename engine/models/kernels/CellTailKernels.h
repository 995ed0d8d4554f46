#pragma once
// The loops behind the fused cell tail (BatchNorm → LeakyReLU → MaxPool) on raw float arrays in
// channels-last layout ([batch, length, channels]: what oneDNN's fastest convolutions read and
// write), free of autograd so they are easy to read and to test. AVX-512 where the CPU has it,
// a generic version elsewhere.

#include <cstdint>

namespace timbrescope::models::kernels {

struct TailShape {
    std::int64_t batch, channels, length, pool;
    std::int64_t pooled() const { return length / pool; }
};

// BatchNorm folded per channel: z = (x - center)·scale + bias. Subtracting the mean first keeps
// full precision for signals with a large offset, as the stock module does.
struct ChannelAffine {
    const float* center;
    const float* scale;
    const float* bias;
};

// x and dx are [batch, length, channels]; y, dy and argmax [batch, pooled, channels]. Each
// function that reads x also takes it as bf16 bits (std::uint16_t; dx then bf16 too), for bf16
// mixed-precision training: widened exactly on load, float32 arithmetic, dx rounded to nearest even.

// Per channel: mean and biased variance over batch × length.
void channelMoments(const float* x, const TailShape& shape, double* mean, double* variance);
void channelMoments(const std::uint16_t* x, const TailShape& shape, double* mean, double* variance);

// y = maxpool(leaky(z)); `argmax` receives each window's winning offset (first maximum, NaN
// wins, as ATen's max-pool does).
void tailForward(const float* x, const TailShape& shape, const ChannelAffine& affine, float slope, float* y, std::uint8_t* argmax);
void tailForward(const std::uint16_t* x, const TailShape& shape, const ChannelAffine& affine, float slope, float* y, std::uint8_t* argmax);

// The eval-mode forward on bfloat16 activations (raw bf16 bits; arithmetic in float32, the
// output rounded to nearest even): the bf16 inference path.
void tailForwardBf16(const std::uint16_t* x, const TailShape& shape, const ChannelAffine& affine, float slope, std::uint16_t* y);

// Gradients through the tail. `dz` at each window's winner = dy · leaky'(z); per channel
// sumDz = Σ dz and sumDzX = Σ dz·(x - center). Then dx = scale·dz + alpha + beta·(x - center)
// everywhere (alpha and beta per channel carry BatchNorm's batch-statistics terms; zero in eval mode).
void tailGradientSums(const float* x, const TailShape& shape, const ChannelAffine& affine, float slope, const float* dy,
                      const std::uint8_t* argmax, double* sumDz, double* sumDzX);
void tailGradientSums(const std::uint16_t* x, const TailShape& shape, const ChannelAffine& affine, float slope, const float* dy,
                      const std::uint8_t* argmax, double* sumDz, double* sumDzX);
void tailInputGradient(const float* x, const TailShape& shape, const ChannelAffine& affine, float slope, const float* dy,
                       const std::uint8_t* argmax, const float* alpha, const float* beta, float* dx);
void tailInputGradient(const std::uint16_t* x, const TailShape& shape, const ChannelAffine& affine, float slope, const float* dy,
                       const std::uint8_t* argmax, const float* alpha, const float* beta, std::uint16_t* dx);

// The AVX-512 versions run where the CPU has them; tests switch them off to check that the
// generic versions give the same results.
void setAvx512KernelsEnabled(bool enabled);

} // namespace timbrescope::models::kernels
