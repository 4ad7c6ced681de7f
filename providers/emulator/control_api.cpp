// The control API under /_emulator/: seeding, the state, the request log,
// faults and latency, and under /_emulator/<key>/ each half's own routes
// (what a person does in the vendor's UI). JSON in and out, no auth,
// errors as {"errors":[...]}. Control requests are not logged and never
// faulted or delayed.

#include "providers/emulator/common/json.h"
#include "providers/emulator/core.h"

namespace linkform::emulator {

namespace {
Reply control_error(int status, std::string_view message) { return json_reply(status, errors_body(message)); }

Reply no_such_endpoint(const httplib::Request& req) {
  return control_error(404, "no control endpoint " + req.method + " " + req.path);
}
}  // namespace

Reply EmulatorCore::handle_control(const httplib::Request& req) {
  const std::string_view path = std::string_view(req.path).substr(std::string_view("/_emulator").size());
  const std::string& m = req.method;
  if (path == "/health" && m == "GET") return json_reply(200, R"({"ok":true})");
  // /<key>/...: the control routes of the half with that key.
  if (const auto slash = path.find('/', 1); path.starts_with("/") && slash != std::string_view::npos) {
    if (VendorHalf* half = halves_.with_key(path.substr(1, slash - 1))) {
      return control_of_half(*half, req, path.substr(slash));
    }
  }
  if (path == "/state" && m == "GET") {
    std::lock_guard lock(mutex_);
    return json_reply(200, state_json(snapshot()));
  }
  if (path == "/seed" && m == "POST") return control_seed(req);
  if (path == "/reset" && m == "POST") {
    return serialised(nullptr, true, [&] {
      replace(start_);
      Reply r = json_reply(200, R"({"reset":true})");
      r.changed = true;
      return r;
    });
  }
  if (path == "/requests" && m == "GET") return json_reply(200, requests_.list_json());
  if (path == "/requests" && m == "DELETE") {
    requests_.clear();
    return empty_reply(204);
  }
  if (path == "/faults") return control_faults(req);
  if (path == "/latency") return control_latency(req);
  return no_such_endpoint(req);
}

Reply EmulatorCore::control_of_half(VendorHalf& half, const httplib::Request& req, std::string_view rest) {
  const bool may_change = req.method != "GET" && req.method != "HEAD";
  return serialised(&half, may_change, [&] {
    std::optional<Reply> reply = half.control(req, rest);
    return reply ? std::move(*reply) : no_such_endpoint(req);
  });
}

Reply EmulatorCore::control_seed(const httplib::Request& req) {
  auto state = parse_state(halves_, req.body);
  if (!state) return control_error(400, "seed refused: " + state.error().message);
  return serialised(nullptr, true, [&] {
    replace(*state);
    Reply r = json_reply(200, R"({"seeded":true})");
    r.changed = true;
    return r;
  });
}

Reply EmulatorCore::control_faults(const httplib::Request& req) {
  if (req.method == "GET") return json_reply(200, faults_.list_json());
  if (req.method == "DELETE") {
    faults_.clear();
    return empty_reply(204);
  }
  if (req.method != "POST") return no_such_endpoint(req);
  auto fault = parse_fault(req.body);
  if (!fault) return control_error(400, fault.error().message);
  const std::string id = faults_.add(*fault);
  return json_reply(201, "{\"id\":" + json_quote(id) + "}");
}

Reply EmulatorCore::control_latency(const httplib::Request& req) {
  if (req.method == "GET") return json_reply(200, "{\"ms\":" + std::to_string(latency_ms_.load()) + "}");
  if (req.method != "POST") return no_such_endpoint(req);
  auto doc = parse_json_object(req.body);
  if (!doc) return control_error(400, doc.error().message);
  auto ms = optional_int(*doc, "ms");
  if (!ms) return control_error(400, ms.error().message);
  if (!ms->has_value() || **ms < 0 || **ms > 600000)
    return control_error(400, "ms must be between 0 and 600000");
  latency_ms_.store(**ms);
  return json_reply(200, "{\"ms\":" + std::to_string(**ms) + "}");
}

}  // namespace linkform::emulator
