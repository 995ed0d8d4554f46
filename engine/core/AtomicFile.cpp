#include "engine/core/AtomicFile.h"

#include "engine/core/Error.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <regex>

namespace timbrescope {

namespace {
// NAME.tmp-PID-RANDOM: the writer's process id tells a live write from a dead one.
constexpr const char* kTemporaryInfix = ".tmp-";
}

void writeFileAtomically(const std::string& path, const ByteRanges& pieces) {
    std::random_device entropy;
    const std::string temporary = path + kTemporaryInfix + std::to_string(::getpid()) + "-" + std::to_string(entropy());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path, std::string("cannot write: ") + std::strerror(errno));
    auto fail = [&](const char* step) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        ::unlink(temporary.c_str());
        throw Error(path, std::string("cannot write (") + step + "): " + reason);
    };
    for (const auto& [data, size] : pieces) {
        const char* bytes = static_cast<const char*>(data);
        for (std::size_t written = 0; written < size;) {
            const ssize_t n = ::write(fd, bytes + written, size - written);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail("write");
            }
            written += static_cast<std::size_t>(n);
        }
    }
    if (::fsync(fd) != 0) fail("fsync");
    if (::close(fd) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw Error(path, "cannot write (close): " + reason);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw Error(path, "cannot write (rename): " + reason);
    }
}

int removeStaleTemporaries(const std::string& folder) {
    static const std::regex temporaryName(std::string(".+\\") + kTemporaryInfix + "([0-9]{1,9})-[0-9]+");
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        std::smatch match;
        const std::string name = entry.path().filename().string();
        if (!std::regex_match(name, match, temporaryName)) continue;
        const long pid = std::stol(match[1].str());
        const bool writerAlive = pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
        if (!writerAlive && std::filesystem::remove(entry.path(), ec)) ++removed;
    }
    return removed;
}

} // namespace timbrescope
