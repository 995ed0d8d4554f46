#pragma once
// Second-order IIR filters from R. Bristow-Johnson's "Audio EQ Cookbook": the shelving and
// peaking sections a parametric equaliser is made of, and low/high-pass sections.

#include <cstddef>

namespace timbrescope::dsp {

class Biquad {
public:
    // `frequency` and `rate` in Hz, `gainDb` the boost (negative: cut); `q` the peak's sharpness.
    static Biquad lowShelf(double frequency, double gainDb, double rate);
    static Biquad highShelf(double frequency, double gainDb, double rate);
    static Biquad peaking(double frequency, double gainDb, double q, double rate);
    // -3 dB at `frequency` with q = 1/√2 (Butterworth).
    static Biquad lowPass(double frequency, double q, double rate);
    static Biquad highPass(double frequency, double q, double rate);

    // Filters `count` samples in place (transposed direct form II, state kept between calls).
    void process(float* samples, std::size_t count);
    // |H(e^{jω})| in dB at `frequency`.
    double responseDb(double frequency, double rate) const;

private:
    Biquad(double b0, double b1, double b2, double a0, double a1, double a2);
    double b0_, b1_, b2_, a1_, a2_;  // normalised by a0
    double z1_ = 0.0, z2_ = 0.0;
};

} // namespace timbrescope::dsp
