// train → eval → predict → compare from the command line, on a generated dataset.

#include "tests/support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = timbrescope::testing::CliRun;
Run cli(const QStringList& args) { return timbrescope::testing::runCli(QStringLiteral(TIMBRESCOPE_CLI), args); }

} // namespace

class CliTrainingTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QCOMPARE(cli({"synth", "--out", path("ds"), "--train-per-class", "2", "--test-count", "3", "--quiet"}).exitCode, 0);
    }

    void trainEvaluatePredictCompare() {
        Run r = cli({"train", "--arch", "fcn", "--data", path("ds/IRMAS-TrainingData"), "--out", path("run"), "--folds", "2",
                     "--epochs", "2", "--batch", "16", "--threads", "2"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("fold 1 epoch 2: loss"), qPrintable(r.err));
        QVERIFY(r.out.contains(QRegularExpression("Run .*: fcn, finished")));
        QVERIFY(QFile::exists(path("run/run.json")) && QFile::exists(path("run/fold-1.pt")) && QFile::exists(path("run/fold-2.pt")));

        r = cli({"eval", "--run", path("run"), "--test", path("ds/IRMAS-TestingData")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QRegularExpression("F1 micro\\s+\\d\\.\\d{3} ± \\d\\.\\d{3}\\s+\\d\\.\\d{3}")));
        QVERIFY(r.out.contains("3 excerpts, 2 fold model(s)"));
        for (const char* file : {"results.json", "per_class.csv", "predictions.csv"}) QVERIFY2(QFile::exists(path("run/") + file), file);

        r = cli({"eval", "--run", path("run"), "--test", path("ds/IRMAS-TestingData"), "--threshold", "calibrated", "--out", path("cal")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("threshold calibrated per fold (run.json)"));

        // The decision rule: at a threshold nothing reaches, the paper's rule predicts nothing and
        // the default names exactly the most probable class of each excerpt (the co-occurrence
        // row of a class then sums to its support). A rule that does not exist is refused.
        const auto predictionsPerLabel = [&](const QString& folder) {
            QFile f(path(folder + "/results.json"));
            if (!f.open(QIODevice::ReadOnly)) return std::make_pair(QString(), std::vector<std::pair<int, int>>{});
            const QJsonObject results = QJsonDocument::fromJson(f.readAll()).object();
            const QJsonArray matrix = results["co_occurrence"].toObject()["matrix"].toArray();
            const QJsonObject perClass = results["ensemble"].toObject()["per_class"].toObject();
            std::vector<std::pair<int, int>> rows;  // (predictions in excerpts labelled with the class, support)
            const QStringList codes = {"cel", "cla", "flu", "gac", "gel", "org", "pia", "sax", "tru", "vio", "voi"};
            for (int c = 0; c < 11; ++c) {
                int sum = 0;
                for (const auto& v : matrix[c].toArray()) sum += v.toInt();
                rows.emplace_back(sum, perClass[codes[c]].toObject()["support"].toInt());
            }
            return std::make_pair(results["decision"].toString(), rows);
        };
        for (const char* rule : {"thresholds", "at-least-one"}) {
            r = cli({"eval", "--run", path("run"), "--test", path("ds/IRMAS-TestingData"), "--threshold", "0.999", "--decision", rule,
                     "--out", path(QString("rule-") + rule)});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(QString("decision ") + rule), qPrintable(r.out));
            const auto [decision, rows] = predictionsPerLabel(QString("rule-") + rule);
            QCOMPARE(decision, QString(rule));
            for (const auto& [predictions, support] : rows) QCOMPARE(predictions, decision == "thresholds" ? 0 : support);
        }
        r = cli({"eval", "--run", path("run"), "--test", path("ds/IRMAS-TestingData"), "--decision", "top1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--decision: 'top1' is not a decision rule (at-least-one or thresholds)"), qPrintable(r.err));

        // calibrate --dry-run: three excerpts are too few to fit any class, and run.json stays.
        const auto runJson = [&] {
            QFile f(path("run/run.json"));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray before = runJson();
        r = cli({"calibrate", "--run", path("run"), "--on", path("ds"), "--dry-run"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("3 calibration excerpts") && r.out.contains("(too few labelled: kept)") &&
                     r.out.contains("run.json left as it was"), qPrintable(r.out));
        QCOMPARE(runJson(), before);

        const QString song = QDir(path("ds/IRMAS-TestingData/Part1")).entryList({"*.wav"}).first();
        r = cli({"predict", "--model", path("run"), "--csv", path("pred.csv"), "--timeline", path("ds/IRMAS-TestingData/Part1/") + song});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QRegularExpression("segment\\s+cel\\s+cla\\s+flu")));
        QFile csv(path("pred.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QStringLiteral("file,cel,cla,flu,gac,gel,org,pia,sax,tru,vio,voi"));
        // A single fold model file works too.
        QCOMPARE(cli({"predict", "--model", path("run/fold-1.pt"), path("ds/IRMAS-TestingData/Part1/") + song}).exitCode, 0);

        r = cli({"compare", path("run"), path("cal")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QRegularExpression("cel cello\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}\\s+[+-]\\d\\.\\d{3}")));
        QVERIFY(r.out.contains("LRAP"));
    }

    void problemsAreNamed() {
        Run r = cli({"train", "--data", path("ds"), "--out", path("x")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --arch:"));
        r = cli({"train", "--arch", "fcn", "--data", path("ds"), "--out", path("x"), "--device", "cuda:0"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --device: 'cuda:0'"));
        r = cli({"train", "--arch", "fcn", "--data", path("ds"), "--out", path("x"), "--fold", "7"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --fold:"));
        r = cli({"train", "--arch", "fcn", "--data", path("ds"), "--out", path("x"), "--rt60", "2:1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("error: --rt60: '2:1' is not MIN:MAX"), qPrintable(r.err));
        r = cli({"train", "--arch", "fcn", "--data", path("ds"), "--out", path("x"), "--effects", "1.2"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --effects:"));
        r = cli({"train", "--arch", "fcn", "--data", path("ds"), "--out", path("x"), "--codec-level", "0.5:1.5"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("error: --codec-level: '0.5:1.5' is not MIN:MAX"), qPrintable(r.err));
        r = cli({"train", "--arch", "fcn", "--data", path("ds"), "--out", path("x"), "--mixup", "-0.1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --mixup:"));
        r = cli({"synth", "--out", path("y"), "--vary", "wobble"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --vary: 'wobble' is not a variation"));
        QVERIFY(!QDir(path("x")).exists() && !QDir(path("y")).exists());
        r = cli({"eval", "--run", path("missing"), "--test", path("ds")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("no run record here"));
        r = cli({"calibrate", "--on", path("ds")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --run:"));
        r = cli({"calibrate", "--run", path("run")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("error: --on: which labelled music?"), qPrintable(r.err));
        r = cli({"predict", "--model", path("missing.pt"), path("x.wav")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("missing.pt: no such file"), qPrintable(r.err));
        r = cli({"predict", "--threshold", "1.5", path("x.wav")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("error: --threshold: '1.5': a number between 0 and 1, or 'calibrated'"));
    }

    void effectsReachTheRunRecord() {
        const Run r = cli({"train", "--arch", "fcn", "--data", path("ds/IRMAS-TrainingData"), "--out", path("fx"), "--folds", "2", "--fold", "1",
                           "--epochs", "1", "--batch", "16", "--effects", "0.3", "--room", "0.6", "--rt60", "0.2:0.9",
                           "--codec", "0.4", "--codec-level", "0.5:0.8", "--mixup", "0.25"});
        QCOMPARE(r.exitCode, 0);
        QFile json(path("fx/run.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject record = QJsonDocument::fromJson(json.readAll()).object();
        const QJsonObject effects = record["training"].toObject()["effects"].toObject();
        QCOMPARE(effects["room"].toObject()["share"].toDouble(), 0.6);
        QCOMPARE(effects["room"].toObject()["rt60"].toArray()[1].toDouble(), 0.9);
        for (const char* effect : {"pitch", "filter", "compress", "noise"}) QCOMPARE(effects[effect].toObject()["share"].toDouble(), 0.3);
        // The codec round trip is not part of --effects; mixup is an augmentation of its own.
        QCOMPARE(effects["codec"].toObject()["share"].toDouble(), 0.4);
        QCOMPARE(effects["codec"].toObject()["level"].toArray()[0].toDouble(), 0.5);
        QCOMPARE(record["training"].toObject()["mixup"].toObject()["share"].toDouble(), 0.25);
        // The generator's manifest, one folder above the training files given, names the source.
        QCOMPARE(record["dataset"].toObject()["sources"].toArray(), QJsonArray{"FluidR3_GM.sf2"});
    }

    void predictWithoutAModelUsesTheBundledOne() {
        // The demo tracks are labelled excerpts the bundled model never trained on.
        const QDir demo(QStringLiteral(TIMBRESCOPE_SOURCE_ASSETS "/demo"));
        const QStringList tracks = demo.entryList({"*.flac"}, QDir::Files, QDir::Name);
        QVERIFY2(!tracks.isEmpty(), "no demo tracks in assets/demo");
        const Run r = cli({"predict", demo.filePath(tracks.front())});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Model: bundled") && r.out.contains("assets/models/crnn3"));
        // The model card says what it was trained on and how it scored on a source it never heard.
        QVERIFY2(r.out.contains(QRegularExpression("Model card: crnn3, \\d of 5 fold models")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("unseen-source test music \\(.*\\): LRAP 0\\.\\d\\d")), qPrintable(r.out));
        // One line of 11 "code probability" pairs, sorted; '*' marks the calibrated decisions; then
        // the verdict naming what is heard.
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.last().trimmed().startsWith("Heard: "), qPrintable(lines.last()));
        const QStringList pairs = lines[lines.size() - 2].simplified().split(' ');
        QCOMPARE(pairs.size(), 22);
        QVERIFY2(pairs[1].endsWith('*'), qPrintable(lines.last()));  // the most probable is predicted present
        QVERIFY2(!lines.last().contains("nothing"), qPrintable(lines.last()));
        // On most demo tracks the most probable instrument is one that plays (the model errs, but
        // rarely: a model that learnt nothing would name a labelled one about a quarter of the time).
        int right = 0;
        for (const QString& track : tracks) {
            const Run t = cli({"predict", demo.filePath(track)});
            const QStringList out = t.out.split('\n', Qt::SkipEmptyParts);
            QFile labelFile(demo.filePath(QFileInfo(track).completeBaseName() + ".txt"));
            QVERIFY(labelFile.open(QIODevice::ReadOnly));
            const QStringList labels = QString::fromUtf8(labelFile.readAll()).simplified().split(' ');
            right += labels.contains(out[out.size() - 2].simplified().split(' ').front());
        }
        QVERIFY2(right * 4 >= int(tracks.size()) * 3, qPrintable(QString("%1 of %2 demo tracks").arg(right).arg(tracks.size())));
    }
};

QTEST_GUILESS_MAIN(CliTrainingTest)
#include "CliTrainingTest.moc"
