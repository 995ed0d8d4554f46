#pragma once
// IRMAS file names. Training: optional numeric prefix, [<class>], optional drum tag [dru]/[nod],
// a genre tag, an id, "__<k>": e.g. "008__[cel][nod][cla]0058__1.wav". Files differing only in
// "__<k>" are excerpts of one recording. Testing: "<song>-<k>.wav", excerpts of one song.

#include <string>

namespace timbrescope::data {

enum class Drums { Unknown, Present, Absent };

struct TrainingName {
    std::string classTag;   // the first bracketed tag, normally the class code; empty if none
    Drums drums = Drums::Unknown;
    std::string genre;      // one of genres(), or empty
    std::string recording;  // the name without "__<k>" and extension: the grouping key
    int excerpt = 0;        // k, or 0 when the name has no "__<k>"
};

// IRMAS genre tags: country-folk, classical, pop-rock, latin-soul, jazz-blues.
const char* const* genres();
constexpr int kGenreCount = 5;

// Never throws: fields it cannot find stay empty.
TrainingName parseTrainingName(const std::string& fileName);

// The generator's names, e.g. "[cel][nod][cla]0058__1.wav"; prefix > 0 adds "008__" in front.
std::string formatTrainingName(const std::string& classCode, Drums drums, const std::string& genre, int id,
                               int excerpt, int prefix = 0);

// Grouping key of a test excerpt: the name without "-<k>" and extension ("song-3.wav" → "song").
std::string testSong(const std::string& fileName);

} // namespace timbrescope::data
