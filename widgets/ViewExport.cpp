#include "widgets/ViewExport.h"

#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace timbrescope::widgets {

QString exportFormat(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const char* known : {"png", "svg", "pdf", "csv", "json"})
        if (suffix == QLatin1String(known)) return suffix;
    return {};
}

QString exportPicture(QWidget* view, const QString& path) {
    const QString format = exportFormat(path);
    const QSize size = view->size();
    if (format == QLatin1String("png")) {
        if (!view->grab().save(path, "PNG")) return path + QStringLiteral(": cannot write the PNG file");
        return {};
    }
    if (format == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(view->windowTitle());
        QPainter painter;
        if (!painter.begin(&svg)) return path + QStringLiteral(": cannot write the SVG file");
        view->render(&painter);
        painter.end();
        return {};
    }
    if (format == QLatin1String("pdf")) {
        QPdfWriter pdf(path);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);
        QPainter painter;
        if (!painter.begin(&pdf)) return path + QStringLiteral(": cannot write the PDF file");
        view->render(&painter);
        painter.end();
        return {};
    }
    return path + QStringLiteral(": unknown picture format (use .png, .svg or .pdf)");
}

QString exportNumbers(const QString& path, const QStringList& csvLines, const QByteArray& json) {
    const QString format = exportFormat(path);
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return path + QStringLiteral(": unknown data format (use .csv or .json)");
    QSaveFile file(path);  // written to a temporary and renamed: never half a file
    if (!file.open(QIODevice::WriteOnly)) return path + QStringLiteral(": ") + file.errorString();
    file.write(format == QLatin1String("csv") ? (csvLines.join('\n') + '\n').toUtf8() : json);
    if (!file.commit()) return path + QStringLiteral(": ") + file.errorString();
    return {};
}

} // namespace timbrescope::widgets
