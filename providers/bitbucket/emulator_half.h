#pragma once
// Bitbucket's half of linkform-emulator as the emulator's core sees it (providers/emulator/vendor_half.h):
// its paths (/site/..., /2.0/... and the workspace's OAuth consumers page), its error and 429 shapes, the
// consumer key of a request's Basic auth (what a fault's consumer_key matches), the "bitbucket" section of
// the state, and the control API under /_emulator/bitbucket/: what a person does on the workspace's
// "OAuth consumers" page.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/bitbucket/emulator.h"
#include "providers/bitbucket/emulator_state.h"
#include "providers/emulator/vendor_half.h"

namespace linkform::bitbucket {

class BitbucketHalf final : public emulator::VendorHalf {
 public:
  using State = emulator::SectionState<EmulatedBitbucket, write_emulated_bitbucket>;

  // issues_and_wikis: as BitbucketEmulator's. The state is empty until the core restores one.
  BitbucketHalf(int token_ttl_s, TokenReplyShape reply_shape, bool issues_and_wikis);

  [[nodiscard]] std::string_view key() const override { return "bitbucket"; }

  [[nodiscard]] bool owns_path(std::string_view path) const override;
  emulator::Reply handle(const httplib::Request& req) override;
  [[nodiscard]] std::string fault_key(const httplib::Request& req) const override;

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

  [[nodiscard]] std::vector<std::string> control_routes() const override { return {"consumers"}; }
  std::optional<emulator::Reply> control(const httplib::Request& req, std::string_view rest) override;

 private:
  BitbucketEmulator emulator_;
};

}  // namespace linkform::bitbucket
