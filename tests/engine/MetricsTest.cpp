// Metrics against hand-computed cases, with scikit-learn's semantics.

#include "engine/eval/Metrics.h"

#include <QtTest>

using namespace timbrescope;
using namespace timbrescope::eval;
using data::classIndex;
using data::labelBit;

namespace {

int idx(const char* code) { return *classIndex(code); }

ClassVector scores(float rest, std::initializer_list<std::pair<const char*, float>> set) {
    ClassVector v;
    v.fill(rest);
    for (const auto& [code, value] : set) v[std::size_t(idx(code))] = value;
    return v;
}

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

} // namespace

class MetricsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void f1AndLrapByHand() {
        // s0 {cel, pia}: cel .9, pia .4 → predicts cel;  s1 {pia}: cla .7, pia .6 → predicts cla, pia;
        // s2 {} (no label): flu .8 → predicts flu.
        const Probabilities p = {scores(0.1f, {{"cel", 0.9f}, {"pia", 0.4f}}), scores(0.0f, {{"cla", 0.7f}, {"pia", 0.6f}}),
                                 scores(0.2f, {{"flu", 0.8f}})};
        const std::vector<data::LabelSet> y = {data::LabelSet(labelBit(idx("cel")) | labelBit(idx("pia"))), labelBit(idx("pia")), 0};
        const MetricSet m = computeMetrics(p, y, uniformThresholds());
        const ClassScores& cel = m.perClass[std::size_t(idx("cel"))];
        const ClassScores& pia = m.perClass[std::size_t(idx("pia"))];
        const ClassScores& cla = m.perClass[std::size_t(idx("cla"))];
        const ClassScores& sax = m.perClass[std::size_t(idx("sax"))];
        QVERIFY(near(cel.f1, 1.0));
        QCOMPARE(pia.truePositives, 1);
        QCOMPARE(pia.falseNegatives, 1);
        QVERIFY(near(pia.precision, 1.0) && near(pia.recall, 0.5) && near(pia.f1, 2.0 / 3.0));
        QVERIFY(near(cla.precision, 0.0) && near(cla.f1, 0.0));  // predicted, never right
        QVERIFY(near(sax.f1, 0.0) && near(sax.precision, 0.0));  // never predicted, never labelled: 0
        QCOMPARE(pia.support, 2);
        QVERIFY(near(m.f1Micro, 4.0 / 7.0));                      // tp 2, fp 2, fn 1
        QVERIFY(near(m.f1Macro, (1.0 + 2.0 / 3.0) / 11.0));
        QVERIFY(near(m.lrap, (1.0 + 0.5 + 1.0) / 3.0));          // s2 has no label: scores 1
    }

    void lrapTiesCountWithTheMaximumRank() {
        const Probabilities p = {scores(0.0f, {{"cel", 0.5f}, {"cla", 0.5f}})};
        QVERIFY(near(labelRankingAveragePrecision(p, {labelBit(idx("cel"))}), 0.5));
        // Every class relevant: 1, whatever the scores.
        QVERIFY(near(labelRankingAveragePrecision({scores(0.3f, {})}, {data::LabelSet((1u << 11) - 1)}), 1.0));
        // Perfect ranking of two labels among eleven.
        QVERIFY(near(labelRankingAveragePrecision({scores(0.1f, {{"gel", 0.8f}, {"voi", 0.7f}})},
                                                  {data::LabelSet(labelBit(idx("gel")) | labelBit(idx("voi")))}), 1.0));
        // The label ranked third behind two wrong ones: 1/3.
        QVERIFY(near(labelRankingAveragePrecision({scores(0.0f, {{"org", 0.9f}, {"pia", 0.8f}, {"vio", 0.7f}})}, {labelBit(idx("vio"))}),
                     1.0 / 3.0));
    }

    void perClassThresholds() {
        const Probabilities p = {scores(0.9f, {{"cel", 0.3f}}), scores(0.9f, {{"cel", 0.6f}})};
        const std::vector<data::LabelSet> y = {labelBit(idx("cel")), labelBit(idx("cel"))};
        ClassVector t = uniformThresholds();
        QCOMPARE(computeMetrics(p, y, t).perClass[std::size_t(idx("cel"))].truePositives, 1);
        t[std::size_t(idx("cel"))] = 0.25f;
        QCOMPARE(computeMetrics(p, y, t).perClass[std::size_t(idx("cel"))].truePositives, 2);
    }

    void atLeastOneAddsTheMostProbableClassWhenNoneIsOver() {
        // Excerpt 1: every class under 0.5, cello the highest (and labelled); excerpt 2: organ over
        // its threshold, so the rule adds nothing; excerpt 3: flute highest, but labelled piano.
        const Probabilities p = {scores(0.1f, {{"cel", 0.3f}}), scores(0.1f, {{"org", 0.7f}, {"pia", 0.4f}}),
                                 scores(0.05f, {{"flu", 0.2f}, {"pia", 0.1f}})};
        const std::vector<data::LabelSet> y = {labelBit(idx("cel")), labelBit(idx("org")), labelBit(idx("pia"))};
        const ClassVector t = uniformThresholds();
        const auto decided = decide(p[0], t, DecisionRule::AtLeastOne);
        QCOMPARE(int(std::count(decided.begin(), decided.end(), true)), 1);
        QVERIFY(decided[std::size_t(idx("cel"))]);
        QVERIFY(!decide(p[0], t, DecisionRule::Thresholds)[std::size_t(idx("cel"))]);
        QCOMPARE(decide(p[1], t, DecisionRule::AtLeastOne), decide(p[1], t, DecisionRule::Thresholds));

        const MetricSet paper = computeMetrics(p, y, t, DecisionRule::Thresholds);
        const MetricSet atLeastOne = computeMetrics(p, y, t, DecisionRule::AtLeastOne);
        QCOMPARE(paper.perClass[std::size_t(idx("cel"))].truePositives, 0);
        QCOMPARE(atLeastOne.perClass[std::size_t(idx("cel"))].truePositives, 1);
        QCOMPARE(atLeastOne.perClass[std::size_t(idx("flu"))].falsePositives, 1);
        QCOMPARE(atLeastOne.perClass[std::size_t(idx("pia"))].falseNegatives, 1);
        QVERIFY(near(paper.f1Micro, 2.0 / (2.0 + 2.0)));             // tp 1 (org), fn 2
        QVERIFY(near(atLeastOne.f1Micro, 2.0 * 2 / (2.0 * 2 + 1 + 1)));  // tp 2, fp 1, fn 1
        QVERIFY(near(paper.lrap, atLeastOne.lrap));                   // ranks do not change
        QCOMPARE(parseDecisionRule("at-least-one"), std::optional<DecisionRule>(DecisionRule::AtLeastOne));
        QCOMPARE(QString(decisionRuleName(DecisionRule::Thresholds)), QStringLiteral("thresholds"));
        QVERIFY(!parseDecisionRule("top1"));
    }

    void calibrationMaximisesEachClassF1() {
        // cel: positives at .30 and .35, negatives at .10, .20, .40 → best F1 (0.8) at .30.
        Probabilities p;
        std::vector<data::LabelSet> y;
        for (auto [value, positive] : std::vector<std::pair<float, bool>>{{0.3f, true}, {0.35f, true}, {0.1f, false}, {0.2f, false}, {0.4f, false}}) {
            p.push_back(scores(0.0f, {{"cel", value}}));
            y.push_back(positive ? labelBit(idx("cel")) : labelBit(idx("org")));
        }
        const ClassVector t = calibrateThresholds(p, y);
        QCOMPARE(t[std::size_t(idx("cel"))], 0.3f);
        QCOMPARE(t[std::size_t(idx("sax"))], 0.5f);  // no positive sample: the fallback
    }

    void foldStatistics() {
        const MeanStd m = meanStd({1.0, 2.0, 3.0});
        QVERIFY(near(m.mean, 2.0));
        QVERIFY(std::fabs(m.std - std::sqrt(2.0 / 3.0)) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(MetricsTest)
#include "MetricsTest.moc"
