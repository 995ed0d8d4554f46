// A track's segments become the paper's [N, 1, 22050] input tensor.

#include "engine/audio/ModelInput.h"
#include "tests/support/AudioFixtures.h"

#include <QtTest>

#include <torch/torch.h>

using namespace timbrescope::audio;
using namespace timbrescope::testing;

class ModelInputTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shapeAndValues() {
        const Segments s = segment(concat(noise(3.0, 22050, 0.3f), silence(1.5, 22050)));
        const at::Tensor input = toModelInput(s);
        QCOMPARE(input.dim(), int64_t(3));
        QCOMPARE(input.size(0), int64_t(4));
        QCOMPARE(input.size(1), int64_t(1));
        QCOMPARE(input.size(2), int64_t(22050));
        QCOMPARE(input.scalar_type(), at::kFloat);
        QCOMPARE(input[2][0][123].item<float>(), s.segment(2)[123]);
        // Per-segment RMS is 1, and the silent segment is zeros.
        const at::Tensor segmentRms = input.pow(2).mean({1, 2}).sqrt();
        QVERIFY(std::fabs(segmentRms[0].item<float>() - 1.0f) < 1e-4f);
        QCOMPARE(segmentRms[3].item<float>(), 0.0f);
        QVERIFY(input.isfinite().all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(ModelInputTest)
#include "ModelInputTest.moc"
