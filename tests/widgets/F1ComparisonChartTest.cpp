// The F1 comparison chart: two bar sets of eleven instruments, and every export format written
// with a valid header and the right rows.

#include "widgets/F1ComparisonChart.h"
#include "widgets/ViewExport.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace timbrescope::widgets;

namespace {

F1Comparison sample() {
    F1Comparison c;
    c.classes = QStringList{"cel", "cla", "flu", "gac", "gel", "org", "pia", "sax", "tru", "vio", "voi"};
    c.names = QStringList{"cello", "clarinet", "flute", "acoustic guitar", "electric guitar", "organ", "piano", "saxophone", "trumpet", "violin", "voice"};
    c.nameA = "crnn3";
    c.nameB = "cqt-cnn";
    for (int i = 0; i < 11; ++i) c.f1A.push_back(0.05 * i), c.f1B.push_back(0.5 - 0.02 * i);
    return c;
}

QByteArray head(const QString& path, int bytes) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(bytes) : QByteArray();
}

} // namespace

class F1ComparisonChartTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private Q_SLOTS:
    void twoSetsOfElevenBars() {
        F1ComparisonChart chart;
        chart.setComparison(sample());
        const auto series = chart.chart()->series();
        QCOMPARE(series.size(), 1);
        const auto sets = static_cast<QBarSeries*>(series.front())->barSets();
        QCOMPARE(sets.size(), 2);
        QCOMPARE(sets[0]->label(), QStringLiteral("crnn3"));
        QCOMPARE(sets[0]->count(), 11);
        QCOMPARE(sets[1]->at(10), 0.3);
        const QStringList csv = chart.csvLines();
        QCOMPARE(csv.size(), 12);
        QCOMPARE(csv[0], QStringLiteral("class,instrument,crnn3,cqt-cnn"));
        QCOMPARE(csv[4], QStringLiteral("gac,acoustic guitar,0.150000,0.440000"));
        QCOMPARE(QJsonDocument::fromJson(chart.json()).object()["rows"].toArray().size(), 11);
    }

    void saysWhatItShowsAndWhereThereIsNoData() {
        // The same test set: the title names the measure only.
        F1Comparison c = sample();
        c.testA = c.testB = "fluid-test";
        F1ComparisonChart chart;
        chart.setComparison(c);
        QCOMPARE(chart.chart()->title(), QStringLiteral("F1 per instrument (fold ensemble)"));
        // Different test sets, and piano labelled in neither, saxophone only in A's: the title
        // says so, the categories read "no data", the numbers are empty, not an F1 of 0.
        c.testB = "timgm-test";
        c.supportedA = c.supportedB = std::vector<bool>(11, true);
        c.supportedA[6] = c.supportedB[6] = false;
        c.supportedB[7] = false;
        chart.setComparison(c);
        QVERIFY2(chart.chart()->title().contains("scored on different test sets: crnn3 on fluid-test, cqt-cnn on timgm-test"),
                 qPrintable(chart.chart()->title()));
        const auto* axis = static_cast<QBarCategoryAxis*>(chart.chart()->axes(Qt::Horizontal).front());
        QCOMPARE(axis->at(0), QStringLiteral("cel"));
        QCOMPARE(axis->at(6), QStringLiteral("pia\nno data"));
        QCOMPARE(axis->at(7), QStringLiteral("sax\nno data (cqt-cnn)"));
        const QStringList csv = chart.csvLines();
        QCOMPARE(csv[7], QStringLiteral("pia,piano,,"));
        QCOMPARE(csv[8], QStringLiteral("sax,saxophone,0.350000,"));
        const QJsonArray rows = QJsonDocument::fromJson(chart.json()).object()["rows"].toArray();
        QVERIFY(rows[6].toObject()["a"].isNull() && rows[7].toObject()["b"].isNull());
        QCOMPARE(rows[7].toObject()["a"].toDouble(), c.f1A[7]);  // A's saxophone keeps its F1
    }

    void exportsEveryFormat() {
        F1ComparisonChart chart;
        chart.resize(900, 500);
        chart.setComparison(sample());
        for (const char* ext : {"png", "svg", "pdf"}) QCOMPARE(exportPicture(&chart, dir_.filePath(QString("f1.") + ext)), QString());
        QCOMPARE(head(dir_.filePath("f1.png"), 8), QByteArray("\x89PNG\r\n\x1a\n"));
        QVERIFY(head(dir_.filePath("f1.svg"), 400).contains("<svg"));
        QCOMPARE(head(dir_.filePath("f1.pdf"), 5), QByteArray("%PDF-"));
        QVERIFY(QFileInfo(dir_.filePath("f1.png")).size() > 5000);  // a real picture, not a blank
        QCOMPARE(exportNumbers(dir_.filePath("f1.csv"), chart.csvLines(), chart.json()), QString());
        QCOMPARE(QString::fromUtf8(head(dir_.filePath("f1.csv"), 4096)).split('\n', Qt::SkipEmptyParts).size(), 12);
        QCOMPARE(exportNumbers(dir_.filePath("f1.json"), chart.csvLines(), chart.json()), QString());
        QVERIFY(QJsonDocument::fromJson(head(dir_.filePath("f1.json"), 1 << 16)).isObject());
        // Bad requests name the file.
        QVERIFY(exportPicture(&chart, dir_.filePath("f1.gif")).contains("unknown picture format"));
        QVERIFY(exportNumbers(dir_.filePath("no/such/dir/f1.csv"), chart.csvLines(), {}).startsWith(dir_.filePath("no/such/dir/f1.csv")));
    }
};

QTEST_MAIN(F1ComparisonChartTest)
#include "F1ComparisonChartTest.moc"
