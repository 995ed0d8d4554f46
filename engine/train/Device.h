#pragma once
// The compute device a user names: "cpu", "cuda" or "cuda:N".

#include <c10/core/Device.h>

#include <string>
#include <vector>

namespace timbrescope::train {

// Throws Error("--device", ...) for a malformed name, or CUDA where this LibTorch has none
// (or fewer devices than N+1).
c10::Device parseDevice(const std::string& name);

// "cpu" and every CUDA device LibTorch reports.
std::vector<std::string> availableDevices();

// Why bf16 mixed-precision training (TrainingOptions::bf16) cannot run on `device`, or "" when
// it can: it needs the CPU and AVX-512 BF16 instructions.
std::string bf16TrainingUnavailable(const c10::Device& device);

// What computes here, for About boxes and bug reports:
// "LibTorch 1.13.0 · CPU: 2 threads, bf16 kernels no · CUDA: none".
std::string describeCompute();

} // namespace timbrescope::train
