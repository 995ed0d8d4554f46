#pragma once
// The safetensors format (the open format PyTorch, JAX and others read: an 8-byte little-endian
// header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
// little-endian data; free-form strings under "__metadata__"), read with our own bounds-checked
// parser: no unpickler, no code from the file ever runs, and a damaged or crafted file is refused
// with one line naming what is wrong.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace timbrescope::models {

struct SafeTensor {
    std::string dtype;                 // "F32", "I8", ...
    std::vector<std::int64_t> shape;
    std::size_t begin = 0, end = 0;    // byte range in the data section
};

struct SafeTensorsFile {
    std::map<std::string, std::string> metadata;
    std::map<std::string, SafeTensor> tensors;
    std::vector<std::uint8_t> bytes;  // the whole file
    std::size_t dataStart = 0;        // where the data section begins in `bytes`

    const std::uint8_t* data(const SafeTensor& t) const { return bytes.data() + dataStart + t.begin; }
};

// Bytes per element of a dtype this reader knows (F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL); 0 otherwise.
std::size_t dtypeSize(const std::string& dtype);

// Whether `bytes` start like a safetensors file (a plausible header length, then '{').
bool looksLikeSafeTensors(const std::vector<std::uint8_t>& bytes);

// Checks everything before anything is used: the header length within the file (and under
// 64 MiB), the header valid JSON and an object, every entry an object with a known dtype, a
// shape of non-negative integers, and data_offsets [begin, end] inside the data section whose
// length is exactly the shape's element count times the dtype's size (no overflow), the ranges
// tiling the data section without gaps or overlaps, the metadata string → string. Throws
// Error(path, reason).
SafeTensorsFile parseSafeTensors(std::vector<std::uint8_t> bytes, const std::string& path);

struct TensorToWrite {
    std::string name, dtype;
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> data;  // little-endian, shape's elements × dtype size
};

// The file's bytes: tensors in the order given, the header padded with spaces to 8 bytes.
std::string writeSafeTensors(const std::map<std::string, std::string>& metadata, const std::vector<TensorToWrite>& tensors);

} // namespace timbrescope::models
