#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli sources: which sound sources cover each class, and which are independent.
Command sourcesCommand();

} // namespace timbrescope::cli
