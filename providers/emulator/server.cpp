#include "providers/emulator/server.h"

#include <httplib.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/http.h"
#include "providers/emulator/caller_guard.h"
#include "providers/emulator/common/json.h"
#include "providers/emulator/connection.h"
#include "providers/emulator/core.h"
#include "providers/emulator/startup.h"

namespace linkform::emulator {

namespace {
// httplib gives each connection a thread for as long as it is kept alive, so this is the number of
// connections served at once; a further one waits until a kept-alive one closes (up to 30 s). linkform
// opens up to 64 per host (--parallelism), and an HTTP/2 front end in front of the emulator (the
// benchmark's) up to its own backend bound, with room left for the control API.
constexpr std::size_t kThreads = 128;
constexpr std::size_t kMaxBody = 1024 * 1024;
constexpr int kListenBacklog = 512;

void sleep_ms(int ms) {
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// A reply whose Content-Length promises the whole body but whose connection
// ends halfway: httplib sends the headers, then the provider sends half and
// gives up, and httplib closes the connection.
void set_truncated(httplib::Response& res, const Reply& reply) {
  auto body =
      std::make_shared<std::string>(reply.body.empty() ? std::string(R"({"errors":[]})") : reply.body);
  res.set_content_provider(body->size(), reply.content_type.empty() ? "application/json" : reply.content_type,
                           [body](std::size_t, std::size_t, httplib::DataSink& sink) {
                             sink.write(body->data(), body->size() / 2);
                             return false;
                           });
}

void set_reply(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  if (!reply.body.empty() || !reply.content_type.empty()) res.set_content(reply.body, reply.content_type);
}

// What one faulted or plain vendor request turns into.
struct Outcome {
  Reply reply;
  bool drop = false;
  bool truncate = false;
};

Outcome serve_vendor(EmulatorCore& core, const httplib::Request& req, const VendorHalf& half) {
  std::optional<Fault> fault = core.faults().take(req.method, req.path, core.fault_key(req));
  if (fault && fault->kind == FaultKind::kLatency) {
    sleep_ms(fault->latency_ms);
    fault.reset();
  }
  Outcome out;
  const bool edits =
      fault && (fault->kind == FaultKind::kIgnoreField || fault->kind == FaultKind::kOmitField ||
                fault->kind == FaultKind::kSetField || fault->kind == FaultKind::kIgnoreQuery);
  const bool before = fault && fault->when == FaultTiming::kBefore && !edits;
  if (before) {
    out.reply = EmulatorCore::fault_reply(half, *fault);
  } else if (edits && fault->kind == FaultKind::kIgnoreField) {
    httplib::Request edited = req;
    edited.body = remove_json_field(req.body, fault->field);
    out.reply = core.handle_vendor(edited);
  } else if (edits && fault->kind == FaultKind::kIgnoreQuery) {
    httplib::Request edited = req;
    edited.params.erase(fault->field);
    out.reply = core.handle_vendor(edited);
  } else {
    out.reply = core.handle_vendor(req);
  }
  if (edits && fault->kind == FaultKind::kOmitField)
    out.reply.body = remove_json_field(out.reply.body, fault->field);
  if (edits && fault->kind == FaultKind::kSetField)
    out.reply.body = set_json_field(out.reply.body, fault->field, fault->value);
  if (fault) {
    out.drop = fault->kind == FaultKind::kDrop;
    out.truncate = fault->kind == FaultKind::kTruncate;
    const bool replaces = fault->kind == FaultKind::kStatus || fault->kind == FaultKind::kRateLimit;
    if (!before && replaces) out.reply = EmulatorCore::fault_reply(half, *fault);
  }
  half.finish_reply(out.reply);
  return out;
}

// A request in proxy form ("PUT http://HOST/PATH HTTP/1.1", as a client sends it to an http proxy such as
// a CI system's authentication proxy) as the origin server would see it: the path alone, marked as
// proxied (kProxiedHeader). Any client-sent marker is dropped first, so only the form of the request
// line sets it.
httplib::Request origin_form(const httplib::Request& req) {
  httplib::Request out = req;
  out.headers.erase(kProxiedHeader);
  constexpr std::string_view kScheme = "http://";
  if (!req.path.starts_with(kScheme)) return out;
  const auto slash = req.path.find('/', kScheme.size());
  out.path = slash == std::string::npos ? "/" : req.path.substr(slash);
  const auto target_slash = req.target.find('/', kScheme.size());
  out.target = target_slash == std::string::npos ? "/" : req.target.substr(target_slash);
  out.headers.emplace(kProxiedHeader, req.path.substr(kScheme.size(), slash - kScheme.size()));
  return out;
}

void handle(EmulatorCore& core, const httplib::Request& original, httplib::Response& res,
            bool loopback_only) {
  if (auto refused = refuse_foreign_caller(original, loopback_only)) {
    set_reply(res, *refused);
    return;
  }
  const httplib::Request req = origin_form(original);
  if (EmulatorCore::is_control_path(req.path)) {
    set_reply(res, core.handle_control(req));
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  sleep_ms(core.latency_ms());
  Outcome out = serve_vendor(core, req, core.owner_of(req.path));
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  core.requests().add({req.method, req.target, out.drop ? 0 : out.reply.status,
                       static_cast<long>(elapsed.count()), core.logged_environment(req),
                       req.get_header_value(kProxiedHeader), out.reply.schema_check});
  if (out.drop && shut_down_connection(req)) return;
  set_reply(res, out.reply);
  if (out.truncate || out.drop) {
    // httplib sends res.body in preference to a content provider.
    res.body.clear();
    set_truncated(res, out.reply);
  }
}

Result<EmulatorState> load_start_state(const ServerOptions& o, const Halves& halves) {
  if (!o.seed_file) return default_state(halves);
  return load_state_file(halves, *o.seed_file);
}

Status check_options(const ServerOptions& o) {
  if (!o.allow_non_loopback && !is_loopback_host(o.host)) {
    return fail(Error::invalid("host " + o.host +
                               " is not a loopback address; the emulator has no real authentication, so "
                               "serving other hosts needs allow_non_loopback (--allow-non-loopback)"));
  }
  if (o.port < 0 || o.port > 65535) return fail(Error::invalid("port must be between 0 and 65535"));
  if (o.latency_ms < 0) return fail(Error::invalid("latency must not be negative"));
  return {};
}
}  // namespace

Emulator::Emulator(ServerOptions options) : options_(std::move(options)) {}

Emulator::~Emulator() { stop(); }

Result<std::unique_ptr<Emulator>> Emulator::start(ServerOptions options, const MakeHalves& make_halves) {
  if (auto s = check_options(options); !s) return fail(s.error());
  auto halves = make_halves();
  if (!halves) return fail(halves.error());
  if (!halves->answers_every_path()) return fail(Error::invalid("no vendor half answers every path"));
  auto start_state = load_start_state(options, *halves);
  if (!start_state) return fail(start_state.error());
  EmulatorState current = *start_state;
  if (options.state_file && std::filesystem::exists(*options.state_file)) {
    auto loaded = load_state_file(*halves, *options.state_file);
    if (!loaded) return fail(loaded.error());
    current = std::move(*loaded);
  }
  std::unique_ptr<Emulator> emu(new Emulator(options));
  emu->core_ = std::make_unique<EmulatorCore>(std::move(*halves), std::move(*start_state), std::move(current),
                                              CoreOptions{options.state_file, options.latency_ms});
  // Written at once, so a state file that cannot be written fails the start.
  if (auto s = emu->core_->persist(); !s) return fail(s.error());
  std::signal(SIGPIPE, SIG_IGN);
  if (auto s = emu->listen(); !s) return fail(s.error());
  return emu;
}

namespace {

// The server's limits, keep-alive, socket options, error replies and the one handler for every path.
// `listening` receives the listening socket, which httplib does not expose otherwise.
void configure(httplib::Server& server, const std::shared_ptr<socket_t>& listening, EmulatorCore* core,
               bool loopback_only) {
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server.set_payload_max_length(kMaxBody);
  // Replies go out as headers then body; without this, Nagle's algorithm and
  // delayed ACKs stall every keep-alive reply by tens of milliseconds.
  server.set_tcp_nodelay(true);
  // Like the vendors' front ends, keep a connection open for many requests
  // (httplib's default closes it after 5, which would distort connection counts).
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(30);
  // httplib's default adds SO_REUSEPORT, which lets a second emulator bind the
  // same port and silently take half the requests. Only SO_REUSEADDR here, so
  // a busy port is an error.
  // The callback also sees the listening socket, which httplib does not expose otherwise.
  server.set_socket_options([listening](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *listening = sock;
  });
  // httplib answers some requests itself, before any handler, with an empty body: a POST without a
  // Content-Length (curl -X POST with no -d), a body over the limit. Say what went wrong, in the
  // vendors' error shape.
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string why = "the emulator's HTTP server refused the request (" + std::to_string(res.status) + ")";
    if (res.status == 400 && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      why = "a " + req.method +
            " needs a Content-Length header, also with an empty body (with curl, add -d '')";
    } else if (res.status == 413 &&
               req.get_header_value("Content-Type").starts_with("application/x-www-form-urlencoded")) {
      // httplib parses a form body, and caps it far below kMaxBody: say which limit was hit, and how
      // to send the JSON the emulator reads whatever the content type says.
      why =
          "a body sent as application/x-www-form-urlencoded (what curl -d sends without a Content-Type) "
          "is limited to " +
          std::to_string(CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH) +
          " bytes by the emulator's HTTP server; send it with -H 'Content-Type: application/json' (up "
          "to " +
          std::to_string(kMaxBody) + " bytes)";
    } else if (res.status == 413) {
      why = "the request body is larger than the emulator accepts (" + std::to_string(kMaxBody) + " bytes)";
    }
    res.set_content(errors_body(why), "application/json");
  });
  const auto handler = [core, loopback_only](const httplib::Request& req, httplib::Response& res) {
    handle(*core, req, res, loopback_only);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);
}

}  // namespace

Status Emulator::listen() {
  server_ = std::make_unique<httplib::Server>();
  auto listening = std::make_shared<socket_t>(INVALID_SOCKET);
  configure(*server_, listening, core_.get(), !options_.allow_non_loopback);
  errno = 0;
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
  } else {
    port_ = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    const std::string why = errno != 0 ? std::strerror(errno) : "address not usable";
    return fail(
        Error::io("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + why));
  }
  // Debian's compiled httplib listens with a backlog of 5: when a client opens more connections at once
  // (a plan at --parallelism 32 does), the kernel drops the extra SYNs and the client resends them only
  // after a second. Calling listen() again on a listening socket raises its backlog.
  if (*listening != INVALID_SOCKET) ::listen(*listening, kListenBacklog);
  httplib::Server* server = server_.get();
  thread_ = std::thread([server] { server->listen_after_bind(); });
  // httplib's stop() does nothing until the accept loop runs, so wait for it:
  // after start() returns, stop() always works.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!server_->is_running()) return fail(Error::io("the emulator's server thread did not start"));
  return {};
}

std::string Emulator::base_url() const {
  const bool v6 = options_.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
}

std::string Emulator::startup_text() const {
  return emulator::startup_text(core_->halves(), core_->current_state(), base_url());
}

void Emulator::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace linkform::emulator
