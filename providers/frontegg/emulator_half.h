#pragma once
// Frontegg's half of linkform-emulator as the emulator's core sees it (providers/emulator/vendor_half.h):
// vendor authentication, applications, templates, connectors and the MCP gateway's public pages; its
// error and 429 shapes; the frontegg-trace-id header on every reply; the frontegg-environment-id header
// the request log records; the "frontegg" section of the state; and the control API under
// /_emulator/frontegg/: the stored connectors, as a person sees and edits them in the portal.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/emulator/vendor_half.h"
#include "providers/frontegg/emulator.h"
#include "providers/frontegg/emulator_state.h"

namespace linkform::frontegg {

class FronteggHalf final : public emulator::VendorHalf {
 public:
  using State = emulator::SectionState<EmulatedFrontegg, write_emulated_frontegg>;

  // The state is empty until the core restores one. `templates`: the integration templates the
  // marketplace offers (offered_templates), which the code hosts' halves supply.
  FronteggHalf(int token_ttl_s, std::vector<std::string> templates);

  [[nodiscard]] std::string_view key() const override { return "frontegg"; }

  [[nodiscard]] bool owns_path(std::string_view path) const override;
  emulator::Reply handle(const httplib::Request& req) override;
  void finish_reply(emulator::Reply& reply) const override;
  [[nodiscard]] std::optional<std::string> logged_environment(const httplib::Request& req) const override;

  [[nodiscard]] emulator::Reply error_reply(int status, std::string_view message) const override;
  [[nodiscard]] emulator::Reply rate_limited_reply(std::chrono::milliseconds reset_after) const override;

  [[nodiscard]] std::shared_ptr<const emulator::HalfState> default_state() const override;
  [[nodiscard]] std::shared_ptr<const emulator::HalfState> empty_state() const override;
  [[nodiscard]] Result<std::shared_ptr<const emulator::HalfState>> parse_state(
      const rapidjson::Value& section) const override;
  [[nodiscard]] std::shared_ptr<const emulator::HalfState> snapshot() const override;
  void restore(const emulator::HalfState& state) override;
  [[nodiscard]] std::string startup_text(const emulator::HalfState& state,
                                         const std::string& base_url) const override;

  [[nodiscard]] std::vector<std::string> control_routes() const override { return {"connectors"}; }
  std::optional<emulator::Reply> control(const httplib::Request& req, std::string_view rest) override;

 private:
  FronteggEmulator emulator_;
  std::vector<std::string> templates_;
};

}  // namespace linkform::frontegg
