#include "widgets/ViewExport.h"

#include <QCoreApplication>
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

namespace {

constexpr int kCaptionPadding = 6;

int captionHeight(const QWidget* view, const QStringList& caption) {
    return caption.isEmpty() ? 0 : int(caption.size()) * view->fontMetrics().height() + 2 * kCaptionPadding;
}

// The caption, then the view under it.
void paintPicture(QPainter& painter, QWidget* view, const QStringList& caption, const QSize& total) {
    const int top = captionHeight(view, caption);
    if (top > 0) {
        painter.fillRect(QRect(QPoint(0, 0), QSize(total.width(), top)), view->palette().color(QPalette::Window));
        painter.setFont(view->font());
        painter.setPen(view->palette().color(QPalette::WindowText));
        const QFontMetrics fm = view->fontMetrics();
        for (int i = 0; i < caption.size(); ++i)
            painter.drawText(QRect(kCaptionPadding, kCaptionPadding + i * fm.height(), total.width() - 2 * kCaptionPadding, fm.height()),
                             Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(caption[i], Qt::ElideMiddle, total.width() - 2 * kCaptionPadding));
    }
    view->render(&painter, QPoint(0, top));
}

// Lays `view` out at `size` while alive (charts lay themselves out in posted events), then puts
// it back as it was.
class TemporarySize {
public:
    TemporarySize(QWidget* view, const QSize& size) : view_(view), old_(view->size()) {
        if (size.isValid() && size != old_) apply(size);
    }
    ~TemporarySize() {
        if (view_->size() != old_) apply(old_);
    }
    TemporarySize(const TemporarySize&) = delete;
    TemporarySize& operator=(const TemporarySize&) = delete;

private:
    void apply(const QSize& size) {
        view_->resize(size);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
    QWidget* view_;
    QSize old_;
};

} // namespace

QString exportPicture(QWidget* view, const QString& path, const PictureOptions& options) {
    const QString format = exportFormat(path);
    if (format != QLatin1String("png") && format != QLatin1String("svg") && format != QLatin1String("pdf"))
        return path + QStringLiteral(": unknown picture format (use .png, .svg or .pdf)");
    if (options.size.isValid() && (options.size.width() < 100 || options.size.height() < 60 || options.size.width() > 10000 ||
                                   options.size.height() > 10000))
        return path + QStringLiteral(": picture size %1×%2 is out of range (100×60 to 10000×10000)")
                          .arg(options.size.width())
                          .arg(options.size.height());
    if (!(options.scale >= 1.0 && options.scale <= 4.0))
        return path + QStringLiteral(": scale %1 is out of range (1 to 4)").arg(options.scale);
    const TemporarySize laidOut(view, options.size);
    const QSize total(view->width(), view->height() + captionHeight(view, options.caption));
    QPainter painter;
    if (format == QLatin1String("png")) {
        QImage image(total * options.scale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(options.scale);
        image.fill(view->palette().color(QPalette::Window));
        painter.begin(&image);
        paintPicture(painter, view, options.caption, total);
        painter.end();
        if (!image.save(path, "PNG")) return path + QStringLiteral(": cannot write the PNG file");
        return {};
    }
    if (format == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(total);
        svg.setViewBox(QRect(QPoint(0, 0), total));
        svg.setTitle(options.caption.value(0, view->windowTitle()));
        if (!painter.begin(&svg)) return path + QStringLiteral(": cannot write the SVG file");
        paintPicture(painter, view, options.caption, total);
        painter.end();
        return {};
    }
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QSizeF(total), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(72);
    pdf.setTitle(options.caption.value(0));
    if (!painter.begin(&pdf)) return path + QStringLiteral(": cannot write the PDF file");
    paintPicture(painter, view, options.caption, total);
    painter.end();
    return {};
}

QString exportNumbers(const QString& path, const QStringList& csvLines, const QByteArray& json, const QStringList& caption) {
    const QString format = exportFormat(path);
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return path + QStringLiteral(": unknown data format (use .csv or .json)");
    QSaveFile file(path);  // written to a temporary and renamed: never half a file
    if (!file.open(QIODevice::WriteOnly)) return path + QStringLiteral(": ") + file.errorString();
    QStringList lines;
    for (const QString& line : caption) lines << QStringLiteral("# ") + line;
    lines += csvLines;
    file.write(format == QLatin1String("csv") ? (lines.join('\n') + '\n').toUtf8() : json);
    if (!file.commit()) return path + QStringLiteral(": ") + file.errorString();
    return {};
}

} // namespace timbrescope::widgets
