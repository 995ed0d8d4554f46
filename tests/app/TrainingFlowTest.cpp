// Training from the window: progress arrives while the window keeps running, the curves gain a
// point per epoch, Stop ends the job within a batch, Resume finishes it.

#include "app/gui/Assets.h"
#include "app/gui/MainWindow.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "engine/synth/SoundFont.h"
#include "engine/train/RunRecord.h"
#include "widgets/F1ComparisonChart.h"
#include "widgets/ResultsTable.h"
#include "widgets/TrackList.h"
#include "widgets/TrainingPanel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace timbrescope;

namespace {

// One fold of a 2-fold FCN run, small batches: seconds of training.
widgets::TrainingRequest tinyRequest(const QString& data, const QString& run, int epochs) {
    widgets::TrainingRequest request;
    request.architecture = "fcn";
    request.dataDir = data;
    request.runDir = run;
    request.device = "cpu";
    request.folds = 2;
    request.fold = 0;
    request.epochs = epochs;
    request.batch = 8;
    return request;
}

} // namespace

class TrainingFlowTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void initTestCase() {
        synth::SynthOptions o;
        o.outDir = dir_.filePath("ds").toStdString();
        o.trainPerClass = 2;
        o.testCount = 0;
        synth::synthesizeDataset(o);
    }

    void startStopResume() {
        gui::MainWindow window;
        window.show();
        QSignalSpy ended(&window, &gui::MainWindow::trainingEnded);
        const widgets::TrainingRequest request = tinyRequest(dir_.filePath("ds"), dir_.filePath("run"), 3);

        // Stop as soon as the first epoch is on the chart.
        auto* charts = window.trainingPanel()->charts();
        window.startTraining(request);
        QVERIFY(window.trainingPanel()->isRunning());
        QVERIFY(QTest::qWaitFor([&] { return charts->points() >= 1; }, 120000));
        QVERIFY2(window.trainingPanel()->etaText().startsWith("ETA "), qPrintable(window.trainingPanel()->etaText()));
        window.stopTraining();
        QVERIFY(ended.wait(60000));
        QCOMPARE(ended.last().at(1).toString(), QStringLiteral("stopped"));
        QVERIFY(!window.trainingPanel()->isRunning());
        // The bar says how the run ended, not "idle".
        QVERIFY2(window.trainingPanel()->progressText().startsWith("stopped at "), qPrintable(window.trainingPanel()->progressText()));
        QVERIFY(!window.trainingPanel()->offersNextSteps());  // a stopped run has nothing to open yet
        QVERIFY(window.trainingPanel()->etaText().isEmpty());
        const auto stopped = train::readRunRecord(request.runDir.toStdString());
        QVERIFY(!stopped.folds[0].epochs.empty() && stopped.folds[0].epochs.size() < 3);

        window.resumeTraining(request.runDir);
        // While it trains the status bar says so.
        const auto labels = window.findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel* l) { return l->text() == "training · resuming run"; }));
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.last().at(1).toString(), QStringLiteral("finished"));
        QCOMPARE(window.trainingPanel()->progressText(), QStringLiteral("finished"));
        QCOMPARE(train::readRunRecord(request.runDir.toStdString()).folds[0].epochs.size(), std::size_t(3));
        // The resumed fold's curves hold every epoch, those before the stop too.
        QCOMPARE(charts->points(), 3);
        QVERIFY(charts->csvLines().size() == charts->points() + 1);
        // What comes next is offered: "Open This Run" makes it the window's model.
        QVERIFY(window.trainingPanel()->offersNextSteps());
        QSignalSpy modelLoaded(&window, &gui::MainWindow::modelLoaded);
        window.trainingPanel()->openRunButton()->click();
        QVERIFY(modelLoaded.wait(30000));
        QCOMPARE(window.modelPath(), request.runDir);
    }

    void generatesAndListsADataset() {
        gui::MainWindow window;
        QSignalSpy listed(&window, &gui::MainWindow::folderListed);
        // From a pool of two sources, with render-time variation, as the dialog asks by default.
        const QStringList pool{QString::fromUtf8(synth::kDefaultSoundFont), "stk"};
        window.generateDataset(dir_.filePath("demo"), 1, 2, 4, pool, true);
        QVERIFY(listed.wait(120000));
        QFile manifestFile(dir_.filePath("demo/timbrescope-synth.json"));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
        QCOMPARE(manifest["soundfonts"].toArray().size(), 2);
        QVERIFY(!manifest["variation"].toArray().isEmpty());
        const auto& listing = window.trackList()->listing();
        QCOMPARE(int(listing.tracks.size()), 11 + 2);
        QVERIFY(listing.warnings.isEmpty());
        int training = 0;
        for (const auto& t : listing.tracks) training += t.training;
        QCOMPARE(training, 11);
        QCOMPARE(window.trainingPanel()->request().dataDir, listed.at(0).at(0).toString());
        // Double-click a track: it opens.
        QSignalSpy loaded(&window, &gui::MainWindow::trackLoaded);
        Q_EMIT window.trackList()->trackActivated(listing.tracks.front().path);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.currentPath(), listing.tracks.front().path);
    }

    void evaluateAndCompareFromTheWindow() {
        // Train one fold for one epoch, evaluate it on the generated test excerpts, compare.
        gui::MainWindow window;
        QSignalSpy ended(&window, &gui::MainWindow::trainingEnded);
        QSignalSpy evaluated(&window, &gui::MainWindow::runEvaluated);
        // dir_/demo was generated by generatesAndListsADataset, which runs first.
        widgets::TrainingRequest request = tinyRequest(dir_.filePath("demo"), dir_.filePath("evaluated-run"), 1);
        request.mixShare = 0.25;  // the augmentation set in the window reaches the run
        request.mixSources = 3;
        request.eqShare = 0.5;
        window.startTraining(request);
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.last().at(1).toString(), QStringLiteral("finished"));
        const train::RunRecord trained = train::readRunRecord(request.runDir.toStdString());
        QCOMPARE(trained.training.mixing.share, 0.25);
        QCOMPARE(trained.training.mixing.maxSources, 3);
        QCOMPARE(trained.training.equaliser.share, 0.5);
        window.evaluateRun(request.runDir, dir_.filePath("demo"));
        QVERIFY(evaluated.wait(120000));
        QVERIFY(evaluated.last().at(1).toString().contains("on 2 excerpts"));
        QVERIFY(QFileInfo::exists(QDir(request.runDir).filePath("results.json")));
        QVERIFY(window.compareRuns(request.runDir, request.runDir));
        QCOMPARE(window.comparisonChart()->comparison().f1A.size(), std::size_t(11));
        QVERIFY(window.resultsTable()->rowCount() >= 2);
    }

    void oneJobAtATimeWhileTheWindowKeepsWorking() {
        gui::MainWindow window;
        window.show();
        QSignalSpy ended(&window, &gui::MainWindow::trainingEnded);
        QSignalSpy failed(&window, &gui::MainWindow::loadFailed);
        const widgets::TrainingRequest request = tinyRequest(dir_.filePath("ds"), dir_.filePath("busy-run"), 4);
        window.startTraining(request);
        // A double click, and every other job meanwhile: refused at once, with a message.
        window.startTraining(tinyRequest(dir_.filePath("ds"), dir_.filePath("second-run"), 1));
        window.resumeTraining(request.runDir);
        window.evaluateRun(request.runDir, dir_.filePath("ds"));
        window.generateDataset(dir_.filePath("never"), 1, 1, 1);
        QCOMPARE(failed.count(), 4);
        for (const auto& f : failed) QVERIFY2(f.at(1).toString().contains("already running"), qPrintable(f.at(1).toString()));

        // Switching model, track and dataset during the job: the engine thread answers meanwhile.
        QSignalSpy model(&window, &gui::MainWindow::modelLoaded), track(&window, &gui::MainWindow::trackLoaded),
            listed(&window, &gui::MainWindow::folderListed);
        window.openModel(gui::assetPath(QStringLiteral("models/crnn3")));
        QVERIFY(model.wait(60000));
        const QDir flutes(dir_.filePath("ds/IRMAS-TrainingData/flu"));
        window.openFile(flutes.filePath(flutes.entryList({"*.wav"}).first()));
        QVERIFY(track.wait(60000));
        window.openFolder(dir_.filePath("ds"));
        QVERIFY(listed.wait(60000));

        QVERIFY(ended.wait(180000));
        QCOMPARE(ended.last().at(1).toString(), QStringLiteral("finished"));
        QCOMPARE(train::readRunRecord(request.runDir.toStdString()).folds[0].epochs.size(), std::size_t(4));
        QVERIFY(!QFileInfo::exists(dir_.filePath("second-run/run.json")) && !QFileInfo::exists(dir_.filePath("never")));
    }

    void closingTheWindowMidTrainingKeepsTheCompletedEpochs() {
        const widgets::TrainingRequest request = tinyRequest(dir_.filePath("ds"), dir_.filePath("closed-run"), 40);
        {
            auto window = std::make_unique<gui::MainWindow>();
            window->show();
            window->startTraining(request);
            QVERIFY(QTest::qWaitFor([&] { return window->trainingPanel()->charts()->points() >= 1; }, 120000));
            window->close();
        }  // the window is gone: its job stopped within a batch and its threads were joined
        const train::RunRecord record = train::readRunRecord(request.runDir.toStdString());
        QCOMPARE(record.status, std::string("stopped"));
        const std::size_t kept = record.folds[0].epochs.size();
        QVERIFY(kept >= 1 && kept < 40);

        // Opened again, the run resumes from its last completed epoch: its charts start with the
        // kept epochs, and a new one follows.
        gui::MainWindow window;
        QSignalSpy ended(&window, &gui::MainWindow::trainingEnded);
        window.resumeTraining(request.runDir);
        QVERIFY(QTest::qWaitFor([&] { return window.trainingPanel()->charts()->points() > int(kept); }, 120000));
        window.stopTraining();
        QVERIFY(ended.wait(60000));
        QCOMPARE(ended.last().at(1).toString(), QStringLiteral("stopped"));
        QVERIFY(train::readRunRecord(request.runDir.toStdString()).folds[0].epochs.size() > kept);
    }

    void refusesIncompleteRequests() {
        gui::MainWindow window;
        QSignalSpy failed(&window, &gui::MainWindow::loadFailed);
        window.startTraining(widgets::TrainingRequest{});
        QCOMPARE(failed.count(), 1);
        QVERIFY(!window.trainingPanel()->isRunning());
    }
};

QTEST_MAIN(TrainingFlowTest)
#include "TrainingFlowTest.moc"
