// The real workbench window loads a track in the background and shows it, or says why not.

#include "app/gui/Assets.h"
#include "app/gui/MainWindow.h"
#include "engine/models/ModelFile.h"
#include "engine/models/ModelRegistry.h"
#include "tests/support/AudioFixtures.h"
#include "widgets/ActivationView.h"
#include "widgets/F1ComparisonChart.h"
#include "widgets/PaneHint.h"
#include "widgets/PredictionView.h"
#include "widgets/SpectrogramView.h"
#include "widgets/TrackList.h"
#include "widgets/TrainingPanel.h"
#include "widgets/ViewExport.h"
#include "widgets/WaveformView.h"

#include <QAction>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QAudioDevice>
#include <QMediaDevices>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QToolButton>
#include <QTemporaryDir>
#include <QtTest>

#include <sndfile.h>

using namespace timbrescope::gui;
using namespace timbrescope::testing;

class MainWindowTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void loadsATrackAndDrawsItsWaveform() {
        const QString file = writeWav(dir_.filePath("tune.wav"),
                                      interleave({sine(440, 2.5, 48000), sine(220, 2.5, 48000)}), 48000, 2);
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::trackLoaded);
        window.openFile(file);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.at(0).at(0).toString(), file);
        QCOMPARE(window.currentPath(), file);
        QVERIFY(window.windowTitle().startsWith("tune.wav"));
        QVERIFY(window.waveformView()->hasSignal());
        QVERIFY(std::fabs(window.waveformView()->durationSeconds() - 2.5) < 1e-6);
        QCOMPARE(window.waveformView()->segmentCount(), 3);
        // The models hear two whole seconds; the details line says the last half second is left out.
        const auto labels = window.findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel* l) {
            return l->text().contains("2 segments of 1 s (the last 0.50 s not analysed)");
        }));
    }

    // `timbrescope a.wav b.wav c.wav`: every file joins the Tracks list, the shown one highlighted;
    // one that fails to open does not.
    void openedFilesGatherInTheTrackList() {
        QStringList files;
        for (const char* name : {"first.wav", "second.wav", "third.wav"})
            files << writeWav(dir_.filePath(name), sine(330, 1.5, 22050), 22050);
        const QString bad = writeBytes(dir_.filePath("broken.flac"), "not a flac");
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::trackLoaded);
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        for (const QString& f : files) window.openFile(f);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.last().at(0).toString(), files.last());
        QCOMPARE(window.trackList()->openedPaths(), files);
        QCOMPARE(window.trackList()->currentPath(), files.last());
        QCOMPARE(window.trackList()->currentItem()->text(2), QString("1.5"));
        QVERIFY(window.trackList()->isVisibleTo(&window));
        window.openFile(bad);
        QVERIFY(failed.wait(30000));
        QCOMPARE(window.trackList()->openedPaths(), files);
        QCOMPARE(window.trackList()->currentPath(), files.last());
        window.openFile(files.first());
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.trackList()->openedPaths(), files);  // opened again, listed once
        QCOMPARE(window.trackList()->currentPath(), files.first());
    }

    void reportsABadFileAndKeepsTheCurrentTrack() {
        const QString good = writeWav(dir_.filePath("good.wav"), sine(440, 1.0, 22050), 22050);
        const QString bad = writeBytes(dir_.filePath("bad.mp3"), "definitely not an mp3");
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::trackLoaded);
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        window.openFile(good);
        QVERIFY(loaded.wait(30000));
        window.openFile(bad);
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.at(0).at(0).toString(), bad);
        QCOMPARE(failed.at(0).at(1).toString(), bad + ": not a recognised audio format");
        QCOMPARE(window.currentPath(), good);
        QVERIFY(window.waveformView()->hasSignal());
    }

    void aModelShowsPredictionsAndActivations() {
        const QString model = dir_.filePath("fcn.pt");
        timbrescope::models::saveModel(*timbrescope::models::buildModel("fcn"), model.toStdString());
        const QString track = writeWav(dir_.filePath("duet-1.wav"), interleave({sine(440, 3.5, 44100), sine(330, 3.5, 44100)}), 44100, 2);
        writeBytes(dir_.filePath("duet-1.txt"), "pia\t\nvio\t\n");

        MainWindow window;
        window.show();
        // Before any model: run dialogs start in the bundled models' folder; after: beside it.
        QCOMPARE(window.runsFolder(), timbrescope::gui::assetPath(QStringLiteral("models")));
        QSignalSpy modelLoaded(&window, &MainWindow::modelLoaded);
        QSignalSpy loaded(&window, &MainWindow::trackLoaded);
        QSignalSpy activations(&window, &MainWindow::activationsShown);
        window.openModel(model);
        QVERIFY(modelLoaded.wait(30000));
        QCOMPARE(window.runsFolder(), dir_.path());
        window.openFile(track);
        QVERIFY(loaded.wait(30000));

        const auto& prediction = window.predictionView()->data();
        QCOMPARE(prediction.classes.size(), 11);
        QCOMPARE(prediction.segmentCount(), 3);  // 3.5 s: three whole 1-s segments
        QCOMPARE(prediction.track.size(), std::size_t(11));
        QCOMPARE(prediction.labels, (std::vector<bool>{false, false, false, false, false, false, true, false, false, true, false}));
        for (float p : prediction.track) QVERIFY(p > 0.0f && p < 1.0f);

        // Segment 1 is selected on arrival and its activations follow; another click, another set.
        QVERIFY(activations.count() > 0 || activations.wait(30000));
        QCOMPARE(activations.last().at(0).toInt(), 0);
        QStringList layers;
        for (const auto& m : window.activationView()->maps()) layers << m.name;
        QCOMPARE(layers, (QStringList{"input", "cell1", "cell2", "cell3", "cell4", "cell5", "class maps", "probabilities"}));
        QCOMPARE(window.activationView()->maps()[1].rows, 16);
        QCOMPARE(window.activationView()->maps()[1].columns, 7350);
        window.waveformView()->setSelectedSegment(2);
        QVERIFY(activations.wait(30000));
        QCOMPARE(activations.last().at(0).toInt(), 2);

        // The heat map shares the waveform's time axis: the same x for the same second, in the
        // whole track and after zooming, where a segment out of view has no width.
        auto* wave = window.waveformView();
        auto* heat = window.predictionView();
        const auto inWindow = [&window](QWidget* w, int x) { return w->mapTo(&window, QPoint(x, 0)).x(); };
        QCOMPARE(inWindow(heat, heat->heatMapRect().left()), inWindow(wave, wave->plotRect().left()));
        QCOMPARE(inWindow(heat, heat->heatMapRect().right()), inWindow(wave, wave->plotRect().right()));
        QCOMPARE(inWindow(heat, heat->cellRect(2, 0).left()), inWindow(wave, wave->xForSeconds(2.0)));
        // So does the spectrogram, once the engine has computed it.
        auto* spectrogram = window.spectrogramView();
        QTRY_VERIFY_WITH_TIMEOUT(spectrogram->data().frames > 0, 30000);
        QCOMPARE(spectrogram->data().bins, 96);
        QVERIFY(std::fabs(spectrogram->data().frames / spectrogram->data().framesPerSecond - 3.5) < 0.05);
        QCOMPARE(inWindow(spectrogram, spectrogram->plotRect().left()), inWindow(wave, wave->plotRect().left()));
        QCOMPARE(inWindow(spectrogram, spectrogram->plotRect().right()), inWindow(wave, wave->plotRect().right()));
        wave->setVisibleRange(1.0, 1.5);
        QCOMPARE(spectrogram->visibleSpan().start, 1.0);
        QCOMPARE(heat->visibleSpan().start, 1.0);
        QCOMPARE(heat->visibleSpan().duration, 1.5);
        QCOMPARE(heat->cellRect(0, 0).width(), 0);
        QCOMPARE(inWindow(heat, heat->cellRect(1, 0).left()), inWindow(wave, wave->xForSeconds(1.0)));
        QCOMPARE(inWindow(heat, heat->cellRect(2, 0).left()), inWindow(wave, wave->xForSeconds(2.0)));
        wave->showAll();

        // Export: the predictions' numbers hold the thresholds and what was predicted, the JSON
        // names the track and the model; a view that shows nothing is refused, no file written.
        QCOMPARE(window.exportViewTo("predictions", dir_.filePath("predictions.csv")), QString());
        QFile csv(dir_.filePath("predictions.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        // "# " lines naming the track, the model, the decision and thresholds; the header; 3
        // segments; the track, its thresholds and what was predicted.
        QCOMPARE(rows.size(), 2 + 1 + 3 + 3);
        QVERIFY2(rows[0].startsWith("# Predictions · duet-1.wav · model ") && rows[0].endsWith("fcn.pt"), qPrintable(rows[0]));
        QVERIFY2(rows[1].startsWith("# decision: at-least-one · thresholds: cel 0."), qPrintable(rows[1]));
        QVERIFY(rows[2].startsWith("segment,cel,"));
        QVERIFY(rows[7].startsWith("threshold,") && rows[8].startsWith("predicted,"));
        QVERIFY(rows[8].count(",1") >= 1);  // at least one instrument is named
        // A picture laid out at the size asked for, at twice the pixels, under its caption.
        const QSize onScreen = window.predictionView()->size();
        timbrescope::widgets::PictureOptions big{QSize(1200, 400), 2.0, window.exportCaption("predictions")};
        QCOMPARE(window.exportViewTo("predictions", dir_.filePath("predictions.png"), big), QString());
        const QImage picture(dir_.filePath("predictions.png"));
        QCOMPARE(picture.width(), 2400);
        QVERIFY(picture.height() > 800);  // the view and its two caption lines
        QCOMPARE(window.predictionView()->size(), onScreen);  // put back in its place
        big.size = QSize(20, 20);
        QVERIFY(window.exportViewTo("predictions", dir_.filePath("tiny.png"), big).contains("out of range"));
        QVERIFY(!QFile::exists(dir_.filePath("tiny.png")));
        QCOMPARE(window.exportViewTo("predictions", dir_.filePath("predictions.json")), QString());
        QFile json(dir_.filePath("predictions.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject exported = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(exported["track"].toString(), track);
        QCOMPARE(exported["model"].toString(), model);
        QCOMPARE(exported["decision"].toString(), QStringLiteral("at-least-one"));
        QCOMPARE(exported["segments"].toArray().size(), 3);
        QCOMPARE(window.exportViewTo("waveform", dir_.filePath("waveform.svg")), QString());
        QVERIFY(QFileInfo(dir_.filePath("waveform.svg")).size() > 0);
        QVERIFY2(window.exportViewTo("co-occurrence", dir_.filePath("empty.png")).contains("the co-occurrence view is empty"),
                 qPrintable(window.exportViewTo("co-occurrence", dir_.filePath("empty.png"))));
        QVERIFY(!QFile::exists(dir_.filePath("empty.png")));
        QVERIFY(window.exportViewTo("training-loss", dir_.filePath("loss.csv")).contains("empty"));
        QVERIFY(!QFile::exists(dir_.filePath("loss.csv")));
    }

    void firstLaunchShowsTheBundledModelADemoTrackAndTheComparison() {
        MainWindow window;
        window.show();
        QSignalSpy modelLoaded(&window, &MainWindow::modelLoaded);
        QSignalSpy listed(&window, &MainWindow::folderListed);
        QSignalSpy loaded(&window, &MainWindow::trackLoaded);
        window.openBundledDefaults(true, true, true);
        QVERIFY(modelLoaded.count() > 0 || modelLoaded.wait(60000));
        QVERIFY(modelLoaded.at(0).at(0).toString().endsWith("assets/models/crnn3"));
        QVERIFY(listed.count() > 0 || listed.wait(30000));
        QVERIFY(listed.at(0).at(0).toString().endsWith("assets/demo"));
        QVERIFY(loaded.count() > 0 || loaded.wait(60000));
        QVERIFY(window.currentPath().endsWith(".flac"));
        // The demo track is highlighted in its folder's group, not listed again as opened.
        QCOMPARE(window.trackList()->currentPath(), window.currentPath());
        QVERIFY(window.trackList()->openedPaths().isEmpty());

        // The demo track is predicted by the bundled model (how often it is right over the demo
        // tracks: CliTrainingTest::predictWithoutAModelUsesTheBundledOne) and its labels are shown.
        const auto& prediction = window.predictionView()->data();
        QCOMPARE(prediction.track.size(), std::size_t(11));
        QVERIFY(std::any_of(prediction.labels.begin(), prediction.labels.end(), [](auto labelled) { return bool(labelled); }));
        const auto loudest = std::max_element(prediction.track.begin(), prediction.track.end()) - prediction.track.begin();
        // It says so in words, naming at least the most probable instrument (even under its
        // threshold: the default decision rule), whose bar is drawn as predicted; and the window
        // holds the model's card.
        QVERIFY2(prediction.unsure || prediction.verdict.startsWith("Heard: " + prediction.names[int(loudest)]),
                 qPrintable(prediction.verdict));
        QCOMPARE(prediction.predicted.size(), std::size_t(11));
        QVERIFY(prediction.predicted[std::size_t(loudest)]);
        QVERIFY(!prediction.verdict.isEmpty());
        QVERIFY(!window.modelCard().isEmpty() && window.modelCard().front().startsWith("Model card: crnn3"));

        // The comparison chart holds both bundled models' per-instrument F1 on the generated test set.
        const auto& comparison = window.comparisonChart()->comparison();
        QCOMPARE(comparison.classes.size(), 11);
        QVERIFY(comparison.nameA.contains("crnn3"));
        QVERIFY(comparison.nameB.contains("cqt-cnn-reduced"));
        QVERIFY(*std::max_element(comparison.f1A.begin(), comparison.f1A.end()) > 0.5);
        for (double f1 : comparison.f1B) QVERIFY(f1 >= 0.0 && f1 <= 1.0);
    }

    void aBrokenModelIsReported() {
        const QString bad = writeBytes(dir_.filePath("broken.pt"), "no weights in here");
        MainWindow window;
        QSignalSpy failed(&window, &MainWindow::loadFailed);
        window.openModel(bad);
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.at(0).at(1).toString().startsWith(bad + ": "));
        QVERIFY(window.modelPath().isEmpty());
    }

    void trainAModelBringsItsTabToTheFront() {
        // The Training dock shares the right side with Results (one tab bar); Ctrl+T must bring
        // it to the front, not leave it behind the tab the user is looking at.
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* results = window.findChild<QDockWidget*>(QStringLiteral("comparison"));
        QVERIFY(results);
        results->show();  // as on first launch, with the bundled models' comparison
        QAction* train = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(QStringLiteral("Ctrl+T"))) train = a;
        QVERIFY(train);
        const auto frontTab = [&] {  // the current tab of the bar that holds both docks
            for (QTabBar* bar : window.findChildren<QTabBar*>())
                for (int i = 0; i < bar->count(); ++i)
                    if (bar->tabText(i) == "Training") return bar->tabText(bar->currentIndex());
            return QString();
        };
        train->trigger();
        QTRY_COMPARE(frontTab(), QStringLiteral("Training"));
        // Its tab already open, the user looks at Results again; Ctrl+T brings Training back.
        results->raise();
        QTRY_COMPARE(frontTab(), QStringLiteral("Results"));
        train->trigger();
        QTRY_COMPARE(frontTab(), QStringLiteral("Training"));
    }

    void playbackSaysWhyItIsUnavailable() {
        MainWindow window;
        QCOMPARE(window.playbackActions().size(), 4);  // track, segment, selection, stop
        const bool hasOutput = !QMediaDevices::audioOutputs().isEmpty();
        for (QAction* action : window.playbackActions()) {
            QCOMPARE(action->isEnabled(), hasOutput);
            if (!hasOutput) QVERIFY(action->toolTip().contains("audio output"));
        }
    }

    // Help lists every shortcut the menus have (read from them) and what the build runs on; View
    // brings back any dock; Export items read as a person would name the view.
    void helpViewAndExportMenusSayWhatTheyDo() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QMap<QString, QAction*> byText;
        for (QAction* a : window.findChildren<QAction*>()) byText[a->text().remove('&')] = a;
        for (const char* item : {"Keyboard Shortcuts", "About Timbrescope", "Zoom to Selection", "Play Selection", "Tracks",
                                 "Results", "Training", "F1 comparison chart…", "Predictions (heat map and whole-track bars)…"})
            QVERIFY2(byText.contains(item), item);
        byText["Keyboard Shortcuts"]->trigger();
        auto* shortcuts = window.findChild<QMessageBox*>(QStringLiteral("shortcuts"));
        QVERIFY(shortcuts);
        for (const char* text : {"View ▸ Zoom to Selection", "Ctrl+E", "Playback ▸ Play Selection", "File ▸ Open Track", "Drag"})
            QVERIFY2(shortcuts->text().contains(text), text);
        shortcuts->close();
        byText["About Timbrescope"]->trigger();
        auto* about = window.findChild<QMessageBox*>(QStringLiteral("about"));
        QVERIFY(about);
        QVERIFY(about->text().contains("LibTorch 1.") && about->text().contains(QStringLiteral("Qt ") + qVersion()));
        QVERIFY(about->text().contains("CPU:"));
        about->close();
        // A first-look note over each pane; one × hides them all, View ▸ Pane Notes brings them back.
        const auto hints = window.findChildren<timbrescope::widgets::PaneHint*>();
        QCOMPARE(hints.size(), 5);
        QVERIFY(std::any_of(hints.begin(), hints.end(), [](auto* h) { return h->text().contains("\"cell1 16 × 7350\" is 16 channels"); }));
        QVERIFY(std::any_of(hints.begin(), hints.end(), [](auto* h) { return h->text().contains("LRAP: how well it ranks"); }));
        QVERIFY(hints.front()->isVisible());
        QTest::mouseClick(hints.front()->findChild<QToolButton*>(), Qt::LeftButton);
        for (auto* h : hints) QVERIFY(!h->isVisible() && h->isHidden());
        byText["Pane Notes"]->trigger();
        QVERIFY(hints.front()->isVisible());
        // A closed dock comes back from the View menu.
        auto* tracks = window.findChild<QDockWidget*>(QStringLiteral("tracks"));
        tracks->close();
        QVERIFY(!tracks->isVisible());
        byText["Tracks"]->trigger();
        QVERIFY(tracks->isVisible());
    }

    // Save a session, open it in a new window: the same tracks, model, view and selections; a
    // file that is not a session is refused and changes nothing.
    void aSessionReopensWhereTheUserWas() {
        const QString model = dir_.filePath("session-fcn.pt");
        timbrescope::models::saveModel(*timbrescope::models::buildModel("fcn"), model.toStdString());
        const QString a = writeWav(dir_.filePath("session-a.wav"), sine(440, 3.5, 22050), 22050, 1);
        const QString b = writeWav(dir_.filePath("session-b.wav"), sine(330, 4.5, 22050), 22050, 1);
        const QString session = dir_.filePath("work.timbrescope");
        {
            MainWindow first;
            first.show();
            QSignalSpy modelLoaded(&first, &MainWindow::modelLoaded);
            QSignalSpy loaded(&first, &MainWindow::trackLoaded);
            first.openModel(model);
            QVERIFY(modelLoaded.wait(30000));
            first.openFile(a);
            QVERIFY(loaded.wait(30000));
            first.openFile(b);
            QTRY_COMPARE_WITH_TIMEOUT(first.currentPath(), b, 30000);
            QTRY_VERIFY_WITH_TIMEOUT(first.waveformView()->selectedSegment() == 0, 30000);
            first.waveformView()->setVisibleRange(1.0, 2.0);
            first.waveformView()->setRangeSelection(1.25, 2.5);
            first.waveformView()->setSelectedSegment(2);
            QCOMPARE(first.saveSessionTo(session), QString());
        }
        MainWindow second;
        second.show();
        QSignalSpy restored(&second, &MainWindow::sessionRestored);
        QCOMPARE(second.openSession(session), QString());
        QVERIFY(restored.wait(60000));
        QCOMPARE(second.currentPath(), b);
        QCOMPARE(second.trackList()->openedPaths(), (QStringList{a, b}));
        QCOMPARE(second.predictionView()->data().classes.size(), 11);  // the model came back too
        QCOMPARE(second.currentSession().model, model);
        const auto* wave = second.waveformView();
        QCOMPARE(wave->visibleStart(), 1.0);
        QCOMPARE(wave->visibleDuration(), 2.0);
        QCOMPARE(wave->selectionStart(), 1.25);
        QCOMPARE(wave->selectionEnd(), 2.5);
        QCOMPARE(wave->selectedSegment(), 2);

        const QString bad = writeBytes(dir_.filePath("bad.timbrescope"), "{\"format\": \"other\"}");
        QVERIFY(second.openSession(bad).startsWith(bad + ": not a session file"));
        QCOMPARE(second.currentPath(), b);
    }

    void settingsPersistAcrossSessions() {
        // Persistence is on when the application has a name, as the workbench's main() gives it.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.filePath("settings"));
        QCoreApplication::setOrganizationName("TimbrescopeTest");
        QCoreApplication::setApplicationName("MainWindowTest");
        const QString track = writeWav(dir_.filePath("remembered.wav"), sine(440, 1.0, 22050), 22050);
        {
            MainWindow first;
            first.show();
            QSignalSpy loaded(&first, &MainWindow::trackLoaded);
            first.openFile(track);
            QVERIFY(loaded.wait(30000));
            QSignalSpy listed(&first, &MainWindow::folderListed);
            first.openFolder(dir_.path());
            QVERIFY(listed.wait(30000));
            timbrescope::widgets::TrainingRequest request = first.trainingPanel()->request();
            request.dataDir = dir_.filePath("somewhere");
            request.epochs = 42;
            first.trainingPanel()->setRequest(request);
            first.close();
        }
        MainWindow second;
        QCOMPARE(second.trainingPanel()->request().dataDir, dir_.filePath("somewhere"));
        QCOMPARE(second.trainingPanel()->request().epochs, 42);
        QCOMPARE(QSettings().value("tracks/recent").toStringList(), QStringList{track});
        QCOMPARE(QSettings().value("datasets/recent").toStringList(), QStringList{dir_.path()});
        QCoreApplication::setOrganizationName(QString());  // the other tests run without persistence
    }

    void aTwoHourTrackLoadsWhileTheWindowKeepsRunning() {
        // Two hours of 8-kHz mono (115 MB), written a minute at a time.
        const QString path = writeRepeatedAudio(dir_.filePath("two-hours.wav"), sine(220, 60.0, 8000, 0.3f), 120, 8000, 1,
                                                SF_FORMAT_WAV | SF_FORMAT_PCM_16);

        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::trackLoaded);
        // Decoding and resampling take seconds: the window's event loop keeps turning meanwhile.
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&] { ++ticks; });
        timer.start(20);
        window.openFile(path);
        QVERIFY(loaded.wait(240000));
        timer.stop();
        QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks)));
        QVERIFY(std::fabs(window.waveformView()->durationSeconds() - 7200.0) < 1e-3);
        QCOMPARE(window.waveformView()->segmentCount(), 7200);
        QFile::remove(path);
    }

    void aLongTrackIsShownBeforeItsProbabilities() {
        // Three minutes: 180 segments, more than are predicted before a track is shown.
        const QString path = writeWav(dir_.filePath("three-minutes.wav"), sine(330, 180.0, 8000, 0.3f), 8000);
        MainWindow window;
        QSignalSpy model(&window, &MainWindow::modelLoaded), loaded(&window, &MainWindow::trackLoaded);
        window.openModel(assetPath(QStringLiteral("models/crnn3")));
        QVERIFY(model.wait(60000));
        window.openFile(path);
        QVERIFY(QTest::qWaitFor([&] { return window.waveformView()->hasSignal(); }, 60000));
        QCOMPARE(loaded.count(), 0);  // the fold models are still at work
        QVERIFY2(window.predictionView()->data().pending.contains(QRegularExpression("^Predicting 180 segments with crnn3 \\(\\d fold models\\)")),
                 qPrintable(window.predictionView()->data().pending));
        // Its segments stream in batch by batch before the last.
        QVERIFY(QTest::qWaitFor([&] { return window.predictionView()->data().progress < 1.0 || loaded.count() > 0; }, 120000));
        QCOMPARE(loaded.count(), 0);
        const auto& soFar = window.predictionView()->data();
        QVERIFY(soFar.segmentCount() > 0 && soFar.segmentCount() < 180);
        QVERIFY2(soFar.verdict.startsWith(QStringLiteral("Predicting: %1 of 180 segments").arg(soFar.segmentCount())), qPrintable(soFar.verdict));
        QVERIFY(loaded.wait(120000));
        QCOMPARE(window.predictionView()->data().progress, 1.0);
        QCOMPARE(window.predictionView()->data().segmentCount(), 180);
        QVERIFY(window.predictionView()->data().pending.isEmpty());
        QCOMPARE(std::fabs(window.waveformView()->durationSeconds() - 180.0) < 1e-6, true);
    }

    void onlyTheLatestRequestIsShown() {
        const QString first = writeWav(dir_.filePath("first.wav"), sine(440, 4.0, 44100), 44100);
        const QString second = writeWav(dir_.filePath("second.wav"), sine(440, 1.0, 22050), 22050);
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::trackLoaded);
        window.openFile(first);
        window.openFile(second);
        QVERIFY(QTest::qWaitFor([&] { return loaded.count() >= 1; }, 30000));
        QTest::qWait(1500);  // let the superseded load finish too
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(window.currentPath(), second);
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
