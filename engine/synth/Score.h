#pragma once
// What the synthesiser plays: parts on MIDI channels, each a GM program with mixer settings and
// timed notes. Plain data, built by the Arranger and rendered by the Renderer.

#include <vector>

namespace timbrescope::synth {

struct Note {
    double start = 0.0;     // seconds
    double duration = 0.0;  // seconds
    int key = 60;           // MIDI note number
    int velocity = 90;      // 1..127
};

// A controller value from a moment on (CC 11 expression swells).
struct ControlPoint {
    double time = 0.0;  // seconds
    int value = 127;
};

struct Part {
    static constexpr int kDrumChannel = 9;

    int channel = 0;    // 0..15; channel 9 plays the GM drum kit
    int source = 0;     // which sound source of the pool plays it (an index into the renderer's fonts)
    int bank = 0;
    int program = 0;    // GM program, 0-based
    int volume = 100;   // CC 7
    int pan = 64;       // CC 10
    int reverb = 40;    // CC 91 send
    int chorus = 0;     // CC 93 send
    int label = -1;     // IRMAS class index of a labelled instrument; -1 for accompaniment
    std::vector<Note> notes;
    // Render-time variation (RenderVariation.h); all neutral by default.
    int modulation = 0;            // CC 1: the preset's vibrato depth
    double detuneCents = 0.0;      // a constant pitch bend
    double filterCents = 0.0;      // offset of the preset's low-pass cutoff (SoundFont generator 8)
    double attackTimecents = 0.0;  // offsets of the volume envelope's attack and release
    double releaseTimecents = 0.0;
    std::vector<ControlPoint> expression;  // CC 11 over time; empty: full expression throughout
};

struct Reverb {
    double room = 0.5, damp = 0.3, width = 0.8, level = 0.6;
};

struct Chorus {
    double level = 2.0, speed = 0.3, depth = 8.0;  // fluidsynth's defaults
};

struct Score {
    double seconds = 0.0;
    std::vector<Part> parts;
    Reverb reverb;
    Chorus chorus;
};

// One note of one program, dry (no reverb or chorus): what source checks and tests render.
inline Score dryNote(int program, int key, double held, double seconds) {
    Score score;
    score.seconds = seconds;
    score.reverb.level = 0;
    score.chorus.level = 0;
    Part part;
    part.program = program;
    part.reverb = 0;
    part.notes.push_back({0.0, held, key, 100});
    score.parts.push_back(part);
    return score;
}

} // namespace timbrescope::synth
