#include "engine/synth/RenderVariation.h"

#include "engine/core/Error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace timbrescope::synth {
namespace {

using Rng = std::mt19937_64;

double uniform(Rng& rng, double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }
bool chance(Rng& rng, double p) { return uniform(rng, 0.0, 1.0) < p; }

struct Switch {
    const char* name;
    bool RenderVariation::*flag;
};
constexpr Switch kSwitches[] = {
    {"velocity", &RenderVariation::velocity}, {"expression", &RenderVariation::expression},
    {"vibrato", &RenderVariation::vibrato},   {"detune", &RenderVariation::detune},
    {"articulation", &RenderVariation::articulation}, {"filter", &RenderVariation::filter},
    {"envelope", &RenderVariation::envelope}, {"room", &RenderVariation::room},
};

} // namespace

bool RenderVariation::any() const {
    for (const Switch& s : kSwitches)
        if (this->*s.flag) return true;
    return false;
}

RenderVariation RenderVariation::all() {
    RenderVariation v;
    for (const Switch& s : kSwitches) v.*s.flag = true;
    return v;
}

RenderVariation RenderVariation::parse(const std::string& text) {
    if (text == "all") return all();
    RenderVariation v;
    if (text == "none") return v;
    std::stringstream list(text);
    for (std::string name; std::getline(list, name, ',');) {
        const auto* s = std::find_if(std::begin(kSwitches), std::end(kSwitches), [&](const Switch& w) { return name == w.name; });
        if (s == std::end(kSwitches))
            throw Error("--vary", "'" + name + "' is not a variation (all, none, or a list of velocity, expression, vibrato, "
                                               "detune, articulation, filter, envelope, room)");
        v.*s->flag = true;
    }
    return v;
}

std::vector<std::string> RenderVariation::names() const {
    std::vector<std::string> on;
    for (const Switch& s : kSwitches)
        if (this->*s.flag) on.push_back(s.name);
    return on;
}

void varyPart(Part& part, const RenderVariation& v, double seconds, std::uint64_t seed) {
    // Each switch draws from its own stream, so turning one off leaves the others' draws alone.
    auto stream = [&](int k) { return Rng(seed * 0x9E3779B97F4A7C15ULL + std::uint64_t(k) * 0xBF58476D1CE4E5B9ULL); };
    if (v.velocity) {
        Rng rng = stream(1);
        const double scale = uniform(rng, 0.6, 1.25), offset = uniform(rng, -15, 15);
        for (Note& n : part.notes) n.velocity = std::clamp(int(std::lround(n.velocity * scale + offset)), 15, 127);
    }
    if (v.articulation) {
        Rng rng = stream(2);
        const double factor = uniform(rng, 0.45, 1.15);
        for (Note& n : part.notes) n.duration = std::max(0.04, n.duration * factor);
    }
    if (v.expression) {
        Rng rng = stream(3);
        if (chance(rng, 0.6)) {
            const double period = uniform(rng, 1.0, 5.0), depth = uniform(rng, 10, 40), phase = uniform(rng, 0, 2 * M_PI);
            const double top = uniform(rng, 100, 127);
            for (double t = 0.0; t < seconds; t += 0.05)
                part.expression.push_back({t, int(std::lround(top - depth * 0.5 * (1 + std::sin(2 * M_PI * t / period + phase))))});
        }
    }
    if (v.vibrato) {
        Rng rng = stream(4);
        if (chance(rng, 0.5)) part.modulation = int(std::lround(uniform(rng, 10, 70)));
    }
    if (v.detune) {
        Rng rng = stream(5);
        part.detuneCents = uniform(rng, -25, 25);
    }
    if (v.filter) {
        Rng rng = stream(6);
        if (chance(rng, 0.7)) part.filterCents = uniform(rng, -2400, 600);
    }
    if (v.envelope) {
        Rng rng = stream(7);
        if (chance(rng, 0.6)) {
            part.attackTimecents = uniform(rng, -300, 1200);
            part.releaseTimecents = uniform(rng, -600, 1200);
        }
    }
}

void varyRoom(Score& score, const RenderVariation& v, std::uint64_t seed) {
    if (!v.room) return;
    Rng rng(seed ^ 0x726f6f6dULL);
    score.reverb = {uniform(rng, 0.0, 1.0), uniform(rng, 0.0, 0.9), uniform(rng, 0.0, 1.0), uniform(rng, 0.0, 1.0)};
    score.chorus = {uniform(rng, 0.0, 4.0), uniform(rng, 0.1, 2.0), uniform(rng, 2.0, 16.0)};
    for (Part& p : score.parts) {
        if (p.channel == Part::kDrumChannel) continue;
        p.pan = int(std::lround(uniform(rng, 8, 120)));
        p.reverb = int(std::lround(uniform(rng, 0, 110)));
        p.chorus = int(std::lround(uniform(rng, 0, 90)));
    }
}

} // namespace timbrescope::synth
