#pragma once
// The gate arithmetic of one GRU time step (PyTorch's gate order r, z, n), forward and backward,
// on raw float arrays, free of autograd so it is easy to read and to test. The matrix products
// around it are done by the caller, batched where the recurrence allows. Vectorised (AVX-512 /
// AVX2 / baseline, chosen at run time) with its own exp, so no libm call blocks the loop.
//
//   r = σ(xr + hr + b_hr)   z = σ(xz + hz + b_hz)   n = tanh(xn + r·(hn + b_hn))
//   h = (1 − z)·n + z·h_prev
// where x· = W_i· x_t + b_i· (the input projection, bias included) and h· = W_h· h_prev.

#include <cstdint>

namespace timbrescope::models::kernels {

struct GruStep {
    std::int64_t batch, units;
    const float* inputProjection;   // [batch, 3·units], b_ih included
    const float* hiddenProjection;  // [batch, 3·units] without b_hh; nullptr when h_prev = 0
    const float* hiddenBias;        // [3·units]: b_hh
    const float* previous;          // h_prev rows (stride `stride`); nullptr for the zero initial state
    std::int64_t stride;            // row stride of h_prev and h
};

// Writes h (rows of `stride`).
void gruStepForward(const GruStep& step, float* hidden);

// Given dh, the whole gradient reaching h: the gradients of the input projection (dInput, [batch,
// 3·units]), of the hidden projection before its bias (dHidden, [batch, 3·units]; also b_hh's) and
// the direct part of h_prev's gradient, dh·z (dPrevious, [batch, units]; the caller adds
// dHidden · W_hh).
void gruStepBackward(const GruStep& step, const float* dh, float* dInput, float* dHidden, float* dPrevious);

} // namespace timbrescope::models::kernels
