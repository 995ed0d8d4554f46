// The real workbench window loads a track in the background and shows it, or says why not.

#include "app/gui/MainWindow.h"
#include "tests/support/AudioFixtures.h"
#include "widgets/WaveformView.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

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
        QVERIFY(window.findChild<QLabel*>() != nullptr);
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
