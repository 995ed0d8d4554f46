#include "engine/dsp/TrackSpectrogram.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace timbrescope::dsp {

std::optional<TrackSpectrogram> wholeTrackCqt(const std::vector<float>& mono, int sampleRate, std::int64_t maxFrames,
                                              const std::function<bool()>& keepGoing) {
    torch::NoGradGuard noGrad;
    CqtOptions options;
    options.sampleRate = sampleRate;
    ConstantQ cqt(options);
    const std::int64_t hop = options.hop;
    const auto total = std::int64_t(mono.size());
    const std::int64_t totalFrames = std::max<std::int64_t>(1, (total + hop - 1) / hop);
    const std::int64_t pool = std::max<std::int64_t>(1, (totalFrames + maxFrames - 1) / std::max<std::int64_t>(1, maxFrames));

    TrackSpectrogram out;
    out.bins = options.bins;
    out.binsPerOctave = options.binsPerOctave;
    out.fmin = options.fmin;
    out.floorDb = -float(options.topDb);
    out.frames = (totalFrames + pool - 1) / pool;
    out.framesPerSecond = double(sampleRate) / double(hop * pool);
    std::vector<float> magnitude(std::size_t(out.frames) * std::size_t(out.bins), 0.0f);

    // Blocks of whole hops, each read with `context` samples either side (at least half the
    // longest kernel): its own frames are then exactly those of one transform of the track.
    const std::int64_t context = (cqt->longest / 2 + hop) / hop * hop;
    const std::int64_t blockFrames = std::max<std::int64_t>(1, 4 * sampleRate / hop);
    const std::int64_t blockSamples = blockFrames * hop;
    constexpr int kBatch = 4;
    std::vector<float> chunk;
    for (std::int64_t first = 0; first < total; first += blockSamples * kBatch) {
        if (keepGoing && !keepGoing()) return std::nullopt;
        const int blocks = int(std::min<std::int64_t>(kBatch, (total - first + blockSamples - 1) / blockSamples));
        const std::int64_t length = blockSamples + 2 * context;
        chunk.assign(std::size_t(blocks * length), 0.0f);
        for (int b = 0; b < blocks; ++b) {
            const std::int64_t from = first + b * blockSamples - context;
            for (std::int64_t i = std::max<std::int64_t>(0, -from); i < length && from + i < total; ++i)
                chunk[std::size_t(b * length + i)] = mono[std::size_t(from + i)];
        }
        const at::Tensor batch = torch::from_blob(chunk.data(), {blocks, 1, length}, torch::kFloat32);
        const at::Tensor m = cqt->magnitude(batch).narrow(2, context / hop, blockFrames).contiguous();  // [blocks, bins, blockFrames]
        const float* values = m.data_ptr<float>();
        for (int b = 0; b < blocks; ++b)
            for (std::int64_t f = 0; f < blockFrames; ++f) {
                const std::int64_t frame = (first / hop) + b * blockFrames + f;
                if (frame >= totalFrames) break;
                float* into = &magnitude[std::size_t(frame / pool) * std::size_t(out.bins)];
                for (int bin = 0; bin < out.bins; ++bin)
                    into[bin] = std::max(into[bin], values[(std::size_t(b) * std::size_t(out.bins) + std::size_t(bin)) * std::size_t(blockFrames) + std::size_t(f)]);
            }
    }
    const float loudest = std::max(float(options.amin), *std::max_element(magnitude.begin(), magnitude.end()));
    out.db.resize(magnitude.size());
    for (std::size_t i = 0; i < magnitude.size(); ++i)
        out.db[i] = std::max(out.floorDb, 20.0f * std::log10(std::max(magnitude[i], float(options.amin)) / loudest));
    return out;
}

} // namespace timbrescope::dsp
