#pragma once
// How faithful a converter is, measured on a stepped sine sweep: tones the new rate can hold
// should pass at unit gain (passband ripple), tones above its Nyquist limit should vanish rather
// than fold back into the band (aliasing). Used by `bench` and to compare with other resamplers.

#include "engine/audio/Resampler.h"

namespace timbrescope::audio {

struct ResamplerQuality {
    double passbandRippleDb = 0;  // max - min gain over tones 100 Hz … 90 % of the new Nyquist
    double worstAliasDb = 0;      // largest output level (dB re the input tone) for tones from
                                  // 110 % of the new Nyquist up to the old one
    int passbandTones = 0, aliasTones = 0;
};

ResamplerQuality measureResamplerQuality(Converter converter, int inputRate = 44100, int outputRate = 22050);

} // namespace timbrescope::audio
