#pragma once
// What the fuzz targets share: the engine reads files, so each input becomes a file in a
// private temporary folder (removed at exit), and the engine's documented refusals (Error and
// its subclasses) are expected outcomes. Anything else, a crash, a sanitizer report or another
// exception escaping, is a finding.

#include "engine/core/Error.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace timbrescope::fuzz {

inline const std::filesystem::path& scratchFolder() {
    static const std::filesystem::path folder = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "timbrescope-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        return std::filesystem::path(pattern);
    }();
    static const struct Cleanup {
        ~Cleanup() { std::error_code ignored; std::filesystem::remove_all(folder, ignored); }
    } cleanup;
    return folder;
}

inline std::string writeScratchFile(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path path = scratchFolder() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();
    return path.string();
}

} // namespace timbrescope::fuzz
