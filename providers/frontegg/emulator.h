#pragma once
// The Frontegg half of linkform-emulator (README: vendor assumptions, and the emulator): vendor
// authentication, applications, integration templates (those the code hosts' halves offer) and the
// connectors (custom-integrations), per environment, with write-only client
// secrets. It is registered to answer every path no other half owns, so unknown paths get Frontegg's
// 404 (providers/emulator_halves.cpp).
//
// Not thread-safe: the emulator server serialises every call with one mutex.

#include <httplib.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "providers/emulator/common/reply.h"
#include "providers/frontegg/emulator_state.h"

namespace linkform::frontegg {

class FronteggEmulator {
 public:
  FronteggEmulator(EmulatedFrontegg state, int token_ttl_s);

  // True for the paths Frontegg serves: vendor auth, applications, app integrations and the MCP
  // gateway's public pages. The emulator also sends it every path no other half owns.
  static bool owns_path(std::string_view path);

  emulator::Reply handle(const httplib::Request& req);

  // {"errors":[message]} with the status.
  static emulator::Reply error_reply(int status, std::string_view message);
  // 429 with X-Rate-Limit-Reset (RFC 3339) and no Retry-After.
  static emulator::Reply rate_limited_reply(std::chrono::system_clock::time_point reset);
  // A random trace id, as in the frontegg-trace-id header of every reply.
  static std::string new_trace_id();

  // The MCP gateway's public pages (README, vendor assumptions), served on the emulator's own origin: the
  // protected-resource metadata (RFC 9728), the authorization-server metadata (RFC 8414) and
  // /integration-callback. nullopt for any other request. No authentication, as on the gateway.
  static std::optional<emulator::Reply> gateway_page(const httplib::Request& req);

  // Control API: the stored connectors of one environment (all when empty),
  // client secrets included, each with an "environment" field.
  [[nodiscard]] emulator::Reply stored_connectors(std::string_view environment) const;

  // Control API: edits a stored connector as a person would in the portal (rename, disable, another
  // workspace, scopes, client id or secret). The body is the vendor's PATCH body; no token is needed,
  // and the environment is named, not authenticated.
  emulator::Reply edit_stored_connector(std::string_view environment, std::string_view id,
                                        const httplib::Request& req);

  [[nodiscard]] const EmulatedFrontegg& state() const { return state_; }
  // Replaces the whole state (seed, reset); every issued token is forgotten.
  void replace_state(EmulatedFrontegg state);

 private:
  struct Token {
    std::string environment;  // empty for an account's token
    std::chrono::steady_clock::time_point expires;
  };
  using Reply = emulator::Reply;

  Reply authenticate(const httplib::Request& req);
  // The environment of the request's bearer token, or nullptr with *error set to the 401.
  EmulatedEnvironment* authorised_environment(const httplib::Request& req, Reply* error);
  // For an account's token: the environment the frontegg-environment-id header names, the first one
  // without it.
  EmulatedEnvironment* account_environment(const httplib::Request& req, Reply* error);
  // nullopt for a method or path the service does not have.
  std::optional<Reply> route_custom_integrations(EmulatedEnvironment& env, const httplib::Request& req,
                                                 std::string_view rest);

  Reply list_applications(const EmulatedEnvironment& env) const;
  Reply list_templates(const EmulatedEnvironment& env) const;
  // Connectors (emulator_connectors.cpp).
  Reply list_connectors(const EmulatedEnvironment& env, const httplib::Request& req) const;
  Reply get_connector_by_template(const EmulatedEnvironment& env, const httplib::Request& req,
                                  std::string_view template_id) const;
  Reply get_connector(const EmulatedEnvironment& env, const httplib::Request& req, std::string_view id) const;
  Reply create_connector(EmulatedEnvironment& env, const httplib::Request& req);
  Reply update_connector(EmulatedEnvironment& env, const httplib::Request& req, std::string_view id);
  Reply delete_connector(EmulatedEnvironment& env, const httplib::Request& req, std::string_view id);

  EmulatedFrontegg state_;
  int token_ttl_s_;
  std::map<std::string, Token, std::less<>> tokens_;
};

}  // namespace linkform::frontegg
