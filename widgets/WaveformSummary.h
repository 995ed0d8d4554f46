#pragma once
// Min/max/RMS of a signal over any sample range, from a multi-resolution summary (blocks of 256
// samples, then of 16 such blocks, and so on), so a waveform of an hour-long track redraws from a
// few dozen blocks per pixel column instead of every sample.

#include <cstdint>
#include <memory>
#include <vector>

namespace timbrescope::widgets {

struct SampleRange {
    float min = 0.0f;
    float max = 0.0f;
    float rms = 0.0f;
    bool clipped = false;  // some |sample| reaches full scale
};

class WaveformSummary {
public:
    static constexpr std::int64_t kBlock = 256;   // samples per block of the finest level
    static constexpr std::int64_t kFanOut = 16;   // blocks of one level per block of the next
    static constexpr float kClipLevel = 0.999f;

    WaveformSummary() = default;
    explicit WaveformSummary(std::shared_ptr<const std::vector<float>> samples);

    std::int64_t size() const { return samples_ ? static_cast<std::int64_t>(samples_->size()) : 0; }
    int levelCount() const { return static_cast<int>(levels_.size()); }

    // Statistics of samples [begin, end), clamped to the signal; an empty range gives zeros.
    // Whole blocks inside the range come from the coarsest level that fits, the ragged edges
    // from finer levels and, last, from the samples.
    SampleRange range(std::int64_t begin, std::int64_t end) const;

private:
    struct Block {
        float min, max;
        double sumOfSquares;
        bool clipped;
        void add(const Block& other);
    };
    std::int64_t blockSize(int level) const;
    void accumulate(int level, std::int64_t begin, std::int64_t end, Block& into) const;

    std::shared_ptr<const std::vector<float>> samples_;
    std::vector<std::vector<Block>> levels_;  // levels_[k] has blocks of kBlock·kFanOut^k samples
};

} // namespace timbrescope::widgets
