#pragma once
// Min/max/RMS of a signal over any sample range, from a precomputed per-block summary, so a
// waveform of a long track redraws without touching every sample for every pixel column.

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
    static constexpr std::int64_t kBlock = 256;
    static constexpr float kClipLevel = 0.999f;

    WaveformSummary() = default;
    explicit WaveformSummary(std::shared_ptr<const std::vector<float>> samples);

    std::int64_t size() const { return samples_ ? static_cast<std::int64_t>(samples_->size()) : 0; }

    // Statistics of samples [begin, end), clamped to the signal; an empty range gives zeros.
    // Whole blocks inside the range come from the summary, the ragged edges from the samples.
    SampleRange range(std::int64_t begin, std::int64_t end) const;

private:
    struct Block {
        float min, max;
        double sumOfSquares;
        bool clipped;
    };
    std::shared_ptr<const std::vector<float>> samples_;
    std::vector<Block> blocks_;
};

} // namespace timbrescope::widgets
