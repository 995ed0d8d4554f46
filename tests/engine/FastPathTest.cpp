// Every model gives the same logits and gradients on the fast CPU path (channels-last
// convolutions, fused cell tails, chunked inference) as on LibTorch's stock modules, with the
// same weights: in training mode, in eval mode, at batch 1 and at odd lengths.

#include "engine/models/Inference.h"
#include "engine/models/ModelRegistry.h"
#include "engine/models/kernels/FastKernels.h"

#include "tests/support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

#include <algorithm>
#include <optional>

using namespace timbrescope::models;
using timbrescope::testing::relativeError;

namespace {

// The model built from a fixed seed: the same weights every time.
std::shared_ptr<ModelBase> seeded(const std::string& arch) {
    torch::manual_seed(11);
    return buildModel(arch);
}

struct Pass {
    at::Tensor logits;
    std::vector<at::Tensor> gradients;
    at::Tensor evalLogits;
};

// One training step's logits and gradients (in a bf16 mixed-precision step when `bf16`, as the
// trainer runs it), then eval-mode logits.
Pass run(const std::string& arch, const at::Tensor& x, const at::Tensor& y, bool fast, bool bf16 = false) {
    kernels::setFastKernelsEnabled(fast);
    auto model = seeded(arch);
    model->train();
    torch::manual_seed(3);  // the same dropout masks
    Pass p;
    {
        std::optional<kernels::Bf16Activations> step;
        if (bf16) step.emplace();
        p.logits = model->forward(x);
        torch::binary_cross_entropy_with_logits(p.logits, y).backward();
    }
    for (const at::Tensor& w : model->parameters()) p.gradients.push_back(w.grad().defined() ? w.grad().clone() : torch::zeros_like(w));
    model->eval();
    p.evalLogits = inferLogits(*model, x);
    kernels::setFastKernelsEnabled(true);
    return p;
}

// ‖a − b‖ / ‖b‖ over every parameter's gradient together.
double gradientGap(const std::vector<at::Tensor>& a, const std::vector<at::Tensor>& b) {
    double difference = 0, norm = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        difference += (a[i] - b[i]).pow(2).sum().item<double>();
        norm += b[i].pow(2).sum().item<double>();
    }
    return std::sqrt(difference / norm);
}

} // namespace

class FastPathTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheStockModules_data() {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("samples");
        QTest::addRow("fcn batch 9") << "fcn" << 9 << 4411;
        QTest::addRow("fcn batch 1") << "fcn" << 1 << 22050;
        QTest::addRow("rfcn batch 6") << "rfcn" << 6 << 4410;
        QTest::addRow("crnn3 batch 2") << "crnn3" << 2 << 2207;
        QTest::addRow("dcnn batch 5") << "dcnn" << 5 << 22050;
    }
    void matchesTheStockModules() {
        QFETCH(QString, arch);
        QFETCH(int, batch);
        QFETCH(int, samples);
        torch::manual_seed(5);
        const at::Tensor x = torch::randn({batch, 1, samples});
        const at::Tensor y = (torch::rand({batch, 11}) < 0.3).to(torch::kFloat32);
        const Pass stock = run(arch.toStdString(), x, y, false), fast = run(arch.toStdString(), x, y, true);
        QVERIFY2(relativeError(fast.logits, stock.logits) < 1e-4, "training-mode logits");
        QVERIFY2(relativeError(fast.evalLogits, stock.evalLogits) < 1e-4, "eval-mode logits");
        QCOMPARE(fast.gradients.size(), stock.gradients.size());
        // Weight gradients sum 10⁴–10⁵ float32 products in a different order on each path (oneDNN's
        // channels-last kernels): equal within 1 %. Biases just before a BatchNorm get gradients
        // that are zero but for rounding: those compare against the scale of all gradients.
        double scale = 0;
        for (const at::Tensor& g : stock.gradients) scale = std::max(scale, g.abs().max().item<double>());
        for (std::size_t i = 0; i < stock.gradients.size(); ++i) {
            const double error = (fast.gradients[i] - stock.gradients[i]).abs().max().item<double>();
            const double own = stock.gradients[i].abs().max().item<double>();
            QVERIFY2(error < 1e-2 * own + 1e-4 * scale, qPrintable(QString("gradient of parameter %1: %2 vs %3").arg(i).arg(error).arg(own)));
        }
    }

    void bf16TrainingStaysCloseToFloat32_data() {
        QTest::addColumn<QString>("arch");
        for (const char* arch : {"fcn", "rfcn", "dcnn", "crnn3", "bigru2", "cqt-cnn-reduced"}) QTest::addRow("%s", arch) << arch;
    }
    void bf16TrainingStaysCloseToFloat32() {
        if (!kernels::cpuHasBf16()) QSKIP("this CPU has no AVX-512 BF16");
        QFETCH(QString, arch);
        torch::manual_seed(6);
        const at::Tensor x = torch::randn({4, 1, 22050});
        const at::Tensor y = (torch::rand({4, 11}) < 0.3).to(torch::kFloat32);
        const std::string name = arch.toStdString();
        const Pass float32 = run(name, x, y, true), bf16 = run(name, x, y, true, true);
        // What one bf16 rounding does to a float32 step: the same step on the input so rounded.
        // Max-pooling sends each gradient to its window's winner, and a rounding can change the
        // winner, so gradients move far more than the logits do.
        const Pass rounded = run(name, x.to(torch::kBFloat16).to(torch::kFloat32), y, true);
        QCOMPARE(bf16.logits.scalar_type(), torch::kFloat32);
        const double logits = relativeError(bf16.logits, float32.logits);
        QVERIFY2(logits < 0.1, qPrintable(QString("training-mode logits differ by %1 of their scale").arg(logits)));
        QVERIFY2(logits > 1e-5, "the bf16 convolutions really ran");
        const double bf16Gap = gradientGap(bf16.gradients, float32.gradients), roundingGap = gradientGap(rounded.gradients, float32.gradients);
        qInfo("%s: logits differ by %.4f; gradients by %.3f of their norm (one rounding of the input: %.3f)", name.c_str(), logits,
              bf16Gap, roundingGap);
        // (bigru2's only bf16 products are its GRU's, and nothing max-pools after them: rounding its
        // input changes almost nothing, so there its gradients must stay within 1 %.)
        QVERIFY2(bf16Gap < std::max(3.0 * roundingGap, 0.01), "as close as rounding every layer's input to bf16 allows");
        QVERIFY2(bf16Gap < 0.35, "and point the same way");
    }

    void bf16TrainingFallsBackOnTheStockModules() {
        // With the fast kernels off (as on CUDA, where none apply) a bf16 step is a float32 step.
        torch::manual_seed(6);
        const at::Tensor x = torch::randn({2, 1, 22050});
        const at::Tensor y = (torch::rand({2, 11}) < 0.3).to(torch::kFloat32);
        for (const std::string arch : {"rfcn", "cqt-cnn-reduced"}) {
            const Pass float32 = run(arch, x, y, false), bf16 = run(arch, x, y, false, true);
            QVERIFY2(torch::equal(bf16.logits, float32.logits), arch.c_str());
            for (std::size_t i = 0; i < float32.gradients.size(); ++i) QVERIFY(torch::equal(bf16.gradients[i], float32.gradients[i]));
        }
    }

    void bf16InferenceStaysCloseToFloat32() {
        if (!kernels::cpuHasBf16()) QSKIP("this CPU has no AVX-512 BF16");
        for (const std::string arch : {"fcn", "rfcn", "crnn3", "bigru2"}) {
            auto model = seeded(arch);
            model->eval();
            QVERIFY(model->bf16Inference());
            torch::manual_seed(12);
            const at::Tensor x = torch::randn({9, 1, 22050});
            const at::Tensor float32 = inferLogits(*model, x);
            kernels::setBf16InferenceEnabled(true);
            const at::Tensor bf16 = inferLogits(*model, x);
            kernels::setBf16InferenceEnabled(false);
            QCOMPARE(bf16.scalar_type(), torch::kFloat32);
            // bf16 keeps 8 significant bits per activation; the logits stay within a few percent.
            QVERIFY2(relativeError(bf16, float32) < 0.05, arch.c_str());
            QVERIFY2(relativeError(bf16, float32) > 0, "the bf16 path really ran");
            QVERIFY(torch::equal(inferLogits(*model, x), float32));  // switched off again: float32 as before
        }
    }
};

QTEST_GUILESS_MAIN(FastPathTest)
#include "FastPathTest.moc"
