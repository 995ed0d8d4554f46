#pragma once
// Writing a file so that a reader (or a crash) sees either the old content or the new, never a
// half-written file: write a temporary beside it, flush it to disk, then rename it over.

#include <string>

namespace timbrescope {

// Throws Error naming `path` if any step fails; the temporary is removed and the old file kept.
void writeFileAtomically(const std::string& path, const void* data, std::size_t size);
inline void writeFileAtomically(const std::string& path, const std::string& content) {
    writeFileAtomically(path, content.data(), content.size());
}

} // namespace timbrescope
