#include "engine/synth/SoundFont.h"

#include "engine/core/Error.h"
#include "engine/synth/GusPatchSet.h"
#include "engine/synth/PhysicalModels.h"
#include "engine/synth/SampleFolder.h"

#include <fluidsynth.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include <unistd.h>

namespace timbrescope::synth {
namespace {

// A file that exists while its owner does (the converted SoundFont fluidsynth loads once).
struct TemporaryFile {
    std::string path;
    TemporaryFile() {
        std::string name = (std::filesystem::temp_directory_path() / "timbrescope-source-XXXXXX.sf2").string();
        const int fd = ::mkstemps(name.data(), 4);
        if (fd < 0) throw Error(name, "cannot create a temporary file for the converted sound source");
        ::close(fd);
        path = name;
    }
    ~TemporaryFile() { std::remove(path.c_str()); }
};

bool isPatchSetConfig(const std::string& path) { return std::filesystem::path(path).extension() == ".cfg"; }

} // namespace

SoundFont::SoundFont(const std::string& path) : path_(path) {
    // fluidsynth logs every channel without a preset to stderr; our errors say what matters.
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        for (int level : {FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG}) fluid_set_log_function(level, nullptr, nullptr);
    });
    std::error_code ec;
    const bool physical = isPhysicalModelSource(path);
    if (!physical && !std::filesystem::is_regular_file(path, ec) && !std::filesystem::is_directory(path, ec))
        throw Error(path, "no such SoundFont file (install fluid-soundfont-gm or pass another .sf2, a TiMidity .cfg, a sample folder or stk)");
    // Patch sets, sample folders and the physical models become a SoundFont that fluidsynth reads once and forgets.
    std::unique_ptr<TemporaryFile> converted;
    if (physical || isPatchSetConfig(path) || isSampleFolder(path)) {
        const SampleBank bank = physical            ? renderPhysicalModels(path, &notes_)
                                : isPatchSetConfig(path) ? readGusPatchSet(path)
                                                         : readSampleFolder(path, &notes_);
        converted = std::make_unique<TemporaryFile>();
        writeSoundFont(bank, converted->path);
    } else {
        // A SoundFont is a RIFF file of form "sfbk"; check before fluidsynth's loaders complain.
        char head[12] = {};
        std::ifstream(path, std::ios::binary).read(head, sizeof head);
        if (std::memcmp(head, "RIFF", 4) != 0 || std::memcmp(head + 8, "sfbk", 4) != 0)
            throw Error(path, "not a SoundFont (.sf2), TiMidity patch set (.cfg) or sample map (.samples)");
    }
    settings_ = new_fluid_settings();
    owner_ = new_fluid_synth(settings_);
    const int id = fluid_synth_sfload(owner_, converted ? converted->path.c_str() : path.c_str(), 0);
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
