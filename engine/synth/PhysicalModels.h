#pragma once
// Physical models as an instrument source: the Synthesis ToolKit's (STK) digital waveguides -
// clarinet, flute, saxophone, bowed and plucked strings - with an additive organ and trumpet and
// a source-filter voice, each with its physical parameters (reed stiffness, bow pressure and
// position, jet delay, pickup position, drawbars, formants...) drawn per GM program from a seed.
// Every second key of a class's range is played once and kept as a sample (sustained notes
// looped over whole periods), so the source plays through the same SoundFont renderer and
// render-time variation as the sample sets. No sample comes from a recording of a note: the
// timbre is the instrument's physics, which is why it is a source independent of every sample
// set. Piano is not covered.
//
// A source is named "stk" (seed 1) or "stk:SEED"; each seed is another set of instruments.

#include "engine/synth/SoundFontWriter.h"

#include <string>
#include <vector>

namespace timbrescope::synth {

bool isPhysicalModelSource(const std::string& name);   // "stk" or "stk:SEED"
bool physicalModelsAvailable();                        // built with the Synthesis ToolKit

// Rendering takes seconds, so a source is kept for every later load in the process (each
// synthesis thread loads its own SoundFont); Bypass renders it afresh.
enum class PhysicalModelCache { Use, Bypass };

// Throws Error naming the source if the name is malformed. `notes` gets a line per class left
// out and why (piano; those STK plays when the build lacks it; the voice without STK's rawwaves).
SampleBank renderPhysicalModels(const std::string& name, std::vector<std::string>* notes = nullptr,
                                PhysicalModelCache cache = PhysicalModelCache::Use);

} // namespace timbrescope::synth
