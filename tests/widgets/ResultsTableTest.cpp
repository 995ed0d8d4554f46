// The results table shows our runs and the paper's numbers as marked rows, fits a side dock
// without horizontal scrolling, and exports every row with its source.

#include "widgets/ResultsTable.h"

#include <QApplication>
#include <QScrollBar>
#include <QtTest>

using namespace timbrescope::widgets;

namespace {

std::vector<ResultsRow> sampleRows() {
    ResultsRow ours{"rfcn", "this workbench: runs/rfcn", false, 0.244, 0.038, 0.130, 0.013, 0.415, 0.129, 84827};
    ResultsRow paper{"RFCN [paper]", "paper, Table 5", true, 0.586, 0.002, 0.502, 0.004, 0.751, 0.002, 85000};
    ResultsRow ensemble{"rfcn (ensemble)", "this workbench: runs/rfcn", false, 0.3, -1, 0.2, -1, 0.5, -1, 0};
    return {ours, paper, ensemble};
}

} // namespace

class ResultsTableTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsScoresAndMarksPublishedRows() {
        ResultsTable table;
        table.setRows(sampleRows());
        QCOMPARE(table.rowCount(), 3);
        QCOMPARE(table.columnCount(), 5);
        QCOMPARE(table.item(0, 1)->text(), QString("0.244 ± 0.038"));
        QCOMPARE(table.item(2, 1)->text(), QString("0.300"));  // no std: a single number
        QCOMPARE(table.item(0, 4)->text(), QString("84.8K"));
        QCOMPARE(table.item(2, 4)->text(), QString("–"));
        QVERIFY(table.item(1, 0)->font().italic());
        QVERIFY(!table.item(0, 0)->font().italic());
        QCOMPARE(table.item(1, 3)->toolTip(), QString("paper, Table 5"));
    }

    void fitsANarrowDock() {
        ResultsTable table;
        table.resize(440, 260);
        table.setRows(sampleRows());
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QCOMPARE(table.horizontalScrollBar()->maximum(), 0);
    }

    void exportsEveryRowWithItsSource() {
        ResultsTable table;
        table.setRows(sampleRows());
        const QStringList lines = table.csvLines();
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith("model,source,published,f1_micro"));
        QVERIFY(lines[2].startsWith("RFCN [paper],\"paper, Table 5\",yes,0.586"));
        // A row without a std (a single ensemble score) leaves its std fields empty, not -1.
        QVERIFY2(lines[3].startsWith("rfcn (ensemble),\"this workbench: runs/rfcn\",no,0.3,,0.2,,0.5,,"), qPrintable(lines[3]));
    }
};

QTEST_MAIN(ResultsTableTest)
#include "ResultsTableTest.moc"
