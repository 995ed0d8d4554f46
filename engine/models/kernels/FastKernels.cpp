#include "engine/models/kernels/FastKernels.h"

#include <atomic>

namespace timbrescope::models::kernels {
namespace {
std::atomic<bool> enabled{true};
} // namespace

bool fastKernelsEnabled() { return enabled.load(std::memory_order_relaxed); }
void setFastKernelsEnabled(bool on) { enabled.store(on, std::memory_order_relaxed); }

} // namespace timbrescope::models::kernels
