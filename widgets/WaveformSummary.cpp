#include "widgets/WaveformSummary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace timbrescope::widgets {

WaveformSummary::WaveformSummary(std::shared_ptr<const std::vector<float>> samples) : samples_(std::move(samples)) {
    const std::vector<float>& s = *samples_;
    const std::int64_t n = size();
    blocks_.reserve(static_cast<std::size_t>((n + kBlock - 1) / kBlock));
    for (std::int64_t start = 0; start < n; start += kBlock) {
        Block b{std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(), 0.0, false};
        for (std::int64_t i = start, stop = std::min(n, start + kBlock); i < stop; ++i) {
            const float v = s[static_cast<std::size_t>(i)];
            b.min = std::min(b.min, v);
            b.max = std::max(b.max, v);
            b.sumOfSquares += double(v) * v;
            b.clipped = b.clipped || std::fabs(v) >= kClipLevel;
        }
        blocks_.push_back(b);
    }
}

SampleRange WaveformSummary::range(std::int64_t begin, std::int64_t end) const {
    begin = std::max<std::int64_t>(begin, 0);
    end = std::min(end, size());
    if (end <= begin) return {};

    float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
    double sumOfSquares = 0.0;
    bool clipped = false;
    auto addSamples = [&](std::int64_t from, std::int64_t to) {
        for (std::int64_t i = from; i < to; ++i) {
            const float v = (*samples_)[static_cast<std::size_t>(i)];
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            sumOfSquares += double(v) * v;
            clipped = clipped || std::fabs(v) >= kClipLevel;
        }
    };
    const std::int64_t firstWhole = (begin + kBlock - 1) / kBlock;
    const std::int64_t lastWhole = end / kBlock;  // exclusive
    if (firstWhole >= lastWhole) {
        addSamples(begin, end);
    } else {
        addSamples(begin, firstWhole * kBlock);
        for (std::int64_t b = firstWhole; b < lastWhole; ++b) {
            const Block& block = blocks_[static_cast<std::size_t>(b)];
            lo = std::min(lo, block.min);
            hi = std::max(hi, block.max);
            sumOfSquares += block.sumOfSquares;
            clipped = clipped || block.clipped;
        }
        addSamples(lastWhole * kBlock, end);
    }
    return {lo, hi, static_cast<float>(std::sqrt(sumOfSquares / double(end - begin))), clipped};
}

} // namespace timbrescope::widgets
