// timbrescope-vamp as a Vamp host sees it, through the official host SDK (PluginLoader, as Sonic
// Visualiser loads plugins): found on VAMP_PATH, described, run block by block on a stereo 44.1 kHz
// file, and giving what `timbrescope-cli predict` gives for the same file.

#include "tests/support/AudioFixtures.h"
#include "tests/support/CliRunner.h"

#include <vamp-hostsdk/PluginLoader.h>

#include <sndfile.h>

#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace {

using Vamp::HostExt::PluginLoader;
using timbrescope::testing::runCli;

const int kRate = 44100;

struct HostRun {
    bool initialised = false;
    Vamp::Plugin::FeatureSet features;  // by output index, everything the plugin returned
};

// What a host does: reads the file in blocks of the plugin's preferred size (the last one
// zero-padded), de-interleaves, calls process, then getRemainingFeatures.
HostRun runPlugin(const QString& file, const std::map<std::string, float>& parameters = {}) {
    HostRun run;
    SF_INFO info{};
    SNDFILE* sf = sf_open(file.toLocal8Bit().constData(), SFM_READ, &info);
    if (!sf) return run;
    std::unique_ptr<Vamp::Plugin> plugin(PluginLoader::getInstance()->loadPlugin(
        PluginLoader::getInstance()->composePluginKey("timbrescope-vamp", "instruments"), float(info.samplerate), PluginLoader::ADAPT_ALL_SAFE));
    if (!plugin) {
        sf_close(sf);
        return run;
    }
    for (const auto& [name, value] : parameters) plugin->setParameter(name, value);
    const std::size_t block = plugin->getPreferredBlockSize(), channels = std::size_t(info.channels);
    run.initialised = plugin->initialise(channels, block, block);
    if (!run.initialised) {
        sf_close(sf);
        return run;
    }
    std::vector<float> interleaved(block * channels);
    std::vector<std::vector<float>> planes(channels, std::vector<float>(block));
    std::vector<const float*> pointers;
    for (auto& p : planes) pointers.push_back(p.data());
    sf_count_t frame = 0;
    for (;;) {
        std::fill(interleaved.begin(), interleaved.end(), 0.0f);
        const sf_count_t got = sf_readf_float(sf, interleaved.data(), sf_count_t(block));
        if (got <= 0) break;
        for (std::size_t i = 0; i < block; ++i)
            for (std::size_t c = 0; c < channels; ++c) planes[c][i] = interleaved[i * channels + c];
        for (auto& [output, list] : plugin->process(pointers.data(), Vamp::RealTime::frame2RealTime(frame, info.samplerate)))
            run.features[output].insert(run.features[output].end(), list.begin(), list.end());
        frame += got;
    }
    sf_close(sf);
    for (auto& [output, list] : plugin->getRemainingFeatures()) run.features[output].insert(run.features[output].end(), list.begin(), list.end());
    return run;
}

// predict's --csv row for `file`: the track's 11 probabilities.
std::vector<float> predictedTrack(const QString& csvPath) {
    QFile f(csvPath);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
    std::vector<float> values;
    if (lines.size() < 2) return values;
    const QStringList fields = lines[1].split(',');
    for (int i = fields.size() - 11; i < fields.size(); ++i) values.push_back(fields[i].toFloat());
    return values;
}

} // namespace

class VampPluginTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString track_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // Where hosts look for plugins; read when the loader first lists them.
        qputenv("VAMP_PATH", QByteArrayLiteral(TIMBRESCOPE_VAMP_DIR));
        qunsetenv("TIMBRESCOPE_VAMP_MODEL");
        using namespace timbrescope::testing;
        // Four seconds of stereo: a harmonic tone on the left, noise on the right.
        std::vector<float> tone = sine(220.0, 4.0, kRate, 0.3f);
        const std::vector<float> overtone = sine(660.0, 4.0, kRate, 0.1f);
        for (std::size_t i = 0; i < tone.size(); ++i) tone[i] += overtone[i];
        track_ = writeWav(dir_.filePath("stereo.wav"), interleave({tone, noise(4.0, kRate, 0.1f)}), kRate, 2);
    }

    void isFoundAndDescribed() {
        const PluginLoader::PluginKeyList keys = PluginLoader::getInstance()->listPlugins();
        QVERIFY2(std::find(keys.begin(), keys.end(), "timbrescope-vamp:instruments") != keys.end(), TIMBRESCOPE_VAMP_DIR);
        std::unique_ptr<Vamp::Plugin> plugin(PluginLoader::getInstance()->loadPlugin("timbrescope-vamp:instruments", kRate));
        QVERIFY(plugin);
        QCOMPARE(QString::fromStdString(plugin->getName()), QStringLiteral("Timbrescope: Instruments"));
        const Vamp::Plugin::OutputList outputs = plugin->getOutputDescriptors();
        QCOMPARE(outputs.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(outputs[0].identifier), QStringLiteral("probabilities"));
        QCOMPARE(outputs[0].binCount, std::size_t(11));
        QCOMPARE(QString::fromStdString(outputs[0].binNames[6]), QStringLiteral("piano"));
        QCOMPARE(QString::fromStdString(outputs[1].identifier), QStringLiteral("instruments"));
        QCOMPARE(outputs[1].binCount, std::size_t(0));
        QCOMPARE(QString::fromStdString(outputs[2].identifier), QStringLiteral("track"));
        const auto parameters = plugin->getParameterDescriptors();
        QCOMPARE(parameters.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(parameters[0].valueNames[1]), QStringLiteral("cqt-cnn-reduced (CQT baseline)"));
        QCOMPARE(PluginLoader::getInstance()->getPluginCategory("timbrescope-vamp:instruments").front(), std::string("Classification"));
    }

    void givesWhatPredictGives() {
        const HostRun run = runPlugin(track_);
        QVERIFY(run.initialised);
        QCOMPARE(run.features.at(0).size(), std::size_t(4));  // 4 s: four 1-s segments
        QCOMPARE(run.features.at(1).size(), std::size_t(4));
        QCOMPARE(run.features.at(2).size(), std::size_t(1));
        for (std::size_t s = 0; s < 4; ++s) {
            QCOMPARE(run.features.at(0)[s].timestamp, Vamp::RealTime::fromSeconds(double(s)));
            QCOMPARE(run.features.at(1)[s].duration, Vamp::RealTime::fromSeconds(1.0));
            QCOMPARE(run.features.at(0)[s].values.size(), std::size_t(11));
            QVERIFY(!run.features.at(1)[s].label.empty());  // at least the most probable instrument
        }
        const timbrescope::testing::CliRun predicted = runCli(QStringLiteral(TIMBRESCOPE_CLI), {"predict", "--csv", dir_.filePath("p.csv"), track_});
        QVERIFY2(predicted.exitCode == 0, qPrintable(predicted.err));
        const std::vector<float> expected = predictedTrack(dir_.filePath("p.csv"));
        QCOMPARE(expected.size(), std::size_t(11));
        const Vamp::Plugin::Feature& track = run.features.at(2).front();
        for (std::size_t c = 0; c < 11; ++c)
            QVERIFY2(std::fabs(track.values[c] - expected[c]) < 2e-3, qPrintable(QStringLiteral("class %1: plugin %2, predict %3").arg(c).arg(track.values[c]).arg(expected[c])));
        // The whole-track label is predict's verdict line.
        QVERIFY2(predicted.out.contains(QString::fromStdString(track.label)), qPrintable(QString::fromStdString(track.label) + " / " + predicted.out));
        QVERIFY(QString::fromStdString(track.label).startsWith("Heard:") || QString::fromStdString(track.label).startsWith("Unsure:"));
    }

    void theBaselineIsAnotherModel() {
        const HostRun crnn = runPlugin(track_), cqt = runPlugin(track_, {{"model", 1.0f}});
        QVERIFY(cqt.initialised);
        float largest = 0.0f;
        for (std::size_t c = 0; c < 11; ++c)
            largest = std::max(largest, std::fabs(crnn.features.at(2).front().values[c] - cqt.features.at(2).front().values[c]));
        QVERIFY2(largest > 0.01f, "the two bundled models gave the same probabilities");
    }

    void aMissingModelFailsToInitialiseWithoutACrash() {
        qputenv("TIMBRESCOPE_VAMP_MODEL", dir_.filePath("no-such-run").toLocal8Bit());
        const HostRun run = runPlugin(track_);
        qunsetenv("TIMBRESCOPE_VAMP_MODEL");
        QVERIFY(!run.initialised);
        QVERIFY(run.features.empty());
    }
};

QTEST_GUILESS_MAIN(VampPluginTest)
#include "VampPluginTest.moc"
