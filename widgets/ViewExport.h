#pragma once
// Exporting what a view shows: the picture as PNG, SVG or PDF (chosen by the file's extension),
// and its numbers as CSV or JSON. Works offscreen, for scripted reports.

#include <QByteArray>
#include <QSize>
#include <QString>
#include <QStringList>

class QWidget;

namespace timbrescope::widgets {

struct PictureOptions {
    QSize size;          // the view's size while it is drawn (points); empty: its size on screen
    double scale = 1.0;  // PNG pixels per point: 2 or 3 for print (SVG and PDF stay vector)
    QStringList caption; // lines above the view, saying what it shows (track, model, threshold…)
};

// Renders `view` (laid out at `options.size`, then restored) under its caption. Returns an empty
// string on success, else why not (naming the file): an unknown extension, an unwritable path,
// a size or scale out of range.
QString exportPicture(QWidget* view, const QString& path, const PictureOptions& options = {});

// Writes `csvLines` (.csv) or `json` (.json), by the extension; a CSV starts with `caption` as
// "# " comment lines (what pandas' read_csv(comment="#") and R's read.csv skip).
QString exportNumbers(const QString& path, const QStringList& csvLines, const QByteArray& json, const QStringList& caption = {});

// "png", "svg", "pdf", "csv", "json" or empty.
QString exportFormat(const QString& path);

} // namespace timbrescope::widgets
