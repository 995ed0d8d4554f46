#include "engine/augment/RoomImpulse.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace timbrescope::augment {

std::vector<float> roomImpulse(const Room& room, int rate, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> gauss(0.0, 1.0);
    const auto length = static_cast<std::size_t>(std::min(1.5, 1.2 * room.rt60) * rate) + 1;
    std::vector<double> tail(length, 0.0);
    // The diffuse tail starts after the first reflections and decays 60 dB (amplitude × 1/1000)
    // in RT60; a one-pole low-pass whose cutoff falls with time darkens it.
    const auto onset = static_cast<std::size_t>((0.005 + 0.015 * unit(rng)) * rate);
    const double decay = std::log(1000.0) / (room.rt60 * rate);
    double lowpassed = 0.0;
    for (std::size_t t = onset; t < length; ++t) {
        const double age = double(t - onset) / rate;
        const double smoothing = std::min(0.85, 0.1 + age / room.rt60 * 0.6);
        lowpassed = smoothing * lowpassed + (1.0 - smoothing) * gauss(rng);
        // Unit variance whatever the smoothing, so the energy decays exactly as RT60 says.
        const double unitVariance = std::sqrt((1.0 + smoothing) / (1.0 - smoothing));
        tail[t] = lowpassed * unitVariance * std::exp(-decay * double(t - onset));
    }
    // Early reflections: walls, floor and ceiling, 3-40 ms after the direct sound.
    const int reflections = 4 + int(unit(rng) * 7);
    std::vector<std::pair<std::size_t, double>> early;
    for (int r = 0; r < reflections; ++r) {
        const auto at = static_cast<std::size_t>((0.003 + 0.037 * unit(rng)) * rate);
        if (at < length) early.push_back({at, (unit(rng) < 0.5 ? -1 : 1) * (0.2 + 0.5 * unit(rng)) * std::exp(-decay * double(at))});
    }
    double reverbEnergy = 0.0;
    for (double v : tail) reverbEnergy += v * v;
    for (const auto& [at, gain] : early) reverbEnergy += gain * gain;
    // Scale the reverberant part so that direct / reverberant energy is as asked (direct = 1).
    const double scale = std::sqrt(std::pow(10.0, -room.directToReverbDb / 10.0) / std::max(reverbEnergy, 1e-12));
    std::vector<float> impulse(length);
    for (std::size_t t = 0; t < length; ++t) impulse[t] = float(tail[t] * scale);
    for (const auto& [at, gain] : early) impulse[at] += float(gain * scale);
    impulse[0] += 1.0f;
    return impulse;
}

double measureRt60(const std::vector<float>& impulse, int rate) {
    std::vector<double> energy(impulse.size() + 1, 0.0);  // energy[t] = Σ_{k ≥ t} h[k]²
    for (std::size_t t = impulse.size(); t-- > 0;) energy[t] = energy[t + 1] + double(impulse[t]) * impulse[t];
    // Fit from where the decay passes -5 dB to where it passes -25 dB (T20).
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = 0;
    for (std::size_t t = 0; t < impulse.size(); ++t) {
        const double db = 10.0 * std::log10(std::max(energy[t], 1e-30) / energy[0]);
        if (db > -5.0) continue;
        if (db < -25.0) break;
        const double x = double(t) / rate;
        sx += x, sy += db, sxx += x * x, sxy += x * db, ++n;
    }
    if (n < 2) return 0.0;
    const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);  // dB per second
    return slope < 0 ? -60.0 / slope : 0.0;
}

void convolve(float* samples, std::size_t count, const std::vector<float>& impulse) {
    if (count == 0 || impulse.empty()) return;
    // Linear convolution by FFT: pad both to a power of two ≥ count + |impulse| - 1.
    std::int64_t size = 1;
    while (size < std::int64_t(count + impulse.size() - 1)) size *= 2;
    const auto options = at::TensorOptions().dtype(at::kFloat);
    const at::Tensor x = at::from_blob(samples, {std::int64_t(count)}, options);
    const at::Tensor h = at::from_blob(const_cast<float*>(impulse.data()), {std::int64_t(impulse.size())}, options);
    const at::Tensor y = at::fft_irfft(at::fft_rfft(x, size) * at::fft_rfft(h, size), size);
    std::copy_n(y.data_ptr<float>(), count, samples);
}

} // namespace timbrescope::augment
