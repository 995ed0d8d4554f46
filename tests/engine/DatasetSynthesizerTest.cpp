// The generator writes the exact IRMAS layout, musically sane audio, and the same bytes for the
// same seed; a pool of SoundFonts plays each part from the source the manifest names; render-time
// variation changes the audio and repeats itself; a source covering only some classes renders just
// those over another source's bass and drums.

#include "engine/audio/Segmenter.h"
#include "engine/audio/TrackLoader.h"
#include "engine/core/Error.h"
#include "engine/data/LabelFile.h"
#include "engine/data/Instruments.h"
#include "engine/synth/DatasetPlan.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "engine/synth/Renderer.h"
#include "engine/synth/SoundFont.h"
#include "tests/support/AudioFixtures.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

#include <cmath>

using namespace timbrescope;
using namespace timbrescope::synth;

namespace {

constexpr const char* kUnseenFont = "/usr/share/sounds/sf2/TimGM6mb.sf2";  // scripts/setup installs it

SynthOptions tiny(const QString& dir, std::uint64_t seed = 5) {
    SynthOptions o;
    o.outDir = dir.toStdString();
    o.trainPerClass = 2;
    o.testCount = 6;
    o.seed = seed;
    return o;
}

// Relative path → SHA-1 of every file under `dir`.
QMap<QString, QByteArray> digests(const QString& dir) {
    QMap<QString, QByteArray> result;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        result[QDir(dir).relativeFilePath(path)] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha1);
    }
    return result;
}

} // namespace

class DatasetSynthesizerTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    SynthReport report_;
    QString out() const { return dir_.filePath("ds"); }

private Q_SLOTS:
    void initTestCase() {
        int lastDone = 0, total = 0;
        report_ = synthesizeDataset(tiny(out()), [&](int done, int all) {
            QVERIFY(done > lastDone);
            lastDone = done, total = all;
        });
        QCOMPARE(lastDone, total);
        QCOMPARE(int(report_.files.size()), 11 * 2 + 6);
    }

    void writesTheIrmasLayout() {
        for (const SynthFile& f : report_.files) {
            const QString path = QDir(out()).filePath(QString::fromStdString(f.relativePath));
            SF_INFO info{};
            SNDFILE* file = sf_open(path.toLocal8Bit().constData(), SFM_READ, &info);
            QVERIFY2(file, qPrintable(path));
            sf_close(file);
            QCOMPARE(info.samplerate, 44100);
            QCOMPARE(info.channels, 2);
            QCOMPARE(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
            if (f.split == data::Split::Train) {
                QCOMPARE(info.frames, sf_count_t(132300));  // 3.0 s exactly
                QCOMPARE(data::labelCount(f.labels), 1);
                const QString code = QString::fromStdString(data::labelString(f.labels));
                QVERIFY2(QString::fromStdString(f.relativePath).startsWith("IRMAS-TrainingData/" + code + "/[" + code + "]") ||
                             QString::fromStdString(f.relativePath).contains("__[" + code + "]"),
                         f.relativePath.c_str());
                QVERIFY(QString::fromStdString(f.relativePath).contains(QRegularExpression("\\]\\d{4}__\\d\\.wav$")));
            } else {
                QVERIFY(info.frames >= 5 * 44100 && info.frames <= 20 * 44100);
                QVERIFY(data::labelCount(f.labels) >= 1 && data::labelCount(f.labels) <= 4);
                QFile labels(QString(path).replace(".wav", ".txt"));
                QVERIFY(labels.open(QIODevice::ReadOnly));
                const QByteArray text = labels.readAll();
                QCOMPARE(text, QByteArray::fromStdString(data::formatLabelText(f.labels)));
                QVERIFY(text.endsWith("\t\n"));
            }
        }
        QVERIFY(QFile::exists(QDir(out()).filePath("timbrescope-synth.json")));
    }

    void manifestListsEveryFileWithItsLabels() {
        QFile f(QDir(out()).filePath("timbrescope-synth.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(manifest["seed"].toInt(), 5);
        const QJsonArray files = manifest["files"].toArray();
        QCOMPARE(files.size(), int(report_.files.size()));
        QCOMPARE(files[0]["labels"].toString(), QString::fromStdString(data::labelString(report_.files[0].labels)));
    }

    void audioSoundsLikeMusic() {
        // Every 1-s segment of every file has sound (labelled instruments play throughout), at a
        // mastered level, without clipping.
        for (const SynthFile& f : report_.files) {
            const audio::Track t = audio::loadTrack(QDir(out()).filePath(QString::fromStdString(f.relativePath)).toStdString());
            QVERIFY2(t.peak <= 0.9f, f.relativePath.c_str());
            QVERIFY2(t.rms > 0.02f, f.relativePath.c_str());  // louder than -34 dBFS
            for (float segmentRms : audio::segmentRms(t.mono))
                QVERIFY2(segmentRms > 0.003f, f.relativePath.c_str());
        }
    }

    void sameSeedSameFilesOtherSeedOtherFiles() {
        QTemporaryDir other;
        SynthOptions again = tiny(other.filePath("again"));
        again.threads = 1;  // thread count must not matter
        synthesizeDataset(again);
        const auto a = digests(out()), b = digests(other.filePath("again"));
        QCOMPARE(a.keys(), b.keys());
        QVERIFY(a == b);
        synthesizeDataset(tiny(other.filePath("seed6"), 6));
        const auto c = digests(other.filePath("seed6"));
        int same = 0;
        for (auto it = c.begin(); it != c.end(); ++it) same += a.value(it.key()) == it.value();
        QCOMPARE(same, 0);
    }

    void refusesToOverwriteUnlessAsked() {
        QVERIFY_THROWS_EXCEPTION(Error, synthesizeDataset(tiny(out())));
        QVERIFY(QFile::exists(QDir(out()).filePath(QString::fromStdString(report_.files.front().relativePath))));
        QTemporaryDir other;
        SynthOptions o = tiny(other.path());
        synthesizeDataset(o);
        o.overwrite = true;
        o.trainPerClass = 1;
        o.testCount = 0;
        const SynthReport replaced = synthesizeDataset(o);
        QCOMPARE(int(replaced.files.size()), 11);
        QVERIFY(!QDir(other.filePath("IRMAS-TestingData")).exists());
    }

    void badOptionsNameTheOption() {
        SynthOptions o = tiny(dir_.filePath("bad"));
        o.soundFonts = {dir_.filePath("missing.sf2").toStdString()};
        try {
            synthesizeDataset(o);
            QFAIL("no error raised");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.subject()), dir_.filePath("missing.sf2"));
        }
        o = tiny(dir_.filePath("bad"));
        o.trainPerClass = -1;
        try {
            synthesizeDataset(o);
            QFAIL("no error raised");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.subject()), QStringLiteral("--train-per-class"));
        }
        QVERIFY(!QDir(dir_.filePath("bad")).exists());  // nothing written on a refused request
    }

    void partsAreRenderedByTheirNamedSource() {
        const SoundFont fluid(kDefaultSoundFont), timgm(kUnseenFont);
        Score score;
        score.seconds = 1.5;
        Part part;
        part.program = 40;  // violin
        part.notes = {{0.1, 0.6, 67, 100}, {0.7, 0.6, 74, 90}};
        score.parts = {part};
        const auto fluidAlone = render(fluid, score, 22050);
        const auto timgmAlone = render(timgm, score, 22050);
        QVERIFY(fluidAlone != timgmAlone);
        QCOMPARE(render({&fluid, &timgm}, score, 22050), fluidAlone);
        score.parts[0].source = 1;
        QCOMPARE(render({&fluid, &timgm}, score, 22050), timgmAlone);
        score.parts[0].source = 2;
        QVERIFY_THROWS_EXCEPTION(Error, render({&fluid, &timgm}, score, 22050));
    }

    void aPoolSpreadsInstrumentsOverItsSourcesAndSaysWhich() {
        QTemporaryDir other;
        SynthOptions o = tiny(other.filePath("pool"));
        o.soundFonts = {kDefaultSoundFont, kUnseenFont};
        o.trainPerClass = 3;
        o.testCount = 4;
        const SynthReport report = synthesizeDataset(o);
        QFile f(QDir(other.filePath("pool")).filePath("timbrescope-synth.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(manifest["soundfonts"].toArray().size(), 2);
        QSet<QString> used;
        for (const QJsonValue file : manifest["files"].toArray()) {
            const QJsonObject sources = file["sources"].toObject();
            QCOMPARE(QStringList(sources.keys()), file["labels"].toString().split('+'));
            for (const QJsonValue source : sources) {
                QVERIFY(source == "FluidR3_GM.sf2" || source == "TimGM6mb.sf2");
                used.insert(source.toString());
            }
        }
        QCOMPARE(used.size(), 2);  // both sources play
        QCOMPARE(report.files.front().sources.size(), std::size_t(1));
        o.soundFonts = {kDefaultSoundFont, kDefaultSoundFont};
        o.outDir = other.filePath("twice").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, synthesizeDataset(o));  // a source in the pool twice
    }

    void variationChangesTheAudioAndRepeatsItself() {
        QTemporaryDir other;
        SynthOptions o = tiny(other.filePath("varied"));
        o.trainPerClass = 1;
        o.testCount = 2;
        o.variation = RenderVariation::all();
        synthesizeDataset(o);
        o.outDir = other.filePath("again").toStdString();
        synthesizeDataset(o);
        o.outDir = other.filePath("plain").toStdString();
        o.variation = {};
        synthesizeDataset(o);
        const auto varied = digests(other.filePath("varied")), again = digests(other.filePath("again")),
                   plain = digests(other.filePath("plain"));
        QVERIFY(varied == again);
        int same = 0;
        for (auto it = plain.begin(); it != plain.end(); ++it)
            if (it.key().endsWith(".wav")) same += varied.value(it.key()) == it.value();
        QCOMPARE(same, 0);
        QCOMPARE(RenderVariation::parse("detune,room").names(), (std::vector<std::string>{"detune", "room"}));
        try {
            RenderVariation::parse("detune,wobble");
            QFAIL("an unknown variation was accepted");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.subject()), QStringLiteral("--vary"));
            QVERIFY(QString(e.what()).contains("wobble"));
        }
    }

    void aPartialSourcePlaysOnlyItsClassesOverAnAccompaniment() {
        // Recorded notes of two classes (a decaying harmonic tone each), with no bass or drums.
        QTemporaryDir other;
        const QString notes = other.filePath("notes");
        for (const auto& [code, hz] : {std::pair{"pia", 220.0}, std::pair{"vio", 440.0}}) {
            QDir().mkpath(notes + "/" + code);
            std::vector<float> tone(44100 * 2);
            for (std::size_t i = 0; i < tone.size(); ++i) {
                const double t = double(i) / 44100;
                double v = 0;
                for (int h = 1; h <= 6; ++h) v += std::sin(2 * M_PI * hz * h * t) / h;
                tone[i] = float(0.2 * v * std::exp(-1.0 * t) * std::min(1.0, t / 0.005));
            }
            timbrescope::testing::writeWav(notes + "/" + code + "/note.wav", tone, 44100);
        }
        SynthOptions o = tiny(other.filePath("partial"));
        o.soundFonts = {notes.toStdString()};
        o.testCount = 5;
        const auto refusal = [&]() -> QString {
            try {
                synthesizeDataset(o);
            } catch (const Error& e) {
                return e.what();
            }
            return {};
        };
        QVERIFY2(refusal().contains("has no General MIDI program for cello (leave it out with --classes"), qPrintable(refusal()));
        o.classes = {*data::classIndex("pia"), *data::classIndex("vio")};
        QVERIFY2(refusal().contains("drum kit (bank 128) (add a General MIDI SoundFont with --accompaniment)"), qPrintable(refusal()));
        QVERIFY(!QDir(other.filePath("partial")).exists());  // refused before writing anything
        o.accompaniment = {kUnseenFont};
        const SynthReport report = synthesizeDataset(o);

        QCOMPARE(QDir(other.filePath("partial/IRMAS-TrainingData")).entryList(QDir::Dirs | QDir::NoDotAndDotDot),
                 (QStringList{"pia", "vio"}));
        int train = 0;
        for (const SynthFile& f : report.files) {
            train += f.split == data::Split::Train;
            QVERIFY(f.labels != 0);
            QCOMPARE(f.labels & ~(data::labelBit(*data::classIndex("pia")) | data::labelBit(*data::classIndex("vio"))), 0);
            for (const auto& [code, source] : f.sources) QCOMPARE(QString::fromStdString(source), QStringLiteral("notes"));
        }
        QCOMPARE(train, 2 * 2);
        QFile f(QDir(other.filePath("partial")).filePath("timbrescope-synth.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(manifest["classes"].toArray(), (QJsonArray{"pia", "vio"}));
        QCOMPARE(manifest["accompaniment"].toArray(), (QJsonArray{"TimGM6mb.sf2"}));

        // Naming all 11 classes draws the plan every earlier version drew.
        const DatasetPlan before = planDataset(2, 6, 5), named = planDataset(2, 6, 5, data::classesOrAll({}));
        QCOMPARE(named.pieces.size(), before.pieces.size());
        for (std::size_t i = 0; i < before.pieces.size(); ++i) {
            QCOMPARE(named.pieces[i].seed, before.pieces[i].seed);
            QCOMPARE(named.pieces[i].labelled, before.pieces[i].labelled);
            QCOMPARE(named.pieces[i].excerpts.front().relativePath, before.pieces[i].excerpts.front().relativePath);
        }
    }

    void soundSetFilesNameFontsRelativeToThemselves() {
        QTemporaryDir other;
        QFile set(other.filePath("set.txt"));
        QVERIFY(set.open(QIODevice::WriteOnly));
        set.write("# my pool\n\nfonts/a.sf2\n  /abs/b.sf2  \n");
        set.close();
        QCOMPARE(readSoundSet(set.fileName().toStdString()),
                 (std::vector<std::string>{other.filePath("fonts/a.sf2").toStdString(), "/abs/b.sf2"}));
        QVERIFY_THROWS_EXCEPTION(Error, readSoundSet(other.filePath("none.txt").toStdString()));
    }
};

QTEST_GUILESS_MAIN(DatasetSynthesizerTest)
#include "DatasetSynthesizerTest.moc"
