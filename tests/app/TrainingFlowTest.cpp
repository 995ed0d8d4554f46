// Training from the window: progress arrives while the window keeps running, the curves gain a
// point per epoch, Stop ends the job within a batch, Resume finishes it.

#include "app/gui/MainWindow.h"
#include "engine/synth/DatasetSynthesizer.h"
#include "engine/train/RunRecord.h"
#include "widgets/TrackList.h"
#include "widgets/TrainingPanel.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace timbrescope;

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
        widgets::TrainingRequest request;
        request.architecture = "fcn";
        request.dataDir = dir_.filePath("ds");
        request.runDir = dir_.filePath("run");
        request.device = "cpu";
        request.folds = 2;
        request.fold = 0;
        request.epochs = 3;
        request.batch = 8;

        // Stop as soon as the first epoch is on the chart.
        auto* charts = window.trainingPanel()->charts();
        window.startTraining(request);
        QVERIFY(window.trainingPanel()->isRunning());
        QVERIFY(QTest::qWaitFor([&] { return charts->points() >= 1; }, 120000));
        window.stopTraining();
        QVERIFY(ended.wait(60000));
        QCOMPARE(ended.last().at(1).toString(), QStringLiteral("stopped"));
        QVERIFY(!window.trainingPanel()->isRunning());
        const auto stopped = train::readRunRecord(request.runDir.toStdString());
        QVERIFY(!stopped.folds[0].epochs.empty() && stopped.folds[0].epochs.size() < 3);

        window.resumeTraining(request.runDir);
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.last().at(1).toString(), QStringLiteral("finished"));
        QCOMPARE(train::readRunRecord(request.runDir.toStdString()).folds[0].epochs.size(), std::size_t(3));
        QVERIFY(charts->points() >= 1);
        QVERIFY(charts->csvLines().size() == charts->points() + 1);
    }

    void generatesAndListsADataset() {
        gui::MainWindow window;
        QSignalSpy listed(&window, &gui::MainWindow::folderListed);
        window.generateDataset(dir_.filePath("demo"), 1, 2, 4);
        QVERIFY(listed.wait(120000));
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
