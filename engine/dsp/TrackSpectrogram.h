#pragma once
// A whole track's constant-Q spectrogram as the CQT baseline hears it (its 96 bins from C1, its
// hop), for showing beside the waveform. Computed a few seconds at a time with each block's
// context on both sides (so block edges leave no seams and memory holds the picture, not the
// transform of the whole track), max-pooled over time to at most `maxFrames` columns, in dB
// below the track's loudest bin, floored at -topDb.

#include "engine/dsp/ConstantQ.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace timbrescope::dsp {

struct TrackSpectrogram {
    int bins = 0;
    std::int64_t frames = 0;
    double framesPerSecond = 0.0;  // after pooling
    double fmin = 0.0;
    int binsPerOctave = 12;
    float floorDb = -80.0f;
    std::vector<float> db;  // frame-major: frames × bins, 0 dB = the track's loudest bin

    float at(std::int64_t frame, int bin) const { return db[std::size_t(frame) * std::size_t(bins) + std::size_t(bin)]; }
};

// `mono` at `sampleRate` (the models' 22 050 Hz). nullopt when `keepGoing` says stop (it is
// asked between blocks).
std::optional<TrackSpectrogram> wholeTrackCqt(const std::vector<float>& mono, int sampleRate, std::int64_t maxFrames = 16384,
                                              const std::function<bool()>& keepGoing = {});

} // namespace timbrescope::dsp
