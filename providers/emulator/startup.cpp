#include "providers/emulator/startup.h"

namespace linkform::emulator {

std::string startup_text(const Halves& halves, const EmulatorState& state, const std::string& base_url) {
  std::string parts;
  std::string routes;
  std::size_t i = 0;
  for (const auto& half : halves) {
    parts += half->startup_text(*state.sections[i++].state, base_url);
    for (const auto& route : half->control_routes()) routes += ", " + std::string(half->key()) + "/" + route;
  }
  return parts +
         "These credentials are the emulator's own fake ones.\n"
         "Control API: " +
         base_url + "/_emulator/ (state, seed, reset, requests, faults, latency" + routes +
         "); linkform-emulator --help describes it.\n";
}

}  // namespace linkform::emulator
