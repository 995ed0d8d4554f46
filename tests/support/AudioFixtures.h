#pragma once
// Test fixtures written with libsndfile by the tests themselves: tones, noise, silence,
// multichannel files, odd rates and formats, and broken files of every kind.

#include <QString>

#include <cstdint>
#include <vector>

namespace timbrescope::testing {

std::vector<float> sine(double frequency, double seconds, int sampleRate, float amplitude = 0.5f);
std::vector<float> noise(double seconds, int sampleRate, float amplitude, unsigned seed = 1);
std::vector<float> silence(double seconds, int sampleRate);
std::vector<float> concat(std::vector<float> a, const std::vector<float>& b);
// Frames of several equally long channels, interleaved.
std::vector<float> interleave(const std::vector<std::vector<float>>& channels);

// Writes interleaved samples with libsndfile; `format` is an SF_FORMAT_* major|subtype.
// Returns `path`; fails the calling test (via QFAIL-like abort) if libsndfile refuses.
QString writeAudio(const QString& path, const std::vector<float>& interleaved, int sampleRate, int channels,
                   int format);
// 16-bit WAV shorthand.
QString writeWav(const QString& path, const std::vector<float>& interleaved, int sampleRate, int channels = 1);

// `block` (interleaved) written `repeats` times, streamed: long files without long vectors.
QString writeRepeatedAudio(const QString& path, const std::vector<float>& block, int repeats, int sampleRate, int channels,
                           int format);

// Raw bytes (garbage, text, truncated copies, a bit flipped in the middle of a file).
QString writeBytes(const QString& path, const QByteArray& bytes);
QString truncatedCopy(const QString& source, const QString& path, qint64 bytes);
void flipOneBit(const QString& path);

// Whether this libsndfile build can write (and so read) MP3.
bool libsndfileHasMp3();

// Frequency estimates of a (near) pure tone.
double zeroCrossingFrequency(const std::vector<float>& signal, int sampleRate);
// The frequency in [low, high] (step `step`) with the most energy, by Goertzel.
double dominantFrequency(const std::vector<float>& signal, int sampleRate, double low, double high, double step);

double rms(const float* samples, std::size_t count);

} // namespace timbrescope::testing
