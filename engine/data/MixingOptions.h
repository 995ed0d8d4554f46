#pragma once
// The options of mixing augmentation (Mixing.h), part of a run's training options.

namespace timbrescope::data {

struct MixingOptions {
    double share = 0.0;     // fraction of training examples that are mixtures; 0 = the paper's protocol
    int maxSources = 4;     // a mixture has 2 … maxSources segments, uniformly
    double minGainDb = -12.0;  // each source's gain, uniform in [minGainDb, 0] dB

    bool enabled() const { return share > 0.0; }
};

// Throws Error naming the CLI option ("--mix", "--mix-sources") when out of range.
void validate(const MixingOptions& options);

} // namespace timbrescope::data
