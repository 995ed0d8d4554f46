#pragma once
// K-fold cross-validation splits as the paper uses them: stratified by class, grouped by
// recording (excerpts of one recording never straddle folds), deterministic for a seed.

#include "engine/data/DatasetIndex.h"

#include <cstdint>
#include <vector>

namespace timbrescope::data {

// The fold (0..k-1) of each of `entries` (indices into index.entries), in the same order.
// Throws Error("folds", ...) when k < 2 or there are fewer recordings than folds.
std::vector<int> assignFolds(const DatasetIndex& index, const std::vector<std::size_t>& entries, int k, std::uint64_t seed);

} // namespace timbrescope::data
