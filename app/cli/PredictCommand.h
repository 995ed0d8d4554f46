#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli predict: which instruments trained models hear in audio files.
Command predictCommand();

} // namespace timbrescope::cli
