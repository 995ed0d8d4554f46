// The activation view draws one strip per layer with the colour scale, and reads out the value
// under the mouse.

#include "widgets/ActivationView.h"
#include "widgets/ColorScale.h"

#include <QApplication>
#include <QMouseEvent>
#include <QScrollArea>
#include <QScrollBar>
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

// A deep model's worth of layers: input, ten cells of 64 channels, the class maps.
ActivationMaps deepMaps() {
    ActivationMaps maps = sampleMaps();
    for (int layer = 2; layer <= 11; ++layer) {
        ActivationMap cell{QStringLiteral("cell%1").arg(layer), "64 × 50", {}, 64, 50, {}, false};
        for (int i = 0; i < 64 * 50; ++i) cell.values.push_back(float(i % 50));
        maps.push_back(cell);
    }
    return maps;
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

    // In a short scroll area every layer can still be scrolled to, and a picture of the view
    // (what Export writes) holds the last layer too.
    void everyLayerCanBeReachedAndExported() {
        QScrollArea scroll;
        auto* view = new ActivationView;
        scroll.setWidget(view);
        scroll.setWidgetResizable(true);
        scroll.resize(700, 260);
        view->setMaps(deepMaps(), "crnn3 · segment 1");
        scroll.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scroll));
        const QRect last = view->stripRect(int(view->maps().size()) - 1);
        QVERIFY2(view->height() > last.bottom(), qPrintable(QString("view %1 px, last strip ends at %2").arg(view->height()).arg(last.bottom())));
        QVERIFY(scroll.verticalScrollBar()->maximum() > 0);
        scroll.ensureVisible(last.center().x(), last.bottom());
        const QPoint seen = view->mapTo(scroll.viewport(), QPoint(last.center().x(), last.bottom()));
        QVERIFY(scroll.viewport()->rect().contains(seen));
        const QImage picture = view->grab().toImage();
        QCOMPARE(picture.height(), view->height());
        // Rightmost column of the last strip: the highest step, bright under per-layer normalisation.
        QCOMPARE(picture.pixelColor(last.right() - 2, last.center().y()).rgb(), viridis(1.0f));
    }
};

QTEST_MAIN(ActivationViewTest)
#include "ActivationViewTest.moc"
