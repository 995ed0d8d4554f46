#include "engine/synth/SourceSurvey.h"

#include "engine/data/Instruments.h"
#include "engine/synth/InstrumentProfiles.h"
#include "engine/synth/Renderer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace timbrescope::synth {
namespace {

constexpr int kRate = 22050;
constexpr int kMaxLag = 64;  // frames: onsets may differ by a few milliseconds between sources

// One dry note (no reverb, chorus or pan), mono.
std::vector<float> monoNote(const SoundFont& font, int program, int key) {
    const std::vector<float> stereo = render(font, dryNote(program, key, 0.7, 0.8), kRate);
    std::vector<float> mono(stereo.size() / 2);
    for (std::size_t i = 0; i < mono.size(); ++i) mono[i] = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
    return mono;
}

// The largest normalised cross-correlation within ±kMaxLag frames.
double correlation(const std::vector<float>& a, const std::vector<float>& b) {
    double ea = 0, eb = 0;
    for (float v : a) ea += double(v) * v;
    for (float v : b) eb += double(v) * v;
    if (ea <= 0 || eb <= 0) return 0.0;
    const auto n = std::int64_t(std::min(a.size(), b.size()));
    double best = 0;
    for (int lag = -kMaxLag; lag <= kMaxLag; ++lag) {
        double sum = 0;
        for (std::int64_t i = std::max<std::int64_t>(0, -lag); i < std::min<std::int64_t>(n, n - lag); ++i)
            sum += double(a[std::size_t(i)]) * b[std::size_t(i + lag)];
        best = std::max(best, std::abs(sum));
    }
    return best / std::sqrt(ea * eb);
}

} // namespace

SourceSurvey surveySources(const std::vector<const SoundFont*>& pool) {
    SourceSurvey survey;
    for (const SoundFont* font : pool) survey.sources.push_back(font->path());
    const std::size_t n = pool.size();
    for (int c = 0; c < data::kClassCount; ++c) {
        ClassCoverage coverage;
        coverage.program.assign(n, -1);
        coverage.sameAs.assign(n, -1);
        coverage.correlation.assign(n, std::vector<double>(n, std::numeric_limits<double>::quiet_NaN()));
        const InstrumentProfile& profile = profileFor(c);
        std::vector<std::vector<std::vector<float>>> notes(n);  // per source, three notes
        for (std::size_t s = 0; s < n; ++s) {
            for (const ProgramVariant& v : profile.programs)
                if (coverage.program[s] < 0 && pool[s]->hasPreset(0, v.program)) coverage.program[s] = v.program;
            if (coverage.program[s] < 0) continue;
            // The same keys from every source: the class's first variant's range, whichever program plays it.
            const ProgramVariant& range = profile.programs.front();
            for (int k : {1, 2, 3})
                notes[s].push_back(monoNote(*pool[s], coverage.program[s], range.low + (range.high - range.low) * k / 4));
        }
        for (std::size_t s = 0; s < n; ++s) {
            if (notes[s].empty()) continue;
            coverage.correlation[s][s] = 1.0;
            for (std::size_t t = 0; t < s; ++t) {
                if (notes[t].empty()) continue;
                double sum = 0;
                for (std::size_t k = 0; k < notes[s].size(); ++k) sum += correlation(notes[s][k], notes[t][k]);
                coverage.correlation[s][t] = coverage.correlation[t][s] = sum / double(notes[s].size());
                if (coverage.sameAs[s] < 0 && coverage.correlation[s][t] > kSameSamplesCorrelation) coverage.sameAs[s] = int(t);
            }
            if (coverage.sameAs[s] < 0) ++coverage.independentSources;
        }
        survey.classes.push_back(std::move(coverage));
    }
    return survey;
}

} // namespace timbrescope::synth
