#include "engine/train/RunLock.h"

#include "engine/core/Error.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace timbrescope::train {

RunLock::RunLock(const std::string& runDir) {
    const std::string path = runDir + "/run.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(runDir, std::string("cannot create its lock file run.lock: ") + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK)
            throw Error(runDir, "is being trained by another process (it holds run.lock): wait for it to finish or stop it first");
        throw Error(runDir, std::string("cannot lock run.lock: ") + std::strerror(error));
    }
}

RunLock::~RunLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
}

} // namespace timbrescope::train
