#include "engine/synth/Renderer.h"

#include "engine/core/Error.h"

#include <fluidsynth.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace timbrescope::synth {
namespace {

struct Event {
    std::int64_t frame;
    bool on;
    int channel, key, velocity;
};

std::vector<Event> eventsOf(const Score& score, int sampleRate) {
    std::vector<Event> events;
    for (const Part& part : score.parts)
        for (const Note& n : part.notes) {
            const auto on = static_cast<std::int64_t>(std::llround(n.start * sampleRate));
            const auto off = std::max(on + 1, static_cast<std::int64_t>(std::llround((n.start + n.duration) * sampleRate)));
            events.push_back({on, true, part.channel, n.key, std::clamp(n.velocity, 1, 127)});
            events.push_back({off, false, part.channel, n.key, 0});
        }
    // Note-offs first at equal times, so a repeated key re-strikes instead of being cut.
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.frame != b.frame ? a.frame < b.frame : (!a.on && b.on);
    });
    return events;
}

} // namespace

std::vector<float> render(const SoundFont& font, const Score& score, int sampleRate) {
    std::unique_ptr<fluid_settings_t, void (*)(fluid_settings_t*)> settings(new_fluid_settings(), &delete_fluid_settings);
    fluid_settings_setnum(settings.get(), "synth.sample-rate", sampleRate);
    fluid_settings_setint(settings.get(), "synth.cpu-cores", 1);
    fluid_settings_setint(settings.get(), "synth.polyphony", 256);
    fluid_settings_setnum(settings.get(), "synth.gain", 0.4);
    std::unique_ptr<fluid_synth_t, void (*)(fluid_synth_t*)> synth(new_fluid_synth(settings.get()), &delete_fluid_synth);
    fluid_synth_t* s = synth.get();
    const int fontId = fluid_synth_add_sfont(s, font.handle());
    if (fontId == FLUID_FAILED) throw Error(font.path(), "cannot attach the SoundFont to a synthesiser");
    // The font belongs to SoundFont: detach it before the synth is deleted.
    struct Detach {
        fluid_synth_t* synth;
        fluid_sfont_t* font;
        ~Detach() { fluid_synth_remove_sfont(synth, font); }
    } detach{s, font.handle()};

    fluid_synth_set_reverb_group_roomsize(s, -1, score.reverb.room);
    fluid_synth_set_reverb_group_damp(s, -1, score.reverb.damp);
    fluid_synth_set_reverb_group_width(s, -1, score.reverb.width);
    fluid_synth_set_reverb_group_level(s, -1, score.reverb.level);
    for (const Part& part : score.parts) {
        const int bank = part.channel == Part::kDrumChannel ? 128 : part.bank;
        if (fluid_synth_program_select(s, part.channel, fontId, bank, part.program) != FLUID_OK)
            throw Error(font.path(), "has no preset for bank " + std::to_string(bank) + " program " + std::to_string(part.program));
        fluid_synth_cc(s, part.channel, 7, part.volume);
        fluid_synth_cc(s, part.channel, 10, part.pan);
        fluid_synth_cc(s, part.channel, 91, part.reverb);
        fluid_synth_cc(s, part.channel, 93, part.chorus);
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
        if (e.on) fluid_synth_noteon(s, e.channel, e.key, e.velocity);
        else fluid_synth_noteoff(s, e.channel, e.key);
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
