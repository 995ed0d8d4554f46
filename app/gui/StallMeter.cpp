#include "app/gui/StallMeter.h"

#include <algorithm>

namespace timbrescope::gui {

StallMeter::StallMeter(QObject* parent) : QObject(parent) {
    timer_.setInterval(5);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, [this] {
        const qint64 now = clock_.nsecsElapsed();
        gaps_.push_back(double(now - last_) / 1e6);
        last_ = now;
    });
}

void StallMeter::start() {
    gaps_.clear();
    clock_.start();
    last_ = 0;
    timer_.start();
}

double StallMeter::longestMs() const { return gaps_.empty() ? 0.0 : *std::max_element(gaps_.begin(), gaps_.end()); }

double StallMeter::percentileMs(double p) const {
    if (gaps_.empty()) return 0.0;
    std::vector<double> sorted = gaps_;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, std::size_t(p / 100.0 * double(sorted.size())))];
}

} // namespace timbrescope::gui
