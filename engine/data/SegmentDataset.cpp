#include "engine/data/SegmentDataset.h"

#include "engine/data/ContentHash.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

namespace timbrescope::data {

SegmentDataset SegmentDataset::load(const DatasetIndex& index, const std::vector<std::size_t>& entries, SegmentCache& cache,
                                    int threads, const std::function<void(int, int)>& progress) {
    SegmentDataset data;
    data.files_.resize(entries.size());
    std::atomic<std::size_t> next{0};
    std::atomic<int> done{0};
    std::mutex mutex;
    std::exception_ptr failure;
    auto work = [&] {
        for (std::size_t i; (i = next++) < entries.size();) {
            try {
                const DatasetEntry& e = index.entries.at(entries[i]);
                // Scans without duplicate search leave the hash empty: hash here instead.
                const std::uint64_t hash = e.contentHash ? e.contentHash : hashFile(e.path);
                data.files_[i] = cache.get(e.path, hash);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
                next = entries.size();
                return;
            }
            const int d = ++done;
            if (progress) {
                std::lock_guard<std::mutex> lock(mutex);
                progress(d, int(entries.size()));
            }
        }
    };
    const int count = std::clamp(threads > 0 ? threads : int(std::thread::hardware_concurrency()), 1, 64);
    std::vector<std::thread> pool;
    for (int t = 1; t < count; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);

    for (std::size_t f = 0; f < data.files_.size(); ++f) {
        const CachedSegments& segments = *data.files_[f];
        data.length_ = segments.length();
        for (std::size_t s = 0; s < segments.count(); ++s) {
            // Silence carries no instrument: it would teach the model to hear one in nothing.
            if (segments.silent(s)) {
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
