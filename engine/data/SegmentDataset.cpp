#include "engine/data/SegmentDataset.h"

#include "engine/data/ContentHash.h"

#include "engine/core/ParallelFor.h"

#include <set>

namespace timbrescope::data {

SegmentDataset SegmentDataset::load(const DatasetIndex& index, const std::vector<std::size_t>& entries, SegmentCache& cache,
                                    int threads, const std::function<void(int, int)>& progress, bool keepSilent) {
    SegmentDataset data;
    data.files_.resize(entries.size());
    parallelFor(
        entries.size(), threads,
        [&](std::size_t i) {
            const DatasetEntry& e = index.entries.at(entries[i]);
            // Scans without duplicate search leave the hash empty: hash here instead.
            const std::uint64_t hash = e.contentHash ? e.contentHash : hashFile(e.path);
            data.files_[i] = cache.get(e.path, hash);
        },
        [&](std::size_t finished) {
            if (progress) progress(int(finished), int(entries.size()));
        });

    for (std::size_t f = 0; f < data.files_.size(); ++f) {
        const CachedSegments& segments = *data.files_[f];
        data.length_ = segments.length();
        for (std::size_t s = 0; s < segments.count(); ++s) {
            // Silence carries no instrument: it would teach the model to hear one in nothing.
            if (segments.silent(s) && !keepSilent) {
                ++data.silentSkipped_;
                continue;
            }
            data.items_.push_back({entries[f], std::uint32_t(f), std::uint32_t(s), index.entries[entries[f]].labels});
        }
    }
    return data;
}

const float* SegmentDataset::samples(std::size_t item) const {
    const Item& it = items_[item];
    return files_[it.file]->segment(it.segment);
}

std::vector<std::size_t> SegmentDataset::itemsOf(const std::vector<std::size_t>& entries) const {
    const std::set<std::size_t> wanted(entries.begin(), entries.end());
    std::vector<std::size_t> items;
    for (std::size_t i = 0; i < items_.size(); ++i)
        if (wanted.count(items_[i].entry)) items.push_back(i);
    return items;
}

} // namespace timbrescope::data
