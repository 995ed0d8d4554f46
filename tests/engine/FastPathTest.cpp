// Every model gives the same logits and gradients on the fast CPU path (channels-last
// convolutions, fused cell tails, chunked inference) as on LibTorch's stock modules, with the
// same weights: in training mode, in eval mode, at batch 1 and at odd lengths.

#include "engine/models/Inference.h"
#include "engine/models/ModelRegistry.h"
#include "engine/models/kernels/FastKernels.h"

#include "tests/support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

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

Pass run(const std::string& arch, const at::Tensor& x, const at::Tensor& y, bool fast) {
    kernels::setFastKernelsEnabled(fast);
    auto model = seeded(arch);
    model->train();
    torch::manual_seed(3);  // the same dropout masks
    Pass p;
    p.logits = model->forward(x);
    torch::binary_cross_entropy_with_logits(p.logits, y).backward();
    for (const at::Tensor& w : model->parameters()) p.gradients.push_back(w.grad().defined() ? w.grad().clone() : torch::zeros_like(w));
    model->eval();
    p.evalLogits = inferLogits(*model, x);
    kernels::setFastKernelsEnabled(true);
    return p;
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

    void bf16InferenceStaysCloseToFloat32() {
        if (!kernels::cpuHasBf16()) QSKIP("this CPU has no AVX-512 BF16");
        for (const std::string arch : {"fcn", "rfcn"}) {
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
