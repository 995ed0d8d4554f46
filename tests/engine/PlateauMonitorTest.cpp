// The paper's schedule on scripted validation-loss sequences.

#include "engine/train/PlateauMonitor.h"

#include <QtTest>

using namespace timbrescope::train;

namespace {

struct Trace {
    std::vector<int> improved, decayed;
    int stoppedAt = 0;  // 1-based epoch, 0: never
};

Trace play(const std::vector<double>& losses, int decayPatience = 4, int stopPatience = 7) {
    PlateauMonitor monitor(decayPatience, stopPatience);
    Trace t;
    for (std::size_t e = 0; e < losses.size(); ++e) {
        const PlateauDecision d = monitor.observe(losses[e]);
        if (d.improved) t.improved.push_back(int(e) + 1);
        if (d.decay) t.decayed.push_back(int(e) + 1);
        if (d.stop) {
            t.stoppedAt = int(e) + 1;
            break;
        }
    }
    return t;
}

} // namespace

class PlateauMonitorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decaysAfterFourAndStopsAfterSevenEpochsWithoutImprovement() {
        const Trace t = play({1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95});
        QCOMPARE(t.improved, (std::vector<int>{1, 2}));
        QCOMPARE(t.decayed, (std::vector<int>{6}));  // 4th epoch without improvement
        QCOMPARE(t.stoppedAt, 9);                    // 7th epoch without improvement
    }

    void improvementResetsBothWaits() {
        const Trace t = play({1.0, 1.1, 1.1, 1.1, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9});
        QCOMPARE(t.improved, (std::vector<int>{1, 5}));
        QCOMPARE(t.decayed, (std::vector<int>{9}));
        QCOMPARE(t.stoppedAt, 12);
    }

    void equalLossIsNoImprovementAndDecayRepeats() {
        const Trace t = play(std::vector<double>(12, 0.5), 2, 10);
        QCOMPARE(t.improved, (std::vector<int>{1}));
        QCOMPARE(t.decayed, (std::vector<int>{3, 5, 7, 9, 11}));
        QCOMPARE(t.stoppedAt, 11);
    }

    void stateRoundTrips() {
        PlateauMonitor a(4, 7), b(4, 7);
        for (double l : {1.0, 0.9, 1.0, 1.0}) a.observe(l);
        b.restore(a.state());
        for (double l : {1.0, 1.0, 0.95}) QCOMPARE(a.observe(l).decay, b.observe(l).decay);
        QCOMPARE(a.best(), b.best());
    }
};

QTEST_GUILESS_MAIN(PlateauMonitorTest)
#include "PlateauMonitorTest.moc"
