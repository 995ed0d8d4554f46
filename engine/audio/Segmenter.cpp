#include "engine/audio/Segmenter.h"

#include <algorithm>
#include <cmath>

namespace timbrescope::audio {

std::size_t segmentCount(std::int64_t signalLength, int segmentLength, int hop) {
    if (signalLength <= 0) return 0;
    if (signalLength < segmentLength) return 1;
    return static_cast<std::size_t>(1 + (signalLength - segmentLength) / hop);
}

Segments segment(const std::vector<float>& signal, const PreprocessOptions& options) {
    validate(options);
    const auto length = static_cast<std::size_t>(options.segmentLength);
    const std::size_t count = segmentCount(static_cast<std::int64_t>(signal.size()), options.segmentLength, options.hop);

    Segments out;
    out.length = options.segmentLength;
    out.hop = options.hop;
    out.padded = count == 1 && signal.size() < length;
    out.samples.assign(count * length, 0.0f);
    out.rms.resize(count);
    out.silent.resize(count);

    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t start = i * static_cast<std::size_t>(options.hop);
        const std::size_t available = std::min(length, signal.size() - start);
        float* row = out.samples.data() + i * length;
        std::copy_n(signal.data() + start, available, row);

        double sumOfSquares = 0.0;
        for (std::size_t k = 0; k < length; ++k) sumOfSquares += static_cast<double>(row[k]) * row[k];
        const double rms = std::sqrt(sumOfSquares / static_cast<double>(length));
        out.rms[i] = static_cast<float>(rms);
        if (rms < options.silenceRms) {
            out.silent[i] = 1;
            std::fill_n(row, length, 0.0f);
            continue;
        }
        const auto scale = static_cast<float>(1.0 / rms);
        for (std::size_t k = 0; k < length; ++k) row[k] *= scale;
    }
    return out;
}

} // namespace timbrescope::audio
