#include "engine/data/ContentHash.h"

#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"

#include <xxhash.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace timbrescope::data {
namespace {
constexpr const char* kManifestHeader = "timbrescope-file-hashes 1";
}

std::uint64_t hashBytes(const void* data, std::size_t size) { return XXH3_64bits(data, size); }

std::uint64_t hashFile(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw Error(path, std::string("cannot read: ") + std::strerror(errno));
    std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(), &XXH3_freeState);
    XXH3_64bits_reset(state.get());
    std::vector<char> buffer(1 << 20);
    std::size_t got;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) XXH3_64bits_update(state.get(), buffer.data(), got);
    if (std::ferror(file.get())) throw Error(path, std::string("read error: ") + std::strerror(errno));
    return XXH3_64bits_digest(state.get());
}

std::string hexHash(std::uint64_t hash) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

FileHashCache::FileHashCache(std::string manifestPath) : manifestPath_(std::move(manifestPath)) {
    if (manifestPath_.empty()) return;
    std::ifstream in(manifestPath_);
    std::string line;
    if (!in || !std::getline(in, line) || line != kManifestHeader) return;  // absent or foreign: start afresh
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        Record r{};
        std::string hex, path;
        if (!(fields >> r.size >> r.mtime >> hex) || fields.get() != '\t' || !std::getline(fields, path)) continue;
        r.hash = std::strtoull(hex.c_str(), nullptr, 16);
        records_[path] = r;
    }
}

std::uint64_t FileHashCache::hash(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error(path, std::string("cannot read: ") + std::strerror(errno));
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const std::int64_t mtime = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    const auto it = records_.find(path);
    if (it != records_.end() && it->second.size == size && it->second.mtime == mtime) return it->second.hash;
    const std::uint64_t h = hashFile(path);
    ++filesHashed_;
    records_[path] = {size, mtime, h};
    dirty_ = true;
    return h;
}

std::string FileHashCache::save() {
    if (!dirty_ || manifestPath_.empty()) return {};
    std::ostringstream out;
    out << kManifestHeader << "\n";
    for (const auto& [path, r] : records_) out << r.size << ' ' << r.mtime << ' ' << hexHash(r.hash) << '\t' << path << '\n';
    try {
        writeFileAtomically(manifestPath_, out.str());
    } catch (const Error& e) {
        return e.what();
    }
    dirty_ = false;
    return {};
}

} // namespace timbrescope::data
