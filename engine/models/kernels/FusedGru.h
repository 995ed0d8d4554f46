#pragma once
// One bidirectional GRU layer as a single autograd operation, a drop-in for a layer of
// torch::nn::GRU (same parameters, gate order and results within float rounding):
// - the input projections of a block of time steps are one matrix product, not one per step;
// - the gate arithmetic of a step is one vectorised pass (GruKernels);
// - the two directions run side by side, one per thread;
// - training keeps only the layer's input and output: the backward pass recomputes the
//   projections block by block (one batched product each, since every h_prev is in the output),
//   so a 7 350-step sequence costs the output's memory, not ten step-sized tensors per step.
// - in a bf16 step (Bf16Activations, where the CPU has AVX-512 BF16) the recurrent products
//   h_prev · W_hhᵀ, their gradients and the backward pass's weight and input gradients run on
//   bf16 operands with float32 accumulation; the state, gates, input projections and the
//   accumulated gradients stay float32.
// Falls back to the stock module on CUDA, for non-float32 tensors, or when switched off.

#include <torch/nn/modules/rnn.h>

namespace timbrescope::models::kernels {

struct BiGruLayerOutput {
    at::Tensor sequence;  // time-major [steps, batch, 2 × units]: forward direction, then backward
    at::Tensor final;     // [batch, 2 × units]: each direction's state after its last step
};

// `layer`: a one-layer bidirectional torch::nn::GRU. `input`: time-major [steps, batch, features].
// Use only the output that is needed: a model that reads just the final states (bigru*) then
// never allocates the sequence's gradient.
BiGruLayerOutput biGruLayer(const at::Tensor& input, torch::nn::GRUImpl& layer);

// Whether biGruLayer computes `layer` with the fused kernels for this input.
bool fusedGruApplies(const at::Tensor& input, const torch::nn::GRUImpl& layer);

} // namespace timbrescope::models::kernels
