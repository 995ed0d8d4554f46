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

// Which implementation sgemm uses: "oneDNN" or "LibTorch".
const char* sgemmBackend();

} // namespace timbrescope::models::kernels
