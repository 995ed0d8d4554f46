// The fused cell tail on channels-last arrays: the innermost loop always runs over the channels
// of one time step, contiguous in memory, so it vectorises with no gathers or shuffles; windows
// and batches are spread over threads.

#include "engine/models/kernels/CellTailKernels.h"

#include "engine/core/CpuDispatch.h"
#include "engine/models/kernels/Bf16.h"

#include <ATen/Parallel.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <atomic>

#include <cmath>
#include <cstring>
#include <vector>

namespace timbrescope::models::kernels {
namespace {

constexpr std::int64_t kFlush = 256;  // time steps summed in float before moving to double

// Activations are float32, or bfloat16 as raw bits (std::uint16_t) on the bf16 paths; the
// arithmetic is float32 either way.
inline float widen(float v) { return v; }
inline float widen(std::uint16_t bits) { return fromBf16(bits); }
inline float narrow(float v, const float*) { return v; }
inline std::uint16_t narrow(float v, const std::uint16_t*) { return toBf16(v); }

// Σ (x - shift) and Σ (x - shift)² per channel over `steps` time steps of one batch item.
template <class T>
inline __attribute__((always_inline)) void sumStepsOf(const T* x, std::int64_t steps, std::int64_t channels, const float* shift,
                                                      double* sum, double* squares, float* s, float* q) {
    for (std::int64_t t0 = 0; t0 < steps; t0 += kFlush) {
        for (std::int64_t c = 0; c < channels; ++c) s[c] = q[c] = 0.0f;
        for (std::int64_t t = t0; t < std::min(steps, t0 + kFlush); ++t) {
            const T* row = x + t * channels;
            for (std::int64_t c = 0; c < channels; ++c) {
                const float v = widen(row[c]) - shift[c];
                s[c] += v;
                q[c] += v * v;
            }
        }
        for (std::int64_t c = 0; c < channels; ++c) sum[c] += s[c], squares[c] += q[c];
    }
}

TIMBRESCOPE_DISPATCH void sumSteps(const float* x, std::int64_t steps, std::int64_t channels, const float* shift, double* sum,
                                   double* squares, float* s, float* q) {
    sumStepsOf(x, steps, channels, shift, sum, squares, s, q);
}

TIMBRESCOPE_DISPATCH void sumSteps(const std::uint16_t* x, std::int64_t steps, std::int64_t channels, const float* shift, double* sum,
                                   double* squares, float* s, float* q) {
    sumStepsOf(x, steps, channels, shift, sum, squares, s, q);
}

// One batch item's windows [j0, j1): running maximum of leaky(z) over each window's time steps.
template <class T>
void poolWindowsGeneric(const T* x, std::int64_t j0, std::int64_t j1, std::int64_t pool, std::int64_t channels,
                                      const float* center, const float* scale, const float* bias, float slope, float* y,
                                      std::uint8_t* argmax) {
    for (std::int64_t j = j0; j < j1; ++j) {
        float* best = y + j * channels;
        std::uint8_t* at = argmax + j * channels;
        for (std::int64_t c = 0; c < channels; ++c) best[c] = -INFINITY, at[c] = 0;
        for (std::int64_t m = 0; m < pool; ++m) {
            const T* row = x + (j * pool + m) * channels;
            for (std::int64_t c = 0; c < channels; ++c) {
                float z = (widen(row[c]) - center[c]) * scale[c] + bias[c];
                z = z > 0.0f ? z : z * slope;
                const bool take = z > best[c] || z != z;  // first maximum wins, a NaN always wins
                best[c] = take ? z : best[c];
                at[c] = take ? static_cast<std::uint8_t>(m) : at[c];
            }
        }
    }
}

// The winner's x and dz = dy·leaky'(z) of each channel of window j.
template <class T>
void windowGradient(const T* x, std::int64_t j, std::int64_t pool, std::int64_t channels,
                                         const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax,
                                         float* winner, float* dz) {
    const std::uint8_t* at = argmax + j * channels;
    for (std::int64_t c = 0; c < channels; ++c) winner[c] = 0.0f;
    for (std::int64_t m = 0; m < pool; ++m) {
        const T* row = x + (j * pool + m) * channels;
        for (std::int64_t c = 0; c < channels; ++c) winner[c] = at[c] == m ? widen(row[c]) : winner[c];
    }
    const float* g = dy + j * channels;
    for (std::int64_t c = 0; c < channels; ++c) {
        const float z = (winner[c] - a.center[c]) * a.scale[c] + a.bias[c];
        dz[c] = g[c] * (z > 0.0f ? 1.0f : slope);
    }
}

void accumulateSums(const float* winner, const float* dz, std::int64_t channels, const float* center, float* sd,
                                         float* sdx) {
    for (std::int64_t c = 0; c < channels; ++c) {
        sd[c] += dz[c];
        sdx[c] += dz[c] * (winner[c] - center[c]);
    }
}

// dx of window j's time steps (or, with dz null, of steps outside every window).
template <class T>
void writeInputGradientGeneric(const T* x, std::int64_t firstStep, std::int64_t steps, std::int64_t channels,
                                             const ChannelAffine& a, const float* alpha, const float* beta, const float* dz,
                                             const std::uint8_t* at, T* dx) {
    for (std::int64_t m = 0; m < steps; ++m) {
        const T* row = x + (firstStep + m) * channels;
        T* out = dx + (firstStep + m) * channels;
        for (std::int64_t c = 0; c < channels; ++c) {
            const float own = dz && at[c] == m ? a.scale[c] * dz[c] : 0.0f;
            out[c] = narrow(alpha[c] + beta[c] * (widen(row[c]) - a.center[c]) + own, out);
        }
    }
}

// The window sums and input gradient of one batch item, generic version.
template <class T>
void gradientSumsGeneric(const T* x, std::int64_t pooled, std::int64_t pool, std::int64_t channels, const ChannelAffine& a,
                         float slope, const float* dy, const std::uint8_t* argmax, double* sd, double* sdx) {
    std::vector<float> winner(static_cast<std::size_t>(channels)), dz(winner.size()), fs(winner.size()), fx(winner.size());
    for (std::int64_t j0 = 0; j0 < pooled; j0 += kFlush) {
        std::fill(fs.begin(), fs.end(), 0.0f);
        std::fill(fx.begin(), fx.end(), 0.0f);
        for (std::int64_t j = j0; j < std::min(pooled, j0 + kFlush); ++j) {
            windowGradient(x, j, pool, channels, a, slope, dy, argmax, winner.data(), dz.data());
            accumulateSums(winner.data(), dz.data(), channels, a.center, fs.data(), fx.data());
        }
        for (std::int64_t c = 0; c < channels; ++c) sd[c] += fs[std::size_t(c)], sdx[c] += fx[std::size_t(c)];
    }
}

template <class T>
void inputGradientGeneric(const T* x, std::int64_t length, std::int64_t pooled, std::int64_t pool, std::int64_t channels,
                          const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax, const float* alpha,
                          const float* beta, T* dx) {
    std::vector<float> winner(static_cast<std::size_t>(channels)), dz(winner.size());
    for (std::int64_t j = 0; j < pooled; ++j) {
        windowGradient(x, j, pool, channels, a, slope, dy, argmax, winner.data(), dz.data());
        writeInputGradientGeneric(x, j * pool, pool, channels, a, alpha, beta, dz.data(), argmax + j * channels, dx);
    }
    writeInputGradientGeneric(x, pooled * pool, length - pooled * pool, channels, a, alpha, beta, nullptr, nullptr, dx);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define TIMBRESCOPE_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))

// Channels in blocks of 16 lanes; the last block masked.
TIMBRESCOPE_AVX512 inline __mmask16 laneMask(std::int64_t c, std::int64_t channels) {
    const std::int64_t left = channels - c;
    return left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
}

// 16 lanes of float32 or of bf16 (widened exactly), and back (bf16 rounded to nearest even, a
// NaN kept a NaN).
TIMBRESCOPE_AVX512 inline __m512 load16(__mmask16 lanes, const float* p) { return _mm512_maskz_loadu_ps(lanes, p); }
TIMBRESCOPE_AVX512 inline __m512 load16(__mmask16 lanes, const std::uint16_t* p) {
    const __mmask16 all = 0xFFFF;  // the zero-masked forms: GCC 12's unmasked ones warn about an undefined source
    return _mm512_castsi512_ps(_mm512_maskz_slli_epi32(all, _mm512_maskz_cvtepu16_epi32(all, _mm256_maskz_loadu_epi16(lanes, p)), 16));
}
TIMBRESCOPE_AVX512 inline void store16(float* p, __mmask16 lanes, __m512 v) { _mm512_mask_storeu_ps(p, lanes, v); }
TIMBRESCOPE_AVX512 inline void store16(std::uint16_t* p, __mmask16 lanes, __m512 v) {
    const __mmask16 all = 0xFFFF;
    const __m512i bits = _mm512_castps_si512(v);
    const __m512i lsb = _mm512_and_si512(_mm512_maskz_srli_epi32(all, bits, 16), _mm512_set1_epi32(1));
    __m512i rounded = _mm512_maskz_srli_epi32(all, _mm512_add_epi32(bits, _mm512_add_epi32(_mm512_set1_epi32(0x7FFF), lsb)), 16);
    rounded = _mm512_mask_mov_epi32(rounded, _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q), _mm512_set1_epi32(0x7FC0));
    _mm512_mask_cvtepi32_storeu_epi16(p, lanes, rounded);
}

TIMBRESCOPE_AVX512 inline __m512 leaky(__m512 z, __m512 slope) {
    return _mm512_mask_mul_ps(z, _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_LE_OQ), z, slope);
}

// BatchNorm folded for channels c … c+15.
struct LaneAffine {
    __m512 center, scale, bias;
};

TIMBRESCOPE_AVX512 inline LaneAffine loadLaneAffine(const ChannelAffine& a, std::int64_t c, __mmask16 lanes) {
    return {_mm512_maskz_loadu_ps(lanes, a.center + c), _mm512_maskz_loadu_ps(lanes, a.scale + c), _mm512_maskz_loadu_ps(lanes, a.bias + c)};
}

TIMBRESCOPE_AVX512 inline __m512 normalised(__m512 v, const LaneAffine& n) {
    return _mm512_fmadd_ps(_mm512_sub_ps(v, n.center), n.scale, n.bias);
}

// Where z takes over a window's maximum: the first maximum wins, a NaN always wins.
TIMBRESCOPE_AVX512 inline __mmask16 beats(__m512 z, __m512 best) {
    return _mm512_cmp_ps_mask(z, best, _CMP_GT_OQ) | _mm512_cmp_ps_mask(z, z, _CMP_UNORD_Q);
}

template <class T>
TIMBRESCOPE_AVX512 void poolWindowsAvx512(const T* x, std::int64_t j0, std::int64_t j1, std::int64_t pool, std::int64_t channels,
                                          const ChannelAffine& a, float slope, float* y, std::uint8_t* argmax) {
    const __m512 k = _mm512_set1_ps(slope);
    // Window by window, all channels of a time step together: x is read once, front to back.
    for (std::int64_t j = j0; j < j1; ++j)
        for (std::int64_t c = 0; c < channels; c += 16) {
            const __mmask16 lanes = laneMask(c, channels);
            const LaneAffine n = loadLaneAffine(a, c, lanes);
            __m512 best = _mm512_set1_ps(-INFINITY);
            __m512i at = _mm512_setzero_si512();
            for (std::int64_t m = 0; m < pool; ++m) {
                const __m512 v = load16(lanes, x + (j * pool + m) * channels + c);
                const __m512 z = leaky(normalised(v, n), k);
                const __mmask16 take = beats(z, best);
                best = _mm512_mask_mov_ps(best, take, z);
                at = _mm512_mask_mov_epi32(at, take, _mm512_set1_epi32(int(m)));
            }
            _mm512_mask_storeu_ps(y + j * channels + c, lanes, best);
            _mm512_mask_cvtepi32_storeu_epi8(argmax + j * channels + c, lanes, at);
        }
}

// The eval-mode windows on bf16 activations: widened to float32 on load, rounded to nearest
// even on store (a NaN stays a NaN).
TIMBRESCOPE_AVX512 void poolWindowsBf16Avx512(const std::uint16_t* x, std::int64_t j0, std::int64_t j1, std::int64_t pool,
                                              std::int64_t channels, const ChannelAffine& a, float slope, std::uint16_t* y) {
    const __m512 k = _mm512_set1_ps(slope);
    for (std::int64_t j = j0; j < j1; ++j)
        for (std::int64_t c = 0; c < channels; c += 16) {
            const __mmask16 lanes = laneMask(c, channels);
            const LaneAffine n = loadLaneAffine(a, c, lanes);
            __m512 best = _mm512_set1_ps(-INFINITY);
            for (std::int64_t m = 0; m < pool; ++m) {
                const __m512 v = load16(lanes, x + (j * pool + m) * channels + c);
                const __m512 z = leaky(normalised(v, n), k);
                const __mmask16 take = beats(z, best);
                best = _mm512_mask_mov_ps(best, take, z);
            }
            store16(y + j * channels + c, lanes, best);
        }
}

// Window j's winner x and dz = dy·leaky'(z), for channels c … c+15.
template <class T>
TIMBRESCOPE_AVX512 inline void windowGradientAvx512(const T* x, std::int64_t j, std::int64_t pool, std::int64_t channels,
                                                    std::int64_t c, __mmask16 lanes, const LaneAffine& n,
                                                    __m512 slope, const float* dy, const std::uint8_t* argmax, __m512i& at,
                                                    __m512& winner, __m512& dz) {
    at = _mm512_maskz_cvtepu8_epi32(__mmask16(0xFFFF), _mm_maskz_loadu_epi8(lanes, argmax + j * channels + c));
    winner = _mm512_setzero_ps();
    for (std::int64_t m = 0; m < pool; ++m) {
        const __mmask16 mine = _mm512_cmpeq_epi32_mask(at, _mm512_set1_epi32(int(m)));
        winner = _mm512_mask_mov_ps(winner, mine & lanes, load16(mine & lanes, x + (j * pool + m) * channels + c));
    }
    const __m512 z = normalised(winner, n);
    const __m512 g = _mm512_maskz_loadu_ps(lanes, dy + j * channels + c);
    dz = _mm512_mask_mul_ps(g, _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_LE_OQ), g, slope);
}

template <class T>
TIMBRESCOPE_AVX512 void gradientSumsAvx512(const T* x, std::int64_t pooled, std::int64_t pool, std::int64_t channels,
                                           const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax,
                                           double* sd, double* sdx) {
    const __m512 k = _mm512_set1_ps(slope);
    for (std::int64_t c = 0; c < channels; c += 16) {
        const __mmask16 lanes = laneMask(c, channels);
        const LaneAffine n = loadLaneAffine(a, c, lanes);
        for (std::int64_t j0 = 0; j0 < pooled; j0 += kFlush) {
            __m512 fs = _mm512_setzero_ps(), fx = _mm512_setzero_ps();
            for (std::int64_t j = j0; j < std::min(pooled, j0 + kFlush); ++j) {
                __m512i at;
                __m512 winner, dz;
                windowGradientAvx512(x, j, pool, channels, c, lanes, n, k, dy, argmax, at, winner, dz);
                fs = _mm512_add_ps(fs, dz);
                fx = _mm512_fmadd_ps(dz, _mm512_sub_ps(winner, n.center), fx);
            }
            alignas(64) float s[16], q[16];
            _mm512_store_ps(s, fs);
            _mm512_store_ps(q, fx);
            for (std::int64_t l = 0; l < 16 && c + l < channels; ++l) sd[c + l] += s[l], sdx[c + l] += q[l];
        }
    }
}

template <class T>
TIMBRESCOPE_AVX512 void inputGradientAvx512(const T* x, std::int64_t length, std::int64_t pooled, std::int64_t pool,
                                            std::int64_t channels, const ChannelAffine& a, float slope, const float* dy,
                                            const std::uint8_t* argmax, const float* alpha, const float* beta, T* dx) {
    const __m512 k = _mm512_set1_ps(slope);
    for (std::int64_t c = 0; c < channels; c += 16) {
        const __mmask16 lanes = laneMask(c, channels);
        const LaneAffine n = loadLaneAffine(a, c, lanes);
        const __m512 al = _mm512_maskz_loadu_ps(lanes, alpha + c), be = _mm512_maskz_loadu_ps(lanes, beta + c);
        for (std::int64_t j = 0; j < pooled; ++j) {
            __m512i at;
            __m512 winner, dz;
            windowGradientAvx512(x, j, pool, channels, c, lanes, n, k, dy, argmax, at, winner, dz);
            const __m512 own = _mm512_mul_ps(n.scale, dz);
            for (std::int64_t m = 0; m < pool; ++m) {
                const std::int64_t i = (j * pool + m) * channels + c;
                __m512 g = _mm512_fmadd_ps(be, _mm512_sub_ps(load16(lanes, x + i), n.center), al);
                g = _mm512_mask_add_ps(g, _mm512_cmpeq_epi32_mask(at, _mm512_set1_epi32(int(m))), g, own);
                store16(dx + i, lanes, g);
            }
        }
        for (std::int64_t t = pooled * pool; t < length; ++t) {  // past the last whole window
            const std::int64_t i = t * channels + c;
            store16(dx + i, lanes, _mm512_fmadd_ps(be, _mm512_sub_ps(load16(lanes, x + i), n.center), al));
        }
    }
}

bool cpuHasAvx512() { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"); }
#else
bool cpuHasAvx512() { return false; }
#endif

std::atomic<bool> avx512Allowed{true};

bool hasAvx512() {
    static const bool cpu = cpuHasAvx512();
    return cpu && avx512Allowed.load(std::memory_order_relaxed);
}

// Each step in its AVX-512 version where the CPU has it (and tests allow), generic otherwise.
#if defined(__x86_64__) && defined(__GNUC__)
#define TIMBRESCOPE_AVX512_OR_GENERIC(avx512, generic) (hasAvx512() ? (avx512) : (generic))
#else
#define TIMBRESCOPE_AVX512_OR_GENERIC(avx512, generic) (generic)
#endif

template <class T>
void poolWindows(const T* x, std::int64_t j0, std::int64_t j1, std::int64_t pool, std::int64_t channels, const ChannelAffine& a,
                 float slope, float* y, std::uint8_t* argmax) {
    TIMBRESCOPE_AVX512_OR_GENERIC(poolWindowsAvx512(x, j0, j1, pool, channels, a, slope, y, argmax),
                                  poolWindowsGeneric(x, j0, j1, pool, channels, a.center, a.scale, a.bias, slope, y, argmax));
}

template <class T>
void gradientSums(const T* x, std::int64_t pooled, std::int64_t pool, std::int64_t channels, const ChannelAffine& a, float slope,
                  const float* dy, const std::uint8_t* argmax, double* sd, double* sdx) {
    TIMBRESCOPE_AVX512_OR_GENERIC(gradientSumsAvx512(x, pooled, pool, channels, a, slope, dy, argmax, sd, sdx),
                                  gradientSumsGeneric(x, pooled, pool, channels, a, slope, dy, argmax, sd, sdx));
}

template <class T>
void inputGradient(const T* x, std::int64_t length, std::int64_t pooled, std::int64_t pool, std::int64_t channels,
                   const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax, const float* alpha,
                   const float* beta, T* dx) {
    TIMBRESCOPE_AVX512_OR_GENERIC(inputGradientAvx512(x, length, pooled, pool, channels, a, slope, dy, argmax, alpha, beta, dx),
                                  inputGradientGeneric(x, length, pooled, pool, channels, a, slope, dy, argmax, alpha, beta, dx));
}

} // namespace

void setAvx512KernelsEnabled(bool enabled) { avx512Allowed.store(enabled, std::memory_order_relaxed); }

namespace {

// The four steps of the tail for either activation type (float32, or bf16 bits).

template <class T>
void momentsOf(const T* x, const TailShape& s, double* mean, double* variance) {
    const std::int64_t C = s.channels;
    std::vector<double> sums(static_cast<std::size_t>(s.batch * C), 0.0), squares(sums.size(), 0.0);
    // Shifting by the first time step keeps E[v²] - E[v]² from cancelling.
    std::vector<float> shift(static_cast<std::size_t>(C));
    for (std::int64_t c = 0; c < C; ++c) shift[std::size_t(c)] = widen(x[c]);
    at::parallel_for(0, s.batch, 1, [&](std::int64_t b0, std::int64_t b1) {
        std::vector<float> fs(static_cast<std::size_t>(C)), fq(fs.size());
        for (std::int64_t b = b0; b < b1; ++b)
            sumSteps(x + b * s.length * C, s.length, C, shift.data(), sums.data() + b * C, squares.data() + b * C, fs.data(), fq.data());
    });
    const double n = double(s.batch * s.length);
    for (std::int64_t c = 0; c < C; ++c) {
        double sum = 0, sq = 0;
        for (std::int64_t b = 0; b < s.batch; ++b) sum += sums[std::size_t(b * C + c)], sq += squares[std::size_t(b * C + c)];
        const double m = sum / n;
        mean[c] = shift[std::size_t(c)] + m;
        variance[c] = std::max(0.0, sq / n - m * m);
    }
}

template <class T>
void forwardOf(const T* x, const TailShape& s, const ChannelAffine& a, float slope, float* y, std::uint8_t* argmax) {
    const std::int64_t pooled = s.pooled(), C = s.channels;
    std::vector<std::uint8_t> scratch(argmax ? 0 : static_cast<std::size_t>(s.batch * pooled * C));
    std::uint8_t* at = argmax ? argmax : scratch.data();
    at::parallel_for(0, s.batch * pooled, 256, [&](std::int64_t w0, std::int64_t w1) {
        for (std::int64_t w = w0; w < w1;) {  // windows w0..w1 may span batch items
            const std::int64_t b = w / pooled, j0 = w % pooled, j1 = std::min(pooled, j0 + (w1 - w));
            poolWindows(x + b * s.length * C, j0, j1, s.pool, C, a, slope, y + b * pooled * C, at + b * pooled * C);
            w += j1 - j0;
        }
    });
}

template <class T>
void gradientSumsOf(const T* x, const TailShape& s, const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax,
                    double* sumDz, double* sumDzX) {
    const std::int64_t pooled = s.pooled(), C = s.channels;
    std::vector<double> sd(static_cast<std::size_t>(s.batch * C), 0.0), sdx(sd.size(), 0.0);
    at::parallel_for(0, s.batch, 1, [&](std::int64_t b0, std::int64_t b1) {
        for (std::int64_t b = b0; b < b1; ++b)
            gradientSums(x + b * s.length * C, pooled, s.pool, C, a, slope, dy + b * pooled * C, argmax + b * pooled * C,
                         sd.data() + b * C, sdx.data() + b * C);
    });
    for (std::int64_t c = 0; c < C; ++c) {
        double d = 0, dx = 0;
        for (std::int64_t b = 0; b < s.batch; ++b) d += sd[std::size_t(b * C + c)], dx += sdx[std::size_t(b * C + c)];
        sumDz[c] = d, sumDzX[c] = dx;
    }
}

template <class T>
void inputGradientOf(const T* x, const TailShape& s, const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax,
                     const float* alpha, const float* beta, T* dx) {
    const std::int64_t pooled = s.pooled(), C = s.channels;
    at::parallel_for(0, s.batch, 1, [&](std::int64_t b0, std::int64_t b1) {
        for (std::int64_t b = b0; b < b1; ++b)
            inputGradient(x + b * s.length * C, s.length, pooled, s.pool, C, a, slope, dy + b * pooled * C, argmax + b * pooled * C,
                          alpha, beta, dx + b * s.length * C);
    });
}

// One batch item's windows [j0, j1) on bf16 activations, bf16 out (the inference path).
TIMBRESCOPE_DISPATCH void poolWindowsBf16(const std::uint16_t* x, std::int64_t j0, std::int64_t j1, std::int64_t pool,
                                          std::int64_t channels, const float* center, const float* scale, const float* bias,
                                          float slope, std::uint16_t* y, float* best) {
    for (std::int64_t j = j0; j < j1; ++j) {
        for (std::int64_t c = 0; c < channels; ++c) best[c] = -INFINITY;
        for (std::int64_t m = 0; m < pool; ++m) {
            const std::uint16_t* row = x + (j * pool + m) * channels;
            for (std::int64_t c = 0; c < channels; ++c) {
                float z = (fromBf16(row[c]) - center[c]) * scale[c] + bias[c];
                z = z > 0.0f ? z : z * slope;
                best[c] = z > best[c] || z != z ? z : best[c];
            }
        }
        for (std::int64_t c = 0; c < channels; ++c) y[j * channels + c] = toBf16(best[c]);
    }
}

} // namespace

void channelMoments(const float* x, const TailShape& s, double* mean, double* variance) { momentsOf(x, s, mean, variance); }
void channelMoments(const std::uint16_t* x, const TailShape& s, double* mean, double* variance) { momentsOf(x, s, mean, variance); }

void tailForward(const float* x, const TailShape& s, const ChannelAffine& a, float slope, float* y, std::uint8_t* argmax) {
    forwardOf(x, s, a, slope, y, argmax);
}
void tailForward(const std::uint16_t* x, const TailShape& s, const ChannelAffine& a, float slope, float* y, std::uint8_t* argmax) {
    forwardOf(x, s, a, slope, y, argmax);
}

void tailForwardBf16(const std::uint16_t* x, const TailShape& s, const ChannelAffine& a, float slope, std::uint16_t* y) {
    const std::int64_t pooled = s.pooled(), C = s.channels;
    at::parallel_for(0, s.batch * pooled, 256, [&](std::int64_t w0, std::int64_t w1) {
        std::vector<float> best(static_cast<std::size_t>(C));
        for (std::int64_t w = w0; w < w1;) {  // windows w0..w1 may span batch items
            const std::int64_t b = w / pooled, j0 = w % pooled, j1 = std::min(pooled, j0 + (w1 - w));
            TIMBRESCOPE_AVX512_OR_GENERIC(
                poolWindowsBf16Avx512(x + b * s.length * C, j0, j1, s.pool, C, a, slope, y + b * pooled * C),
                poolWindowsBf16(x + b * s.length * C, j0, j1, s.pool, C, a.center, a.scale, a.bias, slope, y + b * pooled * C, best.data()));
            w += j1 - j0;
        }
    });
}

void tailGradientSums(const float* x, const TailShape& s, const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax,
                      double* sumDz, double* sumDzX) {
    gradientSumsOf(x, s, a, slope, dy, argmax, sumDz, sumDzX);
}
void tailGradientSums(const std::uint16_t* x, const TailShape& s, const ChannelAffine& a, float slope, const float* dy,
                      const std::uint8_t* argmax, double* sumDz, double* sumDzX) {
    gradientSumsOf(x, s, a, slope, dy, argmax, sumDz, sumDzX);
}

void tailInputGradient(const float* x, const TailShape& s, const ChannelAffine& a, float slope, const float* dy, const std::uint8_t* argmax,
                       const float* alpha, const float* beta, float* dx) {
    inputGradientOf(x, s, a, slope, dy, argmax, alpha, beta, dx);
}
void tailInputGradient(const std::uint16_t* x, const TailShape& s, const ChannelAffine& a, float slope, const float* dy,
                       const std::uint8_t* argmax, const float* alpha, const float* beta, std::uint16_t* dx) {
    inputGradientOf(x, s, a, slope, dy, argmax, alpha, beta, dx);
}

} // namespace timbrescope::models::kernels
