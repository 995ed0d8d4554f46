#include "app/gui/RunComparison.h"

#include "engine/core/Error.h"
#include "engine/eval/ResultFiles.h"
#include "engine/train/RunRecord.h"
#include "widgets/ViewExport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace timbrescope::gui {
namespace {

QString runName(const eval::ResultSummary& r, const QString& path) {
    const QString folder = QFileInfo(QFileInfo(path).isDir() ? path : QFileInfo(path).path()).fileName();
    const QString arch = QString::fromStdString(r.architecture);
    return folder == arch || arch.isEmpty() ? folder : QStringLiteral("%1 (%2)").arg(arch, folder);
}

// "fluid-test" for ".../fluid-test/IRMAS-TestingData": the folder that names the test set.
QString testSetName(const std::string& testDir) {
    QFileInfo dir(QString::fromStdString(testDir));
    if (dir.fileName().isEmpty()) dir = QFileInfo(dir.path());  // a trailing slash
    return dir.fileName() == QLatin1String("IRMAS-TestingData") ? QFileInfo(dir.path()).fileName() : dir.fileName();
}

} // namespace

widgets::F1Comparison compareRuns(const QString& runA, const QString& runB) {
    const eval::ResultSummary a = eval::readResults(runA.toStdString()), b = eval::readResults(runB.toStdString());
    widgets::F1Comparison c;
    for (int k = 0; k < data::kClassCount; ++k) {
        c.classes << QString::fromStdString(data::classCode(k));
        c.names << QString::fromLatin1(data::instrumentClasses()[std::size_t(k)].name);
        c.f1A.push_back(a.f1[std::size_t(k)]);
        c.f1B.push_back(b.f1[std::size_t(k)]);
        c.supportedA.push_back(a.support[std::size_t(k)] > 0);
        c.supportedB.push_back(b.support[std::size_t(k)] > 0);
    }
    c.testA = testSetName(a.testDir);
    c.testB = testSetName(b.testDir);
    c.nameA = runName(a, runA);
    c.nameB = runName(b, runB);
    return c;
}

std::vector<widgets::ResultsRow> resultsRows(const QString& runA, const QString& runB, const QString& paperResults) {
    std::vector<widgets::ResultsRow> rows;
    QStringList architectures;
    for (const QString& run : {runA, runB}) {
        const eval::ResultSummary r = eval::readResults(run.toStdString());
        widgets::ResultsRow row;
        row.model = runName(r, run);
        row.source = QObject::tr("this workbench: %1 excerpts, %2 fold models (mean ± std; ensemble F1-micro %3)")
                         .arg(r.excerpts).arg(r.folds).arg(r.f1Micro, 0, 'f', 3);
        row.f1Micro = r.foldF1Micro.mean, row.f1MicroStd = r.foldF1Micro.std;
        row.f1Macro = r.foldF1Macro.mean, row.f1MacroStd = r.foldF1Macro.std;
        row.lrap = r.foldLrap.mean, row.lrapStd = r.foldLrap.std;
        const QString runDir = QFileInfo(run).isDir() ? run : QFileInfo(run).path();
        try {
            row.parameters = double(train::readRunRecord(runDir.toStdString()).parameters.kerasTotal);
        } catch (const Error&) {
            // An evaluation copied without its run record: the size stays unknown.
        }
        rows.push_back(row);
        architectures << QString::fromStdString(r.architecture);
    }
    QFile file(paperResults);
    if (paperResults.isEmpty() || !file.open(QIODevice::ReadOnly)) return rows;
    const QJsonObject paper = QJsonDocument::fromJson(file.readAll()).object();
    architectures << QStringLiteral("crnn3") << QStringLiteral("cqt-cnn");
    architectures.removeDuplicates();
    for (const QString& arch : architectures)
        for (const auto& m : paper["models"].toArray()) {
            const QJsonObject o = m.toObject();
            if (o["name"].toString() != arch) continue;
            widgets::ResultsRow row;
            row.published = true;
            row.model = QStringLiteral("%1 [paper]").arg(o["label"].toString());
            row.source = QObject::tr("published: Avramidis et al., ICASSP 2021, %1 (IRMAS test set)").arg(o["table"].toString());
            auto pair = [&](const char* key, double& mean, double& std) {
                const QJsonArray a = o[key].toArray();
                mean = a[0].toDouble();
                std = a[1].isNull() ? -1.0 : a[1].toDouble();
            };
            pair("f1_micro", row.f1Micro, row.f1MicroStd);
            pair("f1_macro", row.f1Macro, row.f1MacroStd);
            pair("lrap", row.lrap, row.lrapStd);
            row.parameters = o["parameters"].toDouble();
            rows.push_back(row);
        }
    return rows;
}

std::vector<int> coOccurrence(const QString& run) {
    const eval::ResultSummary r = eval::readResults(run.toStdString());
    std::vector<int> counts;
    for (const auto& row : r.coOccurrence) counts.insert(counts.end(), row.begin(), row.end());
    return counts;
}

QString exportComparison(const QString& runA, const QString& runB, const QString& out) {
    widgets::F1ComparisonChart chart;
    try {
        chart.setComparison(compareRuns(runA, runB));
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    chart.resize(1100, 600);
    const QString format = widgets::exportFormat(out);
    if (format == QLatin1String("csv") || format == QLatin1String("json")) return widgets::exportNumbers(out, chart.csvLines(), chart.json());
    return widgets::exportPicture(&chart, out);
}

} // namespace timbrescope::gui
