// MainWindow: the bundled model, demo tracks and comparison a first launch shows.

#include "app/gui/Assets.h"
#include "app/gui/MainWindow.h"

#include "engine/core/AssetLocation.h"

#include <QDir>

namespace timbrescope::gui {

void MainWindow::openBundledDefaults(bool model, bool demoTracks, bool comparison) {
    const QString bundled = assetPath(QString::fromLatin1(kBundledModel));
    const QString baseline = assetPath(QString::fromLatin1(kBundledBaseline));
    if (model && !bundled.isEmpty()) openModel(bundled);
    if (demoTracks) {
        const QString folder = assetPath(QString::fromLatin1(kDemoTracks));
        const QStringList tracks = folder.isEmpty() ? QStringList() : QDir(folder).entryList({QStringLiteral("*.flac")}, QDir::Files, QDir::Name);
        if (!tracks.isEmpty()) {
            openFolder(folder);
            openFile(QDir(folder).filePath(tracks.front()));
        }
    }
    if (comparison && !bundled.isEmpty() && !baseline.isEmpty()) compareRuns(bundled, baseline);
}

} // namespace timbrescope::gui
