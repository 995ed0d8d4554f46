#pragma once
// A process-wide switch between Timbrescope's fused CPU kernels and LibTorch's stock modules.
// Both compute the same function with the same weights; the switch exists so benchmarks and tests
// can compare them. On by default.

namespace timbrescope::models::kernels {

bool fastKernelsEnabled();
void setFastKernelsEnabled(bool enabled);

} // namespace timbrescope::models::kernels
