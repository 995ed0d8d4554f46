// `timbrescope-cli models` and `bench` as a user runs them.

#include "tests/support/CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

using Run = timbrescope::testing::CliRun;
Run cli(const QStringList& args) { return timbrescope::testing::runCli(QStringLiteral(TIMBRESCOPE_CLI), args); }

} // namespace

class CliModelsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelsPrintsTheFullTable() {
        const Run r = cli({"models"});
        QCOMPARE(r.exitCode, 0);
        for (const char* name : {"bigru1x128", "bigru1x256", "bigru2", "dcnn", "fcn", "rfcn", "crnn2", "crnn3", "crnn4", "crnn5",
                                 "cqt-cnn", "cqt-cnn-reduced"})
            QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("\\n%1\\s+\\d+\\s+\\d+").arg(QRegularExpression::escape(name)))), name);
        QVERIFY(r.out.contains(QRegularExpression("fcn\\s+81371\\s+81787\\s+81.8K \\(Table 3\\)\\s+133.0M")));
    }

    void modelsAsJson() {
        const Run r = cli({"models", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(rows.size(), 12);
        for (const auto& row : rows) {
            const QJsonObject o = row.toObject();
            QVERIFY(o["trainable_parameters"].toDouble() > 0);
            QVERIFY(o["keras_total_parameters"].toDouble() >= o["trainable_parameters"].toDouble());
            QVERIFY(o["multiply_adds_per_segment"].toDouble() > 0);
        }
        QCOMPARE(rows[0].toObject()["name"].toString(), QStringLiteral("bigru1x128"));
        QCOMPARE(rows[0].toObject()["keras_total_parameters"].toInt(), 103435);
    }

    void benchReportsThroughput() {
        const Run r = cli({"bench", "--arch", "rfcn", "--batch", "4", "--seconds", "0.2", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o["arch"].toString(), QStringLiteral("rfcn"));
        for (const char* key : {"training_segments_per_s", "inference_segments_per_s", "cqt_segments_per_s"}) QVERIFY2(o[key].toDouble() > 0, key);
        const Run bad = cli({"bench", "--arch", "vgg"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("error: --arch: unknown architecture 'vgg'"));
    }
};

QTEST_GUILESS_MAIN(CliModelsTest)
#include "CliModelsTest.moc"
