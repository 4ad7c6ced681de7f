#include "providers/emulator/startup.h"

namespace linkform::emulator {

namespace {

std::string bitbucket_part(const bitbucket::EmulatedBitbucket& b, const std::string& url) {
  std::string out = "Bitbucket (LINKFORM_BITBUCKET_API_URL and LINKFORM_BITBUCKET_OAUTH_URL=" + url + "):\n";
  for (const auto& w : b.workspaces) {
    int consumers = 0;
    for (const auto& c : b.consumers) consumers += c.workspace == w.slug ? 1 : 0;
    out += "  workspace " + w.slug + " (\"" + w.name + "\"), " + std::to_string(consumers) +
           (consumers == 1 ? " OAuth consumer" : " OAuth consumers") +
           "; the consumer form a person fills in: " + url + "/" + w.slug +
           "/workspace/settings/oauth-consumers/new\n";
  }
  if (b.workspaces.empty()) out += "  no workspace\n";
  return out;
}

std::string frontegg_part(const frontegg::EmulatedFrontegg& f, const std::string& url) {
  std::string out = "Frontegg (FRONTEGG_BASE_URL=" + url + "):\n";
  for (const auto& e : f.environments) {
    out += "  environment " + e.name + ": client_id " + e.client_id + ", secret " + e.secret + "; apps:";
    if (e.applications.empty()) out += " none";
    for (std::size_t i = 0; i < e.applications.size(); ++i)
      out += (i == 0 ? " \"" : ", \"") + e.applications[i].name + "\" (" + e.applications[i].id + ")";
    out += "; " + std::to_string(e.connectors.size()) +
           (e.connectors.size() == 1 ? " connector\n" : " connectors\n");
  }
  for (const auto& a : f.accounts) {
    out += "  account credentials (every environment, chosen by environment_id): client_id " + a.client_id +
           ", secret " + a.secret + "\n";
  }
  out += "  MCP gateway (FRONTEGG_GATEWAY=" + url + "): callback " + url +
         "/integration-callback, discovery /.well-known/oauth-protected-resource\n";
  return out;
}

}  // namespace

std::string startup_text(const EmulatorState& state, const std::string& base_url) {
  return bitbucket_part(state.bitbucket, base_url) + frontegg_part(state.frontegg, base_url) +
         "These credentials are the emulator's own fake ones.\n"
         "Control API: " +
         base_url +
         "/_emulator/ (state, seed, reset, requests, faults, latency, bitbucket/consumers, "
         "frontegg/connectors); linkform-emulator --help describes it.\n";
}

}  // namespace linkform::emulator
