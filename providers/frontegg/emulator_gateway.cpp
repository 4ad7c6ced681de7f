// The MCP gateway's public pages in the emulator. Frontegg does not publish the documents its hosted
// gateway returns; these follow RFC 9728 and RFC 8414 with the fields an MCP client reads (README, vendor
// assumptions).

#include "providers/emulator/common/json.h"
#include "providers/frontegg/emulator.h"

namespace linkform::frontegg {

using emulator::JsonWriter;
using emulator::Reply;

namespace {

std::string origin_of(const httplib::Request& req) {
  const std::string host = req.get_header_value("Host");
  return "http://" + (host.empty() ? std::string("127.0.0.1") : host);
}

Reply protected_resource(const std::string& origin) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "resource", origin);
  w.Key("authorization_servers");
  w.StartArray();
  w.String(origin.c_str());
  w.EndArray();
  w.Key("bearer_methods_supported");
  w.StartArray();
  w.String("header");
  w.EndArray();
  w.EndObject();
  return emulator::json_reply(200, buf.GetString());
}

Reply authorization_server(const std::string& origin) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  emulator::write_field(w, "issuer", origin);
  emulator::write_field(w, "authorization_endpoint", origin + "/oauth/authorize");
  emulator::write_field(w, "token_endpoint", origin + "/oauth/token");
  w.Key("response_types_supported");
  w.StartArray();
  w.String("code");
  w.EndArray();
  w.EndObject();
  return emulator::json_reply(200, buf.GetString());
}

}  // namespace

std::optional<Reply> FronteggEmulator::gateway_page(const httplib::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  const std::string origin = origin_of(req);
  if (req.path == "/.well-known/oauth-protected-resource") return protected_resource(origin);
  if (req.path == "/.well-known/oauth-authorization-server") return authorization_server(origin);
  if (req.path == "/integration-callback") {
    Reply page;
    page.content_type = "text/plain; charset=utf-8";
    page.body =
        "linkform-emulator: the MCP gateway's OAuth callback.\n"
        "A code host's OAuth client sends its authorization codes here; its callback URL\n"
        "is " +
        origin + "/integration-callback, which linkform derives from the environment's gateway.\n";
    return page;
  }
  return std::nullopt;
}

}  // namespace linkform::frontegg
