#pragma once
// Process-wide settings every Timbrescope executable applies first thing in main(), before any
// thread starts.

namespace timbrescope {

// Keeps large allocations on the heap instead of fresh mmap()s and never trims it. Tensors are
// allocated and freed at every layer; with glibc's defaults each one page-faults in anew, which
// on these machines costs more than the arithmetic (REFERENCE §6: ~10 → ~135 FCN segments/s).
// Also gives LibTorch one intra-op thread per core (Debian's build starts with one).
void configureProcess();

} // namespace timbrescope
