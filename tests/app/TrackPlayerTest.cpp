// Playback heard for real: the test starts its own PulseAudio server with a null sink (an output
// that consumes audio in real time and plays it nowhere), so a machine without a sound card
// plays tracks as a user's would: the playhead advances, a segment stops at its end, Stop stops.

#include "app/gui/TrackPlayer.h"

#include <QAudioDevice>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMediaDevices>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace timbrescope::gui;

namespace {

std::shared_ptr<const std::vector<float>> tone(double seconds, int rate) {
    auto s = std::make_shared<std::vector<float>>(std::size_t(seconds * rate));
    for (std::size_t i = 0; i < s->size(); ++i) (*s)[i] = 0.3f * float(std::sin(2 * M_PI * 440.0 * double(i) / rate));
    return s;
}

} // namespace

class TrackPlayerTest : public QObject {
    Q_OBJECT
    QTemporaryDir runtime_;
    QProcess server_;

private Q_SLOTS:
    void initTestCase() {
        const QString pulseaudio = QStandardPaths::findExecutable(QStringLiteral("pulseaudio"));
        if (pulseaudio.isEmpty()) QSKIP("pulseaudio is not installed (scripts/setup installs it)");
        // A private server: its socket in our own runtime folder, found through the environment
        // before Qt Multimedia first looks for devices.
        QFile::setPermissions(runtime_.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", runtime_.path().toUtf8());
        qputenv("PULSE_SERVER", (QStringLiteral("unix:") + runtime_.filePath("pulse/native")).toUtf8());
        server_.setProcessChannelMode(QProcess::MergedChannels);
        server_.start(pulseaudio, {"-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disable-shm=yes",
                                   "--load=module-null-sink sink_name=timbrescope_null", "--load=module-native-protocol-unix"});
        QVERIFY2(server_.waitForStarted(10000), qPrintable(server_.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(runtime_.filePath("pulse/native")), 15000);
    }

    void cleanupTestCase() {
        if (server_.state() == QProcess::NotRunning) return;
        server_.terminate();
        if (!server_.waitForFinished(5000)) server_.kill();
    }

    void theNullSinkIsAnOutput() {
        QVERIFY2(!QMediaDevices::audioOutputs().isEmpty(), server_.readAll().constData());
        TrackPlayer player;
        QCOMPARE(player.unavailableReason(), QString());
    }

    // The whole of a 1.2-s track: positions rise from the start to near its end, then it stops.
    void playsATrackWithAnAdvancingPlayhead() {
        TrackPlayer player;
        player.setSignal(tone(1.2, 22050), 22050);
        QSignalSpy positions(&player, &TrackPlayer::positionChanged);
        QSignalSpy stopped(&player, &TrackPlayer::stopped);
        QElapsedTimer clock;
        clock.start();
        player.play(0.0, 1.2);
        QVERIFY(player.playing());
        QVERIFY(stopped.wait(10000));
        QVERIFY(!player.playing());
        QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));  // played in real time, not dropped
        QVERIFY(positions.count() >= 5);
        double last = -1.0;
        for (const auto& p : positions) {
            QVERIFY(p.at(0).toDouble() >= last);
            last = p.at(0).toDouble();
        }
        QVERIFY2(last > 1.15 && last <= 1.2, qPrintable(QString::number(last)));
    }

    // Play Segment: [1, 1.5) of a 3-s track starts at 1 s and stops at its end, not the track's.
    void aSegmentStopsAtItsEnd() {
        TrackPlayer player;
        player.setSignal(tone(3.0, 22050), 22050);
        QSignalSpy positions(&player, &TrackPlayer::positionChanged);
        QSignalSpy stopped(&player, &TrackPlayer::stopped);
        player.play(1.0, 1.5);
        // PulseAudio's null sink may hold a new stream for up to its 2-s block before it plays,
        // so the wall clock says little here; the positions say where playback was.
        QVERIFY(stopped.wait(10000));
        QVERIFY(!positions.isEmpty());
        for (const auto& p : positions) QVERIFY2(p.at(0).toDouble() >= 1.0 && p.at(0).toDouble() <= 1.55, qPrintable(p.at(0).toString()));
        QVERIFY2(positions.last().at(0).toDouble() >= 1.45, qPrintable(positions.last().at(0).toString()));  // heard to its end
    }

    void stopEndsPlaybackAtOnce() {
        TrackPlayer player;
        player.setSignal(tone(5.0, 22050), 22050);
        QSignalSpy stopped(&player, &TrackPlayer::stopped);
        player.play(0.0, 5.0);
        QTest::qWait(300);
        QVERIFY(player.playing());
        player.stop();
        QCOMPARE(stopped.count(), 1);
        QVERIFY(!player.playing());
    }
};

QTEST_MAIN(TrackPlayerTest)
#include "TrackPlayerTest.moc"
