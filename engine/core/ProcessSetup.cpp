#include "engine/core/ProcessSetup.h"

#include <malloc.h>

#include <climits>

namespace timbrescope {

void configureProcess() {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
}

} // namespace timbrescope
