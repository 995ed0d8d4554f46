// Recorded one-shot notes become an instrument of the pool: a folder of class folders (or a map
// file) loads as a SoundFont covering just those classes; each note's pitch is measured and keys
// play the nearest note at their own pitch; chords and noise are left out with the reason;
// misnamed folders and map lines are refused naming them.

#include "engine/core/Error.h"
#include "engine/synth/Renderer.h"
#include "engine/synth/SampleFolder.h"
#include "engine/synth/SoundFont.h"
#include "tests/support/AudioFixtures.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace timbrescope;
using namespace timbrescope::synth;
using timbrescope::testing::writeWav;

namespace {

constexpr int kRate = 44100;

// A decaying tone with harmonics 1..6 at `hz` (or the sum of several, for a chord).
std::vector<float> note(std::initializer_list<double> hz, double seconds = 1.5) {
    std::vector<float> x(std::size_t(seconds * kRate));
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) / kRate;
        double v = 0;
        for (double f : hz)
            for (int h = 1; h <= 6; ++h) v += std::sin(2 * M_PI * f * h * t) / h;
        x[i] = float(0.2 * v * std::exp(-1.5 * t) * std::min(1.0, t / 0.005));
    }
    return x;
}

std::vector<float> rendered(const SoundFont& font, int program, int key) {
    const std::vector<float> stereo = render(font, dryNote(program, key, 1.0, 1.0), kRate);
    std::vector<float> left(stereo.size() / 2);
    for (std::size_t i = 0; i < left.size(); ++i) left[i] = stereo[2 * i];
    return left;
}

} // namespace

class SampleFolderTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString folder() const { return dir_.filePath("notes"); }

private Q_SLOTS:
    void initTestCase() {
        QDir().mkpath(folder() + "/pia");
        QDir().mkpath(folder() + "/vio");
        writeWav(folder() + "/pia/a4.wav", note({440.0}), kRate);
        writeWav(folder() + "/pia/c3.wav", note({130.81}), kRate);
        writeWav(folder() + "/pia/triad.wav", note({261.63, 329.63, 392.0}), kRate);           // C major: a chord
        writeWav(folder() + "/pia/hiss.wav", timbrescope::testing::noise(1.5, kRate, 0.3f), kRate);  // no pitch
        writeWav(folder() + "/vio/g4.wav", note({392.0}), kRate);
    }

    void measuresTheRecordedPitch() {
        for (double hz : {98.0, 220.0, 392.0, 1046.5}) {
            const auto m = measurePitch(note({hz}), kRate);
            QVERIFY(m);
            QVERIFY2(std::abs(m->key - (69 + 12 * std::log2(hz / 440.0))) < 0.05, qPrintable(QString::number(m->key)));
            QVERIFY(m->aperiodicity < 0.1);
        }
        QVERIFY(!measurePitch(std::vector<float>(kRate, 0.0f), kRate));
    }

    void coversItsClassesAndLeavesOutWhatIsNotANote() {
        const SoundFont font(folder().toStdString());
        QVERIFY(font.hasPreset(0, 0));    // piano: its profile's first GM program
        QVERIFY(font.hasPreset(0, 40));   // violin
        QVERIFY(!font.hasPreset(0, 42));  // no cello folder: not covered
        QCOMPARE(font.notes().size(), std::size_t(2));
        const std::string notes = font.notes()[0] + "\n" + font.notes()[1];
        QVERIFY2(notes.find("hiss.wav: no single pitch") != std::string::npos, notes.c_str());
        QVERIFY2(notes.find("triad.wav: a chord") != std::string::npos || notes.find("triad.wav: its pitch is outside") != std::string::npos,
                 notes.c_str());
    }

    void playsEachKeyFromTheNearestNote() {
        const SoundFont font(folder().toStdString());
        for (int key : {69, 72, 48, 52}) {  // A4 and C3 recorded; C5 and E3 shifted from them
            const double expected = 440.0 * std::pow(2.0, (key - 69) / 12.0);
            const double heard = timbrescope::testing::dominantFrequency(rendered(font, 0, key), kRate, expected * 0.9, expected * 1.1, 0.5);
            QVERIFY2(std::abs(heard / expected - 1.0) < 0.01, qPrintable(QString("key %1: %2 Hz").arg(key).arg(heard)));
        }
    }

    void aMapFileNamesNotesWhereTheyAre() {
        const QString map = dir_.filePath("mine.samples");
        QFile f(map);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# recorded notes\ncel notes/pia/c3.wav\n");
        f.close();
        const SoundFont font(map.toStdString());
        QVERIFY(font.hasPreset(0, 42));
        QVERIFY(!font.hasPreset(0, 0));
    }

    void refusesMisnamedFoldersAndLines() {
        QDir().mkpath(dir_.filePath("odd/banjo"));
        try {
            SoundFont font(dir_.filePath("odd").toStdString());
            QFAIL("a folder not named by a class code was accepted");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.subject()), dir_.filePath("odd/banjo"));
        }
        const QString map = dir_.filePath("bad.samples");
        QFile f(map);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("pia notes/pia/a4.wav\npia notes/pia/none.wav\n");
        f.close();
        try {
            SoundFont font(map.toStdString());
            QFAIL("a map naming a missing file was accepted");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.subject()), map + ":2");
            QVERIFY2(e.reason().find("none.wav") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(SampleFolderTest)
#include "SampleFolderTest.moc"
