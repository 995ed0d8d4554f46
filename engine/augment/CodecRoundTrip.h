#pragma once
// A lossy codec round trip: the example is encoded to MP3 or Ogg Vorbis in memory (libsndfile,
// LAME and libvorbis underneath) and decoded back, as the music a user opens usually was. What
// the codec removes (the highest band at low bitrates, quiet detail under loud partials) and
// what it adds (pre-echo, "birdies") is then not a cue for the instrument.

#include <cstddef>
#include <string>

namespace timbrescope::augment {

enum class Codec { Mp3, Vorbis };

std::string codecName(Codec codec);  // "mp3", "vorbis"

// Encodes `count` samples at `rate` Hz with `codec` at libsndfile's compression level
// (0 = best quality … 1 = smallest file; MP3 at a constant bitrate) and decodes them back in
// place: the same length and timing (the codec's delay is removed), level restored.
// Throws Error if the codec cannot be written at this rate.
void codecRoundTrip(float* samples, std::size_t count, int rate, Codec codec, double compressionLevel);

} // namespace timbrescope::augment
