#pragma once
// Render-time randomisation of everything that is not the instrument: how hard it is played
// (velocity), its phrasing (expression swells, articulation), vibrato, tuning, the preset's
// brightness (filter cutoff) and envelope, and the room (reverb, chorus, stereo placement).
// Each is switchable; drawn per part from the piece's seed, so the same options give the same
// files. With everything off, a score is exactly what it was before variation existed.

#include "engine/synth/Score.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace timbrescope::synth {

struct RenderVariation {
    bool velocity = false;      // velocity scaled ×0.6–1.25 and offset ±15
    bool expression = false;    // CC 11 swells (period 1–5 s, depth up to 40)
    bool vibrato = false;       // CC 1 modulation 0–70 on half the parts
    bool detune = false;        // ±25 cents
    bool articulation = false;  // note lengths ×0.45–1.15 (staccato to legato)
    bool filter = false;        // low-pass cutoff −2400…+600 cents
    bool envelope = false;      // attack −300…+1200, release −600…+1200 timecents
    bool room = false;          // reverb, chorus and stereo placement over wider ranges

    bool any() const;
    static RenderVariation all();
    // "all", "none" or a comma list of the names above; throws Error naming --vary otherwise.
    static RenderVariation parse(const std::string& text);
    std::vector<std::string> names() const;  // the switches that are on
};

// Applies the variation to a labelled part of a score `seconds` long. Deterministic in `seed`.
void varyPart(Part& part, const RenderVariation& variation, double seconds, std::uint64_t seed);
// Applies the room variation to the whole score.
void varyRoom(Score& score, const RenderVariation& variation, std::uint64_t seed);

} // namespace timbrescope::synth
