#pragma once
// Shuffled mini-batches of cached segments as model input: [B, 1, length] float tensors with
// multi-hot [B, 11] targets, assembled on a background thread while the model works on the
// previous batch.

#include "engine/data/Mixing.h"
#include "engine/data/SegmentDataset.h"

#include <ATen/core/Tensor.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

namespace timbrescope::data {

struct Batch {
    at::Tensor inputs;   // [B, 1, length] float32
    at::Tensor targets;  // [B, 11] float32, 1 where the class is labelled
    std::vector<std::size_t> items;  // dataset items in the batch, in row order (a mixture's first source)
};

class BatchLoader {
public:
    // `items`: indices into `data`. The last batch of an epoch may be smaller than batchSize.
    // `augmentation`: mixtures of segments of `items`, random equalisation (training only; off by default).
    BatchLoader(const SegmentDataset& data, std::vector<std::size_t> items, int batchSize, bool shuffle,
                std::uint64_t seed, int prefetch = 2, Augmentation augmentation = {});
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // Begins an epoch: the order and the mixtures are a function of (seed, epoch) only.
    void startEpoch(int epoch);
    // The next batch of the epoch; nullopt when it is over.
    std::optional<Batch> next();

    std::size_t batchesPerEpoch() const;
    std::size_t itemCount() const { return items_.size(); }

private:
    void stop();
    void produce(std::vector<std::size_t> order, std::mt19937_64 rng);
    Batch assemble(const std::size_t* items, std::size_t count, std::mt19937_64& rng) const;

    const SegmentDataset& data_;
    std::vector<std::size_t> items_;
    int batchSize_;
    bool shuffle_;
    std::uint64_t seed_;
    std::size_t prefetch_;
    Augmentation augmentation_;

    std::thread producer_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> ready_;
    bool finished_ = true;   // the producer has queued the epoch's last batch
    bool stopping_ = false;
};

} // namespace timbrescope::data
