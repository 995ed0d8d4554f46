// Faults during training, done to the real timbrescope-cli: kill -9 at random moments, and a disk
// that refuses the next checkpoint. Nothing a completed epoch wrote is lost, and the resumed run
// ends where an uninterrupted one does.

#include "tests/support/AudioFixtures.h"
#include "tests/support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <random>
#include <sys/resource.h>

namespace {

using Run = timbrescope::testing::CliRun;
Run cli(const QStringList& args) { return timbrescope::testing::runCli(QStringLiteral(TIMBRESCOPE_CLI), args); }

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int completedEpochs(const QString& runDir) {
    int epochs = 0;
    for (const auto& fold : readJson(runDir + "/run.json")["folds"].toArray()) epochs += fold.toObject()["epochs"].toArray().size();
    return epochs;
}

} // namespace

class CliFaultTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

    // Two folds of a small fcn, one thread: deterministic for a given seed.
    QStringList trainArgs(const QString& run) const {
        if (QFile::exists(run + "/run.json")) return {"train", "--out", run, "--resume"};
        return {"train", "--arch", "fcn", "--data", path("ds/IRMAS-TrainingData"), "--out", run, "--folds", "2",
                "--epochs", "8", "--batch", "16", "--threads", "1", "--seed", "5"};
    }

    // Starts training `run` and returns, the process still running, once its progress shows `line`
    // (e.g. "fold 1 epoch 2:", printed when that epoch's checkpoint is on disk).
    bool trainUntil(QProcess& p, const QString& run, const QByteArray& line) const {
        p.setReadChannel(QProcess::StandardError);  // waitForReadyRead watches the progress lines
        p.start(QStringLiteral(TIMBRESCOPE_CLI), trainArgs(run));
        QByteArray err;
        while (!err.contains(line) && p.waitForReadyRead(60000)) err += p.readAllStandardError();
        if (!err.contains(line)) qWarning("no '%s' in: %s", line.constData(), err.constData());
        return err.contains(line);
    }

    // The run's per-epoch history and its models' predictions match the uninterrupted run's.
    void compareWithReference(const QString& run) {
        const QJsonArray got = readJson(run + "/run.json")["folds"].toArray(), want = readJson(path("reference/run.json"))["folds"].toArray();
        QCOMPARE(readJson(run + "/run.json")["status"].toString(), QStringLiteral("finished"));
        QCOMPARE(got.size(), want.size());
        for (int f = 0; f < got.size(); ++f) {
            const QJsonArray a = got[f].toObject()["epochs"].toArray(), b = want[f].toObject()["epochs"].toArray();
            QCOMPARE(a.size(), b.size());
            for (int e = 0; e < a.size(); ++e)
                for (const char* key : {"train_loss", "val_loss"}) {
                    const double resumed = a[e].toObject()[key].toDouble(), uninterrupted = b[e].toObject()[key].toDouble();
                    QVERIFY2(std::abs(resumed - uninterrupted) <= 1e-5 * std::max(1.0, std::abs(uninterrupted)),
                             qPrintable(QStringLiteral("fold %1 epoch %2 %3: %4 resumed, %5 uninterrupted")
                                            .arg(f + 1).arg(e + 1).arg(key).arg(resumed).arg(uninterrupted)));
                }
            QCOMPARE(got[f].toObject()["best_epoch"].toInt(), want[f].toObject()["best_epoch"].toInt());
        }
        QCOMPARE(cli({"predict", "--model", run, "--csv", run + "/p.csv", excerpt_}).exitCode, 0);
        const QStringList a = QString::fromUtf8(readBytes(run + "/p.csv")).split(QRegularExpression("[,\n]"), Qt::SkipEmptyParts);
        const QStringList b = QString::fromUtf8(readBytes(path("reference/p.csv"))).split(QRegularExpression("[,\n]"), Qt::SkipEmptyParts);
        QCOMPARE(a.size(), b.size());
        for (int i = 13; i < a.size(); ++i)  // after the header and the file name
            QVERIFY2(std::abs(a[i].toDouble() - b[i].toDouble()) <= 1e-4, qPrintable(a[i] + " vs " + b[i]));
    }

    QString excerpt_;

private Q_SLOTS:
    void initTestCase() {
        QCOMPARE(cli({"synth", "--out", path("ds"), "--train-per-class", "2", "--test-count", "1", "--quiet"}).exitCode, 0);
        excerpt_ = path("ds/IRMAS-TestingData/Part1/") + QDir(path("ds/IRMAS-TestingData/Part1")).entryList({"*.wav"}).first();
        const Run r = cli(trainArgs(path("reference")));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(cli({"predict", "--model", path("reference"), "--csv", path("reference/p.csv"), excerpt_}).exitCode, 0);
    }

    void killedAtRandomMomentsResumesToTheSameResult() {
        const QString run = path("killed");
        std::mt19937 rng(20261124);
        std::uniform_int_distribution<int> moment(100, 2000);  // ms after start: startup, preparing, any batch or write
        int kills = 0;
        for (int round = 0; round < 8; ++round) {
            QProcess p;
            p.start(QStringLiteral(TIMBRESCOPE_CLI), trainArgs(run));
            QVERIFY(p.waitForStarted());
            const int ms = moment(rng);
            if (p.waitForFinished(ms)) {
                QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
                break;
            }
            p.kill();  // SIGKILL: no handler runs, nothing is flushed
            QVERIFY(p.waitForFinished());
            ++kills;
            qInfo("kill -9 after %d ms: %d epoch(s) recorded", ms, completedEpochs(run));
        }
        QVERIFY2(kills >= 3, "the run finished before it could be killed three times");
        // Whatever the moment, no temporary file is left where a reader could take it for a checkpoint.
        const Run r = cli(trainArgs(run));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QDir(run).entryList({"*.tmp*"}, QDir::Files | QDir::Hidden).isEmpty());
        compareWithReference(run);
    }

    void aSecondTrainerOnTheSameRunIsRefused() {
        const QString run = path("shared");
        QProcess first;
        QVERIFY(trainUntil(first, run, "fold 1 epoch 1:"));
        const Run second = cli({"train", "--out", run, "--resume"});  // e.g. from another terminal
        first.kill();
        first.waitForFinished();
        QCOMPARE(second.exitCode, 2);
        QVERIFY2(second.err.contains(run + ": is being trained by another process (it holds run.lock)"), qPrintable(second.err));
    }

    void aDamagedTrainingStateIsNamedOnResume() {
        const QString run = path("damaged");
        {
            QProcess p;
            QVERIFY(trainUntil(p, run, "fold 1 epoch 1:"));
            p.kill();
            QVERIFY(p.waitForFinished());
        }
        timbrescope::testing::flipOneBit(run + "/fold-1.state.pt");  // as a failing disk would
        const Run r = cli(trainArgs(run));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QRegularExpression("error: .*fold-1.state.pt: damaged training state file: its entry '.*' does not match its checksum "
                                                          "\\(delete it to train fold 1 again from its first epoch\\)")),
                 qPrintable(r.err));
        // Doing so trains that fold again, to the uninterrupted result.
        QVERIFY(QFile::remove(run + "/fold-1.state.pt"));
        const Run again = cli(trainArgs(run));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        compareWithReference(run);
    }

    void aFailingCheckpointWriteKeepsThePreviousOne() {
        const QString run = path("full");
        // Train until fold 1 has two completed epochs, then pull the plug.
        {
            QProcess p;
            QVERIFY(trainUntil(p, run, "fold 1 epoch 2:"));
            p.kill();
            QVERIFY(p.waitForFinished());
        }
        const int epochsBefore = completedEpochs(run);
        const QByteArray state = readBytes(run + "/fold-1.state.pt"), best = readBytes(run + "/fold-1.pt");
        QVERIFY2(!state.isEmpty() && !best.isEmpty(), qPrintable(QDir(run).entryList(QDir::Files).join(' ')));

        // Resume on a "full disk": no file may grow past 64 KiB, so run.json (a few KiB) is written
        // and the next checkpoint (hundreds of KiB) is not.
        QProcess full;
        full.setChildProcessModifier([] {
            ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing
            const rlimit limit{64 * 1024, 64 * 1024};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
        full.start(QStringLiteral(TIMBRESCOPE_CLI), trainArgs(run));
        QVERIFY(full.waitForFinished(300000));
        const QString err = QString::fromUtf8(full.readAllStandardError());
        QVERIFY2(full.exitCode() == 2, qPrintable(err));
        QVERIFY2(err.contains(QRegularExpression("error: .*fold-1(\\.state)?\\.pt: cannot write.*File too large")), qPrintable(err));

        // The previous checkpoint is intact and nothing half-written lies beside it.
        const int epochsAfter = completedEpochs(run);
        QVERIFY2(epochsAfter == epochsBefore || epochsAfter == epochsBefore + 1, qPrintable(QString::number(epochsAfter)));
        if (readBytes(run + "/fold-1.state.pt") != state) QFAIL("the previous training state was changed");
        QVERIFY(readBytes(run + "/fold-1.pt") == best || epochsAfter == epochsBefore);  // a new best only with its epoch recorded
        QVERIFY(QDir(run).entryList({"*.tmp*"}, QDir::Files | QDir::Hidden).isEmpty());
        const QJsonObject record = readJson(run + "/run.json");
        QCOMPARE(record["status"].toString(), QStringLiteral("failed"));
        QVERIFY2(record["message"].toString().contains("File too large"), qPrintable(record["message"].toString()));

        // With space again, the run continues from that checkpoint to the uninterrupted result.
        const Run r = cli(trainArgs(run));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        compareWithReference(run);
    }
};

QTEST_GUILESS_MAIN(CliFaultTest)
#include "CliFaultTest.moc"
