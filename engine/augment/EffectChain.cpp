#include "engine/augment/EffectChain.h"

#include "engine/audio/Segmenter.h"
#include "engine/augment/CodecRoundTrip.h"
#include "engine/augment/Compressor.h"
#include "engine/augment/Noise.h"
#include "engine/augment/PitchShift.h"
#include "engine/augment/RoomImpulse.h"
#include "engine/core/Error.h"
#include "engine/dsp/Biquad.h"

#include <cmath>

namespace timbrescope::augment {
namespace {

void validateShare(double share, const char* option) {
    if (!(share >= 0.0 && share <= 1.0)) throw Error(option, "the share of examples must be between 0 and 1");
}

} // namespace

void validate(const EffectOptions& o) {
    validateShare(o.pitchShare, "--pitch");
    validateShare(o.filterShare, "--filter");
    validateShare(o.roomShare, "--room");
    validateShare(o.compressShare, "--compress");
    validateShare(o.noiseShare, "--noise");
    validateShare(o.codecShare, "--codec");
    if (!(o.pitchSemitones > 0.0 && o.pitchSemitones <= 12.0)) throw Error("--pitch-range", "must be above 0 and at most 12 semitones");
    if (!(o.minRt60 >= 0.05 && o.minRt60 <= o.maxRt60 && o.maxRt60 <= 3.0))
        throw Error("--rt60", "needs 0.05 ≤ MIN ≤ MAX ≤ 3 seconds");
    if (!(o.minCodecLevel >= 0.0 && o.minCodecLevel <= o.maxCodecLevel && o.maxCodecLevel <= 1.0))
        throw Error("--codec-level", "needs 0 ≤ MIN ≤ MAX ≤ 1 (libsndfile's compression level)");
    if (!(o.minSnrDb >= 0.0 && o.minSnrDb <= o.maxSnrDb && o.maxSnrDb <= 80.0)) throw Error("--snr", "needs 0 ≤ MIN ≤ MAX ≤ 80 dB");
}

std::vector<std::string> applyEffects(float* samples, std::size_t count, int rate, const EffectOptions& o, std::mt19937_64& rng) {
    std::vector<std::string> applied;
    if (!o.enabled() || count == 0) return applied;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto uniform = [&](double a, double b) { return a + (b - a) * unit(rng); };
    const auto logUniform = [&](double low, double high) { return low * std::pow(high / low, unit(rng)); };
    if (unit(rng) < o.pitchShare) {
        pitchShift(samples, count, uniform(-o.pitchSemitones, o.pitchSemitones));
        applied.push_back("pitch");
    }
    if (unit(rng) < o.filterShare) {
        const double nyquistGuard = 0.45 * rate;
        dsp::Biquad filter = unit(rng) < 0.5 ? dsp::Biquad::lowPass(std::min(logUniform(1500, 10000), nyquistGuard), M_SQRT1_2, rate)
                                             : dsp::Biquad::highPass(logUniform(50, 500), M_SQRT1_2, rate);
        filter.process(samples, count);
        applied.push_back("filter");
    }
    if (unit(rng) < o.roomShare) {
        const Room room{logUniform(o.minRt60, o.maxRt60), uniform(-6.0, 12.0)};
        convolve(samples, count, roomImpulse(room, rate, rng));
        applied.push_back("room");
    }
    if (unit(rng) < o.compressShare) {
        compress(samples, count, rate, {uniform(-30.0, -6.0), uniform(2.0, 8.0), logUniform(0.001, 0.02), logUniform(0.05, 0.3)});
        applied.push_back("compress");
    }
    if (unit(rng) < o.noiseShare) {
        addNoise(samples, count, unit(rng) < 0.5 ? NoiseColour::White : NoiseColour::Pink, uniform(o.minSnrDb, o.maxSnrDb), rng);
        applied.push_back("noise");
    }
    // Drawn only when asked for, so the random stream of recipes without it is unchanged.
    if (o.codecShare > 0 && unit(rng) < o.codecShare) {
        const Codec codec = unit(rng) < 0.5 ? Codec::Mp3 : Codec::Vorbis;
        codecRoundTrip(samples, count, rate, codec, uniform(o.minCodecLevel, o.maxCodecLevel));
        applied.push_back("codec");
    }
    if (!applied.empty()) audio::normaliseRms(samples, count);
    return applied;
}

} // namespace timbrescope::augment
