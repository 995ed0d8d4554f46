#include "engine/synth/Orchestration.h"

#include "engine/core/Error.h"
#include "engine/data/Instruments.h"
#include "engine/synth/Arranger.h"
#include "engine/synth/SoundFont.h"

#include <algorithm>
#include <random>

namespace timbrescope::synth {
namespace {

using Rng = std::mt19937_64;

int integer(Rng& rng, int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); }
double uniform(Rng& rng, double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }

bool has(const std::vector<Role>& roles, Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

bool isAccompanying(Role r) { return r == Role::Chords || r == Role::Strum || r == Role::Arpeggio || r == Role::Riff; }

// A solo instrument takes any of its roles, its most typical one half of the time. In an
// ensemble one instrument leads with the melody; the others accompany or hold sustained lines.
Role chooseRole(const InstrumentProfile& profile, bool solo, bool& leadTaken, int program, Rng& rng) {
    std::vector<Role> roles = profile.roles;
    const bool distorted = program == 29 || program == 30;
    if (!distorted) roles.erase(std::remove(roles.begin(), roles.end(), Role::Riff), roles.end());
    if (solo) return uniform(rng, 0, 1) < 0.5 ? roles.front() : roles[static_cast<std::size_t>(integer(rng, 0, int(roles.size()) - 1))];
    if (!leadTaken && has(roles, Role::Melody) && (roles.front() == Role::Melody || uniform(rng, 0, 1) < 0.3)) {
        leadTaken = true;
        return Role::Melody;
    }
    std::vector<Role> accompanying;
    for (Role r : roles)
        if (isAccompanying(r)) accompanying.push_back(r);
    if (!accompanying.empty()) return accompanying[static_cast<std::size_t>(integer(rng, 0, int(accompanying.size()) - 1))];
    if (has(roles, Role::Sustained)) return Role::Sustained;
    return Role::Melody;  // a second melodic voice: a counter-line
}

} // namespace

AvailablePrograms availablePrograms(const std::vector<const SoundFont*>& pool, int instrumentSources, const std::vector<int>& classes) {
    if (pool.empty()) throw Error("--soundfont", "the pool of sound sources is empty");
    const int instruments = instrumentSources < 0 ? int(pool.size()) : std::min(instrumentSources, int(pool.size()));
    if (instruments == 0) throw Error("--soundfont", "no sound source plays the instruments (the pool has only accompaniment)");
    const std::string who = instruments == 1 ? pool.front()->path() : "the pool of " + std::to_string(instruments) + " sound sources";
    AvailablePrograms available;
    for (int s = 0; s < int(pool.size()); ++s) {
        const SoundFont& font = *pool[static_cast<std::size_t>(s)];
        const bool accompanimentOnly = s >= instruments;
        for (int c = 0; c < data::kClassCount && !accompanimentOnly; ++c) {
            SourcePrograms programs{s, {}};
            for (const ProgramVariant& v : profileFor(c).programs)
                if (font.hasPreset(0, v.program)) programs.variants.push_back(v);
            if (!programs.variants.empty()) available.perClass[static_cast<std::size_t>(c)].push_back(std::move(programs));
        }
        if (font.hasPreset(0, 32) && font.hasPreset(0, 33) && font.hasPreset(0, 34)) available.bassSources.push_back(s);
        if (font.hasPreset(128, 0)) available.drumSources.push_back(s);
    }
    for (int c : data::classesOrAll(classes))
        if (available.perClass[static_cast<std::size_t>(c)].empty())
            throw Error(who, "has no General MIDI program for " + std::string(data::instrumentClasses()[static_cast<std::size_t>(c)].name) +
                                 " (leave it out with --classes, or add a source that has it)");
    const std::string accompanying = instruments == int(pool.size()) ? who : "the pool with its accompaniment";
    const std::string hint = " (add a General MIDI SoundFont with --accompaniment)";
    if (available.drumSources.empty()) throw Error(accompanying, "has no General MIDI drum kit (bank 128)" + hint);
    if (available.bassSources.empty()) throw Error(accompanying, "has no General MIDI bass (programs 32-34)" + hint);
    return available;
}

Score orchestrate(const PlannedPiece& planned, const AvailablePrograms& programs, double seconds, const RenderVariation& variation) {
    Rng rng(planned.seed);
    // Sources are drawn from their own stream: a one-source pool renders exactly as before pools.
    Rng sourceRng(planned.seed ^ 0x736f75726365ULL);
    const auto pickSource = [&](const auto& candidates) -> const auto& {
        return candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(sourceRng)];
    };
    const Piece piece = composePiece(planned.genre, seconds, rng);
    const bool training = planned.split == data::Split::Train;
    Score score;
    score.seconds = seconds;
    score.reverb = {uniform(rng, 0.2, 0.85), uniform(rng, 0.1, 0.6), uniform(rng, 0.5, 1.0), uniform(rng, 0.4, 0.9)};

    int channel = 0;
    bool leadTaken = false;
    for (int c : planned.labelled) {
        const SourcePrograms& source = pickSource(programs.perClass[static_cast<std::size_t>(c)]);
        const auto& variants = source.variants;
        const ProgramVariant& v = variants[static_cast<std::size_t>(integer(rng, 0, int(variants.size()) - 1))];
        Part part;
        part.channel = channel++;
        part.source = source.source;
        part.program = v.program;
        part.label = c;
        const InstrumentProfile& profile = profileFor(c);
        const bool leadBefore = leadTaken;
        const Role role = chooseRole(profile, planned.labelled.size() == 1, leadTaken, v.program, rng);
        // A counter-melody sits below the lead.
        const int high = role == Role::Melody && leadBefore ? std::max(v.low + 12, v.high - 7) : v.high;
        part.notes = playRole(role, piece, v.low, high, rng);
        part.volume = training ? integer(rng, 100, 120) : integer(rng, 88, 115);
        part.pan = training ? integer(rng, 48, 80) : integer(rng, 28, 100);
        part.reverb = integer(rng, 20, 75);
        const bool chorusy = c == 3 || c == 4 || c == 5;  // guitars and organ
        part.chorus = integer(rng, 0, chorusy ? 60 : 25);
        varyPart(part, variation, seconds, planned.seed + std::uint64_t(part.channel) * 7919);
        score.parts.push_back(std::move(part));
    }
    // Unlabelled accompaniment, quieter in training excerpts where one instrument predominates.
    if (planned.bass) {
        Part bass;
        bass.channel = channel++;
        bass.source = pickSource(programs.bassSources);
        bass.program = programs.bassProgram[integer(rng, 0, 2)];
        bass.notes = bassLine(piece, rng);
        bass.volume = training ? integer(rng, 55, 80) : integer(rng, 70, 95);
        bass.pan = 64;
        bass.reverb = 20;
        score.parts.push_back(std::move(bass));
    }
    if (planned.drums) {
        Part drums;
        drums.channel = Part::kDrumChannel;
        drums.source = pickSource(programs.drumSources);
        drums.program = 0;
        drums.notes = drumPattern(piece, rng);
        drums.volume = training ? integer(rng, 50, 80) : integer(rng, 70, 100);
        drums.pan = 64;
        drums.reverb = integer(rng, 10, 40);
        score.parts.push_back(std::move(drums));
    }
    varyRoom(score, variation, planned.seed);
    return score;
}

} // namespace timbrescope::synth
