#pragma once
// Runs body(i) for i in [0, count) on `threads` threads (0: one per core), the calling thread
// included. The first exception stops the remaining work and is rethrown here after all threads
// have finished. `done(finished)` is called, serialised, after each item.

#include <cstddef>
#include <functional>

namespace timbrescope {

void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t)>& body,
                 const std::function<void(std::size_t finished)>& done = {});

// The thread count `threads` resolves to: itself if positive, else one per core; at least 1.
int resolveThreads(int threads);

} // namespace timbrescope
