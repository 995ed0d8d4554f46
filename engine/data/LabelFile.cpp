#include "engine/data/LabelFile.h"

#include "engine/core/Error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace timbrescope::data {
namespace {
constexpr std::size_t kMaxLabelFileBytes = 64 * 1024;  // real ones are a few bytes

bool looksBinary(const std::string& text) {
    for (unsigned char c : text)
        if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')) return true;
    return false;
}

std::string trim(const std::string& s) {
    const char* space = " \t\r\n\f\v";
    const auto begin = s.find_first_not_of(space);
    if (begin == std::string::npos) return {};
    return s.substr(begin, s.find_last_not_of(space) - begin + 1);
}

} // namespace

ParsedLabels parseLabelText(const std::string& text) {
    ParsedLabels parsed;
    if (looksBinary(text)) {
        parsed.notText = true;
        return parsed;
    }
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string code = trim(line);
        if (code.empty()) continue;
        if (const auto index = classIndex(code))
            parsed.labels |= labelBit(*index);
        else
            parsed.unknownCodes.push_back(code);
    }
    return parsed;
}

ParsedLabels readLabelFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, std::string("cannot read label file: ") + std::strerror(errno));
    std::string text(kMaxLabelFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxLabelFileBytes) {
        ParsedLabels tooBig;
        tooBig.notText = true;
        return tooBig;
    }
    return parseLabelText(text);
}

std::string formatLabelText(LabelSet labels) {
    std::string text;
    for (int i : labelIndices(labels)) text += classCode(i) + "\t\n";
    return text;
}

} // namespace timbrescope::data
