#include "engine/models/kernels/CellTailKernels.h"

#include "engine/core/CpuDispatch.h"

#include <ATen/Parallel.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <cmath>

namespace timbrescope::models::kernels {
namespace {

constexpr int kLanes = 16;  // independent float accumulators: lets the compiler vectorise sums

// Σ (x - shift) and Σ (x - shift)² of one row, in float lanes (a row is ≤ a few 10⁴ samples).
TIMBRESCOPE_DISPATCH void rowSums(const float* x, std::int64_t n, float shift, double& sum, double& squares) {
    float s[kLanes] = {}, q[kLanes] = {};
    std::int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (int l = 0; l < kLanes; ++l) {
            const float v = x[i + l] - shift;
            s[l] += v;
            q[l] += v * v;
        }
    double rs = 0, rq = 0;
    for (int l = 0; l < kLanes; ++l) rs += s[l], rq += q[l];
    for (; i < n; ++i) {
        const double v = double(x[i]) - shift;
        rs += v, rq += v * v;
    }
    sum += rs, squares += rq;
}

// One window per output. As ATen's max-pool: the first maximum wins, a NaN always wins.
void poolRowScalar(const float* x, std::int64_t begin, std::int64_t pooled, std::int64_t pool, float center, float scale, float bias,
                   float slope, float* y, std::uint8_t* argmax) {
    for (std::int64_t j = begin; j < pooled; ++j) {
        float best = -INFINITY;
        int at = 0;
        for (int m = 0; m < pool; ++m) {
            float z = (x[j * pool + m] - center) * scale + bias;
            z = z > 0.0f ? z : z * slope;
            if (z > best || z != z) best = z, at = m;
        }
        y[j] = best;
        if (argmax) argmax[j] = static_cast<std::uint8_t>(at);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
constexpr int kMaxVectorPool = 8;

// 16 windows at a time. Their 16·pool samples are loaded contiguously, normalised and rectified,
// then de-interleaved with two-source permutes so that vector m holds sample m of each window
// (gathers are far slower here); the maximum and its offset are kept under masks, no branches.
__attribute__((target("avx512f"))) void poolRowAvx512(const float* x, std::int64_t pooled, std::int64_t pool, float center,
                                                      float scale, float bias, float slope, float* y, std::uint8_t* argmax) {
    const int p = static_cast<int>(pool);
    // select[m][s]: permute that merges register s+1 into the lanes gathered so far for offset m.
    alignas(64) std::int32_t select[kMaxVectorPool][kMaxVectorPool][16];
    for (int m = 0; m < p; ++m)
        for (int step = 0; step + 1 < p; ++step)
            for (int k = 0; k < 16; ++k) {
                const int e = p * k + m;  // element index within the 16·pool block
                if (step == 0) select[m][step][k] = e < 32 ? e : 0;
                else select[m][step][k] = (e >= 16 * (step + 1) && e < 16 * (step + 2)) ? 16 + e - 16 * (step + 1) : k;
            }
    const __m512 c = _mm512_set1_ps(center), a = _mm512_set1_ps(scale), b = _mm512_set1_ps(bias), k = _mm512_set1_ps(slope);
    const __m512 zero = _mm512_setzero_ps();
    std::int64_t j = 0;
    for (; j + 16 <= pooled; j += 16) {
        __m512 z[kMaxVectorPool];
        for (int r = 0; r < p; ++r) {
            __m512 v = _mm512_fmadd_ps(_mm512_sub_ps(_mm512_loadu_ps(x + j * pool + 16 * r), c), a, b);
            z[r] = _mm512_mask_mul_ps(v, _mm512_cmp_ps_mask(v, zero, _CMP_LE_OQ), v, k);
        }
        __m512 best = _mm512_set1_ps(-INFINITY);
        __m512i at = _mm512_setzero_si512();
        for (int m = 0; m < p; ++m) {
            __m512 v = _mm512_permutex2var_ps(z[0], _mm512_load_si512(select[m][0]), z[1]);
            for (int step = 1; step + 1 < p; ++step) v = _mm512_permutex2var_ps(v, _mm512_load_si512(select[m][step]), z[step + 1]);
            const __mmask16 take = _mm512_cmp_ps_mask(v, best, _CMP_GT_OQ) | _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
            best = _mm512_mask_mov_ps(best, take, v);
            at = _mm512_mask_mov_epi32(at, take, _mm512_set1_epi32(m));
        }
        _mm512_storeu_ps(y + j, best);
        if (argmax) _mm512_mask_cvtepi32_storeu_epi8(argmax + j, __mmask16(0xFFFF), at);
    }
    poolRowScalar(x, j, pooled, pool, center, scale, bias, slope, y, argmax);
}
#endif

void poolRow(const float* x, std::int64_t pooled, std::int64_t pool, float center, float scale, float bias, float slope, float* y,
             std::uint8_t* argmax) {
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool avx512 = __builtin_cpu_supports("avx512f");
    if (avx512 && pool >= 2 && pool <= kMaxVectorPool) return poolRowAvx512(x, pooled, pool, center, scale, bias, slope, y, argmax);
#endif
    poolRowScalar(x, 0, pooled, pool, center, scale, bias, slope, y, argmax);
}

TIMBRESCOPE_DISPATCH void affineRow(const float* x, std::int64_t n, float center, float alpha, float beta, float* dx) {
    for (std::int64_t i = 0; i < n; ++i) dx[i] = alpha + beta * (x[i] - center);
}

inline float zOf(float x, const ChannelAffine& a, std::int64_t c) { return (x - a.center[c]) * a.scale[c] + a.bias[c]; }
inline float leakySlopeAt(float z, float slope) { return z > 0.0f ? 1.0f : slope; }

} // namespace

void channelMoments(const float* x, const TailShape& s, double* mean, double* variance) {
    at::parallel_for(0, s.channels, 1, [&](std::int64_t c0, std::int64_t c1) {
        for (std::int64_t c = c0; c < c1; ++c) {
            // Shifting by the channel's first sample keeps E[v²] - E[v]² from cancelling.
            const float shift = x[c * s.length];
            double sum = 0, squares = 0;
            for (std::int64_t b = 0; b < s.batch; ++b) rowSums(x + (b * s.channels + c) * s.length, s.length, shift, sum, squares);
            const double n = double(s.batch * s.length), m = sum / n;
            mean[c] = shift + m;
            variance[c] = std::max(0.0, squares / n - m * m);
        }
    });
}

void tailForward(const float* x, const TailShape& s, const ChannelAffine& affine, float slope, float* y,
                 std::uint8_t* argmax) {
    const std::int64_t pooled = s.pooled();
    at::parallel_for(0, s.batch * s.channels, 1, [&](std::int64_t r0, std::int64_t r1) {
        for (std::int64_t r = r0; r < r1; ++r) {
            const std::int64_t c = r % s.channels;
            poolRow(x + r * s.length, pooled, s.pool, affine.center[c], affine.scale[c], affine.bias[c], slope, y + r * pooled, argmax ? argmax + r * pooled : nullptr);
        }
    });
}

void tailGradientSums(const float* x, const TailShape& s, const ChannelAffine& affine, float slope,
                      const float* dy, const std::uint8_t* argmax, double* sumDz, double* sumDzX) {
    const std::int64_t pooled = s.pooled();
    at::parallel_for(0, s.channels, 1, [&](std::int64_t c0, std::int64_t c1) {
        for (std::int64_t c = c0; c < c1; ++c) {
            double sd = 0, sdx = 0;
            for (std::int64_t b = 0; b < s.batch; ++b) {
                const std::int64_t r = b * s.channels + c;
                const float* xr = x + r * s.length;
                for (std::int64_t j = 0; j < pooled; ++j) {
                    const float v = xr[j * s.pool + argmax[r * pooled + j]];
                    const float dz = dy[r * pooled + j] * leakySlopeAt(zOf(v, affine, c), slope);
                    sd += dz, sdx += double(dz) * (v - affine.center[c]);
                }
            }
            sumDz[c] = sd, sumDzX[c] = sdx;
        }
    });
}

void tailInputGradient(const float* x, const TailShape& s, const ChannelAffine& affine, float slope,
                       const float* dy, const std::uint8_t* argmax, const float* alpha,
                       const float* beta, float* dx) {
    const std::int64_t pooled = s.pooled();
    at::parallel_for(0, s.batch * s.channels, 1, [&](std::int64_t r0, std::int64_t r1) {
        for (std::int64_t r = r0; r < r1; ++r) {
            const std::int64_t c = r % s.channels;
            const float* xr = x + r * s.length;
            float* dxr = dx + r * s.length;
            affineRow(xr, s.length, affine.center[c], alpha[c], beta[c], dxr);
            for (std::int64_t j = 0; j < pooled; ++j) {
                const std::int64_t i = j * s.pool + argmax[r * pooled + j];
                dxr[i] += affine.scale[c] * dy[r * pooled + j] * leakySlopeAt(zOf(xr[i], affine, c), slope);
            }
        }
    });
}

} // namespace timbrescope::models::kernels
