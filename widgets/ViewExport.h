#pragma once
// Exporting what a view shows: the picture as PNG, SVG or PDF (chosen by the file's extension),
// and its numbers as CSV or JSON. Works offscreen, for scripted reports.

#include <QByteArray>
#include <QString>
#include <QStringList>

class QWidget;

namespace timbrescope::widgets {

// Renders `view` at its current size. Returns an empty string on success, else why not (naming
// the file): an unknown extension, an unwritable path.
QString exportPicture(QWidget* view, const QString& path);

// Writes `csvLines` (.csv) or `json` (.json), by the extension.
QString exportNumbers(const QString& path, const QStringList& csvLines, const QByteArray& json);

// "png", "svg", "pdf", "csv", "json" or empty.
QString exportFormat(const QString& path);

} // namespace timbrescope::widgets
