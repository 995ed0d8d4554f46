#include "engine/synth/PhysicalModels.h"

#include "engine/core/Error.h"
#include "engine/data/Instruments.h"
#include "engine/dsp/Biquad.h"
#include "engine/synth/InstrumentProfiles.h"
#include "engine/synth/SampleFolder.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>

#ifdef TIMBRESCOPE_HAVE_STK
#include <stk/Bowed.h>
#include <stk/Clarinet.h>
#include <stk/Flute.h>
#include <stk/Mandolin.h>
#include <stk/Saxofony.h>
#include <stk/StifKarp.h>
#include <stk/Stk.h>
#endif

namespace timbrescope::synth {
namespace {

constexpr int kRate = 44100;
constexpr double kSustainedSeconds = 1.3;  // attack, then a steady stretch to loop
constexpr double kPluckedSeconds = 3.0;    // a plucked string rings out
constexpr const char* kRawwaves = "/usr/share/stk/rawwaves/";  // Debian's stk package

using Rng = std::mt19937_64;
double uniform(Rng& rng, double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }

// The physical parameters of one instrument (a class's GM program under one seed), each 0..1
// within the range where the model speaks well; what each means depends on the model.
struct Physique {
    double a = 0.5, b = 0.5, c = 0.5, d = 0.5;
    double amplitude = 0.8;
};

Physique drawPhysique(std::uint64_t seed, int classIndex, int program) {
    Rng rng(seed * 1000003ULL + std::uint64_t(classIndex) * 131ULL + std::uint64_t(program));
    Physique p;
    p.a = uniform(rng, 0, 1), p.b = uniform(rng, 0, 1), p.c = uniform(rng, 0, 1), p.d = uniform(rng, 0, 1);
    p.amplitude = uniform(rng, 0.65, 0.95);
    return p;
}

bool isPlucked(int classIndex) { return classIndex == 3 || classIndex == 4; }

// Butterworth low- and high-pass in place (guitar cabinets, muted brass, nylon strings).
void lowPass(std::vector<float>& x, double hz) { dsp::Biquad::lowPass(hz, M_SQRT1_2, kRate).process(x.data(), x.size()); }
void highPass(std::vector<float>& x, double hz) { dsp::Biquad::highPass(hz, M_SQRT1_2, kRate).process(x.data(), x.size()); }

// Hammond drawbars (16', 5 1/3', 8', 4', 2 2/3', 2', 1 3/5', 1 1/3', 1') or, for the church
// organ, principal pipe ranks with a falling harmonic series and ranks a few cents apart.
std::vector<float> playOrgan(int program, const Physique& p, double hz, std::size_t frames) {
    std::vector<float> x(frames, 0.f);
    Rng rng(std::uint64_t(hz * 1000) ^ std::uint64_t(program * 77));
    std::vector<std::pair<double, double>> partials;  // (frequency ratio, amplitude)
    if (program == 19) {
        const double rolloff = 1.0 + 1.2 * p.a;
        const double ranks[] = {1.0, 2.0, p.b > 0.5 ? 4.0 : 3.0};
        for (int r = 0; r < 3; ++r)
            for (int h = 1; h <= 16; ++h)
                partials.push_back({ranks[r] * h * std::pow(2.0, (r - 1) * (1 + 3 * p.c) / 1200.0),
                                    std::pow(double(h), -rolloff) * (r == 0 ? 1.0 : 0.5 - 0.3 * p.d)});
    } else {
        static const double footage[] = {0.5, 1.5, 1, 2, 3, 4, 5, 6, 8};
        static const int registrations[][9] = {{8, 8, 8, 0, 0, 0, 0, 0, 0}, {8, 8, 8, 8, 8, 8, 8, 8, 8}, {8, 3, 8, 0, 0, 0, 0, 0, 0},
                                               {6, 8, 8, 6, 0, 0, 0, 0, 0}, {8, 8, 5, 3, 2, 4, 5, 8, 8}, {0, 0, 8, 8, 0, 0, 0, 0, 8},
                                               {8, 4, 8, 6, 0, 4, 0, 0, 2}, {0, 0, 6, 8, 8, 4, 0, 0, 0}};
        const auto& bars = registrations[std::size_t(p.a * 7.999)];
        for (int i = 0; i < 9; ++i)
            if (bars[i] > 0) partials.push_back({footage[i], std::pow(10.0, (bars[i] - 8) * 3.0 / 20.0)});
    }
    const double nyquist = 0.45 * kRate;
    for (const auto& [ratio, gain] : partials) {
        const double f = hz * ratio;
        if (f >= nyquist) continue;
        const double phase = uniform(rng, 0, 2 * M_PI), w = 2 * M_PI * f / kRate;
        for (std::size_t i = 0; i < frames; ++i) x[i] += float(gain * std::sin(w * double(i) + phase));
    }
    // Onsets: a pipe speaks in tens of ms with a chiff; a tonewheel key clicks; percussion (17) decays.
    const double attack = program == 19 ? 0.03 + 0.06 * p.b : 0.004;
    std::normal_distribution<double> noise(0, 1);
    for (std::size_t i = 0; i < frames; ++i) {
        const double t = double(i) / kRate;
        double v = x[i] * std::min(1.0, t / attack);
        if (t < 0.03) v += (program == 19 ? 0.15 : 0.3) * noise(rng) * std::exp(-t / 0.006);
        if (program == 17) v += 1.5 * std::sin(2 * M_PI * hz * (p.c > 0.5 ? 3 : 2) * t) * std::exp(-t / (0.15 + 0.3 * p.d));
        x[i] = float(v);
    }
    if (program == 18) {  // rock organ: an overdriven amplifier
        float peak = 0;
        for (float v : x) peak = std::max(peak, std::abs(v));
        const double drive = 1.5 + 2.5 * p.c;
        for (float& v : x) v = float(std::tanh(drive * v / peak));
    }
    return x;
}

// A trumpet by Risset's analysis-synthesis (STK's lip model does not speak below A4 at this
// rate): harmonics under the bell's formant, the higher ones entering later and
// brighter as the tone swells, with a little pitch jitter; the mute (59) moves the formant up
// and cuts the fundamental.
std::vector<float> playTrumpet(int program, const Physique& p, double hz, std::size_t frames) {
    std::vector<float> x(frames, 0.f);
    const bool muted = program == 59;
    const double formant = (muted ? 1800 + 800 * p.a : 1000 + 500 * p.a), rolloff = 1.5 + 1.5 * p.b;
    const double attack = 0.03 + 0.04 * p.c;
    Rng rng(std::uint64_t(hz * 1000) ^ 0x7472ULL);
    std::normal_distribution<double> noise(0, 1);
    double jitter = 0;
    std::vector<double> gain, phase;  // per harmonic: its level under the formant, its phase
    for (int h = 1; h < 64 && h * hz < 0.45 * kRate; ++h) {
        const double octaves = std::log2(h * hz / formant);
        gain.push_back(octaves < 0 ? std::pow(10.0, 0.45 * octaves * (muted ? 2.5 : 1.0)) : std::pow(2.0, -rolloff * octaves));
        phase.push_back(0.0);
    }
    for (std::size_t i = 0; i < frames; ++i) {
        const double t = double(i) / kRate;
        if (i % 64 == 0) jitter = 0.98 * jitter + 0.02 * noise(rng) * 0.004;
        const double swell = std::min(1.0, t / attack);
        double v = 0;
        for (std::size_t k = 0; k < gain.size(); ++k) {
            const double h = double(k + 1), delay = 0.004 * h;  // the higher harmonics enter later
            const double entering = t < attack + delay ? std::clamp((t - delay) / attack, 0.0, 1.0) * std::pow(swell, 0.5 * h) : 1.0;
            phase[k] += 2 * M_PI * h * hz * (1 + jitter) / kRate;
            v += gain[k] * entering * std::sin(phase[k]);
        }
        x[i] = float(v + 0.003 * swell * noise(rng));  // breath
    }
    return x;
}

// A sung vowel by source and filter: a glottal pulse's harmonics (falling 12 dB per octave, with
// a little jitter) shaped by the vowel's formants, and breath; choir aahs (52) are three singers
// a few cents apart, voice oohs (53) one. (STK's VoicForm is not repeatable: its noise follows
// the clock.)
std::vector<float> playVoice(int program, const Physique& p, double hz, std::size_t frames) {
    struct Vowel { double f[4], bw[4], gain[4]; };
    static const Vowel ah{{800, 1150, 2900, 3900}, {80, 90, 120, 130}, {1.0, 0.5, 0.2, 0.1}};
    static const Vowel oh{{450, 800, 2830, 3500}, {70, 80, 100, 130}, {1.0, 0.3, 0.08, 0.05}};
    static const Vowel oo{{325, 700, 2530, 3500}, {50, 60, 170, 180}, {1.0, 0.16, 0.03, 0.02}};
    const Vowel& vowel = program == 52 ? (p.a < 0.6 ? ah : oh) : (p.a < 0.6 ? oo : oh);
    const double shift = 0.9 + 0.2 * p.b;  // the singer's vocal tract: formants a little higher or lower
    const int singers = program == 52 ? 3 : 1;
    Rng rng(std::uint64_t(hz * 1000) ^ std::uint64_t(program * 131));
    std::normal_distribution<double> noise(0, 1);
    std::vector<float> x(frames, 0.f);
    for (int s = 0; s < singers; ++s) {
        const double f0 = hz * std::pow(2.0, (s - (singers - 1) / 2.0) * (4 + 6 * p.c) / 1200.0);
        std::vector<double> gain, phase;
        for (int h = 1; h * f0 < 0.45 * kRate; ++h) {
            const double f = h * f0;
            double g = 0;
            for (int k = 0; k < 4; ++k) {
                const double detuning = (f - vowel.f[k] * shift) / (vowel.bw[k] / 2);
                g += vowel.gain[k] / (1 + detuning * detuning);
            }
            gain.push_back(g * std::pow(double(h), -1.0 - 0.5 * p.d));  // with the radiation's +6 dB, 12 dB per octave less
            phase.push_back(uniform(rng, 0, 2 * M_PI));
        }
        // One period as a table, read at the jittered pitch: the harmonics stay fixed.
        constexpr std::size_t kTable = 4096;
        std::vector<double> period(kTable + 1, 0.0);
        double power = 0;
        for (std::size_t k = 0; k < gain.size(); ++k) {
            power += gain[k] * gain[k] / 2;
            for (std::size_t n = 0; n < kTable; ++n) period[n] += gain[k] * std::sin(2 * M_PI * double((k + 1) * n) / kTable + phase[k]);
        }
        period[kTable] = period[0];
        const double breath = 0.03 * std::sqrt(power);  // 30 dB under the voice
        double jitter = 0, position = 0;
        for (std::size_t i = 0; i < frames; ++i) {
            if (i % 128 == 0) jitter = 0.97 * jitter + 0.03 * noise(rng) * 0.003;
            const std::size_t n = std::size_t(position);
            const double v = period[n] + (position - double(n)) * (period[n + 1] - period[n]);
            position += kTable * f0 * (1 + jitter) / kRate;
            while (position >= kTable) position -= kTable;
            const double t = double(i) / kRate;
            x[i] += float(std::min(1.0, t / 0.08) * (v + breath * noise(rng)));
        }
    }
    return x;
}

#ifdef TIMBRESCOPE_HAVE_STK
// One STK instrument playing one note; the controls are STK's 0..128 MIDI-style values. STK's
// noise is rand(), which each instrument's constructor seeds from the clock: seeded again here.
template <class Instrument>
std::vector<float> blow(Instrument& instrument, double hz, double amplitude, std::size_t frames, unsigned seed) {
    std::srand(seed);
    instrument.noteOn(hz, amplitude);
    std::vector<float> x(frames);
    for (float& v : x) v = float(instrument.tick());
    return x;
}

std::vector<float> playStk(int classIndex, int program, const Physique& p, double hz, std::size_t frames, unsigned seed) {
    const double amp = p.amplitude;
    switch (classIndex) {
    case 0: case 9: {  // cello, violin (110: fiddle, pressed harder nearer the bridge)
        stk::Bowed bow(20.0);
        const bool fiddle = program == 110;
        bow.controlChange(2, fiddle ? 70 + 40 * p.a : 40 + 50 * p.a);   // bow pressure
        bow.controlChange(4, fiddle ? 10 + 20 * p.b : 15 + 45 * p.b);   // bow position
        bow.controlChange(1, 0);                                         // vibrato: the renderer adds it
        return blow(bow, hz, amp, frames, seed);
    }
    case 1: {
        stk::Clarinet clarinet(20.0);
        clarinet.controlChange(2, 35 + 60 * p.a);   // reed stiffness
        clarinet.controlChange(4, 5 + 15 * p.b);    // breath noise
        clarinet.controlChange(1, 0);
        return blow(clarinet, hz, amp, frames, seed);
    }
    case 2: {
        stk::Flute flute(50.0);
        flute.controlChange(2, 58 + 22 * p.a);      // jet delay (shorter overblows)
        flute.controlChange(4, 15 + 25 * p.b);      // breath noise
        flute.controlChange(1, 0);
        return blow(flute, hz, amp, frames, seed);
    }
    case 7: {  // soprano to baritone: a longer bore blown further from its end
        stk::Saxofony sax(20.0);
        const double size = (program - 64) / 3.0;
        sax.controlChange(2, 45 + 30 * p.a);                 // reed stiffness
        sax.controlChange(26, 50 + 15 * p.b);                // reed aperture (wider: chaotic, or overblown)
        sax.controlChange(11, 35 + 10 * size + 5 * p.c);     // blow position
        sax.controlChange(4, 2 + 10 * p.d);                  // breath noise
        sax.controlChange(1, 0);
        return blow(sax, hz, amp, frames, seed);
    }
    case 3: {  // nylon (24) or steel (25) strings on a resonating body (STK's recorded body responses)
        stk::Mandolin guitar(40.0);
        guitar.controlChange(2, 90 + 38 * p.a);     // body size: a guitar is a large mandolin
        guitar.controlChange(4, 30 + 60 * p.b);     // pluck position
        guitar.controlChange(11, 100 + 20 * p.c);   // string sustain
        guitar.controlChange(1, 2 + 8 * p.d);       // the two strings of a course, slightly apart
        std::vector<float> x = blow(guitar, hz, amp, frames, seed);
        if (program == 24) lowPass(x, 2000 + 2000 * p.c);
        return x;
    }
    case 4: {  // electric: jazz 26, clean 27, muted 28, overdrive 29, distortion 30
        stk::StifKarp string(20.0);
        string.controlChange(4, 10 + 50 * p.a);                       // pickup position
        string.controlChange(11, program == 28 ? 40 + 30 * p.b : 100 + 25 * p.b);  // sustain (28: palm-muted)
        string.controlChange(1, 10 * p.c);                            // stiffness
        std::vector<float> x = blow(string, hz, amp, frames, seed);
        highPass(x, 80);
        if (program == 26) lowPass(x, 1500 + 1500 * p.d);
        if (program == 29 || program == 30) {
            float peak = 1e-9f;
            for (float v : x) peak = std::max(peak, std::abs(v));
            const double drive = program == 29 ? 3 + 6 * p.d : 12 + 25 * p.d;
            for (float& v : x) v = float(std::tanh(drive * v / peak));
            lowPass(x, 3500 + 2000 * p.b);   // the cabinet
        }
        return x;
    }
    default:
        return {};
    }
}
#endif

// The loop of a sustained note: a whole number of periods ending at the last frame, the closest
// of the candidate lengths by waveform match, crossfaded so the jump back is seamless.
void loopSustained(BankSample& sample, std::vector<float>& x, double hz) {
    const double period = kRate / hz;
    std::size_t best = 0;
    double bestMismatch = 1e30;
    const std::size_t end = x.size() - 8;
    for (int k = std::max(1, int(std::ceil(0.12 * hz))); k * period <= 0.3 * kRate; ++k)
        for (int shift = -2; shift <= 2; ++shift) {
            const long candidate = std::lround(k * period) + shift;
            if (candidate <= 0 || std::size_t(candidate) + 1024 >= end) continue;
            const std::size_t length = std::size_t(candidate);
            const std::size_t window = std::min<std::size_t>(length, 512);
            double mismatch = 0;
            for (std::size_t i = end - window; i < end; ++i) mismatch += double(x[i] - x[i - length]) * (x[i] - x[i - length]);
            if (mismatch < bestMismatch) bestMismatch = mismatch, best = length;
        }
    if (!best) return;
    const std::size_t fade = std::min<std::size_t>(best / 2, 1024);
    for (std::size_t i = end - fade; i < end; ++i) {
        const double w = double(i - (end - fade)) / double(fade);
        x[i] = float((1 - w) * x[i] + w * x[i - best]);
    }
    for (std::size_t i = end; i < x.size(); ++i) x[i] = x[i - best];
    sample.looped = true;
    sample.loopStart = std::uint32_t(end - best);
    sample.loopEnd = std::uint32_t(end);
}

std::uint64_t seedOf(const std::string& name) {
    if (name == "stk") return 1;
    const std::string digits = name.substr(4);
    if (digits.empty() || digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), ::isdigit))
        throw Error(name, "a physical-model source is named stk or stk:SEED (SEED a whole number)");
    return std::stoull(digits);
}

// Every second key of a variant's range played by one physique; keys where the model does not
// speak (silent, or sounding another note) are left out.
std::vector<BankSample> playKeys(std::uint64_t seed, int c, const ProgramVariant& variant, const std::string& code) {
    const Physique physique = drawPhysique(seed, c, variant.program);
    std::vector<BankSample> samples;
    for (int key = variant.low - 1; key <= variant.high + 1; key += 2) {
        const double hz = 440.0 * std::pow(2.0, (key - 69) / 12.0);
        const double seconds = isPlucked(c) ? kPluckedSeconds : kSustainedSeconds;
        const std::size_t frames = std::size_t(seconds * kRate);
        const unsigned noteSeed = unsigned(seed * 7919 + std::uint64_t(key) * 31 + std::uint64_t(variant.program));
        std::vector<float> x;
        if (c == 5) x = playOrgan(variant.program, physique, hz, frames);
        else if (c == 8) x = playTrumpet(variant.program, physique, hz, frames);
        else if (c == 10) x = playVoice(variant.program, physique, hz, frames);
#ifdef TIMBRESCOPE_HAVE_STK
        else x = playStk(c, variant.program, physique, hz, frames, noteSeed);
#endif
        // Half a second once the note has settled, at half the rate, is enough to hear its pitch.
        std::vector<float> settled(kRate / 4);
        for (std::size_t i = 0; i < settled.size(); ++i) settled[i] = 0.5f * (x[kRate / 4 + 2 * i] + x[kRate / 4 + 2 * i + 1]);
        const auto pitch = measurePitch(settled, kRate / 2);
        if (!pitch || pitch->aperiodicity > 0.35) continue;
        double offset = pitch->key - key;
        if (c == 5 && std::abs(offset + 12) < 0.6) offset += 12;  // a 16' stop sounds the octave below
        if (std::abs(offset) > 0.6) continue;
        BankSample sample;
        sample.name = code + "-" + std::to_string(variant.program) + "-" + std::to_string(key);
        sample.sampleRate = kRate;
        sample.rootKey = key;
        sample.correctionCents = int(std::lround(-offset * 100.0));
        if (!isPlucked(c)) loopSustained(sample, x, hz * std::pow(2.0, offset / 12.0));  // the pitch it sounds
        // Sustained notes at one loudness (a sampled instrument's normalisation), plucked by their peak.
        double level = 0;
        const std::size_t from = isPlucked(c) ? 0 : x.size() / 2;
        for (std::size_t i = from; i < x.size(); ++i) level = std::max(level, double(std::abs(x[i])));
        if (level < 1e-6) continue;
        const std::size_t fade = isPlucked(c) ? std::size_t(0.05 * kRate) : 0;
        sample.data.resize(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double tail = fade && i + fade >= x.size() ? double(x.size() - i) / double(fade) : 1.0;
            sample.data[i] = std::int16_t(std::clamp(std::lround(x[i] / level * 26000.0 * tail), -32767L, 32767L));
        }
        samples.push_back(std::move(sample));
    }
    return samples;
}

SampleBank render(const std::string& name, std::vector<std::string>& notes) {
    const std::uint64_t seed = seedOf(name);
    SampleBank bank;
    bank.name = name;
#ifdef TIMBRESCOPE_HAVE_STK
    stk::Stk::setSampleRate(kRate);
    stk::Stk::showWarnings(false);
    stk::Stk::printErrors(false);
    const bool rawwaves = std::filesystem::exists(std::string(kRawwaves) + "mand1.raw");
    if (rawwaves) stk::Stk::setRawwavePath(kRawwaves);
#endif
    for (int c = 0; c < data::kClassCount; ++c) {
        const std::string code(data::instrumentClasses()[std::size_t(c)].name);
        if (c == 6) { notes.push_back(code + ": no physical model of a piano"); continue; }
#ifdef TIMBRESCOPE_HAVE_STK
        if (c == 3 && !rawwaves) { notes.push_back(code + ": STK's rawwaves (its guitar body) are not installed (package stk)"); continue; }
#else
        if (c != 5 && c != 8 && c != 10) { notes.push_back(code + ": built without the Synthesis ToolKit"); continue; }
#endif
        for (const ProgramVariant& variant : profileFor(c).programs) {
            // A physique under which the model speaks on fewer than 80 % of the keys is drawn again.
            const int tried = (variant.high + 1 - (variant.low - 1)) / 2 + 1;
            std::vector<BankSample> samples;
            for (std::uint64_t attempt = 0; attempt < 4 && 5 * int(samples.size()) < 4 * tried; ++attempt) {
                std::vector<BankSample> again = playKeys(seed + attempt * 1000000007ULL, c, variant, code);
                if (again.size() > samples.size()) samples = std::move(again);
            }
            struct Played { int sample; int key; };
            std::vector<Played> played;
            for (BankSample& sample : samples) {
                played.push_back({int(bank.samples.size()), sample.rootKey});
                bank.samples.push_back(std::move(sample));
            }
            if (played.empty()) {
                notes.push_back(code + " program " + std::to_string(variant.program) + ": the model did not speak in tune");
                continue;
            }
            BankInstrument instrument{code + "-" + std::to_string(variant.program), {}};
            for (int key = 0; key < 128; ++key) {
                const Played* nearest = &played.front();
                for (const Played& p : played)
                    if (std::abs(p.key - key) < std::abs(nearest->key - key)) nearest = &p;
                BankZone zone;
                zone.lowKey = zone.highKey = key;
                zone.sample = nearest->sample;
                zone.releaseTimecents = isPlucked(c) ? -2786 : -3986;  // 0.2 s, 0.1 s
                instrument.zones.push_back(zone);
            }
            bank.instruments.push_back(std::move(instrument));
            bank.presets.push_back({bank.instruments.back().name, 0, variant.program, int(bank.instruments.size()) - 1});
        }
    }
    return bank;
}

} // namespace

bool isPhysicalModelSource(const std::string& name) { return name == "stk" || name.rfind("stk:", 0) == 0; }

bool physicalModelsAvailable() {
#ifdef TIMBRESCOPE_HAVE_STK
    return true;
#else
    return false;
#endif
}

SampleBank renderPhysicalModels(const std::string& name, std::vector<std::string>* notes, PhysicalModelCache cache) {
    // STK's sample rate and noise generator are process-wide: one rendering at a time.
    static std::mutex mutex;
    static std::map<std::string, std::pair<SampleBank, std::vector<std::string>>> rendered;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = rendered.find(name);
    if (it == rendered.end() || cache == PhysicalModelCache::Bypass) {
        std::vector<std::string> remarks;
        SampleBank bank = render(name, remarks);
        it = rendered.insert_or_assign(name, std::make_pair(std::move(bank), std::move(remarks))).first;
    }
    if (notes) notes->insert(notes->end(), it->second.second.begin(), it->second.second.end());
    return it->second.first;
}

} // namespace timbrescope::synth
