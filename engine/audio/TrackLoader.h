#pragma once
// file → decode (libsndfile) → mono (channel mean) → resample (libsamplerate), streamed in
// blocks: memory holds the mono signal at the target rate and one block, never the whole
// file at its original rate and channel count.

#include "engine/audio/AudioFileReader.h"
#include "engine/audio/PreprocessOptions.h"

#include <cstdint>
#include <string>
#include <vector>

namespace timbrescope::audio {

struct Track {
    AudioFileInfo source;          // format, channels and rate as stored
    std::int64_t frames = 0;       // frames decoded at the source rate
    float peak = 0.0f;             // largest |sample| over all channels, linear full scale
    float rms = 0.0f;              // RMS over all channels
    int sampleRate = 0;            // rate of `mono`
    std::vector<float> mono;       // channel mean, resampled to sampleRate
    std::vector<std::string> warnings;

    double durationSeconds() const { return source.sampleRate > 0 ? double(frames) / source.sampleRate : 0.0; }
};

// Throws AudioError (naming the file) for missing, unreadable, non-audio, truncated, corrupt,
// empty and NaN/Inf-containing files; Error for invalid options.
Track loadTrack(const std::string& path, const PreprocessOptions& options = {});

} // namespace timbrescope::audio
