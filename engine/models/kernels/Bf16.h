#pragma once
// bfloat16 as raw bits (std::uint16_t), as the fused kernels store it: the upper half of a
// float32. Conversions round to nearest even, as oneDNN and LibTorch do.

#include <cstdint>
#include <cstring>

namespace timbrescope::models::kernels {

inline float fromBf16(std::uint16_t bits) {
    const std::uint32_t wide = std::uint32_t(bits) << 16;
    float f;
    std::memcpy(&f, &wide, sizeof f);
    return f;
}

inline std::uint16_t toBf16(float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    const std::uint32_t rounded = (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16;  // to nearest even
    return f != f ? std::uint16_t(0x7FC0) : std::uint16_t(rounded);
}

// dst[rows × cols] (contiguous) = the bf16 rounding of src's rows (`stride` floats apart); one
// AVX-512 BF16 instruction per 16 values where the CPU has it (Bf16.cpp).
void roundRowsToBf16(const float* src, std::int64_t rows, std::int64_t cols, std::int64_t stride, std::uint16_t* dst);

} // namespace timbrescope::models::kernels
