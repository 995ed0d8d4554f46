// The verdict a user reads under a track: the instruments above their thresholds, most probable
// first, or "unsure" when the probabilities are low or flat; and the model card of the bundled
// run says what it was trained on and how it scored on a source it never heard.

#include "engine/eval/ModelCard.h"

#include <QtTest>

using namespace timbrescope;

namespace {

eval::ClassVector filled(float value) {
    eval::ClassVector v;
    v.fill(value);
    return v;
}

} // namespace

class ModelCardTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void verdictNamesWhatStandsOut() {
        eval::ClassVector track = filled(0.05f);
        track[6] = 0.9f;  // piano
        track[9] = 0.6f;  // violin
        const eval::Verdict v = eval::verdictOf(track, filled(0.5f));
        QVERIFY(!v.unsure);
        QCOMPARE(v.heard, (std::vector<int>{6, 9}));
        QCOMPARE(QString::fromStdString(v.text), QStringLiteral("Heard: piano, violin"));
    }

    void flatOrLowProbabilitiesAreUnsure() {
        eval::ClassVector flat = filled(0.45f);
        flat[5] = 0.52f;  // organ, barely above the rest
        const eval::Verdict v = eval::verdictOf(flat, filled(0.5f));
        QVERIFY(v.unsure);
        QVERIFY(QString::fromStdString(v.text).startsWith("Unsure: no instrument stands out (highest: organ 0.52)"));
        eval::ClassVector low = filled(0.02f);
        low[0] = 0.25f;
        QVERIFY(eval::verdictOf(low, filled(0.2f)).unsure);
        // Clear, but under a high threshold: the paper's rule hears nothing and says what came
        // closest; the default rule names that instrument as heard, and says it was under.
        eval::ClassVector clear = filled(0.05f);
        clear[2] = 0.6f;
        const eval::Verdict none = eval::verdictOf(clear, filled(0.7f), eval::DecisionRule::Thresholds);
        QVERIFY(!none.unsure && none.heard.empty());
        QVERIFY(QString::fromStdString(none.text).contains("flute 0.60"));
        const eval::Verdict best = eval::verdictOf(clear, filled(0.7f));
        QCOMPARE(best.heard, (std::vector<int>{2}));
        QCOMPARE(QString::fromStdString(best.text),
                 QStringLiteral("Heard: flute 0.60 (the most probable; none reached its threshold)"));
    }

    void bundledModelHasACard() {
        const eval::ModelCard card = eval::readModelCard(TIMBRESCOPE_SOURCE_ASSETS "/models/crnn3");
        QCOMPARE(QString::fromStdString(card.architecture), QStringLiteral("crnn3"));
        QVERIFY(card.foldsTrained >= 1 && card.foldsTrained <= card.folds);
        QVERIFY(card.trainFiles > 0);
        QVERIFY(std::any_of(card.scores.begin(), card.scores.end(), [](const eval::SourceScore& s) { return s.unseen; }));
        QVERIFY(std::any_of(card.scores.begin(), card.scores.end(), [](const eval::SourceScore& s) { return !s.unseen; }));
        const auto lines = card.lines();
        QVERIFY(QString::fromStdString(lines.front()).startsWith("Model card: crnn3"));
        QCOMPARE(eval::readModelCard("no-such-model.pt").lines().size(), std::size_t(1));
    }

    void namesSampleSetsByFileAndPhysicalModelsByWhatTheyAre() {
        eval::ModelCard card;
        card.architecture = "crnn3";
        card.trainFiles = 1650;
        card.sources = {"/usr/share/sounds/sf2/FluidR3_GM.sf2", "freepats.cfg", "stk", "stk:2"};
        const std::string data = card.lines().at(1);
        QVERIFY2(data.find("rendered from FluidR3_GM, freepats, stk physical models, stk:2 physical models") != std::string::npos,
                 data.c_str());
    }
};

QTEST_APPLESS_MAIN(ModelCardTest)
#include "ModelCardTest.moc"
