#include "engine/models/kernels/SmallGemm.h"

#include "engine/models/kernels/Bf16.h"
#include "engine/models/kernels/FastKernels.h"

#include <vector>

#if TIMBRESCOPE_HAVE_DNNL
#include <dnnl.h>
#include <stdexcept>
#include <string>
#else
#include <torch/torch.h>
#endif

#if TIMBRESCOPE_HAVE_DNNL_BF16_GEMM
// Exported by libdnnl (DNNL_API in its gemm.cpp) but not declared in its public header; the
// build checks that it links. Row-major, like dnnl_sgemm.
extern "C" dnnl_status_t dnnl_gemm_bf16bf16f32(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K, float alpha,
                                               const std::uint16_t* A, dnnl_dim_t lda, const std::uint16_t* B, dnnl_dim_t ldb,
                                               float beta, float* C, dnnl_dim_t ldc);
#endif

namespace timbrescope::models::kernels {

#if TIMBRESCOPE_HAVE_DNNL

void sgemm(bool transposeA, bool transposeB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
           std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc) {
    if (m == 0 || n == 0) return;
    const dnnl_status_t status = dnnl_sgemm(transposeA ? 'T' : 'N', transposeB ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    if (status != dnnl_success) throw std::runtime_error("oneDNN sgemm failed with status " + std::to_string(int(status)));
}

const char* sgemmBackend() { return "oneDNN"; }

#else

namespace {
at::Tensor matrix(const float* data, std::int64_t rows, std::int64_t cols, std::int64_t ld, bool transposed) {
    auto* p = const_cast<float*>(data);
    return transposed ? torch::from_blob(p, {cols, rows}, {ld, 1}).t() : torch::from_blob(p, {rows, cols}, {ld, 1});
}
} // namespace

void sgemm(bool transposeA, bool transposeB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
           std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc) {
    if (m == 0 || n == 0) return;
    at::Tensor out = torch::from_blob(c, {m, n}, {ldc, 1});
    out.addmm_(matrix(a, m, k, lda, transposeA), matrix(b, k, n, ldb, transposeB), beta, alpha);
}

const char* sgemmBackend() { return "LibTorch"; }

#endif

bool bf16GemmAvailable() {
#if TIMBRESCOPE_HAVE_DNNL_BF16_GEMM
    return cpuHasBf16();
#else
    return false;
#endif
}

namespace {
// A stored operand widened to float32 (rows × cols as stored, leading dimension ld).
std::vector<float> widened(const std::uint16_t* data, std::int64_t rows, std::int64_t cols, std::int64_t ld) {
    std::vector<float> out(std::size_t(rows * cols));
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < cols; ++c) out[std::size_t(r * cols + c)] = fromBf16(data[r * ld + c]);
    return out;
}
} // namespace

void gemmBf16(bool transposeA, bool transposeB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const std::uint16_t* a,
              std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc) {
    if (m == 0 || n == 0) return;
#if TIMBRESCOPE_HAVE_DNNL_BF16_GEMM
    if (bf16GemmAvailable()) {
        const dnnl_status_t status =
            dnnl_gemm_bf16bf16f32(transposeA ? 'T' : 'N', transposeB ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (status != dnnl_success) throw std::runtime_error("oneDNN bf16 gemm failed with status " + std::to_string(int(status)));
        return;
    }
#endif
    const std::int64_t aRows = transposeA ? k : m, aCols = transposeA ? m : k;
    const std::int64_t bRows = transposeB ? n : k, bCols = transposeB ? k : n;
    const std::vector<float> wideA = widened(a, aRows, aCols, lda), wideB = widened(b, bRows, bCols, ldb);
    sgemm(transposeA, transposeB, m, n, k, alpha, wideA.data(), aCols, wideB.data(), bCols, beta, c, ldc);
}

} // namespace timbrescope::models::kernels
