#include "engine/models/kernels/GruKernels.h"

#include "engine/core/CpuDispatch.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace timbrescope::models::kernels {
namespace {

// e^x to ≈ 2 ulp (Cephes' single-precision polynomial), clamped to the normal float range.
// Inline arithmetic only, so the loops below vectorise (checked with -fopt-info-vec; the file is
// built with -fno-trapping-math, without which GCC vectorises neither the clamp nor the floor).
inline float expApprox(float x) {
    x = std::min(std::max(x, -87.3f), 88.3f);
    // n = x·log2(e) rounded to nearest by the 1.5·2^23 trick, which every x86-64 vectorises
    // (std::floor needs SSE4.1).
    const float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = x - n * 0.693359375f;
    r -= n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

inline float sigmoid(float x) { return 1.0f / (1.0f + expApprox(-x)); }
inline float tanhApprox(float x) { return 2.0f / (1.0f + expApprox(-2.0f * x)) - 1.0f; }

// The first step of a direction (h_prev = 0: no hidden projection, no previous state) is a
// template case of its own, so that neither loop has a branch and both vectorise.
template <bool HasState>
inline __attribute__((always_inline)) void forwardRowOf(std::int64_t units, const float* __restrict x, const float* __restrict h,
                                                        const float* __restrict bias, const float* __restrict previous,
                                                        float* __restrict out) {
    for (std::int64_t j = 0; j < units; ++j) {
        const float hr = HasState ? h[j] : 0.0f, hz = HasState ? h[units + j] : 0.0f, hn = HasState ? h[2 * units + j] : 0.0f;
        const float r = sigmoid(x[j] + hr + bias[j]);
        const float z = sigmoid(x[units + j] + hz + bias[units + j]);
        const float n = tanhApprox(x[2 * units + j] + r * (hn + bias[2 * units + j]));
        const float p = HasState ? previous[j] : 0.0f;
        out[j] = n + z * (p - n);
    }
}

template <bool HasState>
inline __attribute__((always_inline)) void backwardRowOf(std::int64_t units, const float* __restrict x, const float* __restrict h,
                                                         const float* __restrict bias, const float* __restrict previous,
                                                         const float* __restrict dh, float* __restrict dx,
                                                         float* __restrict dhidden, float* __restrict dprevious) {
    for (std::int64_t j = 0; j < units; ++j) {
        const float hr = HasState ? h[j] : 0.0f, hz = HasState ? h[units + j] : 0.0f, hn0 = HasState ? h[2 * units + j] : 0.0f;
        const float r = sigmoid(x[j] + hr + bias[j]);
        const float z = sigmoid(x[units + j] + hz + bias[units + j]);
        const float hn = hn0 + bias[2 * units + j];
        const float n = tanhApprox(x[2 * units + j] + r * hn);
        const float p = HasState ? previous[j] : 0.0f;
        const float g = dh[j];
        const float dn = g * (1.0f - z) * (1.0f - n * n);
        const float dr = dn * hn * r * (1.0f - r);
        const float dz = g * (p - n) * z * (1.0f - z);
        dx[j] = dr;
        dx[units + j] = dz;
        dx[2 * units + j] = dn;
        dhidden[j] = dr;
        dhidden[units + j] = dz;
        dhidden[2 * units + j] = dn * r;
        dprevious[j] = g * z;
    }
}

// h and previous are both given (a step with a state) or both nullptr (the first step).
TIMBRESCOPE_DISPATCH
void forwardRow(std::int64_t units, const float* x, const float* h, const float* bias, const float* previous, float* out) {
    if (h)
        forwardRowOf<true>(units, x, h, bias, previous, out);
    else
        forwardRowOf<false>(units, x, h, bias, previous, out);
}

TIMBRESCOPE_DISPATCH
void backwardRow(std::int64_t units, const float* x, const float* h, const float* bias, const float* previous, const float* dh,
                 float* dx, float* dhidden, float* dprevious) {
    if (h)
        backwardRowOf<true>(units, x, h, bias, previous, dh, dx, dhidden, dprevious);
    else
        backwardRowOf<false>(units, x, h, bias, previous, dh, dx, dhidden, dprevious);
}

} // namespace

void gruStepForward(const GruStep& s, float* hidden) {
    const std::int64_t gates = 3 * s.units;
    for (std::int64_t b = 0; b < s.batch; ++b)
        forwardRow(s.units, s.inputProjection + b * gates, s.hiddenProjection ? s.hiddenProjection + b * gates : nullptr,
                   s.hiddenBias, s.previous ? s.previous + b * s.stride : nullptr, hidden + b * s.stride);
}

void gruStepBackward(const GruStep& s, const float* dh, float* dInput, float* dHidden, float* dPrevious) {
    const std::int64_t gates = 3 * s.units;
    for (std::int64_t b = 0; b < s.batch; ++b)
        backwardRow(s.units, s.inputProjection + b * gates, s.hiddenProjection ? s.hiddenProjection + b * gates : nullptr,
                    s.hiddenBias, s.previous ? s.previous + b * s.stride : nullptr, dh + b * s.units, dInput + b * gates,
                    dHidden + b * gates, dPrevious + b * s.units);
}

} // namespace timbrescope::models::kernels
