// The library's one exported symbol: how a Vamp host finds the plugins inside it.

#include "app/vamp/InstrumentPlugin.h"

#include <vamp-sdk/PluginAdapter.h>

static Vamp::PluginAdapter<timbrescope::vamp::InstrumentPlugin> instrumentAdapter;

extern "C" const VampPluginDescriptor* vampGetPluginDescriptor(unsigned int version, unsigned int index) {
    if (version < 1) return nullptr;
    return index == 0 ? instrumentAdapter.getDescriptor() : nullptr;
}
