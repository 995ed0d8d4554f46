#pragma once
// The effects chain's options, shared by `train` (on training examples) and `degrade` (on a test
// set): parsed in one place so both commands mean the same thing by them.

#include "app/cli/Arguments.h"
#include "engine/augment/EffectOptions.h"

#include <string>

namespace timbrescope::cli {

// --effects SHARE sets every effect's share unless given on its own; --codec is apart from it.
augment::EffectOptions parseEffects(Arguments& args);

// The help lines of those options.
std::string effectOptionsHelp();

} // namespace timbrescope::cli
