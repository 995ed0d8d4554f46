// The "heard as" grid: counts where they belong, the diagonal framed, the numbers exportable.

#include "widgets/CoOccurrenceView.h"
#include "widgets/ColorScale.h"

#include <QtTest>

using namespace timbrescope::widgets;

class CoOccurrenceViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsEachRowRelativeToItsLargestCount() {
        CoOccurrenceView view;
        view.resize(520, 480);
        // pia is right 4 times and heard as org twice; org is never predicted.
        view.setMatrix({"org", "pia"}, {0, 0, 2, 4}, "test");
        QCOMPARE(view.count(1, 0), 2);
        const QImage image = view.grab().toImage();
        QCOMPARE(image.pixelColor(view.cellRect(1, 1).center() + QPoint(0, view.cellRect(1, 1).height() / 3)).rgb(), viridis(1.0f));
        QCOMPARE(image.pixelColor(view.cellRect(1, 0).center() + QPoint(0, view.cellRect(1, 0).height() / 3)).rgb(), viridis(0.5f));
        QCOMPARE(image.pixelColor(view.cellRect(0, 1).center()).rgb(), viridis(0.0f));
        QCOMPARE(view.csvLines(), (QStringList{"labelled\\predicted,org,pia", "org,0,0", "pia,2,4"}));
    }
};

QTEST_MAIN(CoOccurrenceViewTest)
#include "CoOccurrenceViewTest.moc"
