#pragma once

#include "app/cli/Command.h"

namespace timbrescope::cli {

// timbrescope-cli train: the paper's training protocol on a dataset folder, into a run folder.
Command trainCommand();

} // namespace timbrescope::cli
