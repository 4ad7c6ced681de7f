#pragma once
// The emulator's whole state, its seed format and its state file.
//
// Seed and state files share one JSON format (the state file is a seed that
// also holds what happened since: consumers, connectors, generated ids): one
// section per vendor half, under the half's key (VendorHalf::key), each
// documented by its half (providers/<vendor>/emulator_state.h):
//
//   {"<key>": <section>, ...}
//
// A missing section is empty; a key no half has is refused. Tokens are not
// part of the state: a restart invalidates them.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "providers/emulator/vendor_half.h"

namespace linkform::emulator {

// One half's section, under the half's key.
struct StateSection {
  std::string key;
  std::shared_ptr<const HalfState> state;
};

// One section per half, in the halves' order: a state is used only with the halves that made it.
struct EmulatorState {
  std::vector<StateSection> sections;

  // The section under key; nullptr when there is none.
  [[nodiscard]] const HalfState* section(std::string_view key) const;
};

// Each half's default section (the seed without --seed).
EmulatorState default_state(const Halves& halves);

Result<EmulatorState> parse_state(const Halves& halves, std::string_view json_text);
// The state as JSON text, secrets included.
std::string state_json(const EmulatorState& state);

// Reads and parses a seed or state file; errors name the file.
Result<EmulatorState> load_state_file(const Halves& halves, const std::string& path);
// Writes text to path through a temporary file in the same directory and a
// rename, so a reader sees the old file or the new one, never a part. The
// file is readable by its owner only: it holds secrets.
Status write_file_atomically(const std::string& path, std::string_view text);

}  // namespace linkform::emulator
