#include "engine/audio/PreprocessOptions.h"

#include "engine/core/Error.h"

#include <cmath>
#include <cstdio>

namespace timbrescope::audio {

void validate(const PreprocessOptions& options) {
    if (options.sampleRate < 1000 || options.sampleRate > 384000)
        throw Error("sample rate", std::to_string(options.sampleRate) + " Hz is outside 1000..384000 Hz");
    if (options.segmentLength < 1)
        throw Error("segment length", std::to_string(options.segmentLength) + " samples: must be at least 1");
    if (options.hop < 1) throw Error("hop", std::to_string(options.hop) + " samples: must be at least 1");
    if (!(options.silenceRms >= 0.0f) || !std::isfinite(options.silenceRms))
        throw Error("silence threshold", "must be a finite RMS level >= 0");
}

std::string describe(const PreprocessOptions& options) {
    char text[160];
    std::snprintf(text, sizeof text, "rate=%d converter=%s length=%d hop=%d silence=%.9g", options.sampleRate,
                  converterName(options.converter).c_str(), options.segmentLength, options.hop, double(options.silenceRms));
    return text;
}

} // namespace timbrescope::audio
