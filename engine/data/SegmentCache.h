#pragma once
// Preprocessed segments on disk: each file is decoded, mixed, resampled, segmented and normalised
// once per preprocessing setting, then memory-mapped by every later epoch, run and process.
// Entries are keyed by the file's content hash and the preprocessing options, so an edited file
// or changed options never meet a stale entry; a damaged entry is detected and rebuilt.

#include "engine/audio/PreprocessOptions.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace timbrescope::data {

// One file's segments, mapped read-only from its cache entry.
class CachedSegments {
public:
    std::size_t count() const { return count_; }
    int length() const { return length_; }
    const float* segment(std::size_t i) const { return samples_ + i * static_cast<std::size_t>(length_); }
    float rms(std::size_t i) const { return rms_[i]; }
    bool silent(std::size_t i) const { return silent_[i] != 0; }

private:
    friend class SegmentCache;
    std::shared_ptr<void> mapping_;  // unmaps when the last user is gone
    std::size_t count_ = 0;
    int length_ = 0;
    const float* rms_ = nullptr;
    const std::uint8_t* silent_ = nullptr;
    const float* samples_ = nullptr;
};

class SegmentCache {
public:
    // `folder`: the dataset's cache folder (see CacheLocation.h); entries go below it.
    SegmentCache(const std::string& folder, const audio::PreprocessOptions& options);

    // The segments of `path`, whose content hash is `contentHash`: mapped from the cache, or
    // decoded and stored first. Throws AudioError for a bad audio file, Error for cache I/O.
    // Safe to call from several threads at once.
    std::shared_ptr<const CachedSegments> get(const std::string& path, std::uint64_t contentHash);

    const std::string& folder() const { return entryFolder_; }
    int hits() const { return hits_; }
    int built() const { return built_; }        // files decoded because no entry existed
    int rebuilt() const { return rebuilt_; }    // damaged entries replaced

private:
    std::shared_ptr<const CachedSegments> map(const std::string& entryPath, std::uint64_t contentHash) const;
    void store(const std::string& path, std::uint64_t contentHash, const std::string& entryPath) const;

    audio::PreprocessOptions options_;
    std::uint64_t optionsHash_;
    std::string entryFolder_;
    std::atomic<int> hits_{0}, built_{0}, rebuilt_{0};
};

} // namespace timbrescope::data
