#pragma once
// Model and training-state files are LibTorch archives: zip files of stored tensors and deflated
// code. LibTorch reads them without checking the entries' CRC-32s, and its unpickler can abort
// the whole process on damaged bytes (found by fuzzing). So every entry's checksum is verified
// first: a truncated, bit-flipped or foreign file becomes an Error naming it, never a crash.

#include <cstdint>
#include <string>
#include <vector>

namespace timbrescope::models {

// Reads `path` whole and returns its bytes once every entry is verified: LibTorch then reads the
// archive from them (InputArchive::load_from(data, size)), so the file is read once.
// Throws Error naming `path` when it is not a zip archive, is truncated, or an entry's bytes do not
// inflate to and match its CRC-32. `kind` names the file in the message ("model file").
std::vector<std::uint8_t> readVerifiedArchive(const std::string& path, const std::string& kind = "model file");

// The two halves of it: the file's bytes (Error for a missing, folder or unreadable path), and
// the archive check of bytes already read.
std::vector<std::uint8_t> readFileBytes(const std::string& path, const std::string& kind);
void verifyArchive(const std::vector<std::uint8_t>& bytes, const std::string& path, const std::string& kind);

} // namespace timbrescope::models
