#include "widgets/WaveformSummary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace timbrescope::widgets {

namespace {

constexpr float kNone = std::numeric_limits<float>::max();

} // namespace

void WaveformSummary::Block::add(const Block& other) {
    min = std::min(min, other.min);
    max = std::max(max, other.max);
    sumOfSquares += other.sumOfSquares;
    clipped = clipped || other.clipped;
}

WaveformSummary::WaveformSummary(std::shared_ptr<const std::vector<float>> samples) : samples_(std::move(samples)) {
    const std::vector<float>& s = *samples_;
    const std::int64_t n = size();
    std::vector<Block> finest;
    finest.reserve(static_cast<std::size_t>((n + kBlock - 1) / kBlock));
    for (std::int64_t start = 0; start < n; start += kBlock) {
        Block b{kNone, -kNone, 0.0, false};
        for (std::int64_t i = start, stop = std::min(n, start + kBlock); i < stop; ++i) {
            const float v = s[static_cast<std::size_t>(i)];
            b.min = std::min(b.min, v);
            b.max = std::max(b.max, v);
            b.sumOfSquares += double(v) * v;
            b.clipped = b.clipped || std::fabs(v) >= kClipLevel;
        }
        finest.push_back(b);
    }
    levels_.push_back(std::move(finest));
    // Coarser levels until one block covers everything.
    while (levels_.back().size() > 1) {
        const std::vector<Block>& fine = levels_.back();
        std::vector<Block> coarse;
        coarse.reserve((fine.size() + kFanOut - 1) / kFanOut);
        for (std::size_t start = 0; start < fine.size(); start += kFanOut) {
            Block b{kNone, -kNone, 0.0, false};
            for (std::size_t i = start, stop = std::min(fine.size(), start + kFanOut); i < stop; ++i) b.add(fine[i]);
            coarse.push_back(b);
        }
        levels_.push_back(std::move(coarse));
    }
}

std::int64_t WaveformSummary::blockSize(int level) const {
    std::int64_t size = kBlock;
    for (int k = 0; k < level; ++k) size *= kFanOut;
    return size;
}

void WaveformSummary::accumulate(int level, std::int64_t begin, std::int64_t end, Block& into) const {
    if (end <= begin) return;
    if (level < 0) {
        for (std::int64_t i = begin; i < end; ++i) {
            const float v = (*samples_)[static_cast<std::size_t>(i)];
            into.add({v, v, double(v) * v, std::fabs(v) >= kClipLevel});
        }
        return;
    }
    const std::int64_t block = blockSize(level);
    const std::int64_t firstWhole = (begin + block - 1) / block;
    // A block of the last level may be partial (the signal's tail): it counts as whole when the
    // range runs to the end of the signal.
    const std::int64_t lastWhole = end == size() ? (end + block - 1) / block : end / block;  // exclusive
    if (firstWhole >= lastWhole) {
        accumulate(level - 1, begin, end, into);
        return;
    }
    accumulate(level - 1, begin, firstWhole * block, into);
    const std::vector<Block>& blocks = levels_[static_cast<std::size_t>(level)];
    for (std::int64_t b = firstWhole; b < lastWhole; ++b) into.add(blocks[static_cast<std::size_t>(b)]);
    accumulate(level - 1, std::min(lastWhole * block, end), end, into);
}

SampleRange WaveformSummary::range(std::int64_t begin, std::int64_t end) const {
    begin = std::max<std::int64_t>(begin, 0);
    end = std::min(end, size());
    if (end <= begin) return {};
    Block total{kNone, -kNone, 0.0, false};
    accumulate(levelCount() - 1, begin, end, total);
    return {total.min, total.max, static_cast<float>(std::sqrt(total.sumOfSquares / double(end - begin))), total.clipped};
}

} // namespace timbrescope::widgets
