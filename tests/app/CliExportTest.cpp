// `timbrescope-cli export` and scripts/export-onnx as a researcher uses them: every architecture's
// model file opens in PyTorch with the engine's outputs, the bundled models too, and the ONNX
// export passes onnx.checker. The Python parts run where a python3 with torch and onnx is
// installed (scripts/setup installs Debian's), and are skipped, saying so, elsewhere.

#include "engine/models/ModelFile.h"
#include "engine/models/ModelRegistry.h"
#include "tests/support/AudioFixtures.h"
#include "tests/support/CliRunner.h"

#include <torch/torch.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = timbrescope::testing::CliRun;
using timbrescope::testing::runCli;

Run cli(const QStringList& args) { return runCli(QStringLiteral(TIMBRESCOPE_CLI), args); }
QString source(const QString& relative) { return QStringLiteral(TIMBRESCOPE_SOURCE_DIR "/") + relative; }

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class CliExportTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString python_;  // empty: no python3 with torch and onnx here

    QString path(const QString& name) const { return dir_.filePath(name); }

    // A freshly initialised model of `architecture` with BatchNorm statistics that are not the
    // identity, so the check covers them.
    QString randomModelFile(const std::string& architecture) {
        torch::manual_seed(7);
        auto model = timbrescope::models::buildModel(architecture);
        torch::NoGradGuard noGrad;
        for (auto& b : model->named_buffers()) {
            if (b.key().find("running_mean") != std::string::npos) b.value().normal_(0.0, 0.1);
            if (b.key().find("running_var") != std::string::npos) b.value().uniform_(0.5, 1.5);
        }
        const QString file = path(QString::fromStdString(architecture) + ".pt");
        timbrescope::models::saveModel(*model, file.toStdString());
        return file;
    }

    Run checkInPython(const QString& exportDir) { return runCli(python_, {exportDir + "/timbrescope_models.py"}); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const Run found = runCli(source("scripts/python/find-python"), {});
        if (found.exitCode == 0) python_ = found.out.trimmed();
        else qWarning("%s", qPrintable(found.err.trimmed()));
    }

    void writesWeightsDefinitionsAndReference() {
        const Run r = cli({"export", "--run", source("assets/models/crnn3"), "--out", path("crnn3")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Exported 3 model(s)"), qPrintable(r.out));
        for (const char* file : {"fold-1.safetensors", "fold-2.safetensors", "fold-3.safetensors", "timbrescope_models.py", "export.json",
                                 "reference.safetensors"})
            QVERIFY2(QFile::exists(path("crnn3/") + file), file);
        const QJsonObject manifest = readJson(path("crnn3/export.json"));
        QCOMPARE(manifest["architecture"].toString(), QStringLiteral("crnn3"));
        QCOMPARE(manifest["classes"].toArray().size(), 11);
        QCOMPARE(manifest["classes"].toArray()[0].toObject()["code"].toString(), QStringLiteral("cel"));
        QCOMPARE(manifest["thresholds"].toArray().size(), 11);
        QCOMPARE(manifest["preprocessing"].toObject()["sample_rate"].toInt(), 22050);
        QCOMPARE(manifest["reference"].toObject()["segments"].toInt(), 3);  // three generated seconds
        // The exported weights are float32 model files the engine itself reads back.
        auto model = timbrescope::models::loadModel(path("crnn3/fold-1.safetensors").toStdString());
        QCOMPARE(QString::fromStdString(model->architecture()), QStringLiteral("crnn3"));
    }

    void refusesWhatCannotBeExported() {
        const Run missing = cli({"export", "--run", path("no-such-run"), "--out", path("never")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(path("no-such-run") + ": no such run folder or model file"), qPrintable(missing.err));
        QVERIFY(!QFileInfo::exists(path("never")));
        const Run noOut = cli({"export", "--run", source("assets/models/crnn3")});
        QCOMPARE(noOut.exitCode, 2);
        QVERIFY(noOut.err.contains("error: --out:"));
        timbrescope::testing::writeBytes(path("a-file"), "x");
        const Run intoFile = cli({"export", "--run", source("assets/models/crnn3"), "--out", path("a-file")});
        QCOMPARE(intoFile.exitCode, 2);
        QVERIFY2(intoFile.err.contains("is a file: give a folder"), qPrintable(intoFile.err));
        timbrescope::testing::writeBytes(path("not-a-model.pt"), "not a model");
        const Run bad = cli({"export", "--run", path("not-a-model.pt"), "--out", path("bad")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(path("not-a-model.pt") + ":"), qPrintable(bad.err));
        QVERIFY(!QFileInfo::exists(path("bad")));
    }

    void everyArchitectureGivesTheEngineOutputsInPyTorch() {
        if (python_.isEmpty()) QSKIP("no python3 with torch and onnx (scripts/setup installs them)");
        for (const std::string& architecture : timbrescope::models::architectureNames()) {
            const QString name = QString::fromStdString(architecture);
            const Run e = cli({"export", "--run", randomModelFile(architecture), "--out", path("arch-" + name)});
            QVERIFY2(e.exitCode == 0, qPrintable(name + ": " + e.err));
            const Run check = checkInPython(path("arch-" + name));
            QVERIFY2(check.exitCode == 0 && check.out.contains("PyTorch gives Timbrescope's outputs (within 1e-4)"),
                     qPrintable(name + ": " + check.out + check.err));
            qInfo("%s: %s", qPrintable(name), qPrintable(check.out.section('\n', 0, 0)));  // the model's largest difference
        }
        // The check can fail: another architecture's weights under fcn's name.
        QVERIFY(QFile::remove(path("arch-fcn/model.safetensors")));
        QVERIFY(QFile::copy(path("arch-rfcn/model.safetensors"), path("arch-fcn/model.safetensors")));
        const Run wrong = checkInPython(path("arch-fcn"));
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("model.safetensors: PyTorch's logits differ from Timbrescope's"), qPrintable(wrong.err));
    }

    void segmentsAreCutAsPredictCutsThem() {
        if (python_.isEmpty()) QSKIP("no python3 with torch and onnx (scripts/setup installs them)");
        // 4.5 s at 22.05 kHz with a silent second: four whole segments, the second all zeros.
        using namespace timbrescope::testing;
        const int rate = 22050;
        const QString track = writeWav(path("track.wav"), concat(concat(sine(440.0, 1.0, rate), silence(1.0, rate)), noise(2.5, rate, 0.2f)), rate);
        const Run e = cli({"export", "--run", source("assets/models/crnn3"), "--out", path("tracked"), "--track", track});
        QCOMPARE(e.exitCode, 0);
        QCOMPARE(readJson(path("tracked/export.json"))["reference"].toObject()["segments"].toInt(), 4);
        const QString script = QStringLiteral(
            "import sys, soundfile; sys.path.insert(0, sys.argv[1]); import timbrescope_models as t\n"
            "x, _ = soundfile.read(sys.argv[2], dtype='float32')\n"
            "ref, _ = t.read_safetensors(sys.argv[1] + '/reference.safetensors')\n"
            "s = t.segments(x)\n"
            "print(tuple(s.shape), (s - ref['input']).abs().max().item(), s[1].abs().max().item())\n");
        const Run r = runCli(python_, {"-c", script, path("tracked"), track});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList fields = r.out.trimmed().split(' ');
        QCOMPARE(fields.mid(0, 3).join(' '), QStringLiteral("(4, 1, 22050)"));
        QVERIFY2(fields[3].toDouble() <= 1e-6, qPrintable(r.out));
        QCOMPARE(fields[4].toDouble(), 0.0);  // the silent second stays zeros
        QCOMPARE(checkInPython(path("tracked")).exitCode, 0);
    }

    void exportsToOnnxThatPassesTheChecker() {
        if (python_.isEmpty()) QSKIP("no python3 with torch and onnx (scripts/setup installs them)");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("TIMBRESCOPE_CLI", QStringLiteral(TIMBRESCOPE_CLI));
        p.setProcessEnvironment(env);
        p.start(source("scripts/export-onnx"), {source("assets/models/crnn3"), path("crnn3.onnx")});
        QVERIFY(p.waitForFinished(300000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput()), err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0 && out.contains("crnn3, 3 model(s)") && out.contains("onnx.checker: ok"), qPrintable(out + err));
        QVERIFY(QFileInfo(path("crnn3.onnx")).size() > 1000000);
        // Its metadata names the classes in the engine's order.
        const Run meta = runCli(python_, {"-c", "import onnx, sys; m = onnx.load(sys.argv[1]); "
                                                "print({p.key: p.value for p in m.metadata_props}['classes'])",
                                          path("crnn3.onnx")});
        QCOMPARE(meta.out.trimmed(), QStringLiteral("cel,cla,flu,gac,gel,org,pia,sax,tru,vio,voi"));
    }
};

QTEST_GUILESS_MAIN(CliExportTest)
#include "CliExportTest.moc"
