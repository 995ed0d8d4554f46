// Comparing two evaluated runs: the Table 5 rows with the paper's published ones set apart, and
// `timbrescope --export-comparison RUN_A RUN_B --out FILE` writing the chart without a window.

#include "app/gui/Assets.h"
#include "app/gui/RunComparison.h"
#include "engine/eval/ResultFiles.h"
#include "tests/support/CliRunner.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

using namespace timbrescope;

namespace {

// A results folder as `timbrescope-cli eval` writes it, with chosen ensemble F1 per class.
void writeResults(const QString& folder, const std::string& architecture, double f1) {
    eval::Evaluation ev;
    ev.architecture = architecture;
    ev.files = {"a.wav", "b.wav"};
    ev.labels = {data::labelBit(0), data::labelBit(1)};
    ev.ensemble = {eval::uniformThresholds(float(f1)), eval::uniformThresholds(0.1f)};
    ev.ensembleThresholds = eval::uniformThresholds();
    ev.ensembleMetrics = eval::computeMetrics(ev.ensemble, ev.labels, ev.ensembleThresholds);
    eval::writeEvaluation(ev, folder.toStdString());
}

} // namespace

class RunComparisonTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    testing::CliRun gui(const QStringList& args) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return testing::runCli(QStringLiteral(TIMBRESCOPE_GUI), args);
    }

private Q_SLOTS:
    void writesPictureAndNumbers() {
        writeResults(dir_.filePath("crnn3"), "crnn3", 0.9);
        writeResults(dir_.filePath("cqt"), "cqt-cnn", 0.2);
        for (const char* ext : {"svg", "png", "pdf", "csv", "json"}) {
            const QString out = dir_.filePath(QString("chart.") + ext);
            const auto r = gui({"--export-comparison", dir_.filePath("crnn3"), dir_.filePath("cqt"), "--out", out});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY2(QFileInfo(out).size() > 100, ext);
        }
        QFile csv(dir_.filePath("chart.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 12);
        QVERIFY(lines[0].contains("crnn3") && lines[0].contains("cqt-cnn"));
        QVERIFY(lines[1].startsWith("cel,cello,1.000000,"));  // the 0.9-probability excerpt of cel is right
    }

    void tableRowsWithThePapersNumbersSetApart() {
        writeResults(dir_.filePath("crnn3"), "crnn3", 0.9);
        writeResults(dir_.filePath("cqt"), "cqt-cnn", 0.2);
        const QString paper = gui::assetPath("paper/results.json");
        QVERIFY(!paper.isEmpty());
        const auto rows = gui::resultsRows(dir_.filePath("crnn3"), dir_.filePath("cqt"), paper);
        QCOMPARE(rows.size(), std::size_t(4));  // two runs, then the paper's crnn3 and cqt-cnn
        QVERIFY(!rows[0].published && !rows[1].published);
        QVERIFY(rows[2].published && rows[3].published);
        QVERIFY(rows[2].source.contains("Table 4"));
        QCOMPARE(rows[2].f1Micro, 0.6077);
        QCOMPARE(rows[3].f1Macro, 0.506);
        QVERIFY(rows[3].f1MacroStd < 0);  // Table 5 gives no std
        QVERIFY(std::fabs(rows[0].f1Micro - eval::readResults(dir_.filePath("crnn3").toStdString()).foldF1Micro.mean) < 1e-12);
        QCOMPARE(gui::resultsRows(dir_.filePath("crnn3"), dir_.filePath("cqt"), QString()).size(), std::size_t(2));
    }

    void answersWithoutADisplay() {
        // As over ssh: no display and no platform chosen.
        for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"}) qunsetenv(name);
        auto r = testing::runCli(QStringLiteral(TIMBRESCOPE_GUI), {"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("--export-comparison") && r.out.contains("--model"), qPrintable(r.out + r.err));
        r = testing::runCli(QStringLiteral(TIMBRESCOPE_GUI), {"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Timbrescope"), qPrintable(r.out + r.err));
        const QString out = dir_.filePath("headless.csv");
        r = testing::runCli(QStringLiteral(TIMBRESCOPE_GUI), {"--export-comparison", dir_.filePath("crnn3"), dir_.filePath("cqt"), "--out", out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(out));
    }

    void refusesMissingResults() {
        const auto r = gui({"--export-comparison", dir_.filePath("nothing"), dir_.filePath("cqt"), "--out", dir_.filePath("x.svg")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no evaluation results here (evaluate the run first: File ▸ Evaluate a Run"));
        QVERIFY(!QFile::exists(dir_.filePath("x.svg")));
    }
};

QTEST_GUILESS_MAIN(RunComparisonTest)
#include "RunComparisonTest.moc"
