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

} // namespace timbrescope::train
