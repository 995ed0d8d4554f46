#include "engine/data/SegmentCache.h"

#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/data/ContentHash.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace timbrescope::data {
namespace fs = std::filesystem;
namespace {

constexpr char kMagic[8] = {'T', 'S', 'S', 'E', 'G', 'M', 'N', 'T'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kAlign = 64;

// Entry layout: Header | rms[count] f32 | silent[count] u8 | padding to 64 | samples[count × length] f32.
struct Header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t length;
    std::uint64_t count;
    std::uint64_t contentHash;
    std::uint64_t optionsHash;
    std::uint8_t reserved[24];
};
static_assert(sizeof(Header) == 64, "cache header is 64 bytes");

std::size_t samplesOffset(std::size_t count) {
    const std::size_t end = sizeof(Header) + count * sizeof(float) + count;
    return (end + kAlign - 1) / kAlign * kAlign;
}

} // namespace

SegmentCache::SegmentCache(const std::string& folder, const audio::PreprocessOptions& options) : options_(options) {
    audio::validate(options);
    const std::string description = audio::describe(options);
    optionsHash_ = hashBytes(description.data(), description.size());
    entryFolder_ = (fs::path(folder) / "segments" / hexHash(optionsHash_)).string();
    std::error_code ec;
    fs::create_directories(entryFolder_, ec);
    if (!fs::is_directory(entryFolder_)) throw Error(entryFolder_, "cannot create the segment cache folder: " + ec.message());
    removeStaleTemporaries(entryFolder_);  // entries a killed preparation was writing
    // Say which preprocessing the folder holds, for a person looking at it.
    const std::string about = (fs::path(entryFolder_) / "options.txt").string();
    if (!fs::exists(about)) writeFileAtomically(about, description + "\n");
}

std::shared_ptr<const CachedSegments> SegmentCache::get(const std::string& path, std::uint64_t contentHash) {
    const std::string entry = (fs::path(entryFolder_) / (hexHash(contentHash) + ".seg")).string();
    const bool existed = fs::exists(entry);
    if (existed) {
        if (auto mapped = map(entry, contentHash)) {
            ++hits_;
            return mapped;
        }
    }
    store(path, contentHash, entry);
    ++(existed ? rebuilt_ : built_);
    auto mapped = map(entry, contentHash);
    if (!mapped) throw Error(entry, "segment cache entry unreadable right after writing it");
    return mapped;
}

std::shared_ptr<const CachedSegments> SegmentCache::map(const std::string& entryPath, std::uint64_t contentHash) const {
    const int fd = ::open(entryPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    const bool statted = ::fstat(fd, &st) == 0;
    const auto size = statted ? static_cast<std::size_t>(st.st_size) : 0;
    void* base = size >= sizeof(Header) ? ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
    ::close(fd);
    if (base == MAP_FAILED) return nullptr;
    std::shared_ptr<void> mapping(base, [size](void* p) { ::munmap(p, size); });

    Header h;
    std::memcpy(&h, base, sizeof h);
    // Anything inconsistent means a damaged or foreign entry: the caller rebuilds it.
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion || h.contentHash != contentHash ||
        h.optionsHash != optionsHash_ || h.length != static_cast<std::uint32_t>(options_.segmentLength) ||
        h.count > (std::uint64_t(1) << 32) || size != samplesOffset(h.count) + h.count * h.length * sizeof(float))
        return nullptr;

    auto segments = std::make_shared<CachedSegments>();
    const auto* bytes = static_cast<const std::uint8_t*>(base);
    segments->mapping_ = std::move(mapping);
    segments->count_ = static_cast<std::size_t>(h.count);
    segments->length_ = static_cast<int>(h.length);
    segments->rms_ = reinterpret_cast<const float*>(bytes + sizeof(Header));
    segments->silent_ = bytes + sizeof(Header) + h.count * sizeof(float);
    segments->samples_ = reinterpret_cast<const float*>(bytes + samplesOffset(h.count));
    return segments;
}

void SegmentCache::store(const std::string& path, std::uint64_t contentHash, const std::string& entryPath) const {
    const audio::Track track = audio::loadTrack(path, options_);
    const audio::Segments segments = audio::segment(track.mono, options_);
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.length = static_cast<std::uint32_t>(segments.length);
    h.count = segments.count();
    h.contentHash = contentHash;
    h.optionsHash = optionsHash_;
    const std::size_t count = segments.count();
    const std::vector<std::uint8_t> padding(samplesOffset(count) - (sizeof(Header) + count * sizeof(float) + count), 0);
    writeFileAtomically(entryPath, {{&h, sizeof h},
                                    {segments.rms.data(), count * sizeof(float)},
                                    {segments.silent.data(), count},
                                    {padding.data(), padding.size()},
                                    {segments.samples.data(), segments.samples.size() * sizeof(float)}});
}

} // namespace timbrescope::data
