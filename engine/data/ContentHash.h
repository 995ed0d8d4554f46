#pragma once
// Content hashes of files (XXH3, 64 bit): duplicate detection and cache keys. A persistent
// manifest remembers each file's hash by size and modification time, so files already hashed
// are not read again.

#include <cstdint>
#include <map>
#include <string>

namespace timbrescope::data {

// Reads the whole file. Throws Error naming it if it cannot be read.
std::uint64_t hashFile(const std::string& path);
std::uint64_t hashBytes(const void* data, std::size_t size);
std::string hexHash(std::uint64_t hash);  // 16 lowercase hex digits

class FileHashCache {
public:
    // `manifestPath` empty: remember in memory only.
    explicit FileHashCache(std::string manifestPath = {});

    // The hash of `path`, read from the manifest when its size and mtime are unchanged.
    std::uint64_t hash(const std::string& path);
    // Writes the manifest (atomically) if anything changed; a failure to write is not fatal to
    // the caller's work, so it is returned as a message instead (empty on success).
    std::string save();

    int filesHashed() const { return filesHashed_; }  // files actually read during this session

private:
    struct Record {
        std::uint64_t size;
        std::int64_t mtime;
        std::uint64_t hash;
    };
    std::string manifestPath_;
    std::map<std::string, Record> records_;
    bool dirty_ = false;
    int filesHashed_ = 0;
};

} // namespace timbrescope::data
