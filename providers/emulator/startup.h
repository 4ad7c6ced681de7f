#pragma once
// What linkform-emulator prints after "listening on URL": each half's part (its seeded resources and the
// emulator's own fake credentials, VendorHalf::startup_text) and where the control API is, so a person
// can configure linkform against it without reading the seed.

#include <string>

#include "providers/emulator/state.h"
#include "providers/emulator/vendor_half.h"

namespace linkform::emulator {

// state: made by these halves.
std::string startup_text(const Halves& halves, const EmulatorState& state, const std::string& base_url);

}  // namespace linkform::emulator
