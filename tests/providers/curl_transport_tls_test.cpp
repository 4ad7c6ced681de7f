// CurlTransport's TLS verification against an https httplib server on 127.0.0.1 with a self-signed
// certificate made in the test: untrusted → refused; trusted through ca_bundle → works; wrong host name →
// refused even when the certificate is trusted.

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "providers/transport/curl_transport.h"
#include "tests/support/loopback_listen.h"

namespace linkform {
namespace {

using namespace std::chrono_literals;

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertDeleter {
  void operator()(X509* cert) const { X509_free(cert); }
};

// A self-signed certificate whose subjectAltName is `san` (e.g. "IP:127.0.0.1").
std::pair<std::unique_ptr<X509, CertDeleter>, std::unique_ptr<EVP_PKEY, KeyDeleter>> self_signed(
    const char* san) {
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, CertDeleter> cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("linkform test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] :
       {std::pair{NID_subject_alt_name, san}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert.get(), key.get(), EVP_sha256());
  return {std::move(cert), std::move(key)};
}

class TlsServer {
 public:
  explicit TlsServer(const char* san)
      : credentials_(self_signed(san)), server_(credentials_.first.get(), credentials_.second.get()) {
    server_.Get("/hello",
                [](const httplib::Request&, httplib::Response& res) { res.set_content("hi", "text/plain"); });
    port_ = testing::bind_loopback_with_backlog(server_);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(5ms);
    // The CA bundle for the client: this certificate in PEM.
    ca_path_ = std::filesystem::temp_directory_path() / ("linkform-ca-" + std::to_string(port_) + ".pem");
    FILE* f = std::fopen(ca_path_.c_str(), "w");
    PEM_write_X509(f, credentials_.first.get());
    std::fclose(f);
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
    std::filesystem::remove(ca_path_);
  }
  std::string url(const std::string& host = "127.0.0.1") const {
    return "https://" + host + ":" + std::to_string(port_) + "/hello";
  }
  std::string ca_path() const { return ca_path_.string(); }
  bool running() const { return server_.is_running(); }

 private:
  std::pair<std::unique_ptr<X509, CertDeleter>, std::unique_ptr<EVP_PKEY, KeyDeleter>> credentials_;
  httplib::SSLServer server_;
  std::thread thread_;
  int port_ = 0;
  std::filesystem::path ca_path_;
};

TEST(CurlTransportTls, UntrustedCertificateIsRefused) {
  TlsServer server("IP:127.0.0.1");
  ASSERT_TRUE(server.running());
  CurlOptions options;
  options.ca_bundle = "/nonexistent-so-only-the-system-store-is-not-used.pem";
  CurlTransport strict(options);
  CurlTransport defaults;  // system CA store: does not contain the test certificate either
  for (CurlTransport* transport : {&strict, &defaults}) {
    auto reply = transport->send({"GET", server.url(), {}, {}});
    ASSERT_FALSE(reply);
    // kTls, which the retrying transport never retries: another attempt cannot make the certificate trusted.
    EXPECT_EQ(reply.error().kind, ErrorKind::kTls) << reply.error().message;
    EXPECT_NE(reply.error().message.find("CURL_CA_BUNDLE"), std::string::npos) << reply.error().message;
    EXPECT_NE(reply.error().message.find("GET " + server.url()), std::string::npos) << reply.error().message;
  }
}

TEST(CurlTransportTls, TrustedThroughCaBundleWorks) {
  TlsServer server("IP:127.0.0.1");
  ASSERT_TRUE(server.running());
  CurlOptions options;
  options.ca_bundle = server.ca_path();
  CurlTransport transport(options);
  auto reply = transport.send({"GET", server.url(), {}, {}});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "hi");
}

TEST(CurlTransportTls, CaBundleFromTheStandardEnvironmentVariable) {
  TlsServer server("IP:127.0.0.1");
  ASSERT_TRUE(server.running());
  ::setenv("CURL_CA_BUNDLE", server.ca_path().c_str(), 1);
  CurlTransport transport;  // reads the variable when constructed
  ::unsetenv("CURL_CA_BUNDLE");
  EXPECT_EQ(transport.options().ca_bundle, server.ca_path());
  auto reply = transport.send({"GET", server.url(), {}, {}});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "hi");
}

TEST(CurlTransportTls, CaBundleFromSslCertFileAndTheOrderOfSources) {
  TlsServer server("IP:127.0.0.1");
  ASSERT_TRUE(server.running());
  ::unsetenv("CURL_CA_BUNDLE");
  ::setenv("SSL_CERT_FILE", server.ca_path().c_str(), 1);
  CurlTransport from_ssl_cert_file;
  EXPECT_EQ(from_ssl_cert_file.options().ca_bundle, server.ca_path());
  auto reply = from_ssl_cert_file.send({"GET", server.url(), {}, {}});
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->body, "hi");

  // CURL_CA_BUNDLE wins over SSL_CERT_FILE, and an explicit option over both.
  ::setenv("CURL_CA_BUNDLE", "/nonexistent/curl-ca-bundle.pem", 1);
  CurlTransport from_curl_ca_bundle;
  EXPECT_EQ(from_curl_ca_bundle.options().ca_bundle, "/nonexistent/curl-ca-bundle.pem");
  EXPECT_FALSE(from_curl_ca_bundle.send({"GET", server.url(), {}, {}}));
  CurlOptions options;
  options.ca_bundle = server.ca_path();
  CurlTransport explicit_option(options);
  ::unsetenv("CURL_CA_BUNDLE");
  ::unsetenv("SSL_CERT_FILE");
  EXPECT_TRUE(explicit_option.send({"GET", server.url(), {}, {}}));
}

TEST(CurlTransportTls, HostNameMismatchIsRefusedEvenWhenTrusted) {
  TlsServer server("DNS:not-this-host.example");
  ASSERT_TRUE(server.running());
  CurlOptions options;
  options.ca_bundle = server.ca_path();
  CurlTransport transport(options);
  auto reply = transport.send({"GET", server.url(), {}, {}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, ErrorKind::kTls) << reply.error().message;
}

}  // namespace
}  // namespace linkform
