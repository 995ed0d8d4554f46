// The source survey finds what a pool really holds: a source that plays another's samples is
// marked the same (correlation near 1) and does not count as independent, a different recording
// does; a class no source has is covered by none. The SoundFonts are written by SoundFontWriter.

#include "engine/data/Instruments.h"
#include "engine/synth/SoundFont.h"
#include "engine/synth/SoundFontWriter.h"
#include "engine/synth/SourceSurvey.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace timbrescope;
using namespace timbrescope::synth;

namespace {

// A one-preset bank: GM program 0 (a piano, for the survey) playing `wave` at root key 69, looped.
SampleBank pianoBank(std::vector<std::int16_t> wave) {
    SampleBank bank;
    bank.name = "test";
    BankSample s;
    s.name = "wave";
    s.data = std::move(wave);
    s.sampleRate = 44000;
    s.rootKey = 69;
    s.looped = true;
    s.loopStart = 22000, s.loopEnd = 44000;  // whole 440 Hz periods
    bank.samples.push_back(s);
    BankZone zone;
    zone.releaseTimecents = -3986;  // 0.1 s
    bank.instruments.push_back({"wave", {zone}});
    bank.presets.push_back({"wave", 0, 0, 0});
    return bank;
}

std::vector<std::int16_t> sine() {
    std::vector<std::int16_t> w(44000);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::int16_t(std::lround(12000 * std::sin(2 * M_PI * 440.0 * double(i) / 44000.0)));
    return w;
}

std::vector<std::int16_t> noise() {
    std::mt19937 rng(3);
    std::normal_distribution<double> n(0.0, 4000.0);
    std::vector<std::int16_t> w(44000);
    for (auto& v : w) v = std::int16_t(std::clamp(n(rng), -32000.0, 32000.0));
    return w;
}

} // namespace

class SourceSurveyTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void findsSharedAndIndependentSamples() {
        QTemporaryDir dir;
        const std::string a = dir.filePath("sine.sf2").toStdString(), copy = dir.filePath("sine-again.sf2").toStdString(),
                          other = dir.filePath("noise.sf2").toStdString();
        writeSoundFont(pianoBank(sine()), a);
        writeSoundFont(pianoBank(sine()), copy);
        writeSoundFont(pianoBank(noise()), other);
        const SoundFont fa(a), fcopy(copy), fother(other);
        const SourceSurvey survey = surveySources({&fa, &fcopy, &fother});
        QCOMPARE(survey.sources, (std::vector<std::string>{a, copy, other}));
        QCOMPARE(int(survey.classes.size()), data::kClassCount);

        const ClassCoverage& piano = survey.classes[std::size_t(*data::classIndex("pia"))];
        QCOMPARE(piano.program, (std::vector<int>{0, 0, 0}));
        QVERIFY2(piano.correlation[1][0] > 0.99, qPrintable(QString::number(piano.correlation[1][0])));
        QCOMPARE(piano.correlation[0][1], piano.correlation[1][0]);
        QCOMPARE(piano.sameAs, (std::vector<int>{-1, 0, -1}));
        QVERIFY2(piano.correlation[2][0] < 0.3, qPrintable(QString::number(piano.correlation[2][0])));
        QCOMPARE(piano.independentSources, 2);

        const ClassCoverage& cello = survey.classes[std::size_t(*data::classIndex("cel"))];
        QCOMPARE(cello.program, (std::vector<int>{-1, -1, -1}));
        QCOMPARE(cello.independentSources, 0);
        QVERIFY(std::isnan(cello.correlation[0][1]));
    }
};

QTEST_GUILESS_MAIN(SourceSurveyTest)
#include "SourceSurveyTest.moc"
