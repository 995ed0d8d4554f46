#include "tests/support/AudioFixtures.h"

#include <QFile>

#include <sndfile.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace timbrescope::testing {

std::vector<float> sine(double frequency, double seconds, int sampleRate, float amplitude) {
    const auto n = static_cast<std::size_t>(std::llround(seconds * sampleRate));
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = amplitude * static_cast<float>(std::sin(2.0 * M_PI * frequency * double(i) / sampleRate));
    return out;
}

std::vector<float> noise(double seconds, int sampleRate, float amplitude, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-amplitude, amplitude);
    std::vector<float> out(static_cast<std::size_t>(std::llround(seconds * sampleRate)));
    for (float& v : out) v = dist(rng);
    return out;
}

std::vector<float> silence(double seconds, int sampleRate) {
    return std::vector<float>(static_cast<std::size_t>(std::llround(seconds * sampleRate)), 0.0f);
}

std::vector<float> concat(std::vector<float> a, const std::vector<float>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::vector<float> interleave(const std::vector<std::vector<float>>& channels) {
    const std::size_t frames = channels.front().size(), count = channels.size();
    std::vector<float> out(frames * count);
    for (std::size_t f = 0; f < frames; ++f)
        for (std::size_t c = 0; c < count; ++c) out[f * count + c] = channels[c][f];
    return out;
}

QString writeAudio(const QString& path, const std::vector<float>& interleaved, int sampleRate, int channels,
                   int format) {
    return writeRepeatedAudio(path, interleaved, 1, sampleRate, channels, format);
}

QString writeRepeatedAudio(const QString& path, const std::vector<float>& block, int repeats, int sampleRate, int channels,
                           int format) {
    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = channels;
    info.format = format;
    SNDFILE* file = sf_open(path.toLocal8Bit().constData(), SFM_WRITE, &info);
    if (!file) throw std::runtime_error("fixture " + path.toStdString() + ": " + sf_strerror(nullptr));
    // Keep float files bit-exact (no clipping/normalisation), NaN and Inf included.
    sf_command(file, SFC_SET_CLIPPING, nullptr, SF_FALSE);
    const sf_count_t frames = static_cast<sf_count_t>(block.size() / channels);
    for (int r = 0; r < repeats && frames > 0; ++r) {
        if (sf_writef_float(file, block.data(), frames) != frames) {
            const std::string error = sf_strerror(file);
            sf_close(file);
            throw std::runtime_error("fixture " + path.toStdString() + ": " + error);
        }
    }
    sf_close(file);
    return path;
}

QString writeWav(const QString& path, const std::vector<float>& interleaved, int sampleRate, int channels) {
    return writeAudio(path, interleaved, sampleRate, channels, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
}

QString writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        throw std::runtime_error("fixture " + path.toStdString() + ": cannot write");
    return path;
}

QString truncatedCopy(const QString& source, const QString& path, qint64 bytes) {
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) throw std::runtime_error("fixture " + source.toStdString() + ": cannot read");
    return writeBytes(path, in.read(bytes));
}

void flipOneBit(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite)) throw std::runtime_error("fixture " + path.toStdString() + ": cannot open");
    QByteArray bytes = file.readAll();
    if (bytes.isEmpty()) throw std::runtime_error("fixture " + path.toStdString() + ": empty");
    bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x10);
    if (!file.seek(0) || file.write(bytes) != bytes.size()) throw std::runtime_error("fixture " + path.toStdString() + ": cannot write");
}

bool libsndfileHasMp3() {
    SF_INFO info{};
    info.samplerate = 44100;
    info.channels = 1;
    info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    return sf_format_check(&info) == SF_TRUE;
}

double zeroCrossingFrequency(const std::vector<float>& signal, int sampleRate) {
    // Rising crossings between the first and the last one: whole periods, no edge effects.
    std::size_t first = 0, last = 0, count = 0;
    for (std::size_t i = 1; i < signal.size(); ++i) {
        if (signal[i - 1] < 0.0f && signal[i] >= 0.0f) {
            if (count == 0) first = i;
            last = i;
            ++count;
        }
    }
    if (count < 2) return 0.0;
    return double(count - 1) * sampleRate / double(last - first);
}

double dominantFrequency(const std::vector<float>& signal, int sampleRate, double low, double high, double step) {
    double best = low, bestPower = -1.0;
    for (double f = low; f <= high + 1e-9; f += step) {
        const double w = 2.0 * M_PI * f / sampleRate, coeff = 2.0 * std::cos(w);
        double s1 = 0.0, s2 = 0.0;
        for (float x : signal) {
            const double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        if (power > bestPower) {
            bestPower = power;
            best = f;
        }
    }
    return best;
}

double rms(const float* samples, std::size_t count) {
    double sum = 0.0;
    for (std::size_t i = 0; i < count; ++i) sum += double(samples[i]) * samples[i];
    return count ? std::sqrt(sum / double(count)) : 0.0;
}

} // namespace timbrescope::testing
