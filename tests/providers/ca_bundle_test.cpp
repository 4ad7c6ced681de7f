// Where the transport finds the CA certificates it trusts (providers/transport/ca_bundle.h): the standard
// variables first, then the distributions' places in order, and a clear problem when there is none.

#include "providers/transport/ca_bundle.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace linkform {
namespace {

struct FakeMachine {
  std::map<std::string, std::string> env;
  std::set<std::string> files;
  [[nodiscard]] CaBundle find() const {
    return find_ca_bundle(
        [this](const char* name) -> std::optional<std::string> {
          const auto it = env.find(name);
          if (it == env.end()) return std::nullopt;
          return it->second;
        },
        [this](const std::string& path) { return files.contains(path); });
  }
};

TEST(CaBundle, EachDistributionsPlaceIsFoundOnItsOwn) {
  for (const char* place : kSystemCaBundles) {
    FakeMachine machine;
    machine.files = {place};
    const CaBundle found = machine.find();
    EXPECT_EQ(found.path, place);
    EXPECT_TRUE(found.variable.empty());
    EXPECT_TRUE(found.problem.empty()) << found.problem;
  }
}

TEST(CaBundle, DebiansPlaceComesBeforeRhelsAndTheBsdOne) {
  FakeMachine machine;
  machine.files = {"/etc/ssl/cert.pem", "/etc/pki/tls/certs/ca-bundle.crt",
                   "/etc/ssl/certs/ca-certificates.crt"};
  EXPECT_EQ(machine.find().path, "/etc/ssl/certs/ca-certificates.crt");
  machine.files.erase("/etc/ssl/certs/ca-certificates.crt");
  EXPECT_EQ(machine.find().path, "/etc/pki/tls/certs/ca-bundle.crt");
}

TEST(CaBundle, VariablesComeFirstInCurlsOrder) {
  FakeMachine machine;
  machine.files = {"/etc/ssl/certs/ca-certificates.crt", "/ci/ca.pem", "/other/ca.pem"};
  machine.env["SSL_CERT_FILE"] = "/ci/ca.pem";
  EXPECT_EQ(machine.find().path, "/ci/ca.pem");
  EXPECT_EQ(machine.find().variable, "SSL_CERT_FILE");
  machine.env["CURL_CA_BUNDLE"] = "/other/ca.pem";
  EXPECT_EQ(machine.find().path, "/other/ca.pem");
  EXPECT_EQ(machine.find().variable, "CURL_CA_BUNDLE");
  machine.env["CURL_CA_BUNDLE"] = "";  // set but empty: as if unset
  EXPECT_EQ(machine.find().variable, "SSL_CERT_FILE");
}

TEST(CaBundle, AVariableNamingNoFileIsAProblemNotAFallback) {
  FakeMachine machine;
  machine.files = {"/etc/ssl/certs/ca-certificates.crt"};
  machine.env["SSL_CERT_FILE"] = "/typo/ca.pem";
  const CaBundle found = machine.find();
  EXPECT_EQ(found.path, "/typo/ca.pem");
  EXPECT_NE(found.problem.find("SSL_CERT_FILE names /typo/ca.pem"), std::string::npos) << found.problem;
}

TEST(CaBundle, NoneAnywhereNamesEveryPlaceAndTheVariable) {
  const CaBundle found = FakeMachine{}.find();
  EXPECT_TRUE(found.path.empty());
  for (const char* place : kSystemCaBundles) EXPECT_NE(found.problem.find(place), std::string::npos) << place;
  EXPECT_NE(found.problem.find("Set SSL_CERT_FILE"), std::string::npos) << found.problem;
}

}  // namespace
}  // namespace linkform
