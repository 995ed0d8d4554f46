#pragma once
// Streaming sample-rate conversion of a mono signal: our polyphase Kaiser filter (the default) or
// one of libsamplerate's converters. Blocks go in as they are decoded, so a long file is never
// held at its original rate.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

typedef struct SRC_STATE_tag SRC_STATE;

namespace timbrescope::audio {

// KaiserBest: PolyphaseResampler (libsamplerate's best sinc for ratios it does not cover); the
// rest: libsamplerate's converters, best quality first.
enum class Converter { KaiserBest, SincBest, SincMedium, SincFastest, ZeroOrderHold, Linear };

std::string converterName(Converter converter);  // "kaiser-best", "sinc-best", ...
// Throws Error("converter", ...) listing the valid names.
Converter parseConverter(const std::string& name);
std::vector<std::string> converterNames();

// Output frames for `inputFrames` at these rates: round(inputFrames * outputRate / inputRate).
// The Resampler's total output has exactly this length.
std::int64_t resampledLength(std::int64_t inputFrames, int inputRate, int outputRate);

class Resampler {
public:
    Resampler(int inputRate, int outputRate, Converter converter = Converter::KaiserBest);
    ~Resampler();
    Resampler(const Resampler&) = delete;
    Resampler& operator=(const Resampler&) = delete;

    // Appends the output for `count` more input samples to `output`. Call once with
    // endOfInput = true (any count, even 0) to flush; the output then totals resampledLength().
    void process(const float* input, std::int64_t count, bool endOfInput, std::vector<float>& output);

private:
    void convert(const float* input, std::int64_t count, bool endOfInput, std::vector<float>& output);

    std::unique_ptr<class PolyphaseResampler> polyphase_;
    SRC_STATE* state_ = nullptr;  // null (and no polyphase_) when the rates are equal: samples pass through
    int inputRate_;
    int outputRate_;
    std::int64_t inputTotal_ = 0;
    std::int64_t outputTotal_ = 0;
    std::vector<float> scratch_;
};

} // namespace timbrescope::audio
