#pragma once
// The tracks of a dataset folder, as its scan found them: training files grouped by class,
// test excerpts with their labels, and every warning with its file. Double-click opens a track.

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

Q_SIGNALS:
    void trackActivated(const QString& path);

private:
    DatasetListing listing_;
};

} // namespace timbrescope::widgets

Q_DECLARE_METATYPE(timbrescope::widgets::DatasetListing)
