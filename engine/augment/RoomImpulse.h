#pragma once
// Generated rooms: an impulse response with a direct sound, a few early reflections and a
// diffuse tail of noise decaying by 60 dB in RT60 seconds (darker as it decays, as air and walls
// absorb highs), and its convolution with a segment.

#include <cstddef>
#include <random>
#include <vector>

namespace timbrescope::augment {

struct Room {
    double rt60 = 0.5;             // seconds
    double directToReverbDb = 0;   // energy of the direct sound over the rest
};

// The impulse response of `room` at `rate` Hz, 1.2 × RT60 long (at most 1.5 s). Deterministic in `rng`.
std::vector<float> roomImpulse(const Room& room, int rate, std::mt19937_64& rng);

// RT60 of an impulse response by Schroeder backward integration (a line fitted from -5 to -25 dB,
// extrapolated to -60 dB), in seconds.
double measureRt60(const std::vector<float>& impulse, int rate);

// Replaces `samples` by the first `count` samples of their convolution with `impulse`.
void convolve(float* samples, std::size_t count, const std::vector<float>& impulse);

} // namespace timbrescope::augment
