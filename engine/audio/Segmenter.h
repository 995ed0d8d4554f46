#pragma once
// Cuts a mono signal into fixed-length segments and normalises each by its RMS energy (paper §4.1).

#include "engine/audio/PreprocessOptions.h"

#include <cstdint>
#include <vector>

namespace timbrescope::audio {

struct Segments {
    int length = 0;                 // samples per segment
    int hop = 0;                    // samples between segment starts
    std::vector<float> samples;     // count() × length, row-major, each row RMS-normalised to 1
    std::vector<float> rms;         // each segment's RMS before normalisation
    std::vector<std::uint8_t> silent;  // 1 where the segment was silence and is left as zeros
    // True when the signal was shorter than one segment and its only segment is zero-padded.
    bool padded = false;

    std::size_t count() const { return rms.size(); }
    const float* segment(std::size_t i) const { return samples.data() + i * static_cast<std::size_t>(length); }
};

// Segments a signal of `signalLength` samples yields: segments start every `hop` samples and a
// partial tail is dropped (as [4] does), except that a signal shorter than one segment still
// yields one zero-padded segment so every non-empty track can be analysed.
std::size_t segmentCount(std::int64_t signalLength, int segmentLength, int hop);
// Samples after the last segment's end that no segment covers (the dropped partial tail; 0 for a
// signal padded to one segment): what `info` and the window tell a user was not analysed.
std::int64_t unanalysedTail(std::int64_t signalLength, int segmentLength, int hop);

Segments segment(const std::vector<float>& signal, const PreprocessOptions& options = {});

// Only segments [first, first + count) of `signal`, whose per-segment RMS (segmentRms) is `rms`:
// a long track is scored a batch at a time, never holding a second copy of its signal.
Segments segmentRange(const std::vector<float>& signal, const std::vector<float>& rms, std::size_t first, std::size_t count,
                      const PreprocessOptions& options = {});

// Each segment's RMS before normalisation (zero padding included), without copying the signal:
// enough to count segments and silent ones for a long track.
std::vector<float> segmentRms(const std::vector<float>& signal, const PreprocessOptions& options = {});

inline bool isSilent(float rms, const PreprocessOptions& options) { return rms < options.silenceRms; }

// Scales `count` samples to an RMS of 1, as segments are (left alone when all zero): for
// augmented training examples, which change the level.
void normaliseRms(float* samples, std::size_t count);

} // namespace timbrescope::audio
