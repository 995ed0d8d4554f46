// A TiMidity patch set (GUS .pat files named by a .cfg, like Debian's FreePats) joins the pool as a
// SoundFont: its programs and drum keys are there and no others, a key sounds at its own pitch,
// a sustaining patch holds until the key is released and then fades, a struck one decays while
// held; damaged patches and configs are refused with the file (and line) named.

#include "engine/core/Error.h"
#include "engine/synth/GusPatchSet.h"
#include "engine/synth/Renderer.h"
#include "engine/synth/SoundFont.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <cmath>

using namespace timbrescope;
using namespace timbrescope::synth;

namespace {

constexpr int kPatchRate = 44000;  // a 440 Hz period is exactly 100 frames, so the loop is seamless
enum : std::uint8_t { k16Bit = 1, kLooping = 4, kSustain = 32, kEnvelope = 64 };

void put(QByteArray& b, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) b.append(char((v >> (8 * i)) & 0xff));
}

// A one-sample GF1 patch: a 440 Hz sine, 1 s, looped over its second half, with a GUS envelope.
QByteArray sinePatch(std::uint8_t modes, const std::array<std::uint8_t, 6>& offsets) {
    QByteArray b("GF1PATCH110\0ID#000002\0", 22);
    b.append(QByteArray(60, 0));                   // description
    put(b, 1, 1), put(b, 14, 1), put(b, 0, 1);     // instruments, voices, channels
    put(b, 1, 2), put(b, 127, 2), put(b, 0, 4);    // waveforms, master volume, data size
    b.append(QByteArray(36, 0));
    put(b, 0, 2), b.append(QByteArray(16, 0)), put(b, 0, 4), put(b, 1, 1), b.append(QByteArray(40, 0));  // instrument
    put(b, 0, 1), put(b, 0, 1), put(b, 0, 4), put(b, 1, 1), b.append(QByteArray(40, 0));                 // layer: 1 sample
    const int frames = kPatchRate;
    b.append(QByteArray("sine\0\0\0", 7)), put(b, 0, 1);
    put(b, std::uint32_t(frames * 2), 4), put(b, std::uint32_t(frames), 4), put(b, std::uint32_t(frames * 2), 4);  // bytes
    put(b, kPatchRate, 2);
    put(b, 8176, 4), put(b, 12543854, 4), put(b, 440000, 4);  // low, high, root frequency (mHz)
    put(b, 0, 2), put(b, 7, 1);                                // tune, balance
    for (std::uint8_t rate : {63, 63, 63, 0xC0 | 32, 63, 63}) put(b, rate, 1);  // release ≈ 65 dB/s
    for (std::uint8_t o : offsets) put(b, o, 1);
    b.append(QByteArray(6, 0));  // tremolo, vibrato
    put(b, modes, 1), put(b, 60, 2), put(b, 1024, 2);
    b.append(QByteArray(36, 0));
    for (int i = 0; i < frames; ++i) put(b, std::uint16_t(std::int16_t(std::lround(16000 * std::sin(2 * M_PI * 440.0 * i / kPatchRate)))), 2);
    return b;
}

void write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

double rmsDb(const std::vector<float>& stereo, double from, double to) {
    const auto a = std::size_t(from * 44100), b = std::size_t(to * 44100);
    double sum = 0;
    for (std::size_t i = a; i < b; ++i) sum += double(stereo[2 * i]) * stereo[2 * i];
    return 10 * std::log10(sum / double(b - a) + 1e-20);
}

double frequency(const std::vector<float>& stereo, double from, double to) {  // upward zero crossings
    const auto a = std::size_t(from * 44100), b = std::size_t(to * 44100);
    std::size_t first = 0, last = 0;
    int crossings = 0;
    for (std::size_t i = a + 1; i < b; ++i)
        if (stereo[2 * (i - 1)] < 0 && stereo[2 * i] >= 0) {
            if (crossings++ == 0) first = i;
            last = i;
        }
    return (crossings - 1) * 44100.0 / double(last - first);
}

} // namespace

class GusPatchSetTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString config_;

private Q_SLOTS:
    void initTestCase() {
        write(dir_.filePath("held.pat"), sinePatch(k16Bit | kLooping | kSustain | kEnvelope, {255, 255, 255, 0, 0, 0}));
        write(dir_.filePath("struck.pat"), sinePatch(k16Bit | kLooping | kEnvelope, {255, 200, 150, 0, 0, 0}));
        config_ = dir_.filePath("set.cfg");
        QFile cfg(config_);
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(("dir " + dir_.path() + "\n# a comment\nbank 0\n 0 held amp=100\n 1 struck.pat\n"
                   "drumset 0\n 36 held.pat\nbank 1\n 5 missing.pat\n").toUtf8());
    }

    void joinsThePoolAsASoundFont() {
        const SoundFont font(config_.toStdString());
        QCOMPARE(font.path(), config_.toStdString());
        QVERIFY(font.hasPreset(0, 0));
        QVERIFY(font.hasPreset(0, 1));
        QVERIFY(font.hasPreset(128, 0));
        QVERIFY(!font.hasPreset(0, 2));   // never named: the pool will not ask it for that program
        QVERIFY(!font.hasPreset(1, 5));   // other banks are not read
    }

    void playsEachKeyAtItsPitch() {
        const SoundFont font(config_.toStdString());
        for (int key : {57, 69, 81}) {
            const double expected = 440.0 * std::pow(2.0, (key - 69) / 12.0);
            const double heard = frequency(render(font, dryNote(0, key, 1.0, 1.0)), 0.2, 0.9);
            QVERIFY2(std::abs(heard / expected - 1.0) < 0.005, qPrintable(QString("key %1: %2 Hz").arg(key).arg(heard)));
        }
    }

    void sustainingPatchHoldsThenFades() {
        const SoundFont font(config_.toStdString());
        const std::vector<float> out = render(font, dryNote(0, 69, 2.0, 3.5));
        const double early = rmsDb(out, 0.2, 0.6), late = rmsDb(out, 1.5, 1.9);  // late: played by the loop
        QVERIFY2(std::abs(early - late) < 1.0, qPrintable(QString("%1 vs %2 dB").arg(early).arg(late)));
        QVERIFY2(rmsDb(out, 2.8, 3.0) < early - 40.0, qPrintable(QString("%1 dB after release").arg(rmsDb(out, 2.8, 3.0))));
    }

    void struckPatchDecaysWhileHeld() {
        const SoundFont font(config_.toStdString());
        const std::vector<float> out = render(font, dryNote(1, 69, 2.0, 2.0));
        QVERIFY2(rmsDb(out, 1.5, 1.9) < rmsDb(out, 0.0, 0.1) - 10.0,
                 qPrintable(QString("%1 vs %2 dB").arg(rmsDb(out, 1.5, 1.9)).arg(rmsDb(out, 0.0, 0.1))));
    }

    void refusesDamagedPatchesNamingThem() {
        QByteArray truncated = sinePatch(k16Bit | kLooping, {255, 255, 255, 0, 0, 0});
        truncated.truncate(truncated.size() / 2);
        write(dir_.filePath("cut.pat"), truncated);
        write(dir_.filePath("text.pat"), "not a patch at all, just some text that is long enough");
        SampleBank bank;
        for (const char* name : {"cut.pat", "text.pat"}) {
            const std::string path = dir_.filePath(name).toStdString();
            try {
                readGusPatch(path, bank);
                QFAIL("a damaged patch was read");
            } catch (const Error& e) {
                QCOMPARE(e.subject(), path);
                QVERIFY2(e.reason().find(name == std::string("cut.pat") ? "truncated" : "not a GUS patch") != std::string::npos, e.what());
            }
        }
    }

    void refusesConfigsNamingTheLine() {
        const QString bad = dir_.filePath("bad.cfg");
        QFile cfg(bad);
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(("dir " + dir_.path() + "\nbank 0\n 0 held\n 3 nowhere.pat\n").toUtf8());
        cfg.close();
        try {
            SoundFont font(bad.toStdString());
            QFAIL("a config naming a missing patch was loaded");
        } catch (const Error& e) {
            QCOMPARE(e.subject(), bad.toStdString() + ":4");
            QVERIFY2(e.reason().find("nowhere.pat") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(GusPatchSetTest)
#include "GusPatchSetTest.moc"
