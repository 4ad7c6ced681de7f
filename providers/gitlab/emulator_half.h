#pragma once
// The GitLab half of linkform-emulator (README, vendor assumptions): the Group Applications API of GitLab
// 19.6 under /api/v4/, with PRIVATE-TOKEN or Bearer tokens, a group Owner's rights, GitLab's error shapes
// and pagination headers, and a secret shown only in a create's reply.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/emulator/vendor_half.h"
#include "providers/gitlab/emulator_state.h"

namespace linkform::gitlab {

class GitlabHalf final : public emulator::VendorHalf {
 public:
  using State = emulator::SectionState<EmulatedGitlab, write_emulated_gitlab>;

  [[nodiscard]] std::string_view key() const override { return "gitlab"; }
  [[nodiscard]] bool owns_path(std::string_view path) const override { return path.starts_with("/api/v4/"); }
  emulator::Reply handle(const httplib::Request& req) override;

  [[nodiscard]] emulator::Reply error_reply(int status, std::string_view message) const override;
  // GitLab's Rack::Attack throttle: plain text "Retry later" with RateLimit-* and Retry-After.
  [[nodiscard]] emulator::Reply rate_limited_reply(std::chrono::milliseconds reset_after) const override;

  [[nodiscard]] std::shared_ptr<const emulator::HalfState> default_state() const override;
  [[nodiscard]] std::shared_ptr<const emulator::HalfState> empty_state() const override;
  [[nodiscard]] Result<std::shared_ptr<const emulator::HalfState>> parse_state(
      const rapidjson::Value& section) const override;
  [[nodiscard]] std::shared_ptr<const emulator::HalfState> snapshot() const override;
  void restore(const emulator::HalfState& state) override { state_ = State::of(state); }
  [[nodiscard]] std::string startup_text(const emulator::HalfState& state,
                                         const std::string& base_url) const override;

  // GET /_emulator/gitlab/applications: every group's applications with their secrets; GET
  // /_emulator/gitlab/secrets: every secret it has issued, those of destroyed applications too. For tests
  // that check where a secret went.
  [[nodiscard]] std::vector<std::string> control_routes() const override {
    return {"applications", "secrets"};
  }
  std::optional<emulator::Reply> control(const httplib::Request& req, std::string_view rest) override;

 private:
  emulator::Reply list(const httplib::Request& req, const EmulatedGroup& group);
  emulator::Reply create(const httplib::Request& req, const EmulatedGroup& group);
  emulator::Reply update(const httplib::Request& req, EmulatedApplication& app);
  emulator::Reply remove(long long id);

  EmulatedGitlab state_;
  std::vector<std::string> issued_secrets_;  // every secret a create returned, in memory only
};

}  // namespace linkform::gitlab
