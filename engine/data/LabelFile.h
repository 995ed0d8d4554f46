#pragma once
// IRMAS test label files: one class code per line, each followed by a TAB ("gel\t\nvoi\t\n").
// Accepted as found in the wild: CRLF, spaces, missing final newline, blank lines.

#include "engine/data/Instruments.h"

#include <string>
#include <vector>

namespace timbrescope::data {

struct ParsedLabels {
    LabelSet labels = 0;
    std::vector<std::string> unknownCodes;  // lines that are not an IRMAS code
    bool notText = false;                   // binary content: not a label file at all
};

ParsedLabels parseLabelText(const std::string& text);
// Throws Error naming the file if it cannot be read.
ParsedLabels readLabelFile(const std::string& path);
// The real format: "<code>\t\n" per label, in class order.
std::string formatLabelText(LabelSet labels);

} // namespace timbrescope::data
