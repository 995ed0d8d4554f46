#include "app/gui/RunComparison.h"

#include "engine/core/Error.h"
#include "engine/eval/ResultFiles.h"
#include "widgets/ViewExport.h"

#include <QFileInfo>

namespace timbrescope::gui {
namespace {

QString runName(const eval::ResultSummary& r, const QString& path) {
    const QString folder = QFileInfo(QFileInfo(path).isDir() ? path : QFileInfo(path).path()).fileName();
    const QString arch = QString::fromStdString(r.architecture);
    return folder == arch || arch.isEmpty() ? folder : QStringLiteral("%1 (%2)").arg(arch, folder);
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
    }
    c.nameA = runName(a, runA);
    c.nameB = runName(b, runB);
    return c;
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
