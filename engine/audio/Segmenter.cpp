#include "engine/audio/Segmenter.h"

#include <algorithm>
#include <cmath>

namespace timbrescope::audio {

std::size_t segmentCount(std::int64_t signalLength, int segmentLength, int hop) {
    if (signalLength <= 0) return 0;
    if (signalLength < segmentLength) return 1;
    return static_cast<std::size_t>(1 + (signalLength - segmentLength) / hop);
}

std::int64_t unanalysedTail(std::int64_t signalLength, int segmentLength, int hop) {
    if (signalLength < segmentLength) return 0;
    const auto count = static_cast<std::int64_t>(segmentCount(signalLength, segmentLength, hop));
    return signalLength - ((count - 1) * hop + segmentLength);
}

std::vector<float> segmentRms(const std::vector<float>& signal, const PreprocessOptions& options) {
    validate(options);
    const auto length = static_cast<std::size_t>(options.segmentLength);
    const std::size_t count = segmentCount(static_cast<std::int64_t>(signal.size()), options.segmentLength, options.hop);
    std::vector<float> levels(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t start = i * static_cast<std::size_t>(options.hop);
        const std::size_t stop = std::min(start + length, signal.size());
        double sumOfSquares = 0.0;
        for (std::size_t k = start; k < stop; ++k) sumOfSquares += static_cast<double>(signal[k]) * signal[k];
        levels[i] = static_cast<float>(std::sqrt(sumOfSquares / static_cast<double>(length)));
    }
    return levels;
}

void normaliseRms(float* samples, std::size_t count) {
    double energy = 0.0;
    for (std::size_t k = 0; k < count; ++k) energy += double(samples[k]) * samples[k];
    const double rms = count > 0 ? std::sqrt(energy / double(count)) : 0.0;
    if (rms > 0.0)
        for (std::size_t k = 0; k < count; ++k) samples[k] = float(samples[k] / rms);
}

Segments segment(const std::vector<float>& signal, const PreprocessOptions& options) {
    const std::vector<float> rms = segmentRms(signal, options);
    return segmentRange(signal, rms, 0, rms.size(), options);
}

Segments segmentRange(const std::vector<float>& signal, const std::vector<float>& rms, std::size_t first, std::size_t count,
                      const PreprocessOptions& options) {
    validate(options);
    const auto length = static_cast<std::size_t>(options.segmentLength);
    first = std::min(first, rms.size());
    count = std::min(count, rms.size() - first);
    Segments out;
    out.rms.assign(rms.begin() + std::ptrdiff_t(first), rms.begin() + std::ptrdiff_t(first + count));
    out.length = options.segmentLength;
    out.hop = options.hop;
    out.padded = rms.size() == 1 && count == 1 && signal.size() < length;
    out.samples.assign(count * length, 0.0f);
    out.silent.resize(count);

    for (std::size_t i = 0; i < count; ++i) {
        if (isSilent(out.rms[i], options)) {
            out.silent[i] = 1;  // left as zeros
            continue;
        }
        const std::size_t start = (first + i) * static_cast<std::size_t>(options.hop);
        const std::size_t available = std::min(length, signal.size() - start);
        const auto scale = static_cast<float>(1.0 / out.rms[i]);
        float* row = out.samples.data() + i * length;
        for (std::size_t k = 0; k < available; ++k) row[k] = signal[start + k] * scale;
    }
    return out;
}

} // namespace timbrescope::audio
