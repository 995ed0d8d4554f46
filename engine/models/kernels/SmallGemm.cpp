#include "engine/models/kernels/SmallGemm.h"

#if TIMBRESCOPE_HAVE_DNNL
#include <dnnl.h>
#include <stdexcept>
#include <string>
#else
#include <torch/torch.h>
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

} // namespace timbrescope::models::kernels
