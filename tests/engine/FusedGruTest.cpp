// The fused bidirectional GRU layer is a drop-in for a layer of torch::nn::GRU: the same output
// and the same gradients (input and all eight parameters) on random inputs of several shapes
// (one step, a partial last block, exact blocks, one feature), on one thread and on two, and the
// same loss curve when training a small model. Anything it does not handle goes to the stock module.

#include "engine/models/BiGruStack.h"
#include "engine/models/kernels/FastKernels.h"
#include "engine/models/kernels/FusedGru.h"
#include "engine/models/kernels/SmallGemm.h"

#include "tests/support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

using namespace timbrescope::models;
using timbrescope::testing::relativeError;

namespace {

torch::nn::GRU seededLayer(std::int64_t features, std::int64_t units) {
    torch::manual_seed(17);
    return torch::nn::GRU(torch::nn::GRUOptions(features, units).bidirectional(true));
}

struct Pass {
    at::Tensor output, final, inputGradient;
    std::vector<at::Tensor> weightGradients;
};

// Which outputs the loss reads: a CRNN reads the sequence, a BiGRU model the final states.
enum class Uses { Sequence, Final, Both };

// Outputs and gradients of Σ sequence · upstream + Σ final · upstreamFinal (the terms `uses`
// says), through the fused layer or the stock one.
Pass run(const at::Tensor& input, const at::Tensor& upstream, const at::Tensor& upstreamFinal, std::int64_t units, bool fused,
         Uses uses) {
    kernels::setFastKernelsEnabled(fused);
    torch::nn::GRU layer = seededLayer(input.size(2), units);
    const at::Tensor x = input.clone().requires_grad_(true);
    Pass p;
    const kernels::BiGruLayerOutput out = kernels::biGruLayer(x, *layer);
    p.output = out.sequence;
    p.final = out.final;
    if (uses == Uses::Sequence) (out.sequence * upstream).sum().backward();
    if (uses == Uses::Final) (out.final * upstreamFinal).sum().backward();
    if (uses == Uses::Both) ((out.sequence * upstream).sum() + (out.final * upstreamFinal).sum()).backward();
    p.inputGradient = x.grad();
    for (const at::Tensor& w : layer->all_weights()) p.weightGradients.push_back(w.grad());
    kernels::setFastKernelsEnabled(true);
    return p;
}

} // namespace

class FusedGruTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTheStockLayer_data() {
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("features");
        QTest::addColumn<int>("units");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("uses");
        const int sequence = int(Uses::Sequence), final = int(Uses::Final), both = int(Uses::Both);
        QTest::addRow("one step") << 1 << 1 << 1 << 3 << 2 << both;
        QTest::addRow("partial last block") << 37 << 3 << 5 << 7 << 2 << sequence;
        QTest::addRow("exact blocks, one thread") << 64 << 4 << 12 << 20 << 1 << both;
        QTest::addRow("one feature, long, final states") << 300 << 2 << 1 << 16 << 2 << final;
        QTest::addRow("wide, batch 1") << 33 << 1 << 40 << 64 << 2 << both;
    }
    void matchesTheStockLayer() {
        QFETCH(int, steps);
        QFETCH(int, batch);
        QFETCH(int, features);
        QFETCH(int, units);
        QFETCH(int, threads);
        QFETCH(int, uses);
        const int before = at::get_num_threads();
        at::set_num_threads(threads);
        torch::manual_seed(5);
        const at::Tensor input = torch::randn({steps, batch, features});
        const at::Tensor upstream = torch::randn({steps, batch, 2 * units}), upstreamFinal = torch::randn({batch, 2 * units});
        const Pass stock = run(input, upstream, upstreamFinal, units, false, Uses(uses));
        const Pass fused = run(input, upstream, upstreamFinal, units, true, Uses(uses));
        at::set_num_threads(before);

        QCOMPARE(fused.output.sizes(), stock.output.sizes());
        QVERIFY2(relativeError(fused.output, stock.output) < 1e-5, "output");
        QVERIFY2(relativeError(fused.final, stock.final) < 1e-5, "final states");
        QVERIFY2(relativeError(fused.inputGradient, stock.inputGradient) < 1e-4, "input gradient");
        QCOMPARE(fused.weightGradients.size(), std::size_t(8));
        for (std::size_t i = 0; i < 8; ++i)
            QVERIFY2(relativeError(fused.weightGradients[i], stock.weightGradients[i]) < 1e-4,
                     qPrintable(QString("gradient of parameter %1 (W_ih, W_hh, b_ih, b_hh; then reversed)").arg(i)));
    }

    void inputWithoutGradientStillTrainsTheWeights() {
        torch::manual_seed(2);
        const at::Tensor input = torch::randn({50, 3, 1});  // like the raw waveform: no gradient wanted
        torch::nn::GRU layer = seededLayer(1, 8);
        kernels::biGruLayer(input, *layer).final.sum().backward();
        for (const at::Tensor& w : layer->all_weights()) {
            QVERIFY(w.grad().defined());
            QVERIFY(w.grad().abs().sum().item<double>() > 0);
        }
    }

    void unsupportedInputsUseTheStockLayer() {
        torch::nn::GRU layer = seededLayer(4, 5);
        layer->to(torch::kFloat64);
        const at::Tensor input = torch::randn({9, 2, 4}, torch::kFloat64);
        QVERIFY(!kernels::fusedGruApplies(input, *layer));
        const at::Tensor out = kernels::biGruLayer(input, *layer).sequence;
        QCOMPARE(out.scalar_type(), torch::kFloat64);
        QVERIFY(torch::equal(out, std::get<0>(layer->forward(input))));
        kernels::setFastKernelsEnabled(false);
        QVERIFY(!kernels::fusedGruApplies(input.to(torch::kFloat32), *seededLayer(4, 5)));
        kernels::setFastKernelsEnabled(true);
        QVERIFY(kernels::fusedGruApplies(input.to(torch::kFloat32), *seededLayer(4, 5)));
    }

    void stackOutputsTheFinalStatesOfBothDirections() {
        torch::manual_seed(4);
        BiGruStack stack(3, std::vector<int>{6, 4});
        const at::Tensor x = torch::randn({2, 45, 3});  // batch-first, as the models call it
        const BiGruOutput out = stack->forward(x);
        QCOMPARE(out.sequence.sizes(), (at::IntArrayRef{2, 45, 8}));
        QVERIFY(torch::allclose(out.final.narrow(1, 0, 4), out.sequence.select(1, 44).narrow(1, 0, 4)));
        QVERIFY(torch::allclose(out.final.narrow(1, 4, 4), out.sequence.select(1, 0).narrow(1, 4, 4)));
        kernels::setFastKernelsEnabled(false);
        const BiGruOutput stock = stack->forward(x);
        kernels::setFastKernelsEnabled(true);
        QVERIFY(relativeError(out.sequence, stock.sequence) < 1e-5);
        QVERIFY(relativeError(out.final, stock.final) < 1e-5);
    }

    void trainsWithTheSameLossCurve() {
        const auto curve = [](bool fused) {
            kernels::setFastKernelsEnabled(fused);
            torch::manual_seed(8);
            BiGruStack stack(1, std::vector<int>{12, 6});
            torch::nn::Linear head(stack->outputFeatures(), 3);
            std::vector<at::Tensor> parameters = stack->parameters();
            for (const at::Tensor& p : head->parameters()) parameters.push_back(p);
            torch::optim::Adam adam(parameters, torch::optim::AdamOptions(1e-2));
            const at::Tensor x = torch::randn({8, 120, 1});
            const at::Tensor y = (torch::rand({8, 3}) < 0.5).to(torch::kFloat32);
            std::vector<double> losses;
            for (int step = 0; step < 8; ++step) {
                adam.zero_grad();
                const at::Tensor loss = torch::binary_cross_entropy_with_logits(head(stack->forward(x).final), y);
                loss.backward();
                adam.step();
                losses.push_back(loss.item<double>());
            }
            kernels::setFastKernelsEnabled(true);
            return losses;
        };
        const std::vector<double> stock = curve(false), fused = curve(true);
        QVERIFY(stock.back() < stock.front());
        for (std::size_t i = 0; i < stock.size(); ++i)
            QVERIFY2(std::abs(fused[i] - stock[i]) < 1e-4, qPrintable(QString("step %1: %2 vs %3").arg(i).arg(fused[i]).arg(stock[i])));
    }

    void bf16StepRoundsOnlyTheRecurrentProducts() {
        torch::manual_seed(9);
        const std::int64_t steps = 45, batch = 3, features = 6, units = 24;
        const at::Tensor input = torch::randn({steps, batch, features});
        const at::Tensor upstream = torch::randn({steps, batch, 2 * units}), upstreamFinal = torch::randn({batch, 2 * units});
        const Pass float32 = run(input, upstream, upstreamFinal, units, true, Uses::Both);
        Pass bf16;
        {
            kernels::Bf16Activations active;
            bf16 = run(input, upstream, upstreamFinal, units, true, Uses::Both);
        }
        if (!kernels::bf16GemmAvailable()) {  // no bf16 GEMM: a bf16 step is the float32 step
            QVERIFY(torch::equal(bf16.output, float32.output));
            QVERIFY(torch::equal(bf16.inputGradient, float32.inputGradient));
            return;
        }
        // The output is a GRU whose h_prev and W_hh are rounded to bf16 before each recurrent
        // product, and nothing else: the same float32 gates, state and input projections.
        torch::nn::GRU layer = seededLayer(features, units);
        const std::vector<at::Tensor> w = layer->all_weights();
        const auto rounded = [](const at::Tensor& t) { return t.to(torch::kBFloat16).to(torch::kFloat32); };
        torch::NoGradGuard noGrad;
        at::Tensor expected = torch::empty({steps, batch, 2 * units});
        for (int which = 0; which < 2; ++which) {
            const at::Tensor &wIh = w[std::size_t(4 * which)], &bIh = w[std::size_t(4 * which + 2)], &bHh = w[std::size_t(4 * which + 3)];
            const at::Tensor wHh = rounded(w[std::size_t(4 * which + 1)]);
            at::Tensor h = torch::zeros({batch, units});
            for (std::int64_t i = 0; i < steps; ++i) {
                const std::int64_t t = which == 0 ? i : steps - 1 - i;
                const std::vector<at::Tensor> x = (input[t].mm(wIh.t()) + bIh).chunk(3, 1);
                const std::vector<at::Tensor> hp = (rounded(h).mm(wHh.t()) + bHh).chunk(3, 1);
                const at::Tensor r = torch::sigmoid(x[0] + hp[0]), z = torch::sigmoid(x[1] + hp[1]);
                const at::Tensor n = torch::tanh(x[2] + r * hp[2]);
                h = (1 - z) * n + z * h;
                expected[t].narrow(1, which * units, units).copy_(h);
            }
        }
        const double fromReference = relativeError(bf16.output, expected), fromFloat32 = relativeError(bf16.output, float32.output);
        QVERIFY2(fromReference < 1e-5, qPrintable(QString("output vs the rounded-operand GRU: %1").arg(fromReference)));
        QVERIFY2(fromFloat32 > 1e-4 && fromFloat32 < 1e-2, qPrintable(QString("output vs float32: %1").arg(fromFloat32)));
        // Gradients: the recurrent products' gradients are bf16 too, so within bf16 tolerance.
        const double dx = relativeError(bf16.inputGradient, float32.inputGradient);
        QVERIFY2(dx > 1e-4 && dx < 1e-2, qPrintable(QString("input gradient vs float32: %1").arg(dx)));
        for (std::size_t i = 0; i < 8; ++i) {
            const double e = relativeError(bf16.weightGradients[i], float32.weightGradients[i]);
            QVERIFY2(e < 1e-2, qPrintable(QString("gradient of parameter %1 vs float32: %2").arg(i).arg(e)));
        }
    }

    void bf16GemmComputesTheProductOfTheRoundedOperands() {
        torch::manual_seed(6);
        const auto rounded = [](const at::Tensor& t) { return t.to(torch::kBFloat16).to(torch::kFloat32); };
        const at::Tensor a = torch::randn({7, 40}), b = torch::randn({40, 9});
        const at::Tensor expected = rounded(a).mm(rounded(b));
        const auto bits = [](const at::Tensor& t) { return t.to(torch::kBFloat16).contiguous(); };
        const at::Tensor aN = bits(a), aT = bits(a.t()), bN = bits(b), bT = bits(b.t());
        const auto ptr = [](const at::Tensor& t) { return reinterpret_cast<const std::uint16_t*>(t.data_ptr()); };
        for (const bool transposeA : {false, true})
            for (const bool transposeB : {false, true}) {
                at::Tensor c = torch::full({7, 9}, std::nanf(""));
                kernels::gemmBf16(transposeA, transposeB, 7, 9, 40, 2.0f, ptr(transposeA ? aT : aN), transposeA ? 7 : 40,
                                  ptr(transposeB ? bT : bN), transposeB ? 40 : 9, 0.0f, c.data_ptr<float>(), 9);
                QVERIFY2(relativeError(c, 2 * expected) < 1e-5, qPrintable(QString("transposes %1 %2").arg(transposeA).arg(transposeB)));
                kernels::gemmBf16(transposeA, transposeB, 7, 9, 40, 1.0f, ptr(transposeA ? aT : aN), transposeA ? 7 : 40,
                                  ptr(transposeB ? bT : bN), transposeB ? 40 : 9, 1.0f, c.data_ptr<float>(), 9);
                QVERIFY(relativeError(c, 3 * expected) < 1e-5);
            }
    }

    void smallGemmComputesTransposedProducts() {
        torch::manual_seed(6);
        const at::Tensor a = torch::randn({7, 5}), b = torch::randn({5, 9});
        at::Tensor c = torch::full({7, 9}, std::nanf(""));
        // beta = 0 ignores C's NaNs; stored transposes give the same product.
        const at::Tensor at = a.t().contiguous(), bt = b.t().contiguous();
        kernels::sgemm(true, true, 7, 9, 5, 2.0f, at.data_ptr<float>(), 7, bt.data_ptr<float>(), 5, 0.0f, c.data_ptr<float>(), 9);
        QVERIFY(torch::allclose(c, 2 * a.mm(b), 1e-5, 1e-5));
        kernels::sgemm(false, false, 7, 9, 5, 1.0f, a.data_ptr<float>(), 5, b.data_ptr<float>(), 9, 1.0f, c.data_ptr<float>(), 9);
        QVERIFY(torch::allclose(c, 3 * a.mm(b), 1e-5, 1e-5));
    }
};

QTEST_GUILESS_MAIN(FusedGruTest)
#include "FusedGruTest.moc"
