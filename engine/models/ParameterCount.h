#pragma once
// A model's size, counted two ways.

#include <cstdint>

namespace timbrescope::models {

struct ParameterCount {
    std::int64_t trainable = 0;
    // Trainable plus BatchNorm's moving mean and variance: how Keras, and so the paper, counts.
    std::int64_t kerasTotal = 0;
};

} // namespace timbrescope::models
