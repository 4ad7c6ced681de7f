// The control API under /_emulator/: what a person does in Bitbucket's UI,
// seeding, the request log, faults and latency. JSON in and out, no auth,
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
  if (path.starts_with("/bitbucket/consumers")) {
    return control_consumers(req, path.substr(std::string_view("/bitbucket/consumers").size()));
  }
  if (path == "/frontegg/connectors" && m == "GET") {
    std::lock_guard lock(mutex_);
    return frontegg_.stored_connectors(req.get_param_value("environment"));
  }
  constexpr std::string_view kConnector = "/frontegg/connectors/";
  if (path.starts_with(kConnector) && m == "PATCH") {
    const std::string id(path.substr(kConnector.size()));
    return serialised(Vendor::kFrontegg, true, [&] {
      return frontegg_.edit_stored_connector(req.get_param_value("environment"), id, req);
    });
  }
  if (path == "/state" && m == "GET") {
    std::lock_guard lock(mutex_);
    return json_reply(200, state_json(snapshot()));
  }
  if (path == "/seed" && m == "POST") return control_seed(req);
  if (path == "/reset" && m == "POST") {
    return serialised(Vendor::kFrontegg, true, [&] {
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

Reply EmulatorCore::control_consumers(const httplib::Request& req, std::string_view rest) {
  const std::string& m = req.method;
  if (rest.empty() || rest == "/") {
    if (m == "GET") {
      std::lock_guard lock(mutex_);
      return bitbucket_.list_consumers();
    }
    if (m == "POST") {
      return serialised(Vendor::kBitbucket, true, [&] { return bitbucket_.create_consumer(req.body); });
    }
    return no_such_endpoint(req);
  }
  rest.remove_prefix(1);
  constexpr std::string_view kRegenerate = "/regenerate-secret";
  if (rest.ends_with(kRegenerate) && m == "POST") {
    const std::string key(rest.substr(0, rest.size() - kRegenerate.size()));
    return serialised(Vendor::kBitbucket, true, [&] { return bitbucket_.regenerate_secret(key); });
  }
  if (rest.find('/') != std::string_view::npos) return no_such_endpoint(req);
  const std::string key(rest);
  if (m == "PATCH") {
    return serialised(Vendor::kBitbucket, true, [&] { return bitbucket_.update_consumer(key, req.body); });
  }
  if (m == "DELETE")
    return serialised(Vendor::kBitbucket, true, [&] { return bitbucket_.delete_consumer(key); });
  return no_such_endpoint(req);
}

Reply EmulatorCore::control_seed(const httplib::Request& req) {
  auto state = parse_state(req.body);
  if (!state) return control_error(400, "seed refused: " + state.error().message);
  return serialised(Vendor::kFrontegg, true, [&] {
    replace(std::move(*state));
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
