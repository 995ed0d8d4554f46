#pragma once
// RUN/run.lock: one training process per run folder. Two writers (a second `train --resume`, the
// workbench and a terminal) would interleave checkpoints; the second is refused instead. The lock
// is the kernel's (flock), so a killed process never leaves a stale one behind.

#include <string>

namespace timbrescope::train {

class RunLock {
public:
    // Throws Error naming the folder when another process holds it or it cannot be created.
    explicit RunLock(const std::string& runDir);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

} // namespace timbrescope::train
