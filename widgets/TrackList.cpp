#include "widgets/TrackList.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QTreeWidgetItemIterator>

#include <algorithm>
#include <map>

namespace timbrescope::widgets {
namespace {
constexpr int kPathRole = Qt::UserRole + 1;
}

TrackList::TrackList(QWidget* parent) : QTreeWidget(parent) {
    setColumnCount(3);
    setHeaderLabels({tr("Track"), tr("Labels"), tr("Seconds")});
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    setMinimumWidth(240);  // leaves the centre its room at 1280 × 720
    setUniformRowHeights(true);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString path = item->data(0, kPathRole).toString();
        if (!path.isEmpty()) Q_EMIT trackActivated(path);
    });
}

void TrackList::setListing(const DatasetListing& listing) {
    const QString current = currentPath();
    listing_ = listing;
    clear();
    openedGroup_ = nullptr;
    // A file opened before its folder was listed is now in the folder's group.
    opened_.erase(std::remove_if(opened_.begin(), opened_.end(), [&](const auto& entry) {
                      return std::any_of(listing.tracks.begin(), listing.tracks.end(), [&](const auto& t) { return t.path == entry.first; });
                  }),
                  opened_.end());
    auto* training = new QTreeWidgetItem(this, {tr("Training")});
    auto* testing = new QTreeWidgetItem(this, {tr("Testing")});
    std::map<QString, QTreeWidgetItem*> classes;
    int trainCount = 0, testCount = 0;
    for (const auto& t : listing.tracks) {
        QTreeWidgetItem* parent = testing;
        if (t.training) {
            QTreeWidgetItem*& group = classes[t.group];
            if (!group) group = new QTreeWidgetItem(training, {t.group});
            parent = group;
            ++trainCount;
        } else {
            ++testCount;
        }
        auto* item = new QTreeWidgetItem(parent, {t.relativePath.section('/', -1), t.labels, QString::number(t.seconds, 'f', 1)});
        item->setData(0, kPathRole, t.path);
        item->setToolTip(0, t.relativePath);
    }
    for (auto& [code, item] : classes) item->setText(1, tr("%1 files").arg(item->childCount()));
    training->setText(1, tr("%1 files").arg(trainCount));
    testing->setText(1, tr("%1 excerpts").arg(testCount));
    auto* warnings = new QTreeWidgetItem(this, {tr("Warnings (%1)").arg(listing.warnings.size())});
    for (const QString& w : listing.warnings) new QTreeWidgetItem(warnings, {w});
    if (trainCount == 0) delete training;
    if (testCount == 0) delete testing;
    if (listing.warnings.isEmpty()) delete warnings;
    if (topLevelItemCount() > 0) topLevelItem(0)->setExpanded(true);
    rebuildOpened();
    if (!current.isEmpty()) setCurrent(current);
}

void TrackList::rebuildOpened() {
    const QString current = currentPath();
    delete openedGroup_;
    openedGroup_ = nullptr;
    if (opened_.empty()) return;
    openedGroup_ = new QTreeWidgetItem({tr("Opened"), tr("%1 files").arg(opened_.size())});
    insertTopLevelItem(0, openedGroup_);
    for (const auto& [path, seconds] : opened_) {
        auto* item = new QTreeWidgetItem(openedGroup_, {QFileInfo(path).fileName(), QString(), seconds >= 0 ? QString::number(seconds, 'f', 1) : QString()});
        item->setData(0, kPathRole, path);
        item->setToolTip(0, path);
    }
    openedGroup_->setExpanded(true);
    if (!current.isEmpty()) setCurrent(current);
}

QTreeWidgetItem* TrackList::itemFor(const QString& path) const {
    for (QTreeWidgetItemIterator it(const_cast<TrackList*>(this)); *it; ++it)
        if ((*it)->data(0, kPathRole).toString() == path) return *it;
    return nullptr;
}

void TrackList::addOpened(const QString& path, double seconds) {
    const auto entry = std::find_if(opened_.begin(), opened_.end(), [&](const auto& e) { return e.first == path; });
    if (entry != opened_.end()) {
        if (seconds >= 0) entry->second = seconds;
        rebuildOpened();
    } else if (!itemFor(path)) {
        opened_.emplace_back(path, seconds);
        rebuildOpened();
    }
    setCurrent(path);
}

void TrackList::removeOpened(const QString& path) {
    const auto entry = std::find_if(opened_.begin(), opened_.end(), [&](const auto& e) { return e.first == path; });
    if (entry == opened_.end()) return;
    opened_.erase(entry);
    rebuildOpened();
}

bool TrackList::setCurrent(const QString& path) {
    QTreeWidgetItem* item = itemFor(path);
    if (!item) return false;
    for (QTreeWidgetItem* parent = item->parent(); parent; parent = parent->parent()) parent->setExpanded(true);
    setCurrentItem(item);
    scrollToItem(item);
    return true;
}

QString TrackList::currentPath() const { return currentItem() ? currentItem()->data(0, kPathRole).toString() : QString(); }

QStringList TrackList::openedPaths() const {
    QStringList paths;
    for (const auto& entry : opened_) paths << entry.first;
    return paths;
}

} // namespace timbrescope::widgets
