// The prediction view: a heat map cell per segment and class, a bar per class as long as its
// track probability, the threshold drawn, ground truth marked, clicks select a segment.

#include "widgets/ColorScale.h"
#include "widgets/PredictionView.h"

#include <QSignalSpy>
#include <QtTest>

using namespace timbrescope::widgets;

namespace {

PredictionData sample() {
    PredictionData d;
    d.classes = QStringList{"cel", "pia", "voi"};
    d.names = QStringList{"cello", "piano", "voice"};
    // 4 segments: piano rises from 0 to 1, the others stay at 0.1.
    for (int s = 0; s < 4; ++s) d.segments.insert(d.segments.end(), {0.1f, float(s) / 3.0f, 0.1f});
    d.track = {0.1f, 0.5f, 0.1f};
    d.thresholds = {0.5f, 0.5f, 0.25f};
    d.labels = {false, true, false};
    return d;
}

} // namespace

class PredictionViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsCellsBarsAndThresholds() {
        PredictionView view;
        view.resize(900, 260);
        view.setData(sample());
        const QImage image = view.grab().toImage();
        QCOMPARE(image.pixelColor(view.cellRect(0, 1).center()).rgb(), viridis(0.0f));
        QCOMPARE(image.pixelColor(view.cellRect(3, 1).center()).rgb(), viridis(1.0f));
        QVERIFY(view.cellRect(1, 0).left() >= view.cellRect(0, 0).right());
        // Bars in proportion to the probability.
        const QRect bars = view.barsRect();
        QVERIFY(std::abs(view.barRect(1).width() - bars.width() / 2) <= 1);
        QVERIFY(std::abs(view.barRect(0).width() - bars.width() / 10) <= 1);
        QVERIFY(std::abs(view.thresholdX(2) - (bars.left() + bars.width() / 4)) <= 1);
        const QColor threshold = image.pixelColor(view.thresholdX(0), view.barRect(0).center().y());
        QVERIFY(threshold.red() > 150 && threshold.green() < 100);
    }

    void theBarsHeadingNeverClips() {
        // Wide: the whole wording; as narrow as the window lets it be (its minimum size, what a
        // 1280x720 screen came close to): a shorter one that still fits its column.
        PredictionView view;
        view.setData(sample());
        view.resize(900, 260);
        QCOMPARE(view.barsHeading(), QStringLiteral("Whole track (threshold ┃)"));
        view.resize(view.minimumSizeHint());
        QVERIFY(!view.barsHeading().isEmpty());
        QVERIFY2(view.fontMetrics().horizontalAdvance(view.barsHeading()) <= view.barsRect().width(), qPrintable(view.barsHeading()));
    }

    // A decision rule's own answer (a class under its threshold named as heard) colours its bar.
    void predictedBarsFollowTheDecision() {
        PredictionView view;
        view.resize(900, 260);
        PredictionData d = sample();
        d.track = {0.3f, 0.2f, 0.1f};  // nothing over its threshold: cello is the most probable
        view.setData(d);
        const QColor plain = view.grab().toImage().pixelColor(view.barRect(0).center());
        d.predicted = {true, false, false};
        view.setData(d);
        const QImage decided = view.grab().toImage();
        QVERIFY(decided.pixelColor(view.barRect(0).center()) != plain);
        QCOMPARE(decided.pixelColor(view.barRect(1).center()), plain);
    }

    void clickingTheHeatMapSelectsASegment() {
        PredictionView view;
        view.resize(900, 260);
        view.setData(sample());
        QSignalSpy spy(&view, &PredictionView::segmentClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellRect(2, 1).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 2);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.barRect(1).center());  // outside the heat map
        QCOMPARE(spy.count(), 1);
    }

    // On the waveform's time axis: zoomed to 2-4 s, segments 3 and 4 fill the heat map and the
    // first two have no width; a click picks the segment under it in time.
    void followsTheVisibleRange() {
        PredictionView view;
        view.resize(900, 260);
        view.setData(sample());
        const QRect heat = view.heatMapRect();
        QCOMPARE(view.cellRect(0, 1).left(), heat.left());
        QCOMPARE(view.cellRect(3, 1).right(), heat.right());
        view.setVisibleRange(2.0, 2.0);
        QCOMPARE(view.cellRect(0, 1).width(), 0);
        QCOMPARE(view.cellRect(1, 1).width(), 0);
        QCOMPARE(view.cellRect(2, 1).left(), heat.left());
        QVERIFY(std::abs(view.cellRect(2, 1).width() - heat.width() / 2) <= 1);
        const QImage image = view.grab().toImage();
        QCOMPARE(image.pixelColor(view.cellRect(3, 1).center()).rgb(), viridis(1.0f));
        QSignalSpy spy(&view, &PredictionView::segmentClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(heat.left() + 3, view.cellRect(0, 0).center().y()));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 2);
        // Half a segment in view at the end: the track stops where its last segment does.
        view.setVisibleRange(3.5, 1.0);
        QVERIFY(std::abs(view.cellRect(3, 1).width() - heat.width() / 2) <= 1);
    }

    // The value under the pointer, in words, and a colour scale that reads 0 to 1.
    void saysTheValueUnderThePointerAndDrawsItsScale() {
        PredictionView view;
        view.resize(900, 260);
        view.setData(sample());
        QCOMPARE(view.valueTextAt(view.cellRect(3, 1).center()), QStringLiteral("piano · segment 4 (3 s–4 s): 1.00"));
        QCOMPARE(view.valueTextAt(view.barRect(2).center()), QStringLiteral("voice · whole track: 0.10 (threshold 0.25)"));
        QCOMPARE(view.valueTextAt(QPoint(2, 2)), QString());
        const QRect scale = view.colorScaleRect();
        QVERIFY(scale.width() > 20);
        const QImage image = view.grab().toImage();
        QCOMPARE(image.pixelColor(scale.left(), scale.center().y()).rgb(), viridis(0.0f));
        QCOMPARE(image.pixelColor(scale.right(), scale.center().y()).rgb(), viridis(1.0f));
    }

    void emptyWithoutAModel() {
        PredictionView view;
        view.resize(500, 240);
        QCOMPARE(view.data().segmentCount(), 0);
        QVERIFY(!view.grab().isNull());
    }
};

QTEST_MAIN(PredictionViewTest)
#include "PredictionViewTest.moc"
