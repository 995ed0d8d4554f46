#include "engine/synth/Renderer.h"

#include "engine/core/Error.h"

#include <fluidsynth.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace timbrescope::synth {
namespace {

enum class EventKind { NoteOff, Controller, NoteOn };  // the order at equal times

struct Event {
    std::int64_t frame;
    EventKind kind;
    int channel, key, value;  // key: the note, or the controller number
};

std::vector<Event> eventsOf(const Score& score, int sampleRate) {
    std::vector<Event> events;
    for (const Part& part : score.parts) {
        for (const Note& n : part.notes) {
            const auto on = static_cast<std::int64_t>(std::llround(n.start * sampleRate));
            const auto off = std::max(on + 1, static_cast<std::int64_t>(std::llround((n.start + n.duration) * sampleRate)));
            events.push_back({on, EventKind::NoteOn, part.channel, n.key, std::clamp(n.velocity, 1, 127)});
            events.push_back({off, EventKind::NoteOff, part.channel, n.key, 0});
        }
        for (const ControlPoint& c : part.expression)
            events.push_back({static_cast<std::int64_t>(std::llround(c.time * sampleRate)), EventKind::Controller, part.channel, 11,
                              std::clamp(c.value, 0, 127)});
    }
    // Note-offs first at equal times, so a repeated key re-strikes instead of being cut; a
    // controller change before the notes it shapes.
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.frame != b.frame ? a.frame < b.frame : int(a.kind) < int(b.kind);
    });
    return events;
}

} // namespace

std::vector<float> render(const std::vector<const SoundFont*>& fonts, const Score& score, int sampleRate) {
    if (fonts.empty()) throw Error("render", "no SoundFont to render with");
    std::unique_ptr<fluid_settings_t, void (*)(fluid_settings_t*)> settings(new_fluid_settings(), &delete_fluid_settings);
    fluid_settings_setnum(settings.get(), "synth.sample-rate", sampleRate);
    fluid_settings_setint(settings.get(), "synth.cpu-cores", 1);
    fluid_settings_setint(settings.get(), "synth.polyphony", 256);
    fluid_settings_setnum(settings.get(), "synth.gain", 0.4);
    std::unique_ptr<fluid_synth_t, void (*)(fluid_synth_t*)> synth(new_fluid_synth(settings.get()), &delete_fluid_synth);
    fluid_synth_t* s = synth.get();
    // The fonts belong to their SoundFont objects: detach them before the synth is deleted.
    struct Detach {
        fluid_synth_t* synth;
        std::vector<fluid_sfont_t*> fonts;
        ~Detach() {
            for (fluid_sfont_t* f : fonts) fluid_synth_remove_sfont(synth, f);
        }
    } detach{s, {}};
    std::vector<int> fontIds;
    for (const SoundFont* font : fonts) {
        const int id = fluid_synth_add_sfont(s, font->handle());
        if (id == FLUID_FAILED) throw Error(font->path(), "cannot attach the SoundFont to a synthesiser");
        detach.fonts.push_back(font->handle());
        fontIds.push_back(id);
    }

    fluid_synth_set_reverb_group_roomsize(s, -1, score.reverb.room);
    fluid_synth_set_reverb_group_damp(s, -1, score.reverb.damp);
    fluid_synth_set_reverb_group_width(s, -1, score.reverb.width);
    fluid_synth_set_reverb_group_level(s, -1, score.reverb.level);
    fluid_synth_set_chorus_group_level(s, -1, score.chorus.level);
    fluid_synth_set_chorus_group_speed(s, -1, score.chorus.speed);
    fluid_synth_set_chorus_group_depth(s, -1, score.chorus.depth);
    for (const Part& part : score.parts) {
        if (part.source < 0 || part.source >= int(fonts.size()))
            throw Error("render", "a part names sound source " + std::to_string(part.source) + " of " + std::to_string(fonts.size()));
        const SoundFont& font = *fonts[static_cast<std::size_t>(part.source)];
        const int bank = part.channel == Part::kDrumChannel ? 128 : part.bank;
        if (!font.hasPreset(bank, part.program) ||
            fluid_synth_program_select(s, part.channel, fontIds[static_cast<std::size_t>(part.source)], bank, part.program) != FLUID_OK)
            throw Error(font.path(), "has no preset for bank " + std::to_string(bank) + " program " + std::to_string(part.program));
        fluid_synth_cc(s, part.channel, 7, part.volume);
        fluid_synth_cc(s, part.channel, 10, part.pan);
        fluid_synth_cc(s, part.channel, 91, part.reverb);
        fluid_synth_cc(s, part.channel, 93, part.chorus);
        if (part.modulation > 0) fluid_synth_cc(s, part.channel, 1, std::clamp(part.modulation, 0, 127));
        // The default bend range is ±2 semitones over ±8192.
        if (part.detuneCents != 0.0)
            fluid_synth_pitch_bend(s, part.channel, std::clamp(8192 + int(std::lround(part.detuneCents * 8192.0 / 200.0)), 0, 16383));
        // Generator offsets in native units (cents, timecents), applied to every note of the channel.
        if (part.filterCents != 0.0) fluid_synth_set_gen(s, part.channel, GEN_FILTERFC, float(part.filterCents));
        if (part.attackTimecents != 0.0) fluid_synth_set_gen(s, part.channel, GEN_VOLENVATTACK, float(part.attackTimecents));
        if (part.releaseTimecents != 0.0) fluid_synth_set_gen(s, part.channel, GEN_VOLENVRELEASE, float(part.releaseTimecents));
    }

    const auto frames = static_cast<std::int64_t>(std::llround(score.seconds * sampleRate));
    std::vector<float> left(static_cast<std::size_t>(frames)), right(static_cast<std::size_t>(frames));
    std::int64_t position = 0;
    auto renderUntil = [&](std::int64_t frame) {
        frame = std::min(frame, frames);
        while (position < frame) {
            const int chunk = static_cast<int>(std::min<std::int64_t>(frame - position, 8192));
            fluid_synth_write_float(s, chunk, left.data(), static_cast<int>(position), 1, right.data(),
                                    static_cast<int>(position), 1);
            position += chunk;
        }
    };
    for (const Event& e : eventsOf(score, sampleRate)) {
        if (e.frame >= frames) break;
        renderUntil(e.frame);
        switch (e.kind) {
        case EventKind::NoteOn: fluid_synth_noteon(s, e.channel, e.key, e.value); break;
        case EventKind::NoteOff: fluid_synth_noteoff(s, e.channel, e.key); break;
        case EventKind::Controller: fluid_synth_cc(s, e.channel, e.key, e.value); break;
        }
    }
    renderUntil(frames);

    std::vector<float> stereo(static_cast<std::size_t>(frames) * 2);
    for (std::size_t i = 0; i < left.size(); ++i) {
        stereo[2 * i] = left[i];
        stereo[2 * i + 1] = right[i];
    }
    return stereo;
}

} // namespace timbrescope::synth
