#pragma once
// A process-wide switch between Timbrescope's fused CPU kernels and LibTorch's stock modules.
// Both compute the same function with the same weights; the switch exists so benchmarks and tests
// can compare them. On by default.

namespace timbrescope::models::kernels {

bool fastKernelsEnabled();
void setFastKernelsEnabled(bool enabled);

// The optional bfloat16 inference path (off by default): convolutions on bf16 activations and
// weights (oneDNN, float32 accumulation), cell tails reading and writing bf16, the fused GRUs'
// products on bf16 operands (their states float32), float32 logits.
// Used by inferLogits for models that support it, only where the CPU has AVX-512 BF16.
bool bf16InferenceEnabled();
void setBf16InferenceEnabled(bool enabled);
bool cpuHasBf16();

// While one is alive on a thread, the fast kernels of that thread produce bf16 activations: in
// inference (bf16 in and out of every layer), and in a training step of train --bf16 (the
// convolutions on bf16 operands but that of the raw waveform, the cell tails reading bf16 and
// writing float32, their input gradients bf16; the fused GRUs' products on bf16 operands;
// BatchNorm statistics, GRU states and gates, and loss in float32).
class Bf16Activations {
public:
    Bf16Activations();
    ~Bf16Activations();
    Bf16Activations(const Bf16Activations&) = delete;
    Bf16Activations& operator=(const Bf16Activations&) = delete;
    static bool active();

private:
    bool previous_;
};

} // namespace timbrescope::models::kernels
