#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli synth --out DIR: an IRMAS-layout dataset rendered from a GM SoundFont.
Command synthCommand();

} // namespace timbrescope::cli
