#pragma once
// How each IRMAS class is voiced with General MIDI: its program variants, playable range, and
// the musical roles it can take in an arrangement.

#include <vector>

namespace timbrescope::synth {

enum class Role {
    Melody,     // a tune: steps, leaps, rhythms, phrases
    Sustained,  // long legato notes through the harmony (voice, bowed strings, organ pads)
    Chords,     // block chords and comping, with a bass note for keyboards
    Arpeggio,   // broken chords
    Strum,      // guitar strums, notes a few ms apart
    Riff,       // power-chord eighths (overdriven / distortion guitar)
};

struct ProgramVariant {
    int program;    // GM program, 0-based
    int low, high;  // MIDI pitch range for this variant
};

struct InstrumentProfile {
    int classIndex;
    std::vector<ProgramVariant> programs;
    std::vector<Role> roles;  // the first is the most typical
};

const InstrumentProfile& profileFor(int classIndex);

} // namespace timbrescope::synth
