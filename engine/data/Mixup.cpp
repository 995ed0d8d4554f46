#include "engine/data/Mixup.h"

#include "engine/audio/Segmenter.h"
#include "engine/core/Error.h"

#include <algorithm>
#include <vector>

namespace timbrescope::data {

void validate(const MixupOptions& o) {
    if (!(o.share >= 0.0 && o.share <= 1.0)) throw Error("--mixup", "the share of blended examples must be between 0 and 1");
    if (!(o.alpha > 0.0 && o.alpha <= 10.0)) throw Error("--mixup-alpha", "the Beta distribution's α must be above 0 and at most 10");
}

void mixupBatch(float* inputs, float* targets, std::size_t rows, std::size_t length, std::size_t classes,
                const MixupOptions& options, std::mt19937_64& rng) {
    if (!options.enabled() || rows < 2) return;
    const std::vector<float> inputsBefore(inputs, inputs + rows * length);
    const std::vector<float> targetsBefore(targets, targets + rows * classes);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<std::size_t> other(1, rows - 1);
    std::gamma_distribution<double> gamma(options.alpha, 1.0);
    for (std::size_t row = 0; row < rows; ++row) {
        if (unit(rng) >= options.share) continue;
        const std::size_t partner = (row + other(rng)) % rows;  // any row but this one
        const double x = gamma(rng), y = gamma(rng);
        const double lambda = x + y > 0 ? std::max(x, y) / (x + y) : 1.0;
        const auto own = float(lambda), theirs = float(1.0 - lambda);
        float* example = inputs + row * length;
        const float* partnerExample = inputsBefore.data() + partner * length;
        for (std::size_t i = 0; i < length; ++i) example[i] = own * example[i] + theirs * partnerExample[i];
        audio::normaliseRms(example, length);
        float* target = targets + row * classes;
        const float* partnerTarget = targetsBefore.data() + partner * classes;
        for (std::size_t c = 0; c < classes; ++c) target[c] = own * target[c] + theirs * partnerTarget[c];
    }
}

} // namespace timbrescope::data
