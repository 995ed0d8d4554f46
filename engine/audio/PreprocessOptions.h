#pragma once
// How a track becomes model input: the paper's preprocessing, with its knobs exposed.

#include "engine/audio/Resampler.h"

#include <string>

namespace timbrescope::audio {

struct PreprocessOptions {
    int sampleRate = 22050;                   // the paper's rate
    Converter converter = Converter::KaiserBest;
    int segmentLength = 22050;                // samples per segment: 1 s at 22.05 kHz
    int hop = 22050;                          // samples between segment starts; < length overlaps
    // A segment whose RMS is below this (-80 dBFS) is silence: left as zeros and flagged, because
    // normalising it would blow noise up to full scale (or divide by zero).
    float silenceRms = 1e-4f;
};

// Throws Error naming the option when a value is out of range.
void validate(const PreprocessOptions& options);

// A canonical one-line description, e.g. "rate=22050 converter=kaiser-best length=22050 hop=22050
// silence=0.0001": equal strings ⇔ equal preprocessing (cache keys, run records).
std::string describe(const PreprocessOptions& options);

} // namespace timbrescope::audio
