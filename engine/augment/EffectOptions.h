#pragma once
// The options of the training-time effects chain (EffectChain.h): what each effect does and on
// which share of the training examples. Everything is off by default (the paper's protocol).

namespace timbrescope::augment {

struct EffectOptions {
    double pitchShare = 0.0;       // --pitch: resampled by up to ±pitchSemitones
    double pitchSemitones = 2.0;   // --pitch-range
    double filterShare = 0.0;      // --filter: a low-pass (1.5-10 kHz) or high-pass (50-500 Hz)
    double roomShare = 0.0;        // --room: convolved with a generated room
    double minRt60 = 0.1, maxRt60 = 1.5;  // --rt60 MIN:MAX seconds
    double compressShare = 0.0;    // --compress: a compressor (ratio 2-8, threshold -30…-6 dB)
    double noiseShare = 0.0;       // --noise: white or pink noise
    double minSnrDb = 15.0, maxSnrDb = 40.0;  // --snr MIN:MAX dB
    // --codec: an MP3 or Ogg Vorbis round trip at a compression level drawn in --codec-level
    // (libsndfile's 0 = best … 1 = smallest; MP3 at 22.05 kHz measured 0.5 ≈ 88 and 0.8 ≈ 43 kbit/s,
    // so 0.4-0.9 spans about 105 down to 25).
    // Not part of --effects, so the recipes measured before it keep their meaning.
    double codecShare = 0.0;
    double minCodecLevel = 0.4, maxCodecLevel = 0.9;

    bool enabled() const {
        return pitchShare > 0 || filterShare > 0 || roomShare > 0 || compressShare > 0 || noiseShare > 0 || codecShare > 0;
    }
};

// Throws Error naming the CLI option when a value is out of range.
void validate(const EffectOptions& options);

} // namespace timbrescope::augment
