#pragma once
// Row-major single-precision GEMM on raw pointers, for the fused recurrent kernels: the GRU's
// per-step products are small ([64 × 128] · [128 × 384]), where oneDNN's JIT sgemm runs about twice
// as fast as the BLAS LibTorch calls (measured here: 223 vs 116 GFLOP/s on one core). Uses oneDNN
// where the build found it, LibTorch's matrix product otherwise. Runs single-threaded when called
// inside a parallel region.

#include <cstdint>

namespace timbrescope::models::kernels {

// C[m × n] = alpha · op(A) · op(B) + beta · C, where op(A) is [m × k] (A stored [k × m] when
// transposeA) and op(B) is [k × n] (B stored [n × k] when transposeB). With beta = 0, C's old
// contents are ignored (NaN included).
void sgemm(bool transposeA, bool transposeB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
           std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc);

// The same product on bf16 operands (raw bits, see Bf16.h) with float32 accumulation and output:
// oneDNN's bf16 GEMM, which runs the GRU's per-step shape about 3x faster than sgemm on a CPU
// with AVX-512 BF16 (measured: 502 vs 152 GFLOP/s on one core). Call only where
// bf16GemmAvailable(); elsewhere it widens the operands and calls sgemm.
void gemmBf16(bool transposeA, bool transposeB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const std::uint16_t* a,
              std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc);

// Whether gemmBf16 runs oneDNN's bf16 kernels: the build found them and the CPU has AVX-512 BF16.
bool bf16GemmAvailable();

// Which implementation sgemm uses: "oneDNN" or "LibTorch".
const char* sgemmBackend();

} // namespace timbrescope::models::kernels
