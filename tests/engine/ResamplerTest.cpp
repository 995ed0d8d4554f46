// Sample-rate conversion keeps pitch, removes what the new rate cannot hold, and streams exactly.

#include "engine/audio/PolyphaseResampler.h"
#include "engine/audio/Resampler.h"
#include "engine/audio/ResamplerQuality.h"
#include "engine/core/Error.h"
#include "tests/support/AudioFixtures.h"

#include <QtTest>

#include <cmath>

using namespace timbrescope;
using namespace timbrescope::audio;
using namespace timbrescope::testing;

namespace {

std::vector<float> resampleInBlocks(const std::vector<float>& in, int from, int to, Converter c, std::size_t block) {
    Resampler resampler(from, to, c);
    std::vector<float> out;
    for (std::size_t start = 0; start < in.size(); start += block)
        resampler.process(in.data() + start, static_cast<std::int64_t>(std::min(block, in.size() - start)), false, out);
    resampler.process(nullptr, 0, true, out);
    return out;
}

} // namespace

class ResamplerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsPitch_data() {
        QTest::addColumn<int>("from");
        QTest::addColumn<QString>("converter");
        for (int rate : {8000, 44100, 48000, 96000})
            for (const auto& name : converterNames())
                QTest::addRow("%d Hz %s", rate, name.c_str()) << rate << QString::fromStdString(name);
    }
    void keepsPitch() {
        QFETCH(int, from);
        QFETCH(QString, converter);
        const std::vector<float> tone = sine(440.0, 3.0, from);
        const std::vector<float> out = resampleInBlocks(tone, from, 22050, parseConverter(converter.toStdString()), 4096);
        QCOMPARE(static_cast<std::int64_t>(out.size()), std::int64_t(3 * 22050));
        QVERIFY2(std::fabs(zeroCrossingFrequency(out, 22050) - 440.0) < 0.5,
                 qPrintable(QString::number(zeroCrossingFrequency(out, 22050))));
        QCOMPARE(dominantFrequency(out, 22050, 420.0, 460.0, 0.25), 440.0);
        // Amplitude survives (edges excluded: the filter's start-up and tail).
        QVERIFY(std::fabs(rms(out.data() + 2205, out.size() - 4410) - 0.5 / std::sqrt(2.0)) < 0.01);
    }

    void filtersWhatTheNewRateCannotHold() {
        // 15 kHz is above 22.05 kHz's Nyquist limit: the best sinc must remove it, not alias it to 7.05 kHz.
        const std::vector<float> out = resampleInBlocks(sine(15000.0, 1.0, 96000), 96000, 22050, Converter::SincBest, 10000);
        QVERIFY2(rms(out.data() + 1000, out.size() - 2000) < 1e-3, "aliased energy left above -60 dB");
    }

    void streamingDoesNotDependOnBlockSize_data() {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("converter");
        QTest::addRow("sinc-medium 44.1k") << 44100 << int(Converter::SincMedium);
        QTest::addRow("kaiser-best 44.1k") << 44100 << int(Converter::KaiserBest);
        QTest::addRow("kaiser-best 48k") << 48000 << int(Converter::KaiserBest);
        QTest::addRow("kaiser-best 8k") << 8000 << int(Converter::KaiserBest);
    }
    void streamingDoesNotDependOnBlockSize() {
        QFETCH(int, from);
        QFETCH(int, converter);
        const std::vector<float> in = noise(2.0, from, 0.5f);
        const std::vector<float> a = resampleInBlocks(in, from, 22050, Converter(converter), in.size());
        const std::vector<float> b = resampleInBlocks(in, from, 22050, Converter(converter), 997);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) QVERIFY2(std::fabs(a[i] - b[i]) < 1e-5, qPrintable(QString::number(i)));
    }

    void kaiserBestIsFlatAndRejectsAliases_data() {
        QTest::addColumn<int>("from");
        QTest::addRow("44.1k") << 44100;
        QTest::addRow("48k") << 48000;
        QTest::addRow("96k") << 96000;
    }
    void kaiserBestIsFlatAndRejectsAliases() {
        QFETCH(int, from);
        QVERIFY(PolyphaseResampler::supports(from, 22050));
        const ResamplerQuality q = measureResamplerQuality(Converter::KaiserBest, from, 22050);
        QVERIFY(q.passbandTones >= 90 && q.aliasTones >= 30);
        QVERIFY2(q.passbandRippleDb < 0.05, qPrintable(QString::number(q.passbandRippleDb)));
        QVERIFY2(q.worstAliasDb < -120.0, qPrintable(QString::number(q.worstAliasDb)));
    }

    void oddRatiosFallBackToLibsamplerate() {
        QVERIFY(!PolyphaseResampler::supports(44101, 22050));  // 22 050 phases
        const std::vector<float> out = resampleInBlocks(sine(440.0, 1.0, 44101), 44101, 22050, Converter::KaiserBest, 4096);
        QCOMPARE(static_cast<std::int64_t>(out.size()), resampledLength(44101, 44101, 22050));
        QVERIFY(std::fabs(rms(out.data() + 2205, out.size() - 4410) - 0.5 / std::sqrt(2.0)) < 0.01);
    }

    void lengthIsExact_data() {
        QTest::addColumn<qint64>("frames");
        QTest::addColumn<int>("from");
        QTest::addRow("44.1k 3s") << qint64(132300) << 44100;
        QTest::addRow("44.1k odd") << qint64(132301) << 44100;
        QTest::addRow("8k short") << qint64(17) << 8000;
        QTest::addRow("96k") << qint64(96001) << 96000;
        QTest::addRow("identity") << qint64(12345) << 22050;
    }
    void lengthIsExact() {
        QFETCH(qint64, frames);
        QFETCH(int, from);
        for (Converter c : {Converter::SincFastest, Converter::KaiserBest}) {
            const std::vector<float> out = resampleInBlocks(noise(double(frames) / from, from, 0.1f), from, 22050, c, 1000);
            QCOMPARE(static_cast<std::int64_t>(out.size()), resampledLength(frames, from, 22050));
        }
        QCOMPARE(resampledLength(132300, 44100, 22050), std::int64_t(66150));
        QCOMPARE(resampledLength(3, 44100, 22050), std::int64_t(2));  // 1.5 rounds up
    }

    void passesEqualRatesThrough() {
        const std::vector<float> in = noise(0.5, 22050, 0.5f);
        QCOMPARE(resampleInBlocks(in, 22050, 22050, Converter::SincBest, 333), in);
    }

    void rejectsUnknownConverterByName() {
        QCOMPARE(converterName(parseConverter("zoh")), std::string("zoh"));
        try {
            parseConverter("cubic");
            QFAIL("no error raised");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.subject()), QStringLiteral("converter"));
            QVERIFY(QString::fromStdString(e.reason()).contains("'cubic'"));
            QVERIFY(QString::fromStdString(e.reason()).contains("sinc-best"));
        }
    }
};

QTEST_GUILESS_MAIN(ResamplerTest)
#include "ResamplerTest.moc"
