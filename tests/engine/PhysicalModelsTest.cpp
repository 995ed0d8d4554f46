// The physical models (`--soundfont stk`) join the pool as a SoundFont: every class but piano is
// there under each of its GM programs, a key sounds at its own pitch, a sustained note holds past
// the length of its rendered sample (the loop) and fades when released, a plucked string decays;
// a seed is another set of instruments and the same seed the same one; a malformed name and a
// pool that needs a piano from it alone are refused, naming the source.

#include "engine/core/Error.h"
#include "engine/synth/InstrumentProfiles.h"
#include "engine/synth/Orchestration.h"
#include "engine/synth/PhysicalModels.h"
#include "engine/synth/Renderer.h"
#include "engine/synth/SampleFolder.h"
#include "engine/synth/SoundFont.h"

#include <QtTest>

#include <cmath>
#include <memory>

using namespace timbrescope;
using namespace timbrescope::synth;

namespace {

constexpr int kRate = 44100;

std::vector<float> left(const std::vector<float>& stereo, double from, double to) {
    const auto a = std::size_t(from * kRate), b = std::min(stereo.size() / 2, std::size_t(to * kRate));
    std::vector<float> out;
    for (std::size_t i = a; i < b; ++i) out.push_back(stereo[2 * i]);
    return out;
}

double rmsDb(const std::vector<float>& stereo, double from, double to) {
    const std::vector<float> x = left(stereo, from, to);
    double sum = 0;
    for (float v : x) sum += double(v) * v;
    return 10 * std::log10(sum / double(std::max<std::size_t>(x.size(), 1)) + 1e-20);
}

} // namespace

class PhysicalModelsTest : public QObject {
    Q_OBJECT
    std::unique_ptr<SoundFont> stk_;  // rendered and loaded once: seconds of work

private Q_SLOTS:
    void initTestCase() {
        if (physicalModelsAvailable()) stk_ = std::make_unique<SoundFont>("stk");
    }

    void coversEveryClassButPiano() {
        if (!stk_) QSKIP("built without the Synthesis ToolKit (libstk-dev)");
        const SoundFont& font = *stk_;
        for (int c = 0; c < 11; ++c)
            for (const ProgramVariant& v : profileFor(c).programs)
                QVERIFY2(font.hasPreset(0, v.program) == (c != 6), qPrintable(QString("class %1 program %2").arg(c).arg(v.program)));
        QCOMPARE(font.notes().size(), std::size_t(1));
        QVERIFY2(font.notes().front().find("piano") != std::string::npos, font.notes().front().c_str());
        QVERIFY(!font.hasPreset(128, 0));  // no drum kit: the pool plays drums from another source
    }

    void playsEachKeyAtItsPitch() {
        if (!stk_) QSKIP("built without the Synthesis ToolKit (libstk-dev)");
        const SoundFont& font = *stk_;
        // cello, clarinet, flute, nylon guitar, clean electric, organ, tenor sax, trumpet, violin, choir;
        // odd keys sound from a recorded neighbour a semitone away, shifted.
        const std::pair<int, int> notes[] = {{42, 48}, {71, 62}, {73, 79}, {24, 52}, {27, 57}, {16, 60},
                                             {66, 55}, {56, 67}, {40, 76}, {52, 64}, {71, 65}};
        for (const auto& [program, key] : notes) {
            const std::vector<float> out = render(font, dryNote(program, key, 1.0, 1.2), kRate);
            const auto pitch = measurePitch(left(out, 0.0, 1.0), kRate);
            QVERIFY2(pitch, qPrintable(QString("program %1 key %2: no pitch").arg(program).arg(key)));
            const double expected = program == 16 ? key - 12 : key;  // a 16' drawbar sounds the octave below
            const bool inTune = std::abs(pitch->key - expected) < 0.3 || (program == 16 && std::abs(pitch->key - key) < 0.3);
            QVERIFY2(inTune, qPrintable(QString("program %1 key %2 sounds at %3").arg(program).arg(key).arg(pitch->key)));
        }
    }

    void sustainedNotesHoldThenFade() {
        if (!stk_) QSKIP("built without the Synthesis ToolKit (libstk-dev)");
        const SoundFont& font = *stk_;
        for (int program : {71, 40, 19}) {  // clarinet, violin, church organ: 3 s held, samples of 1.3 s
            const std::vector<float> out = render(font, dryNote(program, 62, 3.0, 3.8), kRate);
            const double early = rmsDb(out, 0.5, 0.9), late = rmsDb(out, 2.4, 2.8);
            QVERIFY2(std::abs(early - late) < 3.0, qPrintable(QString("program %1: %2 vs %3 dB").arg(program).arg(early).arg(late)));
            QVERIFY2(rmsDb(out, 3.6, 3.8) < early - 30.0, qPrintable(QString("program %1: %2 dB after release").arg(program).arg(rmsDb(out, 3.6, 3.8))));
        }
    }

    void pluckedStringsDecay() {
        if (!stk_) QSKIP("built without the Synthesis ToolKit (libstk-dev)");
        const SoundFont& font = *stk_;
        const std::vector<float> out = render(font, dryNote(25, 52, 2.5, 2.5), kRate);
        QVERIFY2(rmsDb(out, 2.0, 2.4) < rmsDb(out, 0.0, 0.2) - 10.0,
                 qPrintable(QString("%1 vs %2 dB").arg(rmsDb(out, 2.0, 2.4)).arg(rmsDb(out, 0.0, 0.2))));
    }

    void aSeedIsAnotherSetOfInstruments() {
        if (!stk_) QSKIP("built without the Synthesis ToolKit (libstk-dev)");
        const SampleBank a = renderPhysicalModels("stk:3"), b = renderPhysicalModels("stk");  // seeds 3 and 1
        const SampleBank again = renderPhysicalModels("stk:3", nullptr, PhysicalModelCache::Bypass);
        QCOMPARE(again.samples.size(), a.samples.size());
        for (std::size_t i = 0; i < a.samples.size(); ++i) QVERIFY(again.samples[i].data == a.samples[i].data);
        // The clarinet under another seed: another reed and breath, so other samples.
        const auto clarinet = [](const SampleBank& bank) {
            for (const BankSample& s : bank.samples)
                if (s.name == "clarinet-71-63") return s.data;
            return std::vector<std::int16_t>{};
        };
        QVERIFY(!clarinet(a).empty());
        QVERIFY(clarinet(a) != clarinet(b));
    }

    void refusesWhatItCannotBe() {
        try {
            SoundFont font("stk:one");
            QFAIL("a malformed physical-model name was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.subject(), std::string("stk:one"));
            QVERIFY2(e.reason().find("stk:SEED") != std::string::npos, e.what());
        }
        if (!stk_) QSKIP("built without the Synthesis ToolKit (libstk-dev)");
        const SoundFont& font = *stk_;
        try {
            availablePrograms({&font});
            QFAIL("a pool of physical models alone was asked to play a piano");
        } catch (const Error& e) {
            QCOMPARE(e.subject(), std::string("stk"));
            QVERIFY2(e.reason().find("piano") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(PhysicalModelsTest)
#include "PhysicalModelsTest.moc"
