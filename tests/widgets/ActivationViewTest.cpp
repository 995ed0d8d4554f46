// The activation view draws one strip per layer with the colour scale, and reads out the value
// under the mouse.

#include "widgets/ActivationView.h"
#include "widgets/ColorScale.h"

#include <QApplication>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QtTest>

using namespace timbrescope::widgets;

namespace {

ActivationMaps sampleMaps() {
    ActivationMap input{"input", "1 × 2000", {}, 1, 2000, {}, true};
    for (int i = 0; i < 2000; ++i) input.values.push_back(float(std::sin(i * 0.05)));
    // A ramp over time: the left of the strip low, the right high.
    ActivationMap cell{"cell1", "4 × 100", {}, 4, 100, {}, false};
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 100; ++c) cell.values.push_back(float(c) + 1000.0f * float(r == 3));
    return {input, cell};
}

} // namespace

class ActivationViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsEveryLayerWithTheColourScale() {
        ActivationView view;
        view.resize(800, 300);
        view.setMaps(sampleMaps(), "fcn · segment 1");
        const QImage image = view.grab().toImage();
        const QRect heat = view.stripRect(1);
        QVERIFY(heat.top() > view.stripRect(0).bottom());
        // Per-layer normalisation: the loud channel (row 3, drawn on top) is bright, the others dark.
        const QColor top = image.pixelColor(heat.right() - 2, heat.top() + 3);
        const QColor bottom = image.pixelColor(heat.left() + 2, heat.bottom() - 3);
        QCOMPARE(top.rgb(), viridis(1.0f));
        QCOMPARE(bottom.rgb(), viridis(0.0f));
        // Per channel, each row spans the whole scale from left to right.
        view.setNormalisation(ActivationView::Normalisation::PerChannel);
        const QImage perChannel = view.grab().toImage();
        QCOMPARE(perChannel.pixelColor(heat.left() + 1, heat.bottom() - 3).rgb(), viridis(0.0f));
        QCOMPARE(perChannel.pixelColor(heat.right() - 2, heat.bottom() - 3).rgb(), viridis(1.0f));
    }

    void readsOutLayerChannelStepAndValue() {
        ActivationView view;
        view.resize(800, 300);
        view.setMaps(sampleMaps());
        const QRect heat = view.stripRect(1);
        const QString text = view.readout(QPoint(heat.left() + heat.width() / 2, heat.bottom() - 2));
        QVERIFY2(text.startsWith("cell1 · channel 1 of 4 · step 51 of 100"), qPrintable(text));
        QSignalSpy spy(&view, &ActivationView::hovered);
        const QPointF at(heat.left() + 3, heat.top() + 3);
        QMouseEvent move(QEvent::MouseMove, at, view.mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &move);
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.at(0).at(0).toString().startsWith("cell1 · channel 4 of 4"));
        QVERIFY(view.readout(QPoint(2, 2)).isEmpty());
    }
};

QTEST_MAIN(ActivationViewTest)
#include "ActivationViewTest.moc"
