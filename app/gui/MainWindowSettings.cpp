// MainWindow: what it remembers between sessions (QSettings).

#include "app/gui/MainWindow.h"

#include "app/gui/Assets.h"
#include "widgets/TrainingPanel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

namespace timbrescope::gui {

bool MainWindow::persistent() { return !QCoreApplication::organizationName().isEmpty(); }

void MainWindow::restoreSettings() {
    if (!persistent()) return;
    QSettings settings;
    if (settings.contains("window/geometry")) restoreGeometry(settings.value("window/geometry").toByteArray());
    if (settings.contains("window/state")) restoreState(settings.value("window/state").toByteArray());
    for (RecentList* recent : {recentTracks_.get(), recentDatasets_.get(), recentRuns_.get()})
        recent->restore(settings.value(recent->settingsKey()).toStringList());
    widgets::TrainingRequest r;
    r.architecture = settings.value("training/architecture", "rfcn").toString();
    r.device = settings.value("training/device", "cpu").toString();
    r.dataDir = settings.value("training/data").toString();
    r.runDir = settings.value("training/run").toString();
    r.folds = settings.value("training/folds", 5).toInt();
    r.epochs = settings.value("training/epochs", 100).toInt();
    r.batch = settings.value("training/batch", 64).toInt();
    r.learningRate = settings.value("training/lr", 1e-3).toDouble();
    r.seed = settings.value("training/seed", 1).toULongLong();
    lastRequest_ = r;
    training_->setRequest(r);
    const QString model = settings.value("model/path").toString();
    if (!model.isEmpty() && QFileInfo::exists(model)) openModel(model);
}

void MainWindow::saveSettings() const {
    if (!persistent()) return;
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    for (const RecentList* recent : {recentTracks_.get(), recentDatasets_.get(), recentRuns_.get()})
        settings.setValue(recent->settingsKey(), recent->paths());
    settings.setValue("model/path", modelPath_);
    const widgets::TrainingRequest r = training_->request();
    settings.setValue("training/architecture", r.architecture);
    settings.setValue("training/device", r.device);
    settings.setValue("training/data", r.dataDir);
    settings.setValue("training/run", r.runDir);
    settings.setValue("training/folds", r.folds);
    settings.setValue("training/epochs", r.epochs);
    settings.setValue("training/batch", r.batch);
    settings.setValue("training/lr", r.learningRate);
    settings.setValue("training/seed", r.seed);
}

QString MainWindow::lastFolder(const QString& key) const {
    return persistent() ? QSettings().value("folders/" + key).toString() : QString();
}

QString MainWindow::runsFolder() const {
    const QString last = lastFolder("runs");
    if (!last.isEmpty() && QFileInfo(last).isDir()) return last;
    const QString open = modelPath_.isEmpty() ? QString() : QFileInfo(modelPath_).absolutePath();  // beside the open run or file
    if (!open.isEmpty() && QFileInfo(open).isDir()) return open;
    return assetPath(QStringLiteral("models"));
}

} // namespace timbrescope::gui
