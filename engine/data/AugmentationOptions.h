#pragma once
// The options of the training-time augmentations (Mixing.h, RandomEqualiser.h), part of a run's
// training options.

#include "engine/augment/EffectOptions.h"

namespace timbrescope::data {

struct MixingOptions {
    double share = 0.0;     // fraction of training examples that are mixtures; 0 = the paper's protocol
    int maxSources = 4;     // a mixture has 2 … maxSources segments, uniformly
    double minGainDb = -12.0;  // each source's gain, uniform in [minGainDb, 0] dB

    bool enabled() const { return share > 0.0; }
};

// A random three-band equaliser (low shelf, peak, high shelf) on a share of training examples:
// the same instrument through another microphone, room or sample set.
struct EqualiserOptions {
    double share = 0.0;     // fraction of training examples equalised; 0 = off
    double maxGainDb = 9.0; // each band's gain, uniform in ±maxGainDb

    bool enabled() const { return share > 0.0; }
};

// Mixup (Mixup.h): a share of a batch's examples blended with another, soft targets.
struct MixupOptions {
    double share = 0.0;  // fraction of training examples blended; 0 = off
    double alpha = 0.4;  // λ ~ Beta(alpha, alpha): small α keeps most blends close to one example

    bool enabled() const { return share > 0.0; }
};

// What a batch loader applies to training examples: mixing first, then equalisation, then the
// effects chain (augment/EffectChain.h), then mixup across the batch.
struct Augmentation {
    MixingOptions mixing;
    EqualiserOptions equaliser;
    int sampleRate = 22050;  // of the segments, for the equaliser's frequencies
    augment::EffectOptions effects;
    MixupOptions mixup;
};

// Throw Error naming the CLI option ("--mix", "--mix-sources", "--eq", "--eq-db", "--mixup",
// "--mixup-alpha") when out of range.
void validate(const MixingOptions& options);
void validate(const EqualiserOptions& options);
void validate(const MixupOptions& options);

} // namespace timbrescope::data
