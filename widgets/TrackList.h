#pragma once
// The tracks of a dataset folder, as its scan found them: training files grouped by class,
// test excerpts with their labels, and every warning with its file; above them the files opened
// one by one ("Opened"), so every track of a session stays a click away. The shown track is
// highlighted. Double-click opens a track.

#include <QMetaType>
#include <QTreeWidget>

namespace timbrescope::widgets {

struct DatasetListing {
    struct Track {
        QString path, relativePath, labels;  // labels: "cel+pia"
        QString group;                       // training: class code; testing: empty
        bool training = true;
        double seconds = 0;
    };
    QString root;
    std::vector<Track> tracks;
    QStringList warnings;  // "path: message"
};

class TrackList : public QTreeWidget {
    Q_OBJECT
public:
    explicit TrackList(QWidget* parent = nullptr);
    void setListing(const DatasetListing& listing);
    const DatasetListing& listing() const { return listing_; }

    // A file opened on its own joins the "Opened" group (once; a file of the listed folder is
    // already in the list) and becomes the highlighted one; its length shows once known
    // (seconds < 0: not yet decoded). One that failed to open is removed again.
    void addOpened(const QString& path, double seconds = -1);
    void removeOpened(const QString& path);
    // Highlights the track at `path` wherever it is listed; false where it is not.
    bool setCurrent(const QString& path);
    QString currentPath() const;
    QStringList openedPaths() const;

Q_SIGNALS:
    void trackActivated(const QString& path);

private:
    QTreeWidgetItem* itemFor(const QString& path) const;
    void rebuildOpened();

    DatasetListing listing_;
    std::vector<std::pair<QString, double>> opened_;  // path, seconds; in the order opened
    QTreeWidgetItem* openedGroup_ = nullptr;
};

} // namespace timbrescope::widgets

Q_DECLARE_METATYPE(timbrescope::widgets::DatasetListing)
