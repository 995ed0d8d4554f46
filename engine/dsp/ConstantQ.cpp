#include "engine/dsp/ConstantQ.h"

#include <torch/torch.h>

#include <cmath>

namespace timbrescope::dsp {

ConstantQImpl::ConstantQImpl(CqtOptions options) : options(options) {
    const int octaves = (options.bins + options.binsPerOctave - 1) / options.binsPerOctave;
    longest = windowLength(0);
    for (int o = 0; o < octaves; ++o) {
        const int first = o * options.binsPerOctave;
        const int count = std::min(options.binsPerOctave, options.bins - first);
        const int length = windowLength(first);  // the octave's lowest bin has its longest window
        at::Tensor kernel = torch::zeros({2 * count, 1, length}, torch::kFloat32);
        auto k = kernel.accessor<float, 3>();
        for (int b = 0; b < count; ++b) {
            const int n = windowLength(first + b);
            const double f = frequency(first + b);
            const int offset = length / 2 - n / 2;  // window starts n/2 before the frame centre
            double windowSum = 0.0;
            for (int i = 0; i < n; ++i) windowSum += 0.5 - 0.5 * std::cos(2.0 * M_PI * i / n);
            for (int i = 0; i < n; ++i) {
                const double w = (0.5 - 0.5 * std::cos(2.0 * M_PI * i / n)) / windowSum;
                const double phase = 2.0 * M_PI * f * (i - n / 2) / options.sampleRate;
                k[b][0][offset + i] = static_cast<float>(w * std::cos(phase));
                k[count + b][0][offset + i] = static_cast<float>(-w * std::sin(phase));
            }
        }
        octaveKernels.push_back(register_buffer("octave" + std::to_string(o), kernel));
    }
}

double ConstantQImpl::frequency(int bin) const { return options.fmin * std::pow(2.0, double(bin) / options.binsPerOctave); }

int ConstantQImpl::windowLength(int bin) const {
    const double q = 1.0 / (std::pow(2.0, 1.0 / options.binsPerOctave) - 1.0);
    return static_cast<int>(std::ceil(q * options.sampleRate / frequency(bin)));
}

at::Tensor ConstantQImpl::magnitude(const at::Tensor& waveform) const {
    const std::int64_t samples = waveform.size(-1), count = frames(samples);
    // Centred frames: frame t is centred on sample t × hop; outside the segment is silence.
    const int pad = longest / 2 + 1;
    const at::Tensor padded = torch::constant_pad_nd(waveform, {pad, pad + longest});
    std::vector<at::Tensor> parts;
    for (const at::Tensor& kernel : octaveKernels) {
        const std::int64_t length = kernel.size(2), bins = kernel.size(0) / 2;
        const std::int64_t start = pad - length / 2;
        const at::Tensor span = padded.narrow(2, start, (count - 1) * options.hop + length);
        const at::Tensor out = torch::conv1d(span, kernel, {}, options.hop);  // [B, 2·bins, frames]
        const at::Tensor real = out.narrow(1, 0, bins), imag = out.narrow(1, bins, bins);
        parts.push_back(torch::sqrt(real * real + imag * imag));
    }
    return torch::cat(parts, 1);
}

at::Tensor ConstantQImpl::forward(const at::Tensor& waveform) const {
    return magnitudeToDb(magnitude(waveform), options.amin, options.topDb).unsqueeze(1);
}

std::int64_t ConstantQImpl::multiplyAdds(std::int64_t samples) const {
    std::int64_t total = 0;
    for (const at::Tensor& kernel : octaveKernels) total += kernel.size(0) * kernel.size(2) * frames(samples);
    return total;
}

at::Tensor magnitudeToDb(const at::Tensor& magnitude, double amin, double topDb) {
    const at::Tensor db = 20.0 * torch::log10(torch::clamp_min(magnitude, amin));
    const at::Tensor peak = std::get<0>(db.flatten(1).max(1)).view({-1, 1, 1});
    return torch::max(db, peak - topDb);
}

} // namespace timbrescope::dsp
