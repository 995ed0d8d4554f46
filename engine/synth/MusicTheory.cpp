#include "engine/synth/MusicTheory.h"

#include <algorithm>
#include <cstdlib>

namespace timbrescope::synth {
namespace {

const int kMajor[7] = {0, 2, 4, 5, 7, 9, 11};
const int kMinor[7] = {0, 2, 3, 5, 7, 8, 10};

int scaleStep(const Key& key, int degree) {
    const int* scale = key.minor ? kMinor : kMajor;
    return scale[((degree % 7) + 7) % 7] + 12 * (degree >= 0 ? degree / 7 : (degree - 6) / 7);
}

bool inChord(const Chord& chord, int pitch) {
    return std::find(chord.pitchClasses.begin(), chord.pitchClasses.end(), ((pitch % 12) + 12) % 12) != chord.pitchClasses.end();
}

} // namespace

Chord diatonicChord(const Key& key, int degree, bool seventh) {
    Chord chord;
    chord.root = (key.tonic + scaleStep(key, degree)) % 12;
    for (int third = 0; third < (seventh ? 4 : 3); ++third) {
        int pc = (key.tonic + scaleStep(key, degree + 2 * third)) % 12;
        // Harmonic minor: the dominant's third (the leading tone) is raised.
        if (key.minor && degree % 7 == 4 && third == 1) pc = (pc + 1) % 12;
        chord.pitchClasses.push_back(pc);
    }
    return chord;
}

std::vector<int> randomProgression(bool minor, std::mt19937_64& rng) {
    static const std::vector<std::vector<int>> major = {
        {0, 4, 5, 3}, {0, 3, 4, 0}, {0, 5, 3, 4}, {1, 4, 0, 0}, {0, 3, 0, 4}, {5, 3, 0, 4}, {0, 0, 3, 4}, {0, 2, 3, 4}};
    static const std::vector<std::vector<int>> minorProgressions = {
        {0, 5, 2, 6}, {0, 3, 4, 0}, {0, 6, 5, 4}, {0, 5, 3, 4}, {0, 3, 6, 2}, {0, 0, 3, 4}};
    const auto& pool = minor ? minorProgressions : major;
    return pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
}

std::vector<int> scalePitches(const Key& key, int low, int high) {
    std::vector<int> pitches;
    const int* scale = key.minor ? kMinor : kMajor;
    for (int p = low; p <= high; ++p)
        for (int d = 0; d < 7; ++d)
            if (((p - key.tonic) % 12 + 12) % 12 == scale[d]) pitches.push_back(p);
    return pitches;
}

std::vector<int> chordPitches(const Chord& chord, int low, int high) {
    std::vector<int> pitches;
    for (int p = low; p <= high; ++p)
        if (inChord(chord, p)) pitches.push_back(p);
    return pitches;
}

int nearest(const std::vector<int>& pitches, int target) {
    int best = pitches.front();
    for (int p : pitches)
        if (std::abs(p - target) < std::abs(best - target)) best = p;
    return best;
}

} // namespace timbrescope::synth
