#include "engine/data/Instruments.h"

namespace timbrescope::data {

const std::array<InstrumentClass, kClassCount>& instrumentClasses() {
    static const std::array<InstrumentClass, kClassCount> classes = {{
        {"cel", "cello"},
        {"cla", "clarinet"},
        {"flu", "flute"},
        {"gac", "acoustic guitar"},
        {"gel", "electric guitar"},
        {"org", "organ"},
        {"pia", "piano"},
        {"sax", "saxophone"},
        {"tru", "trumpet"},
        {"vio", "violin"},
        {"voi", "voice"},
    }};
    return classes;
}

std::optional<int> classIndex(std::string_view code) {
    const auto& classes = instrumentClasses();
    for (int i = 0; i < kClassCount; ++i)
        if (code == classes[static_cast<std::size_t>(i)].code) return i;
    return std::nullopt;
}

std::string classCode(int index) { return instrumentClasses().at(static_cast<std::size_t>(index)).code; }

std::vector<int> classesOrAll(const std::vector<int>& classes) {
    if (!classes.empty()) return classes;
    std::vector<int> all;
    for (int c = 0; c < kClassCount; ++c) all.push_back(c);
    return all;
}

int labelCount(LabelSet labels) { return __builtin_popcount(labels); }

std::vector<int> labelIndices(LabelSet labels) {
    std::vector<int> indices;
    for (int i = 0; i < kClassCount; ++i)
        if (hasLabel(labels, i)) indices.push_back(i);
    return indices;
}

std::string labelString(LabelSet labels) {
    std::string text;
    for (int i : labelIndices(labels)) text += (text.empty() ? "" : "+") + classCode(i);
    return text.empty() ? "-" : text;
}

} // namespace timbrescope::data
