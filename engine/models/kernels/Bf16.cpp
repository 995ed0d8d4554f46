#include "engine/models/kernels/Bf16.h"

#include "engine/models/kernels/FastKernels.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define TIMBRESCOPE_BF16_INTRINSICS 1
#endif

namespace timbrescope::models::kernels {
namespace {

void roundRowsScalar(const float* src, std::int64_t rows, std::int64_t cols, std::int64_t stride, std::uint16_t* dst) {
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < cols; ++c) dst[r * cols + c] = toBf16(src[r * stride + c]);
}

#if TIMBRESCOPE_BF16_INTRINSICS
__attribute__((target("avx512f,avx512bf16"))) void roundRowsAvx512(const float* src, std::int64_t rows, std::int64_t cols,
                                                                    std::int64_t stride, std::uint16_t* dst) {
    for (std::int64_t r = 0; r < rows; ++r) {
        const float* in = src + r * stride;
        std::uint16_t* out = dst + r * cols;
        std::int64_t c = 0;
        for (; c + 16 <= cols; c += 16)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + c), reinterpret_cast<__m256i>(_mm512_cvtneps_pbh(_mm512_loadu_ps(in + c))));
        for (; c < cols; ++c) out[c] = toBf16(in[c]);
    }
}
#endif

} // namespace

void roundRowsToBf16(const float* src, std::int64_t rows, std::int64_t cols, std::int64_t stride, std::uint16_t* dst) {
#if TIMBRESCOPE_BF16_INTRINSICS
    static const bool hardware = cpuHasBf16();
    if (hardware) return roundRowsAvx512(src, rows, cols, stride, dst);
#endif
    roundRowsScalar(src, rows, cols, stride, dst);
}

} // namespace timbrescope::models::kernels
