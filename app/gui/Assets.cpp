#include "app/gui/Assets.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace timbrescope::gui {

QString assetPath(const QString& relative) {
    QStringList roots;
    if (const QString env = qEnvironmentVariable("TIMBRESCOPE_ASSETS"); !env.isEmpty()) roots << env;
    const QString exe = QCoreApplication::applicationDirPath();
    roots << exe + QStringLiteral("/../assets") << exe + QStringLiteral("/../../assets") << QStringLiteral(TIMBRESCOPE_SOURCE_ASSETS);
    for (const QString& root : roots) {
        const QString candidate = QDir(root).filePath(relative);
        if (QFileInfo::exists(candidate)) return QDir::cleanPath(candidate);
    }
    return {};
}

} // namespace timbrescope::gui
