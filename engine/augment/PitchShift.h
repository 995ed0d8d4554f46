#pragma once
// Pitch shift by resampling (a tape sped up or slowed down: pitch and tempo move together), the
// way a sampler plays a recorded note at another pitch. Band-limited windowed-sinc interpolation;
// a shift up reads past the segment's end, so the segment is looped with a short crossfade.

#include <cstddef>

namespace timbrescope::augment {

// Shifts `count` samples in place by `semitones` (|semitones| ≤ 12).
void pitchShift(float* samples, std::size_t count, double semitones);

} // namespace timbrescope::augment
