#pragma once
// Model and training-state files are LibTorch archives: zip files of stored tensors and deflated
// code. LibTorch reads them without checking the entries' CRC-32s, and its unpickler can abort
// the whole process on damaged bytes (found by fuzzing). So every entry's checksum is verified
// first: a truncated, bit-flipped or foreign file becomes an Error naming it, never a crash.

#include <string>

namespace timbrescope::models {

// Throws Error naming `path` when it is not a zip archive, is truncated, or an entry's bytes do not
// inflate to and match its CRC-32. `kind` names the file in the message ("model file").
void verifyArchive(const std::string& path, const std::string& kind = "model file");

} // namespace timbrescope::models
