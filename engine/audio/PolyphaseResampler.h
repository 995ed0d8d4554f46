#pragma once
// Band-limited sample-rate conversion by a rational factor L/M with a polyphase Kaiser-windowed
// sinc filter (the "kaiser_best" design of resampy: 64 zero crossings, roll-off 0.9476,
// β 14.77), streamed in blocks. Each output sample is one contiguous dot product with one of L
// precomputed phases, so it runs far faster than a general-ratio converter for the rates audio
// files use (44.1 → 22.05 kHz is L/M = 1/2).

#include <cstdint>
#include <vector>

namespace timbrescope::audio {

class PolyphaseResampler {
public:
    // Rates whose reduced ratio needs more phases than this are left to libsamplerate.
    static constexpr std::int64_t kMaxPhases = 2048;
    static bool supports(int inputRate, int outputRate);

    PolyphaseResampler(int inputRate, int outputRate);

    // Appends the output for `count` more samples. With endOfInput, the output is completed to
    // exactly `totalOutput` samples (the signal continues with zeros past its end).
    void process(const float* input, std::int64_t count, bool endOfInput, std::int64_t totalOutput, std::vector<float>& output);

private:
    std::int64_t up_, down_;       // L, M
    int taps_ = 0;                 // per phase: input samples q-half+1 … q+half for output time q + p/L
    int half_ = 0;
    std::vector<float> phases_;    // L × taps_
    std::vector<float> buffer_;    // input from absolute index bufferStart_ (zeros before 0)
    std::int64_t bufferStart_ = 0;
    std::int64_t produced_ = 0;    // output samples so far
};

} // namespace timbrescope::audio
