#include "engine/synth/Arranger.h"

#include <algorithm>
#include <cmath>

namespace timbrescope::synth {
namespace {

using Rng = std::mt19937_64;

double uniform(Rng& rng, double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }
int integer(Rng& rng, int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); }
bool chance(Rng& rng, double p) { return uniform(rng, 0.0, 1.0) < p; }
template <class T>
const T& pick(Rng& rng, const std::vector<T>& items) { return items[static_cast<std::size_t>(integer(rng, 0, int(items.size()) - 1))]; }

// Small timing and loudness deviations, as a player would make.
Note humanised(Rng& rng, double start, double duration, int key, int velocity) {
    return {std::max(0.0, start + uniform(rng, -0.008, 0.008)), duration, key, std::clamp(velocity + integer(rng, -6, 6), 20, 127)};
}

struct TempoRange {
    const char* genre;
    double low, high;
};

double tempoFor(const std::string& genre, Rng& rng) {
    static const TempoRange ranges[] = {{"cou_fol", 80, 130}, {"cla", 60, 120}, {"pop_roc", 90, 150}, {"lat_sou", 90, 130}, {"jaz_blu", 70, 140}};
    for (const auto& r : ranges)
        if (genre == r.genre) return uniform(rng, r.low, r.high);
    return uniform(rng, 80, 130);
}

// Bar rhythms in beats (summing to 4).
const std::vector<std::vector<double>>& melodyRhythms(const std::string& genre) {
    static const std::vector<std::vector<double>> common = {
        {1, 1, 1, 1}, {2, 1, 1}, {1, 1, 2}, {0.5, 0.5, 1, 2}, {1.5, 0.5, 1, 1}, {3, 1}, {1, 0.5, 0.5, 1, 1}, {0.5, 0.5, 0.5, 0.5, 2}};
    static const std::vector<std::vector<double>> lively = {
        {0.5, 0.5, 0.5, 0.5, 1, 1}, {0.5, 0.5, 1, 0.5, 0.5, 1}, {1.5, 0.5, 1.5, 0.5}, {0.5, 1, 0.5, 2}, {1, 1, 1, 1}, {0.25, 0.25, 0.5, 1, 2}};
    return (genre == "pop_roc" || genre == "lat_sou" || genre == "jaz_blu") ? lively : common;
}

std::vector<Note> melody(const Piece& piece, int low, int high, Rng& rng, bool slow) {
    const std::vector<int> scale = scalePitches(piece.key, low, high);
    std::vector<Note> notes;
    const int center = low + (high - low) * 3 / 5;
    int index = std::min(int(std::lower_bound(scale.begin(), scale.end(), center) - scale.begin()), int(scale.size()) - 1);
    const double articulation = uniform(rng, 0.75, 0.97);
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        std::vector<double> rhythm = pick(rng, melodyRhythms(piece.genre));
        if (slow) rhythm = chance(rng, 0.5) ? std::vector<double>{2, 2} : std::vector<double>{4};
        double beat = 0.0;
        for (double length : rhythm) {
            const double start = barStart + beat * piece.beat();
            beat += length;
            if (length <= 1.0 && chance(rng, 0.07)) continue;  // a short rest
            // Step mostly, sometimes leap, drifting back toward the middle of the range.
            const double r = uniform(rng, 0.0, 1.0);
            int step = r < 0.45 ? 1 : r < 0.7 ? 2 : r < 0.82 ? 0 : integer(rng, 3, 5);
            const double upward = 0.5 + 0.5 * double(center - scale[static_cast<std::size_t>(index)]) / std::max(1, high - low);
            if (!chance(rng, upward)) step = -step;
            index = std::clamp(index + step, 0, int(scale.size()) - 1);
            int key = scale[static_cast<std::size_t>(index)];
            const bool strongBeat = std::fmod(beat - length, 2.0) < 1e-9;
            if (strongBeat) {  // chord tones on strong beats
                const std::vector<int> tones = chordPitches(piece.chordAt(start), low, high);
                if (!tones.empty()) {
                    key = nearest(tones, key);
                    index = int(std::lower_bound(scale.begin(), scale.end(), key) - scale.begin());
                    index = std::clamp(index, 0, int(scale.size()) - 1);
                }
            }
            notes.push_back(humanised(rng, start, length * piece.beat() * articulation, key, (strongBeat ? 92 : 80) + integer(rng, -8, 12)));
        }
    }
    return notes;
}

std::vector<Note> sustained(const Piece& piece, int low, int high, Rng& rng) {
    std::vector<Note> notes;
    int previous = low + (high - low) / 2;
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        const std::vector<int> tones = chordPitches(piece.chordAt(barStart), low, high);
        const bool split = chance(rng, 0.3);
        for (int half = 0; half < (split ? 2 : 1); ++half) {
            int key = nearest(tones, previous + (half ? integer(rng, -3, 3) : 0));
            if (half && key == previous) key = nearest(tones, previous + 4);
            const double length = (split ? 2.0 : 4.0) * piece.beat();
            notes.push_back(humanised(rng, barStart + half * length, length * 0.98, key, integer(rng, 60, 92)));
            previous = key;
        }
    }
    return notes;
}

// Close-position chord tones around `center`, at most `count` of them.
std::vector<int> voicing(const Chord& chord, int low, int high, int center, int count) {
    std::vector<int> tones = chordPitches(chord, std::max(low, center - 5), std::min(high, center + 10));
    if (tones.empty()) tones = chordPitches(chord, low, high);
    if (int(tones.size()) > count) tones.resize(static_cast<std::size_t>(count));
    return tones;
}

std::vector<Note> chords(const Piece& piece, int low, int high, Rng& rng) {
    static const std::vector<std::vector<double>> rhythms = {{4}, {2, 2}, {1, 1, 1, 1}, {3, 1}, {1.5, 1.5, 1}, {1, 0.5, 1, 1.5}};
    const std::vector<double>& rhythm = pick(rng, rhythms);
    const int center = std::clamp(60 + integer(rng, -4, 6), low + 5, high - 5);
    const bool leftHand = low < 48;  // keyboards add a bass note
    std::vector<Note> notes;
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        const Chord& chord = piece.chordAt(barStart);
        double beat = 0.0;
        for (double length : rhythm) {
            const double start = barStart + beat * piece.beat();
            const int velocity = std::fmod(beat, 2.0) < 1e-9 ? 85 : 72;
            for (int key : voicing(chord, low, high, center, integer(rng, 3, 4)))
                notes.push_back(humanised(rng, start, length * piece.beat() * 0.95, key, velocity));
            beat += length;
        }
        if (leftHand) {
            const std::vector<int> roots = chordPitches(Chord{chord.root, {chord.root}}, std::max(low, 33), 52);
            if (!roots.empty()) notes.push_back(humanised(rng, barStart, piece.bar() * 0.95, nearest(roots, 43), 80));
        }
    }
    return notes;
}

std::vector<Note> arpeggio(const Piece& piece, int low, int high, Rng& rng) {
    const double step = piece.tempo < 100 ? 0.5 : (chance(rng, 0.6) ? 0.5 : 0.25);
    const bool upDown = chance(rng, 0.5);
    const int base = std::clamp(integer(rng, 45, 57), low, std::max(low, high - 14));
    std::vector<Note> notes;
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        std::vector<int> tones = chordPitches(piece.chordAt(barStart), base, std::min(high, base + 19));
        if (tones.empty()) continue;
        if (upDown)
            for (int i = int(tones.size()) - 2; i > 0; --i) tones.push_back(tones[static_cast<std::size_t>(i)]);
        int i = 0;
        for (double beat = 0.0; beat < 4.0 - 1e-9; beat += step, ++i) {
            const int key = tones[static_cast<std::size_t>(i) % tones.size()];
            // Let the notes ring over each other, as on a guitar or with the sustain pedal.
            notes.push_back(humanised(rng, barStart + beat * piece.beat(), step * piece.beat() * 2.5, key, i % 4 == 0 ? 86 : 72));
        }
    }
    return notes;
}

std::vector<Note> strum(const Piece& piece, int low, int high, Rng& rng) {
    struct Stroke {
        double beat;
        bool down;
    };
    static const std::vector<std::vector<Stroke>> patterns = {
        {{0, true}, {1, true}, {1.5, false}, {2.5, false}, {3, true}, {3.5, false}},
        {{0, true}, {2, true}},
        {{0, true}, {1, true}, {2, true}, {3, true}},
        {{0, true}, {1.5, true}, {2, false}, {3, true}, {3.5, false}},
    };
    const std::vector<Stroke>& pattern = pick(rng, patterns);
    const double spread = uniform(rng, 0.008, 0.02);  // seconds between strings
    std::vector<Note> notes;
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        const Chord& chord = piece.chordAt(barStart);
        std::vector<int> strings = chordPitches(chord, std::max(low, 40), std::min(high, 71));
        // Start from the lowest root, like an open or barre chord shape; keep six strings.
        while (strings.size() > 3 && (strings.front() % 12) != chord.root) strings.erase(strings.begin());
        if (strings.size() > 6) strings.resize(6);
        for (std::size_t s = 0; s < pattern.size(); ++s) {
            const double next = s + 1 < pattern.size() ? pattern[s + 1].beat : 4.0;
            const double start = barStart + pattern[s].beat * piece.beat();
            const double length = (next - pattern[s].beat) * piece.beat();
            std::vector<int> hit = strings;
            if (!pattern[s].down) {  // up-strokes catch the top strings, top first
                hit.assign(strings.end() - std::min<std::ptrdiff_t>(3, std::ptrdiff_t(strings.size())), strings.end());
                std::reverse(hit.begin(), hit.end());
            }
            for (std::size_t k = 0; k < hit.size(); ++k)
                notes.push_back(humanised(rng, start + k * spread, length, hit[k], pattern[s].down ? 88 : 70));
        }
    }
    return notes;
}

std::vector<Note> riff(const Piece& piece, int low, Rng& rng) {
    std::vector<Note> notes;
    const bool gallop = chance(rng, 0.3);
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        const int root = nearest(chordPitches(Chord{piece.chordAt(barStart).root, {piece.chordAt(barStart).root}}, std::max(low, 40), 52), 45);
        for (double beat = 0.0; beat < 4.0 - 1e-9; beat += 0.5) {
            const bool accent = std::fmod(beat, 2.0) < 1e-9;
            const double length = (accent ? 0.45 : (gallop ? 0.22 : 0.3)) * piece.beat();
            for (int interval : {0, 7, 12})
                notes.push_back(humanised(rng, barStart + beat * piece.beat(), length, root + interval, accent ? 100 : 82));
        }
    }
    return notes;
}

} // namespace

const Chord& Piece::chordAt(double time) const {
    const auto bar = static_cast<std::size_t>(std::max(0.0, time) / this->bar());
    return progression[bar % progression.size()];
}

Piece composePiece(const std::string& genre, double seconds, Rng& rng) {
    Piece piece;
    piece.genre = genre;
    piece.seconds = seconds;
    piece.key = {integer(rng, 0, 11), chance(rng, genre == "jaz_blu" || genre == "lat_sou" ? 0.5 : 0.35)};
    piece.tempo = tempoFor(genre, rng);
    const bool sevenths = genre == "jaz_blu" || (genre == "lat_sou" && chance(rng, 0.5));
    for (int degree : randomProgression(piece.key.minor, rng)) piece.progression.push_back(diatonicChord(piece.key, degree, sevenths));
    return piece;
}

std::vector<Note> playRole(Role role, const Piece& piece, int low, int high, Rng& rng) {
    switch (role) {
    case Role::Melody: return melody(piece, low, high, rng, false);
    case Role::Sustained: return chance(rng, 0.3) ? melody(piece, low, high, rng, true) : sustained(piece, low, high, rng);
    case Role::Chords: return chords(piece, low, high, rng);
    case Role::Arpeggio: return arpeggio(piece, low, high, rng);
    case Role::Strum: return strum(piece, low, high, rng);
    case Role::Riff: return riff(piece, low, rng);
    }
    return {};
}

std::vector<Note> bassLine(const Piece& piece, Rng& rng) {
    std::vector<Note> notes;
    const bool walking = piece.genre == "jaz_blu";
    const bool eighths = !walking && piece.genre == "pop_roc" && chance(rng, 0.5);
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        const Chord& chord = piece.chordAt(barStart);
        const std::vector<int> tones = chordPitches(chord, 28, 50);
        const int root = nearest(chordPitches(Chord{chord.root, {chord.root}}, 28, 50), 38);
        if (walking) {
            const std::vector<int> scale = scalePitches(piece.key, 28, 52);
            int key = root;
            for (int beat = 0; beat < 4; ++beat) {
                notes.push_back(humanised(rng, barStart + beat * piece.beat(), piece.beat() * 0.9, key, 84));
                key = nearest(scale, key + (chance(rng, 0.5) ? 2 : -2));
            }
        } else if (eighths) {
            for (double beat = 0.0; beat < 4.0 - 1e-9; beat += 0.5)
                notes.push_back(humanised(rng, barStart + beat * piece.beat(), piece.beat() * 0.45, root, 86));
        } else {
            notes.push_back(humanised(rng, barStart, piece.beat() * 1.9, root, 90));
            notes.push_back(humanised(rng, barStart + 2 * piece.beat(), piece.beat() * 1.9, nearest(tones, root + 7), 80));
        }
    }
    return notes;
}

std::vector<Note> drumPattern(const Piece& piece, Rng& rng) {
    enum { Kick = 36, SideStick = 37, Snare = 38, ClosedHat = 42, PedalHat = 44, OpenHat = 46, Crash = 49, Ride = 51 };
    struct Hit {
        double beat;
        int key, velocity;
    };
    std::vector<Hit> bar;
    const std::string& g = piece.genre;
    if (g == "jaz_blu") {
        const double swung = 2.0 / 3.0;  // the swung eighth
        for (double b : {0.0, 1.0, 1.0 + swung, 2.0, 3.0, 3.0 + swung}) bar.push_back({b, Ride, 70});
        for (double b : {1.0, 3.0}) bar.push_back({b, PedalHat, 60});
        bar.push_back({0.0, Kick, 55});
        bar.push_back({2.0 + swung, Snare, 40});
    } else if (g == "lat_sou") {
        for (double b = 0.0; b < 4.0; b += 0.5) bar.push_back({b, ClosedHat, 55});
        for (double b : {0.0, 1.5, 2.0, 3.5}) bar.push_back({b, Kick, 80});
        for (double b : {0.0, 0.75, 1.5, 2.5, 3.0}) bar.push_back({b, SideStick, 70});  // a clave-like figure
    } else if (g == "cou_fol") {
        for (double b = 0.0; b < 4.0; b += 1.0) bar.push_back({b, ClosedHat, 60});
        for (double b : {0.0, 2.0}) bar.push_back({b, Kick, 80});
        for (double b : {1.0, 3.0}) bar.push_back({b, Snare, 70});
    } else {  // pop/rock
        for (double b = 0.0; b < 4.0; b += 0.5) bar.push_back({b, ClosedHat, std::fmod(b, 1.0) < 1e-9 ? 75 : 58});
        for (double b : {0.0, 2.0, 2.5}) bar.push_back({b, Kick, 95});
        for (double b : {1.0, 3.0}) bar.push_back({b, Snare, 100});
        if (chance(rng, 0.3)) bar.push_back({3.5, OpenHat, 70});
    }
    std::vector<Note> notes;
    bool first = true;
    for (double barStart = 0.0; barStart < piece.seconds; barStart += piece.bar()) {
        if (first && chance(rng, 0.5)) notes.push_back(humanised(rng, barStart, 0.5, Crash, 90));
        first = false;
        for (const Hit& h : bar) notes.push_back(humanised(rng, barStart + h.beat * piece.beat(), 0.1, h.key, h.velocity));
    }
    return notes;
}

} // namespace timbrescope::synth
