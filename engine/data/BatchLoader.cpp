#include "engine/data/BatchLoader.h"

#include "engine/augment/EffectChain.h"
#include "engine/core/Error.h"
#include "engine/data/Mixup.h"
#include "engine/data/RandomEqualiser.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <random>

namespace timbrescope::data {

BatchLoader::BatchLoader(const SegmentDataset& data, std::vector<std::size_t> items, int batchSize, bool shuffle,
                         std::uint64_t seed, int prefetch, Augmentation augmentation)
    : data_(data), items_(std::move(items)), batchSize_(batchSize), shuffle_(shuffle), seed_(seed),
      prefetch_(static_cast<std::size_t>(std::max(1, prefetch))), augmentation_(augmentation) {
    if (batchSize < 1) throw Error("batch size", std::to_string(batchSize) + ": must be at least 1");
    validate(augmentation_.mixing);
    validate(augmentation_.equaliser);
    augment::validate(augmentation_.effects);
    validate(augmentation_.mixup);
}

BatchLoader::~BatchLoader() { stop(); }

std::size_t BatchLoader::batchesPerEpoch() const {
    return (items_.size() + static_cast<std::size_t>(batchSize_) - 1) / static_cast<std::size_t>(batchSize_);
}

void BatchLoader::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (producer_.joinable()) producer_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    ready_.clear();
    stopping_ = false;
    finished_ = true;
}

void BatchLoader::startEpoch(int epoch) {
    stop();
    std::vector<std::size_t> order = items_;
    std::mt19937_64 rng(seed_ * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(epoch));
    if (shuffle_) std::shuffle(order.begin(), order.end(), rng);
    finished_ = false;
    producer_ = std::thread(&BatchLoader::produce, this, std::move(order), rng);
}

void BatchLoader::produce(std::vector<std::size_t> order, std::mt19937_64 rng) {
    for (std::size_t start = 0; start < order.size(); start += static_cast<std::size_t>(batchSize_)) {
        const std::size_t count = std::min(order.size() - start, static_cast<std::size_t>(batchSize_));
        Batch batch = assemble(order.data() + start, count, rng);
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || ready_.size() < prefetch_; });
        if (stopping_) return;
        ready_.push_back(std::move(batch));
        changed_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
    changed_.notify_all();
}

std::optional<Batch> BatchLoader::next() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
    if (ready_.empty()) return std::nullopt;
    Batch batch = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return batch;
}

Batch BatchLoader::assemble(const std::size_t* items, std::size_t count, std::mt19937_64& rng) const {
    const int length = data_.segmentLength();
    Batch batch;
    batch.inputs = torch::empty({static_cast<std::int64_t>(count), 1, length}, torch::kFloat32);
    batch.targets = torch::zeros({static_cast<std::int64_t>(count), kClassCount}, torch::kFloat32);
    float* inputs = batch.inputs.data_ptr<float>();
    float* targets = batch.targets.data_ptr<float>();
    batch.items.assign(items, items + count);
    for (std::size_t row = 0; row < count; ++row) {
        float* example = inputs + row * static_cast<std::size_t>(length);
        const LabelSet labels = mixExample(data_, items[row], items_, augmentation_.mixing, rng, example);
        randomEqualise(example, static_cast<std::size_t>(length), augmentation_.sampleRate, augmentation_.equaliser, rng);
        augment::applyEffects(example, static_cast<std::size_t>(length), augmentation_.sampleRate, augmentation_.effects, rng);
        for (int c : labelIndices(labels)) targets[row * kClassCount + static_cast<std::size_t>(c)] = 1.0f;
    }
    mixupBatch(inputs, targets, count, static_cast<std::size_t>(length), kClassCount, augmentation_.mixup, rng);
    return batch;
}

} // namespace timbrescope::data
