// The fused cell tail (BatchNorm → LeakyReLU → MaxPool) is a drop-in for the stock modules:
// same outputs, gradients and running statistics on random inputs of several shapes (batch 1,
// odd lengths, ties), in training and eval mode, and the same loss curve when training a model.

#include "engine/models/ModelRegistry.h"
#include "engine/models/kernels/CellTail.h"
#include "engine/models/kernels/CellTailKernels.h"
#include "engine/models/kernels/FastKernels.h"

#include "tests/support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

#include <optional>
#include <tuple>

using namespace timbrescope::models;
using timbrescope::testing::relativeError;

namespace {

struct Shape {
    std::int64_t batch, channels, length, pool;
    double slope;
};

torch::nn::BatchNorm1d randomNorm(std::int64_t channels) {
    torch::nn::BatchNorm1d norm(channels);
    torch::NoGradGuard noGrad;
    norm->weight.uniform_(0.5, 1.5);
    norm->weight[0] = -0.7;  // a negative scale flips which sample wins a window
    norm->bias.uniform_(-0.5, 0.5);
    norm->running_mean.uniform_(-0.2, 0.2);
    norm->running_var.uniform_(0.5, 2.0);
    return norm;
}

struct Result {
    at::Tensor y, dx, dGamma, dBeta, runningMean, runningVar, batches;
};

Result run(const at::Tensor& input, const at::Tensor& upstream, torch::nn::BatchNorm1d norm, const Shape& s, bool fused) {
    const at::Tensor x = input.clone().requires_grad_(true);
    const at::Tensor y = fused ? kernels::cellTail(x, *norm, s.slope, s.pool) : kernels::stockCellTail(x, *norm, s.slope, s.pool);
    (y * upstream).sum().backward();
    return {y.detach(), x.grad(), norm->weight.grad(), norm->bias.grad(), norm->running_mean.clone(), norm->running_var.clone(),
            norm->num_batches_tracked.clone()};
}

// The same values on channels-last memory ([batch, length, channels]), viewed as [batch, channels, length].
at::Tensor channelsLast(const at::Tensor& x) { return x.transpose(1, 2).contiguous().transpose(1, 2); }

void compareWithStock(const Shape& s, bool training, const at::Tensor& contiguousInput, bool inChannelsLast) {
    const at::Tensor input = inChannelsLast ? channelsLast(contiguousInput) : contiguousInput;
    const torch::nn::BatchNorm1d reference = randomNorm(s.channels);
    auto stock = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(reference->clone());
    auto fused = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(reference->clone());
    stock->train(training);
    fused->train(training);
    const at::Tensor upstream = torch::randn({s.batch, s.channels, s.length / s.pool});
    const Result a = run(input, upstream, torch::nn::BatchNorm1d(stock), s, false);
    const Result b = run(input, upstream, torch::nn::BatchNorm1d(fused), s, true);
    const QString where = QString("shape %1x%2x%3 pool %4 slope %5 %6 %7")
                              .arg(s.batch).arg(s.channels).arg(s.length).arg(s.pool).arg(s.slope).arg(training ? "train" : "eval")
                              .arg(inChannelsLast ? "channels-last" : "contiguous");
    if (s.channels > 1) QCOMPARE(b.y.stride(1), 1);  // the output is channels-last
    QCOMPARE(b.y.sizes(), a.y.sizes());
    QVERIFY2(relativeError(b.y, a.y) < 1e-5, qPrintable(where + " output"));
    QVERIFY2(relativeError(b.dx, a.dx) < 1e-4, qPrintable(where + " input gradient"));
    QVERIFY2(relativeError(b.dGamma, a.dGamma) < 1e-4, qPrintable(where + " weight gradient"));
    QVERIFY2(relativeError(b.dBeta, a.dBeta) < 1e-4, qPrintable(where + " bias gradient"));
    QVERIFY2(relativeError(b.runningMean, a.runningMean) < 1e-5, qPrintable(where + " running mean"));
    QVERIFY2(relativeError(b.runningVar, a.runningVar) < 1e-5, qPrintable(where + " running variance"));
    QCOMPARE(b.batches.item<std::int64_t>(), a.batches.item<std::int64_t>());
}

} // namespace

class CellTailTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheStockModulesOnRandomInputs_data() {
        QTest::addColumn<bool>("avx512");
        QTest::addRow("AVX-512 kernels") << true;
        QTest::addRow("generic kernels") << false;
    }
    void matchesTheStockModulesOnRandomInputs() {
        QFETCH(bool, avx512);
        kernels::setAvx512KernelsEnabled(avx512);
        torch::manual_seed(1);
        // Channel counts that fill, split and underfill 16-lane vectors; odd lengths; a 1-sample tail.
        const Shape shapes[] = {{4, 16, 300, 3, 0.3}, {1, 8, 101, 5, 0.3}, {3, 32, 7351, 3, 0.3}, {2, 5, 7, 3, 1.0}, {5, 64, 816, 5, 1.0},
                                {2, 20, 64, 3, 0.3}, {3, 1, 50, 3, 0.3}};
        for (const Shape& s : shapes)
            for (bool training : {true, false})
                for (bool layout : {false, true})
                    compareWithStock(s, training, 2.0 * torch::randn({s.batch, s.channels, s.length}) + 0.3, layout);
        kernels::setAvx512KernelsEnabled(true);
    }

    void tiesMatchToo() {
        torch::manual_seed(2);
        const Shape s{3, 6, 202, 3, 0.3};
        // Few distinct values: windows with equal maxima, where the first one wins.
        const at::Tensor ties = torch::randint(-2, 3, {s.batch, s.channels, s.length}).to(torch::kFloat32);
        compareWithStock(s, true, ties, false);
        compareWithStock(s, true, ties, true);
    }

    void aLargeOffsetIsNormalisedAtLeastAsPreciselyAsStock() {
        // Mean 100, deviation 0.01: float32 statistics lose digits; the truth is a float64 run.
        torch::manual_seed(6);
        const at::Tensor x = 100.0 + 0.01 * torch::randn({3, 6, 2020});
        torch::nn::BatchNorm1d norm = randomNorm(6);
        auto precise = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(norm->clone());
        precise->to(torch::kFloat64);
        auto stock = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(norm->clone());
        torch::NoGradGuard noGrad;
        const at::Tensor truth = kernels::stockCellTail(x.to(torch::kFloat64), *precise, 0.3, 3).to(torch::kFloat32);
        const double stockError = relativeError(kernels::stockCellTail(x, *stock, 0.3, 3), truth);
        for (const at::Tensor& input : {x, channelsLast(x)}) {
            auto fused = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(norm->clone());
            const double fusedError = relativeError(kernels::cellTail(input, *fused, 0.3, 3), truth);
            QVERIFY2(fusedError <= stockError + 1e-6, qPrintable(QString("fused %1, stock %2").arg(fusedError).arg(stockError)));
        }
    }

    void inferenceWithoutGradientsMatches() {
        torch::manual_seed(3);
        torch::nn::BatchNorm1d norm = randomNorm(16);
        norm->eval();
        const at::Tensor x = torch::randn({2, 16, 999});
        torch::NoGradGuard noGrad;
        QVERIFY(relativeError(kernels::cellTail(x, *norm, 0.3, 3), kernels::stockCellTail(x, *norm, 0.3, 3)) < 1e-5);
    }

    void bf16ActivationsGiveTheFloat32ResultRounded() {
        // On the bf16 inference path the tail reads bf16 and computes in float32: exactly the
        // float32 tail of the same (bf16-representable) values, rounded once at the end.
        torch::NoGradGuard noGrad;
        torch::manual_seed(9);
        const at::Tensor x = channelsLast(torch::randn({3, 20, 301}).to(torch::kBFloat16));
        torch::nn::BatchNorm1d norm = randomNorm(20);
        norm->eval();
        for (bool avx512 : {true, false}) {
            kernels::setAvx512KernelsEnabled(avx512);
            at::Tensor y;
            {
                const kernels::Bf16Activations bf16;
                y = kernels::cellTail(x, *norm, 0.3, 7);
            }
            kernels::setAvx512KernelsEnabled(true);
            QCOMPARE(y.scalar_type(), torch::kBFloat16);
            const at::Tensor expected = kernels::cellTail(x.to(torch::kFloat32), *norm, 0.3, 7).to(torch::kBFloat16);
            QVERIFY2(torch::equal(y, expected), avx512 ? "AVX-512 kernel" : "generic kernel");
        }
        // Outside the scope a bf16 input is not the fast path's business: the stock modules take it.
        QCOMPARE(kernels::cellTail(x.to(torch::kFloat32), *norm, 0.3, 7).scalar_type(), torch::kFloat32);
    }

    void bf16TrainingTailIsTheFloat32TailOfTheSameValues() {
        // bf16 mixed-precision training: the tail reads bf16 activations and computes in float32:
        // the float32 tail of the same values (up to float32 rounding: the compiler may fuse a
        // multiply-add in one version and not the other), its input gradient rounded once to bf16.
        torch::manual_seed(10);
        const at::Tensor values = channelsLast(torch::randn({3, 20, 305}).to(torch::kBFloat16));
        const at::Tensor weights = torch::randn({3, 20, 61});
        const torch::nn::BatchNorm1d norm = randomNorm(20);
        for (bool avx512 : {true, false}) {
            kernels::setAvx512KernelsEnabled(avx512);
            auto run = [&](const at::Tensor& input, bool bf16) {
                auto n = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(norm->clone());
                n->train();
                const at::Tensor x = input.detach().clone().requires_grad_(true);
                std::optional<kernels::Bf16Activations> scope;
                if (bf16) scope.emplace();
                const at::Tensor y = kernels::cellTail(x, *n, 0.3, 5);
                (y * weights).sum().backward();
                return std::make_tuple(y.detach(), x.grad(), n->weight.grad(), n->bias.grad(), n->running_var.clone());
            };
            const auto [y, dx, dGamma, dBeta, variance] = run(values, true);
            const auto [y32, dx32, dGamma32, dBeta32, variance32] = run(values.to(torch::kFloat32), false);
            const char* kernel = avx512 ? "AVX-512 kernels" : "generic kernels";
            QCOMPARE(y.scalar_type(), torch::kFloat32);
            QCOMPARE(dx.scalar_type(), torch::kBFloat16);
            QVERIFY2(relativeError(y, y32) < 1e-6, kernel);
            // Within one bf16 step of the float32 gradient rounded (a float32 rounding can flip it).
            const at::Tensor rounded = dx32.to(torch::kBFloat16).to(torch::kFloat32);
            QVERIFY2(((dx.to(torch::kFloat32) - rounded).abs() <= rounded.abs() * (1.0 / 128) + 1e-30).all().item<bool>(), kernel);
            QVERIFY2(relativeError(dx.to(torch::kFloat32), dx32) < 1e-2, kernel);
            QVERIFY2(relativeError(dGamma, dGamma32) < 1e-5 && relativeError(dBeta, dBeta32) < 1e-5, kernel);
            QVERIFY2(relativeError(variance, variance32) < 1e-6, kernel);
        }
        kernels::setAvx512KernelsEnabled(true);
    }

    void unsupportedInputsFallBackToTheStockModules() {
        torch::manual_seed(4);
        torch::nn::BatchNorm1d norm = randomNorm(4);
        auto asDouble = std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(norm->clone());
        asDouble->to(torch::kFloat64);
        const at::Tensor x = torch::randn({2, 4, 30}, torch::kFloat64);
        const at::Tensor y = kernels::cellTail(x, *asDouble, 0.3, 3);
        QCOMPARE(y.scalar_type(), torch::kFloat64);
        QCOMPARE(y.size(2), 10);
        // A window longer than the signal: the stock error, not a crash.
        QVERIFY_THROWS_EXCEPTION(c10::Error, kernels::cellTail(torch::randn({2, 4, 2}), *norm, 0.3, 3));
    }

    void trainingGivesTheSameLossCurveOnEitherPath() {
        auto curve = [](bool fast) {
            kernels::setFastKernelsEnabled(fast);
            torch::manual_seed(5);
            auto model = buildModel("rfcn");
            const at::Tensor x = torch::randn({8, 1, 4410});
            const at::Tensor y = (torch::rand({8, 11}) < 0.3).to(torch::kFloat32);
            torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
            std::vector<double> losses;
            for (int step = 0; step < 8; ++step) {
                optimizer.zero_grad();
                const at::Tensor loss = torch::binary_cross_entropy_with_logits(model->forward(x), y);
                loss.backward();
                optimizer.step();
                losses.push_back(loss.item<double>());
            }
            kernels::setFastKernelsEnabled(true);
            return losses;
        };
        const std::vector<double> stock = curve(false), fast = curve(true);
        QVERIFY(stock.back() < stock.front());  // it learns
        for (std::size_t i = 0; i < stock.size(); ++i)
            QVERIFY2(std::fabs(fast[i] - stock[i]) < 1e-3 * std::max(1.0, std::fabs(stock[i])),
                     qPrintable(QString("step %1: %2 vs %3").arg(i).arg(fast[i]).arg(stock[i])));
    }
};

QTEST_GUILESS_MAIN(CellTailTest)
#include "CellTailTest.moc"
