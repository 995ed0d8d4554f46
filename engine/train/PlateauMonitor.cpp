#include "engine/train/PlateauMonitor.h"

namespace timbrescope::train {

PlateauDecision PlateauMonitor::observe(double validationLoss) {
    PlateauDecision d;
    if (validationLoss < best_) {
        best_ = validationLoss;
        decayWait_ = stopWait_ = 0;
        d.improved = true;
        return d;
    }
    if (++decayWait_ >= decayPatience_) {
        d.decay = true;
        decayWait_ = 0;
    }
    d.stop = ++stopWait_ >= stopPatience_;
    return d;
}

} // namespace timbrescope::train
