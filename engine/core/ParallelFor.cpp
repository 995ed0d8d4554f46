#include "engine/core/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace timbrescope {

int resolveThreads(int threads) {
    return std::max(1, threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency()));
}

void parallelFor(std::size_t count, int threads, const std::function<void(std::size_t)>& body,
                 const std::function<void(std::size_t)>& done) {
    std::atomic<std::size_t> next{0};
    std::size_t finished = 0;
    std::mutex mutex;
    std::exception_ptr failure;
    auto work = [&] {
        for (std::size_t i; (i = next++) < count;) {
            try {
                body(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
                next = count;  // the others stop after their current item
                return;
            }
            std::lock_guard<std::mutex> lock(mutex);
            ++finished;
            if (done) done(finished);
        }
    };
    const auto extra = static_cast<std::size_t>(resolveThreads(threads) - 1);
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < std::min(extra, count > 0 ? count - 1 : 0); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace timbrescope
