#pragma once
// What linkform-emulator prints after "listening on URL": the seeded workspace and consumers, each
// environment's credentials (the emulator's own fake ones) and apps, and where the control API is, so a
// person can configure linkform against it without reading the seed.

#include <string>

#include "providers/emulator/state.h"

namespace linkform::emulator {

std::string startup_text(const EmulatorState& state, const std::string& base_url);

}  // namespace linkform::emulator
