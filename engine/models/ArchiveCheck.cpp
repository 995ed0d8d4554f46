#include "engine/models/ArchiveCheck.h"

#include "engine/core/Error.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include <zlib.h>

namespace timbrescope::models {
namespace {

// Zip record signatures and the field offsets used below (APPNOTE.TXT 4.3).
constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50, kZip64Locator = 0x07064b50, kZip64End = 0x06064b50,
                        kCentralEntry = 0x02014b50, kLocalEntry = 0x04034b50;
constexpr std::uint32_t kZip64Marker32 = 0xffffffff;
constexpr std::uint16_t kZip64ExtraField = 0x0001, kStored = 0, kDeflated = 8;
constexpr std::uint64_t kLargestDeflatedEntry = 64u << 20;  // LibTorch deflates only code, a few KiB

// Inflates a raw deflate stream of `size` bytes that should give `expected` bytes; empty on failure.
std::vector<std::uint8_t> inflateRaw(const std::uint8_t* data, std::uint64_t size, std::uint64_t expected) {
    std::vector<std::uint8_t> out(std::size_t(expected) + 1);  // one spare byte: a longer stream is damaged too
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return {};
    z.next_in = const_cast<Bytef*>(data);
    z.avail_in = uInt(size);
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    const int status = inflate(&z, Z_FINISH);
    const std::uint64_t produced = z.total_out;
    inflateEnd(&z);
    if (status != Z_STREAM_END || produced != expected) return {};
    out.resize(std::size_t(expected));
    return out;
}

// Bounds-checked little-endian reads: any read past the end means a damaged file.
class Bytes {
public:
    Bytes(const std::vector<std::uint8_t>& bytes, const std::string& path, const std::string& kind) : b_(bytes), path_(path), kind_(kind) {}
    std::uint64_t read(std::uint64_t at, int width) const {
        if (at > b_.size() || std::uint64_t(width) > b_.size() - at) damaged();
        std::uint64_t v = 0;
        for (int i = width - 1; i >= 0; --i) v = v << 8 | b_[std::size_t(at) + std::size_t(i)];
        return v;
    }
    std::uint16_t u16(std::uint64_t at) const { return std::uint16_t(read(at, 2)); }
    std::uint32_t u32(std::uint64_t at) const { return std::uint32_t(read(at, 4)); }
    std::uint64_t u64(std::uint64_t at) const { return read(at, 8); }
    const std::uint8_t* span(std::uint64_t at, std::uint64_t size) const {
        if (at > b_.size() || size > b_.size() - at) damaged();
        return b_.data() + at;
    }
    std::uint64_t size() const { return b_.size(); }
    [[noreturn]] void damaged() const { throw Error(path_, "not a readable " + kind_ + " (damaged, truncated or another format)"); }

private:
    const std::vector<std::uint8_t>& b_;
    const std::string& path_;
    const std::string& kind_;
};

} // namespace

std::vector<std::uint8_t> readVerifiedArchive(const std::string& path, const std::string& kind) {
    std::vector<std::uint8_t> bytes = readFileBytes(path, kind);
    verifyArchive(bytes, path, kind);
    return bytes;
}

std::vector<std::uint8_t> readFileBytes(const std::string& path, const std::string& kind) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) throw Error(path, "no such file");
    if (std::filesystem::is_directory(path, error)) throw Error(path, "a folder, not a " + kind);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the " + kind + " (permission?)");
    return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void verifyArchive(const std::vector<std::uint8_t>& bytes, const std::string& path, const std::string& kind) {
    const Bytes b(bytes, path, kind);

    // The end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KiB.
    if (b.size() < 22) b.damaged();
    std::uint64_t end = b.size() - 22;
    const std::uint64_t earliest = end > 0xffff ? end - 0xffff : 0;
    while (b.u32(end) != kEndOfCentralDirectory) {
        if (end == earliest) b.damaged();
        --end;
    }
    std::uint64_t entries = b.u16(end + 10), directory = b.u32(end + 16);
    if (entries == 0xffff || directory == kZip64Marker32) {  // the zip64 record holds the real values
        if (end < 20 || b.u32(end - 20) != kZip64Locator) b.damaged();
        const std::uint64_t zip64End = b.u64(end - 20 + 8);
        if (b.u32(zip64End) != kZip64End) b.damaged();
        entries = b.u64(zip64End + 32);
        directory = b.u64(zip64End + 48);
    }
    if (entries == 0) b.damaged();

    std::uint64_t at = directory;
    for (std::uint64_t k = 0; k < entries; ++k) {
        if (b.u32(at) != kCentralEntry) b.damaged();
        const std::uint16_t method = b.u16(at + 10), nameLength = b.u16(at + 28), extraLength = b.u16(at + 30),
                            commentLength = b.u16(at + 32);
        const std::uint32_t crc = b.u32(at + 16);
        std::uint64_t size = b.u32(at + 24), compressedSize = b.u32(at + 20), local = b.u32(at + 42);
        const std::string name(reinterpret_cast<const char*>(b.span(at + 46, nameLength)), nameLength);
        // Sizes and offsets too large for 32 bits are in the zip64 extra field, in this order.
        for (std::uint64_t x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength;) {
            const std::uint16_t id = b.u16(x), length = b.u16(x + 2);
            if (id == kZip64ExtraField) {
                std::uint64_t field = x + 4;
                for (std::uint64_t* value : {&size, &compressedSize, &local})
                    if (*value == kZip64Marker32) {
                        *value = b.u64(field);
                        field += 8;
                    }
            }
            x += 4 + std::uint64_t(length);
        }
        if (b.u32(local) != kLocalEntry) b.damaged();
        const std::uint64_t data = local + 30 + b.u16(local + 26) + b.u16(local + 28);
        // LibTorch stores tensors and deflates its small code entries.
        bool intact = false;
        if (method == kStored && compressedSize == size) {
            intact = ::crc32_z(0, b.span(data, size), std::size_t(size)) == crc;
        } else if (method == kDeflated && size <= kLargestDeflatedEntry) {
            const std::vector<std::uint8_t> inflated = inflateRaw(b.span(data, compressedSize), compressedSize, size);
            intact = inflated.size() == size && ::crc32_z(0, inflated.data(), std::size_t(size)) == crc;
        }
        if (!intact) throw Error(path, "damaged " + kind + ": its entry '" + name + "' does not match its checksum");
        at += 46 + std::uint64_t(nameLength) + extraLength + commentLength;
    }
}

} // namespace timbrescope::models
