#include "engine/synth/InstalledSources.h"

#include "engine/synth/GusPatchSet.h"
#include "engine/synth/PhysicalModels.h"
#include "engine/synth/SoundFont.h"

#include <filesystem>

namespace timbrescope::synth {

std::vector<InstalledSource> installedSources() {
    const std::vector<InstalledSource> known = {
        {kDefaultSoundFont, "FluidR3 GM (SoundFont)"},
        {"/usr/share/sounds/sf2/MuseScore_General_Full.sf2", "MuseScore General (SoundFont)"},
        {"/usr/share/sounds/sf2/sf_GMbank.sf2", "csound GM bank (SoundFont)"},
        {kFreePatsConfig, "FreePats (GUS patches)"},
        {"/usr/share/sounds/sf2/TimGM6mb.sf2", "TimGM6mb (SoundFont; the bundled models' unseen test set)", true},
    };
    std::vector<InstalledSource> found;
    for (const InstalledSource& s : known) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(s.path, ec)) found.push_back(s);
    }
    if (physicalModelsAvailable()) found.push_back({"stk", "Physical models (Synthesis ToolKit; no piano)"});
    return found;
}

} // namespace timbrescope::synth
