#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli degrade: a copy of a test set through the effects chain (rooms, noise, codecs).
Command degradeCommand();

} // namespace timbrescope::cli
