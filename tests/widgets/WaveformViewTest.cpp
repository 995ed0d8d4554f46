// The waveform view draws the envelope where the signal is, nothing where it is silent,
// marks clipping, and selects the 1-s segment under a click.

#include "widgets/WaveformColors.h"
#include "widgets/WaveformView.h"

#include <QApplication>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>

using namespace timbrescope::widgets;

namespace {

// A 4-s signal: a 0.5-amplitude tone for 2 s, then silence, then a clipped second.
std::shared_ptr<const std::vector<float>> testSignal() {
    auto s = std::make_shared<std::vector<float>>(4 * 1000, 0.0f);
    for (int i = 0; i < 2000; ++i) (*s)[i] = 0.5f * float(std::sin(2 * M_PI * 50 * i / 1000.0));
    for (int i = 3000; i < 4000; ++i) (*s)[i] = (i % 2) ? 1.0f : -1.0f;
    return s;
}

// Whether `color` appears in columns x..x+5 between the two rows (a column spans ~5 samples,
// so a peak of the 50-Hz tone lands in one of any six neighbouring columns).
bool columnHas(const QImage& image, int x, int yFrom, int yTo, const QColor& color) {
    for (int column = x; column < x + 6; ++column)
        for (int y = std::min(yFrom, yTo); y <= std::max(yFrom, yTo); ++y)
            if (image.pixelColor(column, y) == color) return true;
    return false;
}

} // namespace

class WaveformViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsEnvelopeWhereTheSignalIs() {
        WaveformView view;
        view.resize(840, 300);
        view.setSignal(testSignal(), 1000);
        QCOMPARE(view.segmentCount(), 4);
        const QImage image = view.grab().toImage();

        const int toneX = view.xForSeconds(1.0) + 3;
        // Peak envelope reaches ±0.5 and no further; the RMS band sits inside it.
        QVERIFY(columnHas(image, toneX, view.yForAmplitude(0.48f), view.yForAmplitude(0.5f), WaveformColors::peak));
        QVERIFY(!columnHas(image, toneX, view.plotRect().top() + 5, view.yForAmplitude(0.6f), WaveformColors::peak));
        QVERIFY(columnHas(image, toneX, view.yForAmplitude(0.2f), view.yForAmplitude(-0.2f), WaveformColors::rms));
        // Silence: no envelope away from the zero line.
        const int silentX = view.xForSeconds(2.5);
        QVERIFY(!columnHas(image, silentX, view.yForAmplitude(0.9f), view.yForAmplitude(0.05f), WaveformColors::peak));
        // Clipping marks only over the clipped second.
        const int top = view.plotRect().top() + 2;
        QCOMPARE(image.pixelColor(view.xForSeconds(3.5), top), WaveformColors::clip);
        QVERIFY(image.pixelColor(toneX, top) != WaveformColors::clip);
    }

    void clickSelectsTheSegmentUnderTheMouse() {
        WaveformView view;
        view.resize(840, 300);
        view.setSignal(testSignal(), 1000);
        QSignalSpy spy(&view, &WaveformView::segmentSelected);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(view.xForSeconds(2.4), view.plotRect().center().y()));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 2);
        QCOMPARE(view.selectedSegment(), 2);
        // A click outside the plot (on the ruler) changes nothing.
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(view.xForSeconds(0.5), view.height() - 3));
        QCOMPARE(spy.count(), 1);
    }

    void zoomsScrollsAndKeepsTheOverview() {
        WaveformView view;
        view.resize(840, 300);
        view.setSignal(testSignal(), 1000);
        QCOMPARE(view.visibleDuration(), 4.0);
        // Wheel up over 1.0 s: a closer look, with 1.0 s still under the cursor.
        const QPointF at(view.xForSeconds(1.0), view.plotRect().center().y());
        QWheelEvent wheel(at, view.mapToGlobal(at), {}, QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(std::fabs(view.visibleDuration() - 3.2) < 1e-9);
        QVERIFY(std::abs(view.xForSeconds(1.0) - int(at.x())) <= 1);
        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(std::fabs(view.visibleDuration() - 1.6) < 1e-9);
        // Scrolling stays inside the track; the grid follows the view.
        QTest::keyClick(&view, Qt::Key_End);
        QVERIFY(std::fabs(view.visibleStart() + view.visibleDuration() - 4.0) < 1e-9);
        QTest::keyClick(&view, Qt::Key_Home);
        QCOMPARE(view.visibleStart(), 0.0);
        const QImage zoomed = view.grab().toImage();
        const int x1 = view.xForSeconds(1.0);
        QVERIFY(std::abs(x1 - (view.plotRect().left() + view.plotRect().width() / 1.6)) <= 1);
        bool gridAt1 = false;  // above the 0.5-amplitude tone, the dashed line shows
        for (int y = view.plotRect().top() + 2; y < view.yForAmplitude(0.6f) && !gridAt1; ++y) gridAt1 = zoomed.pixelColor(x1, y) == WaveformColors::segmentGrid;
        QVERIFY(gridAt1);
        // A click in the overview centres the view there.
        const QRect overview = view.overviewRect();
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(overview.left() + overview.width() / 4, overview.center().y()));
        QVERIFY(std::fabs(view.visibleStart() + view.visibleDuration() / 2 - 1.0) < 0.02);
        // Clicking the zoomed plot selects the segment under the mouse.
        QSignalSpy spy(&view, &WaveformView::segmentSelected);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(view.xForSeconds(1.3), view.plotRect().center().y()));
        QCOMPARE(spy.last().at(0).toInt(), 1);
        QTest::keyClick(&view, Qt::Key_0);
        QCOMPARE(view.visibleDuration(), 4.0);
    }

    // Dragging selects a range (not a segment), zoom to it shows just it and says so to the
    // panes that follow the view; a click clears it. The readout names its levels.
    void draggingSelectsARangeToZoomTo() {
        WaveformView view;
        view.resize(840, 300);
        view.setSignal(testSignal(), 1000);
        QSignalSpy ranges(&view, &WaveformView::rangeSelected);
        QSignalSpy segments(&view, &WaveformView::segmentSelected);
        QSignalSpy visible(&view, &WaveformView::visibleRangeChanged);
        const int y = view.plotRect().center().y();
        QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(view.xForSeconds(0.5), y));
        QTest::mouseMove(&view, QPoint(view.xForSeconds(1.0), y));
        QMouseEvent move(QEvent::MouseMove, QPointF(view.xForSeconds(1.5), y), view.mapToGlobal(QPointF(view.xForSeconds(1.5), y)),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &move);  // QTest::mouseMove sends no buttons held
        QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(view.xForSeconds(1.5), y));
        QVERIFY(view.hasRangeSelection());
        const double pixel = view.visibleDuration() / view.plotRect().width();
        QVERIFY(std::fabs(view.selectionStart() - 0.5) <= pixel);
        QVERIFY(std::fabs(view.selectionEnd() - 1.5) <= pixel);
        QVERIFY(ranges.count() >= 1);
        QCOMPARE(segments.count(), 0);
        // The tone's 0.5 peak is -6.0 dBFS; its RMS 0.354, -9.0 dBFS.
        const QStringList levels = view.levelLines();
        QCOMPARE(levels.size(), 2);
        QVERIFY2(levels[1].startsWith("Selected 0.5"), qPrintable(levels[1]));
        QVERIFY2(levels[1].endsWith(QStringLiteral(" s: peak −6.0 dBFS, RMS −9.0 dBFS")), qPrintable(levels[1]));
        QCOMPARE(view.levelRows()[0].what, QStringLiteral("In view"));
        QCOMPARE(view.levelRows()[0].end, 4.0);
        QVERIFY(view.zoomToSelection());
        QVERIFY(std::fabs(view.visibleStart() - view.selectionStart()) < 1e-9);
        QVERIFY(std::fabs(view.visibleDuration() - (view.selectionEnd() - view.selectionStart())) < 1e-9);
        QVERIFY(!visible.isEmpty());
        QVERIFY(std::fabs(visible.last().at(0).toDouble() - view.visibleStart()) < 1e-9);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(view.xForSeconds(1.2), y));
        QVERIFY(!view.hasRangeSelection());
        QCOMPARE(view.selectedSegment(), 1);
        QVERIFY(!view.zoomToSelection());
    }

    // A quiet passage fills the plot magnified (Up/Down, Ctrl+wheel) or on the dB scale.
    void verticalZoomAndDecibelsShowQuietPassages() {
        WaveformView view;
        view.resize(840, 300);
        view.setSignal(testSignal(), 1000);
        const int yLinear04 = view.yForAmplitude(0.4f), yLinear09 = view.yForAmplitude(0.8997f), centre = view.yForAmplitude(0.0f);
        const int top = view.yForAmplitude(1.0f);
        QTest::keyClick(&view, Qt::Key_Up);
        QTest::keyClick(&view, Qt::Key_Up);
        QTest::keyClick(&view, Qt::Key_Up);
        QCOMPARE(view.verticalGain(), 8.0);
        QCOMPARE(view.yForAmplitude(0.05f), yLinear04);
        QCOMPARE(view.yForAmplitude(0.5f), top);  // beyond the plot: held at its edge
        QTest::keyClick(&view, Qt::Key_Down);
        QCOMPARE(view.verticalGain(), 4.0);
        view.setVerticalGain(1000.0);
        QCOMPARE(view.verticalGain(), 64.0);
        view.setVerticalGain(1.0);
        view.setAmplitudeScale(WaveformView::AmplitudeScale::Decibels);
        QCOMPARE(view.yForAmplitude(1.0f), top);
        QVERIFY(std::abs(view.yForAmplitude(0.5f) - yLinear09) <= 1);  // -6.02 dBFS, a tenth of the way in
        QCOMPARE(view.yForAmplitude(0.001f), centre);                   // -60 dBFS and below: the centre
        QVERIFY(view.yForAmplitude(-0.5f) > centre);                    // the negative half mirrored
        // The 0.5 tone's envelope now reaches the -6 dB line.
        const QImage image = view.grab().toImage();
        QVERIFY(columnHas(image, view.xForSeconds(1.0), view.yForAmplitude(0.5f) - 1, view.yForAmplitude(0.5f) + 1, WaveformColors::peak));
    }

    void drawsThePlayhead() {
        WaveformView view;
        view.resize(840, 300);
        view.setSignal(testSignal(), 1000);
        view.setPlayhead(2.5);  // in the silent second, so nothing else is drawn there
        const QImage image = view.grab().toImage();
        QCOMPARE(image.pixelColor(view.xForSeconds(2.5), view.yForAmplitude(0.7f)), WaveformColors::playhead);
        view.setPlayhead(-1.0);
        QVERIFY(view.grab().toImage().pixelColor(view.xForSeconds(2.5), view.yForAmplitude(0.7f)) != WaveformColors::playhead);
    }

    void emptyViewDrawsWithoutASignal() {
        WaveformView view;
        view.resize(400, 200);
        QVERIFY(!view.hasSignal());
        QVERIFY(!view.grab().isNull());
        QCOMPARE(view.segmentCount(), 0);
    }
};

QTEST_MAIN(WaveformViewTest)
#include "WaveformViewTest.moc"
