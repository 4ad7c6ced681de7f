#pragma once
// Helpers for the emulator tests: an in-process emulator on a free loopback
// port, JSON parsing, and the few vendor calls most tests need first.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "providers/emulator_halves.h"

namespace linkform::emulator::testing {

inline std::unique_ptr<Emulator> start_emulator(EmulatorOptions options = {}) {
  auto emu = start_with_halves(options);
  if (!emu) {
    ADD_FAILURE() << "emulator did not start: " << emu.error().message;
    return nullptr;
  }
  return std::move(*emu);
}

inline rapidjson::Document parse(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << "not JSON: " << text;
  return doc;
}

inline std::string body_of(const httplib::Result& r) { return r ? r->body : std::string("<no reply>"); }

inline const std::string kJson = "application/json";

// Every field in `fields` is present in obj.
inline void expect_fields(const rapidjson::Value& obj, std::initializer_list<const char*> fields) {
  ASSERT_TRUE(obj.IsObject());
  for (const char* f : fields) EXPECT_TRUE(obj.HasMember(f)) << "missing field " << f;
}

// {"errors":[non-empty strings...]}, Frontegg's error body.
inline void expect_frontegg_errors(const std::string& body) {
  const auto doc = parse(body);
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("errors") && doc["errors"].IsArray()) << body;
  ASSERT_GT(doc["errors"].Size(), 0u);
  for (const auto& e : doc["errors"].GetArray()) EXPECT_TRUE(e.IsString() && e.GetStringLength() > 0);
}

// {"type":"error","error":{"message":...}}, Bitbucket 2.0's error object.
inline void expect_bitbucket_error(const std::string& body) {
  const auto doc = parse(body);
  ASSERT_TRUE(doc.IsObject()) << body;
  ASSERT_TRUE(doc.HasMember("type") && doc["type"].IsString());
  EXPECT_STREQ(doc["type"].GetString(), "error");
  ASSERT_TRUE(doc.HasMember("error") && doc["error"].IsObject());
  ASSERT_TRUE(doc["error"].HasMember("message") && doc["error"]["message"].IsString());
}

inline std::string frontegg_token(httplib::Client& c, const std::string& env = "dev") {
  const std::string body = R"({"clientId":")" + env + R"(-client-id","secret":")" + env + R"(-secret"})";
  auto r = c.Post("/auth/vendor", body, kJson);
  if (!r || r->status != 200) {
    ADD_FAILURE() << "auth failed: " << body_of(r);
    return {};
  }
  return parse(r->body)["token"].GetString();
}

inline httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

inline std::string first_app_id(httplib::Client& c, const std::string& token) {
  auto r = c.Get("/applications/resources/applications/v1", bearer(token));
  if (!r || r->status != 200) {
    ADD_FAILURE() << "applications failed: " << body_of(r);
    return {};
  }
  return parse(r->body)[0]["id"].GetString();
}

constexpr const char* kConnectors = "/app-integrations/resources/custom-integrations/v1";

inline std::string connector_body(const std::string& app_id, const std::string& slug,
                                  const std::string& secret = "consumer-secret") {
  return R"({"appId":")" + app_id + R"(","integrationTemplateId":"bitbucket","name":"Bitbucket","slug":")" +
         slug +
         R"(","description":"d","apiNames":["bitbucket_repositories_list","bitbucket_pullrequests_list"],)"
         R"("authType":"oauth","isActive":true,"isDevCredsEnabled":false,)"
         R"("configuration":{"clientId":"consumer-key","clientSecret":")" +
         secret + R"(","customConfiguration":{"workspace":"acme"},"scopes":["account","repository"]}})";
}

struct Consumer {
  std::string key;
  std::string secret;
};

inline Consumer create_consumer(httplib::Client& c, const std::string& extra = R"("private":true)") {
  const std::string body = R"({"workspace":"acme","name":"Frontegg Integration","callback_url":)"
                           R"("https://acme.example/callback","permissions":["account","repository"],)" +
                           extra + "}";
  auto r = c.Post("/_emulator/bitbucket/consumers", body, kJson);
  if (!r || r->status != 201) {
    ADD_FAILURE() << "consumer not created: " << body_of(r);
    return {};
  }
  const auto doc = parse(r->body);
  return {doc["key"].GetString(), doc["secret"].GetString()};
}

inline std::string base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

inline httplib::Result bitbucket_token(httplib::Client& c, const std::string& key, const std::string& secret,
                                       const std::string& form = "grant_type=client_credentials") {
  httplib::Headers headers;
  if (!key.empty()) {
    headers.emplace("Authorization", "Basic " + base64(key + ":" + secret));
  }
  return c.Post("/site/oauth2/access_token", headers, form, "application/x-www-form-urlencoded");
}

// Sends raw bytes to the emulator and reads until the server closes.
inline std::string raw_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace linkform::emulator::testing
