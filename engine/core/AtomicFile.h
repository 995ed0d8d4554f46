#pragma once
// Writing a file so that a reader (or a crash) sees either the old content or the new, never a
// half-written file: write a temporary beside it, flush it to disk, then rename it over.

#include <string>
#include <utility>
#include <vector>

namespace timbrescope {

// Pieces of memory written one after the other.
using ByteRanges = std::vector<std::pair<const void*, std::size_t>>;

// Throws Error naming `path` if any step fails; the temporary is removed and the old file kept.
void writeFileAtomically(const std::string& path, const ByteRanges& pieces);
inline void writeFileAtomically(const std::string& path, const void* data, std::size_t size) {
    writeFileAtomically(path, ByteRanges{{data, size}});
}
inline void writeFileAtomically(const std::string& path, const std::string& content) {
    writeFileAtomically(path, content.data(), content.size());
}

// Temporaries that processes killed mid-write (kill -9, power loss) left in `folder`: those whose
// writer is no longer running are removed. Returns how many.
int removeStaleTemporaries(const std::string& folder);

} // namespace timbrescope
