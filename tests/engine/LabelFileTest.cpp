// IRMAS label files as found in the wild.

#include "engine/data/LabelFile.h"

#include <QtTest>

using namespace timbrescope::data;

Q_DECLARE_METATYPE(std::string)

class LabelFileTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptsEveryRealVariant_data() {
        QTest::addColumn<std::string>("text");
        QTest::newRow("code + TAB per line") << std::string("gel\t\nvoi\t\n");
        QTest::newRow("CRLF") << std::string("gel\t\r\nvoi\t\r\n");
        QTest::newRow("no final newline") << std::string("gel\t\nvoi\t");
        QTest::newRow("no tabs") << std::string("gel\nvoi");
        QTest::newRow("blank lines and spaces") << std::string("\n  gel \n\n\t voi\t\n\n");
        QTest::newRow("repeated") << std::string("voi\t\ngel\t\nvoi\t\n");
    }
    void acceptsEveryRealVariant() {
        QFETCH(std::string, text);
        const ParsedLabels parsed = parseLabelText(text);
        QCOMPARE(parsed.labels, LabelSet(labelBit(*classIndex("gel")) | labelBit(*classIndex("voi"))));
        QVERIFY(parsed.unknownCodes.empty());
        QVERIFY(!parsed.notText);
    }

    void reportsUnknownCodes() {
        const ParsedLabels parsed = parseLabelText("pia\t\ndrums\t\nPIA\t\n");
        QCOMPARE(parsed.labels, labelBit(*classIndex("pia")));
        QCOMPARE(parsed.unknownCodes, (std::vector<std::string>{"drums", "PIA"}));
    }

    void flagsBinaryGarbage() {
        const ParsedLabels parsed = parseLabelText(std::string("RIFF\0\0\x01\x02WAVE", 12));
        QVERIFY(parsed.notText);
        QCOMPARE(parsed.labels, LabelSet(0));
    }

    void writesTheRealFormat() {
        const LabelSet labels = labelBit(*classIndex("voi")) | labelBit(*classIndex("cel"));
        QCOMPARE(QString::fromStdString(formatLabelText(labels)), QStringLiteral("cel\t\nvoi\t\n"));
        QCOMPARE(parseLabelText(formatLabelText(labels)).labels, labels);
        QCOMPARE(QString::fromStdString(labelString(labels)), QStringLiteral("cel+voi"));
    }
};

QTEST_GUILESS_MAIN(LabelFileTest)
#include "LabelFileTest.moc"
