#pragma once
// The training material of a set of dataset files: every non-silent segment of every file, from
// the segment cache, each with its file's labels.

#include "engine/data/DatasetIndex.h"
#include "engine/data/SegmentCache.h"

#include <functional>
#include <memory>
#include <vector>

namespace timbrescope::data {

class SegmentDataset {
public:
    // Maps (building where needed, on `threads` threads) the cache entries of `entries`.
    // progress(done, total) is called as files are ready. Throws the first file's error.
    // Silent segments are left out unless `keepSilent` (evaluation scores every segment).
    static SegmentDataset load(const DatasetIndex& index, const std::vector<std::size_t>& entries, SegmentCache& cache,
                               int threads = 0, const std::function<void(int, int)>& progress = {}, bool keepSilent = false);

    std::size_t size() const { return items_.size(); }  // segments
    int segmentLength() const { return length_; }
    const float* samples(std::size_t item) const;
    LabelSet labels(std::size_t item) const { return items_[item].labels; }
    std::size_t entryOf(std::size_t item) const { return items_[item].entry; }  // index into DatasetIndex::entries
    std::size_t silentSkipped() const { return silentSkipped_; }

    // The items whose file is one of `entries`.
    std::vector<std::size_t> itemsOf(const std::vector<std::size_t>& entries) const;

private:
    struct Item {
        std::size_t entry;
        std::uint32_t file;     // position in files_
        std::uint32_t segment;
        LabelSet labels;
    };
    std::vector<std::shared_ptr<const CachedSegments>> files_;
    std::vector<Item> items_;
    int length_ = 0;
    std::size_t silentSkipped_ = 0;
};

} // namespace timbrescope::data
