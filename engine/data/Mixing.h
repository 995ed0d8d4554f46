#pragma once
// Mixing augmentation (the theme of the CQT baseline's paper [4]): a share of the training
// examples become mixtures of 2…maxSources segments of different instruments at random gains,
// labelled with the union of their labels and RMS-normalised again. A model trained only on
// single-instrument clips gives every instrument of a real mixture a low probability; mixtures
// teach it that several can sound at once.

#include "engine/data/AugmentationOptions.h"
#include "engine/data/SegmentDataset.h"

#include <cstdint>
#include <random>
#include <vector>

namespace timbrescope::data {

// Writes one training example of `length` samples into `out` and returns its labels: item
// `first` alone (bit-exact), or with probability options.share a mixture of it and partners
// drawn from `pool` whose labels share no class with the mixture so far. Deterministic in `rng`.
LabelSet mixExample(const SegmentDataset& data, std::size_t first, const std::vector<std::size_t>& pool,
                    const MixingOptions& options, std::mt19937_64& rng, float* out);

} // namespace timbrescope::data
