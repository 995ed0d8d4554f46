// IRMAS label files: whatever the bytes, a label set, unknown codes or "not text", never a crash.
#include "engine/data/LabelFile.h"
#include "tests/fuzz/FuzzInput.h"

using namespace timbrescope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const data::ParsedLabels parsed = data::parseLabelText(std::string(reinterpret_cast<const char*>(data), size));
    if (parsed.labels >> data::kClassCount) std::abort();  // only the 11 classes' bits
    // What was parsed writes back to text that parses to the same labels.
    if (!parsed.notText && data::parseLabelText(data::formatLabelText(parsed.labels)).labels != parsed.labels) std::abort();
    return 0;
}
