#include "widgets/TrackList.h"

#include <QHeaderView>

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
    setMinimumWidth(340);
    setUniformRowHeights(true);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString path = item->data(0, kPathRole).toString();
        if (!path.isEmpty()) Q_EMIT trackActivated(path);
    });
}

void TrackList::setListing(const DatasetListing& listing) {
    listing_ = listing;
    clear();
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
}

} // namespace timbrescope::widgets
