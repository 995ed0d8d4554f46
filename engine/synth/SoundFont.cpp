#include "engine/synth/SoundFont.h"

#include "engine/core/Error.h"

#include <fluidsynth.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace timbrescope::synth {

SoundFont::SoundFont(const std::string& path) : path_(path) {
    // fluidsynth logs every channel without a preset to stderr; our errors say what matters.
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        for (int level : {FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG}) fluid_set_log_function(level, nullptr, nullptr);
    });
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(path, "no such SoundFont file (install fluid-soundfont-gm or pass another .sf2)");
    // A SoundFont is a RIFF file of form "sfbk"; check before fluidsynth's loaders complain.
    char head[12] = {};
    std::ifstream(path, std::ios::binary).read(head, sizeof head);
    if (std::memcmp(head, "RIFF", 4) != 0 || std::memcmp(head + 8, "sfbk", 4) != 0)
        throw Error(path, "not a SoundFont (.sf2) file");
    settings_ = new_fluid_settings();
    owner_ = new_fluid_synth(settings_);
    const int id = fluid_synth_sfload(owner_, path.c_str(), 0);
    if (id == FLUID_FAILED) {
        delete_fluid_synth(owner_);
        delete_fluid_settings(settings_);
        throw Error(path, "not a loadable SoundFont (.sf2) file");
    }
    font_ = fluid_synth_get_sfont_by_id(owner_, id);
}

SoundFont::~SoundFont() {
    delete_fluid_synth(owner_);
    delete_fluid_settings(settings_);
}

bool SoundFont::hasPreset(int bank, int program) const {
    return fluid_sfont_get_preset(font_, bank, program) != nullptr;
}

} // namespace timbrescope::synth
