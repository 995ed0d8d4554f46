#pragma once
// Just enough harmony for plausible accompaniment and melodies: keys, diatonic chords,
// common progressions, and pitches of a scale or chord inside an instrument's range.

#include <random>
#include <vector>

namespace timbrescope::synth {

struct Key {
    int tonic = 0;  // pitch class, 0 = C
    bool minor = false;
};

struct Chord {
    int root = 0;                   // pitch class
    std::vector<int> pitchClasses;  // root first
};

// The diatonic triad (or seventh chord) on scale degree 0..6; in minor the dominant is major,
// as in harmonic minor.
Chord diatonicChord(const Key& key, int degree, bool seventh = false);

// Scale degrees (0-based) of a progression suited to the mode, one chord per bar.
std::vector<int> randomProgression(bool minor, std::mt19937_64& rng);

// All pitches of the key's scale within [low, high], ascending.
std::vector<int> scalePitches(const Key& key, int low, int high);
// All pitches of the chord within [low, high], ascending.
std::vector<int> chordPitches(const Chord& chord, int low, int high);
// The pitch in `pitches` nearest to `target` (ties go down).
int nearest(const std::vector<int>& pitches, int target);

} // namespace timbrescope::synth
