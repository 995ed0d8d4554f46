#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli prepare DIR: fill the segment cache, show the folds, measure the batch loader.
Command prepareCommand();

} // namespace timbrescope::cli
