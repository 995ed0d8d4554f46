#pragma once
// Measures how responsive the GUI thread is: a 5-ms timer notes how late each tick arrives;
// the longest gap is the longest time the event loop could not repaint or react.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace timbrescope::gui {

class StallMeter : public QObject {
    Q_OBJECT
public:
    explicit StallMeter(QObject* parent = nullptr);
    void start();

    double longestMs() const;
    double percentileMs(double p) const;  // p in [0, 100]
    std::size_t ticks() const { return gaps_.size(); }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0;
    std::vector<double> gaps_;  // ms between ticks
};

} // namespace timbrescope::gui
