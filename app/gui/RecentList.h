#pragma once
// A "Recent …" submenu backed by QSettings: the last few paths of one kind (tracks, dataset
// folders, model runs), newest first, each entry reopening its path.

#include <QMenu>
#include <QStringList>

#include <functional>

namespace timbrescope::gui {

class RecentList {
public:
    static constexpr int kMaximum = 8;

    // `settingsKey` names the list in QSettings; `open` is called with the chosen path.
    RecentList(QMenu* menu, QString settingsKey, std::function<void(const QString&)> open);

    // Puts `path` first (once), drops the oldest beyond kMaximum.
    void remember(const QString& path);
    const QStringList& paths() const { return paths_; }

    void restore(const QStringList& paths);
    const QString& settingsKey() const { return settingsKey_; }

private:
    void rebuild();

    QMenu* menu_;
    QString settingsKey_;
    std::function<void(const QString&)> open_;
    QStringList paths_;
};

} // namespace timbrescope::gui
