#include "engine/audio/PolyphaseResampler.h"

#include "engine/core/CpuDispatch.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace timbrescope::audio {
namespace {

// resampy's kaiser_best filter.
constexpr double kZeroCrossings = 64.0;
constexpr double kRolloff = 0.9475937167399596;
constexpr double kBeta = 14.769656459379492;

double besselI0(double x) {
    double sum = 1.0, term = 1.0;
    for (int k = 1; k < 200 && term > 1e-17 * sum; ++k) {
        term *= (x / (2.0 * k)) * (x / (2.0 * k));
        sum += term;
    }
    return sum;
}

TIMBRESCOPE_DISPATCH float dot(const float* a, const float* b, int n) {
    constexpr int kLanes = 16;
    float acc[kLanes] = {};
    int i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (int l = 0; l < kLanes; ++l) acc[l] += a[i + l] * b[i + l];
    float sum = 0.0f;
    for (int l = 0; l < kLanes; ++l) sum += acc[l];
    for (; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

} // namespace

bool PolyphaseResampler::supports(int inputRate, int outputRate) {
    return inputRate > 0 && outputRate > 0 && outputRate / std::gcd(inputRate, outputRate) <= kMaxPhases;
}

PolyphaseResampler::PolyphaseResampler(int inputRate, int outputRate) {
    const int g = std::gcd(inputRate, outputRate);
    up_ = outputRate / g;
    down_ = inputRate / g;
    // Cut-off in cycles per input sample: below the lower of the two Nyquist frequencies.
    const double cutoff = 0.5 * kRolloff * std::min(1.0, double(up_) / double(down_));
    const double width = kZeroCrossings / (2.0 * cutoff);  // half-length in input samples
    half_ = static_cast<int>(std::ceil(width));
    taps_ = 2 * half_;
    phases_.assign(static_cast<std::size_t>(up_ * taps_), 0.0f);
    const double window = besselI0(kBeta);
    for (std::int64_t p = 0; p < up_; ++p) {
        std::vector<double> h(static_cast<std::size_t>(taps_));
        double sum = 0.0;
        for (int t = 0; t < taps_; ++t) {
            const double u = double(t - half_ + 1) - double(p) / double(up_);  // input sample - output time
            const double r = u / width;
            if (std::fabs(r) > 1.0) continue;
            const double x = 2.0 * cutoff * u;
            const double sinc = std::fabs(x) < 1e-12 ? 1.0 : std::sin(M_PI * x) / (M_PI * x);
            h[std::size_t(t)] = 2.0 * cutoff * sinc * besselI0(kBeta * std::sqrt(1.0 - r * r)) / window;
            sum += h[std::size_t(t)];
        }
        // Unit gain at DC for every phase: no ripple from phase to phase on a constant.
        for (int t = 0; t < taps_; ++t) phases_[std::size_t(p * taps_ + t)] = static_cast<float>(h[std::size_t(t)] / sum);
    }
    buffer_.assign(static_cast<std::size_t>(half_), 0.0f);  // the silence before the first sample
    bufferStart_ = -half_;
}

void PolyphaseResampler::process(const float* input, std::int64_t count, bool endOfInput, std::int64_t totalOutput,
                                 std::vector<float>& output) {
    buffer_.insert(buffer_.end(), input, input + count);
    const std::int64_t available = bufferStart_ + static_cast<std::int64_t>(buffer_.size());  // input samples [.., available)
    if (endOfInput) {
        // Zeros after the end, enough for the last output's window.
        const std::int64_t lastTime = totalOutput > 0 ? ((totalOutput - 1) * down_) / up_ : 0;
        const std::int64_t needed = lastTime + half_ + 1;
        if (needed > available) buffer_.resize(buffer_.size() + static_cast<std::size_t>(needed - available), 0.0f);
    }
    const std::int64_t limit = bufferStart_ + static_cast<std::int64_t>(buffer_.size());
    for (;; ++produced_) {
        if (endOfInput && produced_ >= totalOutput) break;
        const std::int64_t position = produced_ * down_;
        const std::int64_t time = position / up_, phase = position % up_;
        const std::int64_t first = time - half_ + 1;
        if (time + half_ >= limit) break;  // the window is not all here yet
        output.push_back(dot(phases_.data() + phase * taps_, buffer_.data() + (first - bufferStart_), taps_));
    }
    // Drop input no later output can reach.
    const std::int64_t nextFirst = (produced_ * down_) / up_ - half_ + 1;
    const std::int64_t drop = std::clamp<std::int64_t>(nextFirst - bufferStart_, 0, static_cast<std::int64_t>(buffer_.size()));
    if (drop > 65536 || endOfInput) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + drop);
        bufferStart_ += drop;
    }
}

} // namespace timbrescope::audio
