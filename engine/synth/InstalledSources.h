#pragma once
// The sound sources this machine has (scripts/setup --sources installs them), as the generator's
// dialog and `timbrescope-cli sources` offer them: Debian's GM SoundFonts, FreePats' patch set
// and the physical models, each with a name a user recognises.

#include <string>
#include <vector>

namespace timbrescope::synth {

struct InstalledSource {
    std::string path;   // what --soundfont takes
    std::string label;  // e.g. "FluidR3 GM (SoundFont)"
    bool unseen = false;  // TimGM6mb: kept out of the bundled models' training
};

std::vector<InstalledSource> installedSources();

} // namespace timbrescope::synth
