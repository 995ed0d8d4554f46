#pragma once
// The 11 IRMAS instrument classes, in the order used everywhere (alphabetical by code), and
// label sets over them.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace timbrescope::data {

constexpr int kClassCount = 11;

struct InstrumentClass {
    const char* code;  // IRMAS code, e.g. "cel"
    const char* name;  // e.g. "cello"
};

const std::array<InstrumentClass, kClassCount>& instrumentClasses();

// Index of an IRMAS code ("cel" → 0); nullopt for anything else. Case-sensitive, as IRMAS is.
std::optional<int> classIndex(std::string_view code);
std::string classCode(int index);
// `classes` as given, or every class index (0 … 10) when it is empty: how options say "all".
std::vector<int> classesOrAll(const std::vector<int>& classes);

// A set of classes as bits: bit i set ⇔ class i is present.
using LabelSet = std::uint16_t;

inline LabelSet labelBit(int index) { return static_cast<LabelSet>(1u << index); }
inline bool hasLabel(LabelSet labels, int index) { return (labels >> index) & 1u; }
int labelCount(LabelSet labels);
std::vector<int> labelIndices(LabelSet labels);
// "cel+pia" (or "-" for none), in class order.
std::string labelString(LabelSet labels);

} // namespace timbrescope::data
