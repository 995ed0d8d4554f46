#pragma once
// Real recorded one-shot notes as an instrument source: a folder whose subfolders are named by
// IRMAS class code (cel/, pia/, ...) and hold audio files of single notes, or a map file
// (NAME.samples: lines "code path", paths relative to it, # comments) naming such files where they
// are (e.g. /usr/share/lmms/samples/instruments). Each note's pitch is measured (YIN); chords and
// unpitched sounds are skipped. A key plays the nearest recorded note, shifted by at most a
// tritone (the note an octave off when the range runs out, so the harmony stays), with its own
// decay and a short release. The class is played as its profile's first GM program.

#include "engine/synth/SoundFontWriter.h"

#include <optional>
#include <string>
#include <vector>

namespace timbrescope::synth {

bool isSampleFolder(const std::string& path);  // a directory or a .samples file

// Throws Error naming the folder, map line or file that cannot be used. `skipped` gets one line
// per file left out and why.
SampleBank readSampleFolder(const std::string& path, std::vector<std::string>* skipped = nullptr);

struct MeasuredPitch {
    double key = 0;            // fractional MIDI key
    double aperiodicity = 1;   // YIN's: 0 perfectly periodic
    double lowHarmonics = 0;   // share of harmonics 1-3 in harmonics 1-12 (a chord's implied root has little)
};

// Measures a note's pitch from mono samples (after its onset); nullopt if too short or silent.
std::optional<MeasuredPitch> measurePitch(const std::vector<float>& mono, int sampleRate);

} // namespace timbrescope::synth
