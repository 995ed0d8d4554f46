#include "engine/models/SafeTensors.h"

#include "engine/core/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace timbrescope::models {
namespace {

constexpr std::uint64_t kMaxHeader = 64ull << 20;

std::uint64_t headerLength(const std::vector<std::uint8_t>& bytes) {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | bytes[std::size_t(i)];
    return n;
}

[[noreturn]] void refuse(const std::string& path, const std::string& reason) { throw Error(path, "not a valid safetensors model file: " + reason); }

} // namespace

std::size_t dtypeSize(const std::string& dtype) {
    static const std::map<std::string, std::size_t> sizes = {{"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8},
                                                             {"I32", 4}, {"I16", 2}, {"I8", 1},  {"U8", 1},   {"BOOL", 1}};
    const auto found = sizes.find(dtype);
    return found == sizes.end() ? 0 : found->second;
}

bool looksLikeSafeTensors(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < 9) return false;
    const std::uint64_t n = headerLength(bytes);
    return n >= 2 && n <= bytes.size() - 8 && bytes[8] == '{';
}

SafeTensorsFile parseSafeTensors(std::vector<std::uint8_t> bytes, const std::string& path) {
    if (bytes.size() < 8) refuse(path, "shorter than its 8-byte header length");
    const std::uint64_t n = headerLength(bytes);
    if (n > bytes.size() - 8) refuse(path, "its header length (" + std::to_string(n) + " bytes) runs past the end of the file");
    if (n > kMaxHeader) refuse(path, "its header length (" + std::to_string(n) + " bytes) is over 64 MiB");
    const auto* headerBegin = reinterpret_cast<const char*>(bytes.data() + 8);
    const nlohmann::json header = nlohmann::json::parse(headerBegin, headerBegin + n, nullptr, false);
    if (header.is_discarded()) refuse(path, "its header is not valid JSON");
    if (!header.is_object()) refuse(path, "its header is not a JSON object");

    SafeTensorsFile file;
    file.dataStart = std::size_t(8 + n);
    const std::size_t dataSize = bytes.size() - file.dataStart;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) refuse(path, "\"__metadata__\" is not an object");
            for (const auto& [key, value] : entry.items()) {
                if (!value.is_string()) refuse(path, "metadata \"" + key + "\" is not a string");
                file.metadata[key] = value.get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor \"" + name + "\"";
        if (!entry.is_object()) refuse(path, where + " is not an object");
        const auto dtype = entry.find("dtype"), shape = entry.find("shape"), offsets = entry.find("data_offsets");
        if (dtype == entry.end() || !dtype->is_string()) refuse(path, where + " has no dtype");
        SafeTensor t;
        t.dtype = dtype->get<std::string>();
        const std::size_t size = dtypeSize(t.dtype);
        if (size == 0) refuse(path, where + " has an unknown dtype \"" + t.dtype + "\"");
        if (shape == entry.end() || !shape->is_array()) refuse(path, where + " has no shape");
        std::uint64_t elements = 1;
        for (const auto& d : *shape) {
            if (!d.is_number_unsigned() && !(d.is_number_integer() && d.get<std::int64_t>() >= 0))
                refuse(path, where + " has a shape entry that is not a non-negative integer");
            const std::uint64_t extent = d.get<std::uint64_t>();
            if (extent > 0 && elements > std::numeric_limits<std::uint64_t>::max() / extent / size)
                refuse(path, where + " has a shape too large to exist");
            elements *= extent;
            t.shape.push_back(std::int64_t(std::min<std::uint64_t>(extent, std::uint64_t(std::numeric_limits<std::int64_t>::max()))));
        }
        if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
            !(*offsets)[1].is_number_unsigned())
            refuse(path, where + " has no data_offsets [begin, end]");
        const std::uint64_t begin = (*offsets)[0].get<std::uint64_t>(), end = (*offsets)[1].get<std::uint64_t>();
        if (begin > end || end > dataSize)
            refuse(path, where + " has data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + "] outside the " +
                             std::to_string(dataSize) + " data bytes");
        if (end - begin != elements * size)
            refuse(path, where + " holds " + std::to_string(end - begin) + " bytes where its " + t.dtype + " shape needs " +
                             std::to_string(elements * size));
        t.begin = std::size_t(begin);
        t.end = std::size_t(end);
        file.tensors[name] = std::move(t);
    }
    // The ranges must tile the data section: no overlaps (one tensor's bytes read as another's),
    // no gaps (bytes no header describes).
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const auto& [name, t] : file.tensors) ranges.emplace_back(t.begin, t.end);
    std::sort(ranges.begin(), ranges.end());
    std::size_t covered = 0;
    for (const auto& [begin, end] : ranges) {
        if (begin < covered) refuse(path, "two tensors' byte ranges overlap (at byte " + std::to_string(begin) + ")");
        if (begin > covered) refuse(path, "bytes " + std::to_string(covered) + "-" + std::to_string(begin) + " of its data belong to no tensor");
        covered = end;
    }
    if (covered != dataSize) refuse(path, "bytes " + std::to_string(covered) + "-" + std::to_string(dataSize) + " of its data belong to no tensor");
    file.bytes = std::move(bytes);
    return file;
}

std::string writeSafeTensors(const std::map<std::string, std::string>& metadata, const std::vector<TensorToWrite>& tensors) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::size_t offset = 0;
    for (const TensorToWrite& t : tensors) {
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.data.size()}}};
        offset += t.data.size();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[std::size_t(i)] = char((std::uint64_t(text.size()) >> (8 * i)) & 0xFF);
    out += text;
    for (const TensorToWrite& t : tensors) out.append(reinterpret_cast<const char*>(t.data.data()), t.data.size());
    return out;
}

} // namespace timbrescope::models
