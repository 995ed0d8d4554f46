#pragma once
// Writes the notes of a short piece: a key, a tempo and a chord progression for a genre, and
// the parts instruments play over it (melody, sustained lines, chords, arpeggios, strums, riffs,
// bass, drums), in each instrument's range, lightly humanised.

#include "engine/synth/InstrumentProfiles.h"
#include "engine/synth/MusicTheory.h"
#include "engine/synth/Score.h"

#include <random>
#include <string>
#include <vector>

namespace timbrescope::synth {

struct Piece {
    Key key;
    double tempo = 100.0;   // beats per minute
    std::string genre;      // an IRMAS genre tag: cou_fol, cla, pop_roc, lat_sou, jaz_blu
    std::vector<Chord> progression;  // one chord per bar, repeated
    double seconds = 0.0;

    double beat() const { return 60.0 / tempo; }
    double bar() const { return 4.0 * beat(); }
    const Chord& chordAt(double time) const;
};

Piece composePiece(const std::string& genre, double seconds, std::mt19937_64& rng);

// Notes for an instrument in `role` within the pitch range [low, high].
std::vector<Note> playRole(Role role, const Piece& piece, int low, int high, std::mt19937_64& rng);
std::vector<Note> bassLine(const Piece& piece, std::mt19937_64& rng);
std::vector<Note> drumPattern(const Piece& piece, std::mt19937_64& rng);

} // namespace timbrescope::synth
