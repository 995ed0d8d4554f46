#include "engine/data/CacheLocation.h"

#include "engine/core/Error.h"
#include "engine/data/ContentHash.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace timbrescope::data {
namespace fs = std::filesystem;
namespace {

bool usableFolder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    return fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) == 0;
}

} // namespace

std::string datasetCacheDir(const std::string& datasetRoot) {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(datasetRoot, ec);
    const fs::path own = root / kCacheFolderName;
    if (usableFolder(own)) return own.string();

    fs::path base;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home) base = fs::path(home) / ".cache";
    else base = fs::temp_directory_path();
    const std::string key = hexHash(hashBytes(root.string().data(), root.string().size()));
    const fs::path user = base / "timbrescope" / key;
    if (usableFolder(user)) return user.string();
    throw Error(datasetRoot, "no writable cache folder (tried " + own.string() + " and " + user.string() + ")");
}

} // namespace timbrescope::data
