#include "engine/data/IrmasName.h"

#include <cstdio>
#include <regex>

namespace timbrescope::data {
namespace {

std::string stem(const std::string& fileName) {
    const auto dot = fileName.rfind('.');
    return dot == std::string::npos ? fileName : fileName.substr(0, dot);
}

} // namespace

const char* const* genres() {
    static const char* const all[kGenreCount] = {"cou_fol", "cla", "pop_roc", "lat_sou", "jaz_blu"};
    return all;
}

TrainingName parseTrainingName(const std::string& fileName) {
    TrainingName name;
    const std::string base = stem(fileName);
    // At most 9 digits: a longer run is no excerpt index, and would overflow an int (found by fuzzing).
    static const std::regex excerptSuffix(R"(^(.*)__(\d{1,9})$)");
    std::smatch m;
    if (std::regex_match(base, m, excerptSuffix)) {
        name.recording = m[1];
        name.excerpt = std::stoi(m[2]);
    } else {
        name.recording = base;
    }
    static const std::regex tag(R"(\[([A-Za-z_]+)\])");
    int position = 0;
    for (auto it = std::sregex_iterator(base.begin(), base.end(), tag); it != std::sregex_iterator(); ++it, ++position) {
        const std::string t = (*it)[1];
        if (position == 0) {
            name.classTag = t;
            continue;
        }
        if (t == "dru") name.drums = Drums::Present;
        else if (t == "nod") name.drums = Drums::Absent;
        else
            for (int g = 0; g < kGenreCount; ++g)
                if (t == genres()[g]) name.genre = t;
    }
    return name;
}

std::string formatTrainingName(const std::string& classCode, Drums drums, const std::string& genre, int id,
                               int excerpt, int prefix) {
    char text[128];
    const char* drumTag = drums == Drums::Present ? "[dru]" : drums == Drums::Absent ? "[nod]" : "";
    if (prefix > 0)
        std::snprintf(text, sizeof text, "%03d__[%s]%s[%s]%04d__%d.wav", prefix, classCode.c_str(), drumTag,
                      genre.c_str(), id, excerpt);
    else
        std::snprintf(text, sizeof text, "[%s]%s[%s]%04d__%d.wav", classCode.c_str(), drumTag, genre.c_str(), id,
                      excerpt);
    return text;
}

std::string testSong(const std::string& fileName) {
    const std::string base = stem(fileName);
    static const std::regex excerptSuffix(R"(^(.*)-(\d+)$)");
    std::smatch m;
    return std::regex_match(base, m, excerptSuffix) ? std::string(m[1]) : base;
}

} // namespace timbrescope::data
