#include "engine/data/Mixing.h"

#include "engine/audio/Segmenter.h"
#include "engine/core/Error.h"

#include <cmath>
#include <cstring>

namespace timbrescope::data {

void validate(const MixingOptions& o) {
    if (!(o.share >= 0.0 && o.share <= 1.0)) throw Error("--mix", "the share of mixed examples must be between 0 and 1");
    if (o.maxSources < 2 || o.maxSources > 8) throw Error("--mix-sources", "a mixture has 2 to 8 sources");
    if (!(o.minGainDb <= 0.0 && o.minGainDb >= -60.0)) throw Error("--mix-gain", "the quietest source gain must be between -60 and 0 dB");
}

LabelSet mixExample(const SegmentDataset& data, std::size_t first, const std::vector<std::size_t>& pool,
                    const MixingOptions& options, std::mt19937_64& rng, float* out) {
    const auto length = static_cast<std::size_t>(data.segmentLength());
    std::memcpy(out, data.samples(first), sizeof(float) * length);
    LabelSet labels = data.labels(first);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (!options.enabled() || pool.empty() || unit(rng) >= options.share) return labels;

    std::uniform_int_distribution<int> sources(2, options.maxSources);
    std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
    std::uniform_real_distribution<double> gainDb(options.minGainDb, 0.0);
    const int wanted = sources(rng);
    const auto gain = [&] { return float(std::pow(10.0, gainDb(rng) / 20.0)); };
    const float own = gain();
    for (std::size_t k = 0; k < length; ++k) out[k] *= own;
    for (int added = 1; added < wanted; ++added) {
        // A few draws for a partner of other instruments; a crowded mixture may end with fewer.
        for (int attempt = 0; attempt < 16; ++attempt) {
            const std::size_t candidate = pool[pick(rng)];
            if (data.labels(candidate) & labels) continue;
            const float g = gain();
            const float* partner = data.samples(candidate);
            for (std::size_t k = 0; k < length; ++k) out[k] += g * partner[k];
            labels |= data.labels(candidate);
            break;
        }
    }
    audio::normaliseRms(out, length);
    return labels;
}

} // namespace timbrescope::data
