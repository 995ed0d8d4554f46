#include "engine/models/kernels/FastKernels.h"

#include <atomic>

namespace timbrescope::models::kernels {
namespace {
std::atomic<bool> enabled{true};
std::atomic<bool> bf16Enabled{false};
thread_local bool bf16Active = false;
} // namespace

bool fastKernelsEnabled() { return enabled.load(std::memory_order_relaxed); }
void setFastKernelsEnabled(bool on) { enabled.store(on, std::memory_order_relaxed); }

bool bf16InferenceEnabled() { return bf16Enabled.load(std::memory_order_relaxed); }
void setBf16InferenceEnabled(bool on) { bf16Enabled.store(on, std::memory_order_relaxed); }

bool cpuHasBf16() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    return __builtin_cpu_supports("avx512bf16");
#else
    return false;
#endif
}

Bf16Activations::Bf16Activations() : previous_(bf16Active) { bf16Active = true; }
Bf16Activations::~Bf16Activations() { bf16Active = previous_; }
bool Bf16Activations::active() { return bf16Active; }

} // namespace timbrescope::models::kernels
