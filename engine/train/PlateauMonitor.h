#pragma once
// The paper's schedule on the validation loss, with Keras semantics: ReduceLROnPlateau (factor
// after `decayPatience` epochs without improvement, then the wait restarts) and EarlyStopping
// (stop after `stopPatience` epochs without improvement). Improvement = strictly lower loss.

#include <limits>

namespace timbrescope::train {

struct PlateauDecision {
    bool improved = false;  // a new best: keep these weights
    bool decay = false;     // multiply the learning rate by the factor now
    bool stop = false;      // stop training (restore the best weights)
};

class PlateauMonitor {
public:
    PlateauMonitor(int decayPatience, int stopPatience) : decayPatience_(decayPatience), stopPatience_(stopPatience) {}

    PlateauDecision observe(double validationLoss);

    double best() const { return best_; }
    // State for checkpoints.
    struct State {
        double best = std::numeric_limits<double>::infinity();
        int decayWait = 0, stopWait = 0;
    };
    State state() const { return {best_, decayWait_, stopWait_}; }
    void restore(const State& s) { best_ = s.best, decayWait_ = s.decayWait, stopWait_ = s.stopWait; }

private:
    int decayPatience_, stopPatience_;
    double best_ = std::numeric_limits<double>::infinity();
    int decayWait_ = 0, stopWait_ = 0;
};

} // namespace timbrescope::train
