#pragma once
// A TiMidity patch set (a .cfg naming one Gravis UltraSound .pat file per General MIDI program and
// drum key, e.g. Debian's FreePats) read into a SampleBank, so it joins the SoundFont pool: each
// key plays the patch's sample whose range covers it, looped, with its GUS envelope translated into
// a SoundFont volume envelope (sustained instruments hold, struck ones decay).

#include "engine/synth/SoundFontWriter.h"

#include <string>

namespace timbrescope::synth {

// Debian's FreePats (package freepats).
inline constexpr const char* kFreePatsConfig = "/etc/timidity/freepats.cfg";

// Reads bank 0 and drum set 0 of the config (with its `dir` and `source` lines, and the `amp=`
// option). Throws Error naming the config line or the .pat file that is missing or malformed.
SampleBank readGusPatchSet(const std::string& configPath);

// One .pat file as an instrument of `bank` (its samples appended); `drumKey` >= 0 plays it
// unpitched on that key only, without loop or envelope, as TiMidity plays drum patches.
BankInstrument readGusPatch(const std::string& patchPath, SampleBank& bank, int drumKey = -1, double amplitude = 1.0);

} // namespace timbrescope::synth
