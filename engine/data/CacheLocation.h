#pragma once
// Where derived data of a dataset (file hashes, preprocessed segments) is kept: in the dataset's
// own ".timbrescope-cache" folder when it can be created there, otherwise in the user's cache
// directory ($XDG_CACHE_HOME or ~/.cache)/timbrescope/<hash of the dataset path>.

#include <string>

namespace timbrescope::data {

inline constexpr const char* kCacheFolderName = ".timbrescope-cache";

// Creates the folder if needed and returns it. Throws Error if no location is writable.
std::string datasetCacheDir(const std::string& datasetRoot);

} // namespace timbrescope::data
