#include "engine/data/RandomEqualiser.h"

#include "engine/audio/Segmenter.h"
#include "engine/core/Error.h"
#include "engine/dsp/Biquad.h"

#include <cmath>

namespace timbrescope::data {

void validate(const EqualiserOptions& o) {
    if (!(o.share >= 0.0 && o.share <= 1.0)) throw Error("--eq", "the share of equalised examples must be between 0 and 1");
    if (!(o.maxGainDb > 0.0 && o.maxGainDb <= 24.0)) throw Error("--eq-db", "the largest band gain must be above 0 and at most 24 dB");
}

bool randomEqualise(float* samples, std::size_t count, int rate, const EqualiserOptions& options, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (!options.enabled() || count == 0 || unit(rng) >= options.share) return false;
    std::uniform_real_distribution<double> gain(-options.maxGainDb, options.maxGainDb);
    // Frequencies drawn on a log scale, as the ear spaces them.
    const auto logUniform = [&](double low, double high) { return low * std::pow(high / low, unit(rng)); };
    const double nyquistGuard = 0.45 * rate;  // keep every band below Nyquist at low rates too
    dsp::Biquad bands[] = {dsp::Biquad::lowShelf(std::min(logUniform(80, 400), nyquistGuard), gain(rng), rate),
                           dsp::Biquad::peaking(std::min(logUniform(300, 5000), nyquistGuard), gain(rng), logUniform(0.5, 2.0), rate),
                           dsp::Biquad::highShelf(std::min(logUniform(2000, 8000), nyquistGuard), gain(rng), rate)};
    for (dsp::Biquad& band : bands) band.process(samples, count);
    audio::normaliseRms(samples, count);
    return true;
}

} // namespace timbrescope::data
