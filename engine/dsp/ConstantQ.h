#pragma once
// Constant-Q transform of 1-s segments with the parameters of the CQT baseline [4]: 96 bins,
// 12 per octave from C1 (32.703 Hz), hop 256 at 22 050 Hz, Hann windows, centred frames
// (zero-padded), magnitude in dB (ref 1, amin 1e-5, top_db 80 below each segment's maximum).
//
// Method: direct convolution with each bin's complex kernel (Hann window of Q·sr/f samples ×
// complex exponential, normalised so a sinusoid of amplitude A at the bin's frequency gives A/2).
// Kernels are grouped by octave so each octave is one strided conv1d whose length is that octave's
// longest window: ≈ 47 M multiply-adds per segment, batched, on whatever device the module is on.

#include <torch/nn/module.h>

#include <vector>

namespace timbrescope::dsp {

struct CqtOptions {
    int sampleRate = 22050;
    int bins = 96;
    int binsPerOctave = 12;
    double fmin = 32.703195662574829;  // C1
    int hop = 256;
    double amin = 1e-5;
    double topDb = 80.0;
};

struct ConstantQImpl : torch::nn::Module {
    explicit ConstantQImpl(CqtOptions options = {});

    // [B, 1, samples] → magnitude [B, bins, frames], frames = 1 + samples / hop.
    at::Tensor magnitude(const at::Tensor& waveform) const;
    // [B, 1, samples] → dB image [B, 1, bins, frames].
    at::Tensor forward(const at::Tensor& waveform) const;

    std::int64_t frames(std::int64_t samples) const { return 1 + samples / options.hop; }
    std::int64_t multiplyAdds(std::int64_t samples) const;
    double frequency(int bin) const;   // centre frequency of a bin
    int windowLength(int bin) const;   // its kernel's length in samples

    CqtOptions options;
    std::vector<at::Tensor> octaveKernels;  // per octave: [2 × bins in octave, 1, length] (real rows, then imaginary)
    int longest = 0;
};
TORCH_MODULE(ConstantQ);

// Magnitude → dB with [4]'s settings, per segment: 20·log10(max(|x|, amin)), floored at max − top_db.
at::Tensor magnitudeToDb(const at::Tensor& magnitude, double amin, double topDb);

} // namespace timbrescope::dsp
