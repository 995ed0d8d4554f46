#include "engine/core/AssetLocation.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace timbrescope {

std::string findAsset(const std::string& relative) {
    std::vector<fs::path> roots;
    if (const char* env = std::getenv("TIMBRESCOPE_ASSETS"); env && *env) roots.emplace_back(env);
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        roots.push_back(exe.parent_path() / ".." / "assets");
        roots.push_back(exe.parent_path() / ".." / ".." / "assets");
    }
    roots.emplace_back(TIMBRESCOPE_SOURCE_ASSETS);
    for (const fs::path& root : roots) {
        const fs::path candidate = root / relative;
        if (fs::exists(candidate, error)) return candidate.lexically_normal().string();
    }
    return {};
}

} // namespace timbrescope
