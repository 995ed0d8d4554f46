#include "engine/core/ProcessSetup.h"

#include <ATen/Parallel.h>

#include <malloc.h>

#include <climits>
#include <thread>

namespace timbrescope {

void configureProcess() {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    // Debian's LibTorch starts with one intra-op thread; use every core unless told otherwise.
    if (const unsigned cores = std::thread::hardware_concurrency(); cores > 0) at::set_num_threads(static_cast<int>(cores));
}

} // namespace timbrescope
