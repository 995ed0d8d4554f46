#pragma once
// The Vamp plugin "timbrescope-vamp:instruments": what a Timbrescope model hears in a track, as
// layers in Sonic Visualiser (or any Vamp host). The host's blocks are mixed to mono and
// resampled to the model's rate as they arrive, so memory holds the 22.05 kHz signal only; at the
// end the track is cut and scored exactly as `timbrescope-cli predict` does.
//
// Outputs: "probabilities" (11 bins per 1-s segment), "instruments" (per segment, the instruments
// heard, as labels), "track" (the whole track's 11 probabilities, labelled with the verdict).
// The model: the bundled crnn3 or cqt-cnn-reduced (parameter "model"), or any run folder or model
// file named by $TIMBRESCOPE_VAMP_MODEL.

#include "engine/audio/Resampler.h"
#include "engine/eval/Ensemble.h"

#include <vamp-sdk/Plugin.h>

#include <memory>
#include <string>
#include <vector>

namespace timbrescope::vamp {

class InstrumentPlugin : public Vamp::Plugin {
public:
    explicit InstrumentPlugin(float inputSampleRate);

    std::string getIdentifier() const override { return "instruments"; }
    std::string getName() const override { return "Timbrescope: Instruments"; }
    std::string getDescription() const override;
    std::string getMaker() const override { return "Timbrescope"; }
    std::string getCopyright() const override { return "Timbrescope developers"; }
    int getPluginVersion() const override { return 1; }

    InputDomain getInputDomain() const override { return TimeDomain; }
    size_t getPreferredBlockSize() const override { return 4096; }
    size_t getMinChannelCount() const override { return 1; }
    size_t getMaxChannelCount() const override { return 64; }

    ParameterList getParameterDescriptors() const override;
    float getParameter(std::string name) const override;
    void setParameter(std::string name, float value) override;

    OutputList getOutputDescriptors() const override;
    bool initialise(size_t channels, size_t stepSize, size_t blockSize) override;
    void reset() override;
    FeatureSet process(const float* const* inputBuffers, Vamp::RealTime timestamp) override;
    FeatureSet getRemainingFeatures() override;

    // The run folder or model file the plugin uses with its current parameters.
    std::string modelPath() const;

private:
    float modelChoice_ = 0.0f;  // 0: bundled crnn3, 1: bundled cqt-cnn-reduced
    float calibrated_ = 1.0f;   // 1: the model's calibrated thresholds; 0: `threshold` for every class
    float threshold_ = 0.5f;
    size_t channels_ = 0, blockSize_ = 0;
    std::unique_ptr<eval::Ensemble> ensemble_;
    std::unique_ptr<audio::Resampler> resampler_;
    std::vector<float> mono_, block_;
};

} // namespace timbrescope::vamp
