#include "engine/audio/ResamplerQuality.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace timbrescope::audio {
namespace {

// Output level of a 1-s, 0.5-amplitude tone at `frequency`, in dB re the tone, over the middle
// half second (away from the filter's start-up and tail).
double toneGainDb(Converter converter, int inputRate, int outputRate, double frequency) {
    constexpr double kAmplitude = 0.5;
    std::vector<float> tone(static_cast<std::size_t>(inputRate));
    for (std::size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<float>(kAmplitude * std::sin(2.0 * M_PI * frequency * double(i) / inputRate));
    Resampler resampler(inputRate, outputRate, converter);
    std::vector<float> out;
    resampler.process(tone.data(), static_cast<std::int64_t>(tone.size()), true, out);
    const std::size_t from = out.size() / 4, to = 3 * out.size() / 4;
    double sum = 0.0;
    for (std::size_t i = from; i < to; ++i) sum += double(out[i]) * out[i];
    const double rms = std::sqrt(sum / double(to - from));
    return 20.0 * std::log10(std::max(rms, 1e-12) / (kAmplitude / std::sqrt(2.0)));
}

} // namespace

ResamplerQuality measureResamplerQuality(Converter converter, int inputRate, int outputRate) {
    ResamplerQuality q;
    const double newNyquist = 0.5 * std::min(inputRate, outputRate), oldNyquist = 0.5 * inputRate;
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    for (double f = 100.0; f <= 0.9 * newNyquist; f += 100.0, ++q.passbandTones) {
        const double g = toneGainDb(converter, inputRate, outputRate, f);
        lo = std::min(lo, g), hi = std::max(hi, g);
    }
    q.passbandRippleDb = hi - lo;
    q.worstAliasDb = -std::numeric_limits<double>::infinity();
    for (double f = 1.1 * newNyquist; f < 0.98 * oldNyquist; f += 250.0, ++q.aliasTones)
        q.worstAliasDb = std::max(q.worstAliasDb, toneGainDb(converter, inputRate, outputRate, f));
    return q;
}

} // namespace timbrescope::audio
