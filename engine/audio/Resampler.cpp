#include "engine/audio/Resampler.h"

#include "engine/audio/PolyphaseResampler.h"

#include "engine/core/Error.h"

#include <samplerate.h>

#include <algorithm>

namespace timbrescope::audio {
namespace {

struct ConverterEntry {
    Converter converter;
    const char* name;
    int srcType;
};

constexpr ConverterEntry kConverters[] = {
    {Converter::KaiserBest, "kaiser-best", SRC_SINC_BEST_QUALITY},  // libsamplerate type: the fallback
    {Converter::SincBest, "sinc-best", SRC_SINC_BEST_QUALITY},
    {Converter::SincMedium, "sinc-medium", SRC_SINC_MEDIUM_QUALITY},
    {Converter::SincFastest, "sinc-fastest", SRC_SINC_FASTEST},
    {Converter::ZeroOrderHold, "zoh", SRC_ZERO_ORDER_HOLD},
    {Converter::Linear, "linear", SRC_LINEAR},
};

const ConverterEntry& entryFor(Converter converter) {
    return *std::find_if(std::begin(kConverters), std::end(kConverters),
                         [&](const ConverterEntry& e) { return e.converter == converter; });
}

} // namespace

std::string converterName(Converter converter) { return entryFor(converter).name; }

std::vector<std::string> converterNames() {
    std::vector<std::string> names;
    for (const auto& e : kConverters) names.emplace_back(e.name);
    return names;
}

Converter parseConverter(const std::string& name) {
    for (const auto& e : kConverters)
        if (name == e.name) return e.converter;
    std::string valid;
    for (const auto& e : kConverters) valid += std::string(valid.empty() ? "" : ", ") + e.name;
    throw Error("converter", "unknown converter '" + name + "' (choose one of: " + valid + ")");
}

std::int64_t resampledLength(std::int64_t inputFrames, int inputRate, int outputRate) {
    // Integer arithmetic: exact for any length a file can have at audio rates.
    const __int128 scaled = static_cast<__int128>(inputFrames) * outputRate;
    return static_cast<std::int64_t>((scaled + inputRate / 2) / inputRate);
}

Resampler::Resampler(int inputRate, int outputRate, Converter converter)
    : inputRate_(inputRate), outputRate_(outputRate), scratch_(8192) {
    if (inputRate <= 0 || outputRate <= 0)
        throw Error("sample rate", "cannot resample from " + std::to_string(inputRate) + " Hz to " +
                                       std::to_string(outputRate) + " Hz");
    if (inputRate == outputRate) return;
    if (converter == Converter::KaiserBest && PolyphaseResampler::supports(inputRate, outputRate)) {
        polyphase_ = std::make_unique<PolyphaseResampler>(inputRate, outputRate);
        return;
    }
    int error = 0;
    state_ = src_new(entryFor(converter).srcType, 1, &error);
    if (!state_) throw Error("converter " + converterName(converter), src_strerror(error));
}

Resampler::~Resampler() {
    if (state_) src_delete(state_);
}

void Resampler::process(const float* input, std::int64_t count, bool endOfInput, std::vector<float>& output) {
    const std::size_t start = output.size();
    if (polyphase_)
        polyphase_->process(input, count, endOfInput, resampledLength(inputTotal_ + count, inputRate_, outputRate_), output);
    else if (state_)
        convert(input, count, endOfInput, output);
    else
        output.insert(output.end(), input, input + count);
    inputTotal_ += count;
    outputTotal_ += static_cast<std::int64_t>(output.size() - start);
    if (!endOfInput) return;
    // The filter's delay leaves the total a sample or two off the ideal; settle it exactly so the
    // segment count of a file does not depend on the converter.
    const std::int64_t expected = resampledLength(inputTotal_, inputRate_, outputRate_);
    const std::int64_t fix = expected - outputTotal_;
    if (fix > 0)
        output.insert(output.end(), static_cast<std::size_t>(fix), 0.0f);
    else if (fix < 0)
        output.resize(output.size() - std::min(static_cast<std::size_t>(-fix), output.size()));
    outputTotal_ = expected;
}

void Resampler::convert(const float* input, std::int64_t count, bool endOfInput, std::vector<float>& output) {
    SRC_DATA data{};
    data.src_ratio = static_cast<double>(outputRate_) / inputRate_;
    data.end_of_input = endOfInput ? 1 : 0;
    for (;;) {
        data.data_in = input;
        data.input_frames = static_cast<long>(count);
        data.data_out = scratch_.data();
        data.output_frames = static_cast<long>(scratch_.size());
        if (const int error = src_process(state_, &data))
            throw Error("resampler", src_strerror(error));
        output.insert(output.end(), scratch_.begin(), scratch_.begin() + data.output_frames_gen);
        input += data.input_frames_used;
        count -= data.input_frames_used;
        const bool progressed = data.input_frames_used > 0 || data.output_frames_gen > 0;
        if (!progressed || (count == 0 && !endOfInput)) break;
    }
}

} // namespace timbrescope::audio
