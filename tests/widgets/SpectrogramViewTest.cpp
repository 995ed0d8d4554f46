// The spectrogram pane: each bin and frame drawn in its colour, on the shared time axis (zoom
// shows just the visible frames), with octave names, and the note, time and level under the pointer.

#include "widgets/ColorScale.h"
#include "widgets/SpectrogramView.h"

#include <QtTest>

using namespace timbrescope::widgets;

namespace {

// 4 s at 10 frames/s: A4 (bin 45) at 0 dB for the first 2 s, E5 (bin 52) at -40 dB after; the
// rest at the floor.
SpectrogramData sample() {
    SpectrogramData d;
    d.bins = 96;
    d.frames = 40;
    d.framesPerSecond = 10.0;
    d.db.assign(std::size_t(d.bins * d.frames), -80.0f);
    for (int f = 0; f < 20; ++f) d.db[std::size_t(f * d.bins + 45)] = 0.0f;
    for (int f = 20; f < 40; ++f) d.db[std::size_t(f * d.bins + 52)] = -40.0f;
    return d;
}

} // namespace

class SpectrogramViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsEachBinAndFrameInItsColour() {
        SpectrogramView view;
        view.resize(900, 400);  // rows of about 4 px
        view.setData(sample());
        const QRect plot = view.plotRect();
        const QImage image = view.grab().toImage();
        const int early = plot.left() + plot.width() / 4, late = plot.left() + 3 * plot.width() / 4;
        QCOMPARE(image.pixelColor(early, view.yForBin(45)).rgb(), viridis(1.0f));
        QCOMPARE(image.pixelColor(late, view.yForBin(52)).rgb(), viridis(0.5f));
        QCOMPARE(image.pixelColor(late, view.yForBin(45)).rgb(), viridis(0.0f));
        QVERIFY(view.yForBin(52) < view.yForBin(45));  // higher notes higher up
        QCOMPARE(view.binName(45), QStringLiteral("A4"));
        QCOMPARE(view.binName(0), QStringLiteral("C1"));
    }

    void followsTheVisibleRangeAndSaysWhatIsUnderThePointer() {
        SpectrogramView view;
        view.resize(900, 400);
        view.setData(sample());
        view.setVisibleRange(2.0, 2.0);  // only the E5 half
        const QRect plot = view.plotRect();
        const QImage image = view.grab().toImage();
        QCOMPARE(image.pixelColor(plot.left() + 5, view.yForBin(45)).rgb(), viridis(0.0f));
        QCOMPARE(image.pixelColor(plot.left() + 5, view.yForBin(52)).rgb(), viridis(0.5f));
        QCOMPARE(view.valueTextAt(QPoint(plot.left() + 5, view.yForBin(52))), QStringLiteral("E5 (659 Hz) · 2.05 s: −40 dB"));
        QCOMPARE(view.valueTextAt(QPoint(2, 2)), QString());
    }

    void saysWhatIsComingBeforeTheData() {
        SpectrogramView view;
        view.resize(600, 120);
        SpectrogramData pending;
        pending.pending = QStringLiteral("Computing…");
        view.setData(pending);
        QVERIFY(!view.grab().isNull());
        QCOMPARE(view.valueTextAt(view.plotRect().center()), QString());
    }
};

QTEST_MAIN(SpectrogramViewTest)
#include "SpectrogramViewTest.moc"
