#include "app/gui/RecentList.h"

#include <QDir>
#include <QFileInfo>

namespace timbrescope::gui {

RecentList::RecentList(QMenu* menu, QString settingsKey, std::function<void(const QString&)> open)
    : menu_(menu), settingsKey_(std::move(settingsKey)), open_(std::move(open)) {
    rebuild();
}

void RecentList::remember(const QString& path) {
    paths_.removeAll(path);
    paths_.prepend(path);
    while (paths_.size() > kMaximum) paths_.removeLast();
    rebuild();
}

void RecentList::restore(const QStringList& paths) {
    paths_ = paths.mid(0, kMaximum);
    rebuild();
}

void RecentList::rebuild() {
    menu_->clear();
    for (const QString& path : paths_) {
        // The name alone is ambiguous for folders like "fold-1" or "test": show the parent too.
        const QFileInfo info(path);
        const QString label = info.dir().dirName() + QLatin1Char('/') + info.fileName();
        QAction* action = menu_->addAction(label, [this, path] { open_(path); });
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setEnabled(info.exists());
    }
    menu_->setToolTipsVisible(true);
    menu_->setEnabled(!paths_.isEmpty());
}

} // namespace timbrescope::gui
