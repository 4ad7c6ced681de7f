#include "providers/bitbucket/code_insights.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "core/plan_file.h"
#include "core/redaction.h"
#include "core/report.h"
#include "core/url.h"
#include "providers/bitbucket/replies.h"

namespace linkform::bitbucket {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Masked first, then cut at a character boundary, with "…" where it was cut.
std::string clean(const std::string& text, std::size_t max_chars) {
  std::string masked = redact_known(text);
  if (masked.size() <= max_chars) return masked;
  std::size_t cut = max_chars - 3;
  while (cut > 0 && (static_cast<unsigned char>(masked[cut]) & 0xC0) == 0x80) --cut;
  masked.resize(cut);
  return masked + "\xE2\x80\xA6";
}

// Slugs and commit hashes go into a URL path: only the characters Bitbucket uses in them.
bool is_path_safe(const std::string& s) {
  return !s.empty() && s.size() <= 200 &&
         std::all_of(s.begin(), s.end(),
                     [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                              c == '.' || c == '{' || c == '}';
                     }) &&
         s != "." && s != "..";
}

const char* severity_of(Action action) {
  switch (action) {
    case Action::kDelete:
    case Action::kReplace:  // it destroys an object too
      return "HIGH";
    case Action::kUpdate:
    case Action::kManual:
      return "MEDIUM";
    default:
      return "LOW";
  }
}

// What a text reporter shows under a change: its attributes, notes and numbered steps.
std::string change_details(const ResourceChange& change) {
  std::string out;
  for (const auto& a : change.attributes) {
    if (!a.changed) continue;
    out += a.name + ": " + attribute_text(a) + "\n";
  }
  for (const auto& note : change.notes) out += note + "\n";
  int n = 0;
  for (const auto& step : change.steps) out += std::to_string(++n) + ". " + step + "\n";
  for (const auto& d : change.depends_on) out += "waits for " + d.str() + "\n";
  if (!out.empty()) out.pop_back();
  return out;
}

int line_of(const std::map<Address, int>& lines, const Address& address) {
  if (const auto it = lines.find(address); it != lines.end()) return it->second;
  if (const auto it = lines.find({address.type, address.name, ""}); it != lines.end()) return it->second;
  return 0;
}

void write_string(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string error_of(const HttpRequest& request, const HttpResponse& reply) {
  std::string path = request.url;
  if (const auto p = path.find("/2.0/"); p != std::string::npos) path = path.substr(p);
  std::string message = request.method + " " + path + " returned " + std::to_string(reply.status);
  const std::string vendor = vendor_message(reply.body);
  return clean(vendor.empty() ? message : message + ": " + vendor, kMaxDetailsChars);
}

}  // namespace

Result<InsightsTarget> insights_target(const Environment& env) {
  InsightsTarget t;
  std::string missing;
  const auto need = [&](const char* name, std::string& into) {
    const auto value = env.get(name);
    if (!value || value->empty()) {
      missing.append(missing.empty() ? "" : ", ").append(name);
      return;
    }
    into = *value;
  };
  need("BITBUCKET_WORKSPACE", t.workspace);
  need("BITBUCKET_REPO_SLUG", t.repo);
  need("BITBUCKET_COMMIT", t.commit);
  const auto build = env.get("BITBUCKET_BUILD_NUMBER");
  const bool in_pipelines = build && !build->empty();
  const auto token = env.get(kInsightsTokenVariable);
  if (!in_pipelines && (!token || token->empty())) {
    return fail(Error::invalid(
        "--code-insights: not inside Bitbucket Pipelines (BITBUCKET_BUILD_NUMBER is not set) and " +
        std::string(kInsightsTokenVariable) +
        " is not set; outside Pipelines a report needs a bearer token with write access to the repository"));
  }
  if (!missing.empty()) {
    return fail(Error::invalid("--code-insights: " + missing +
                               (missing.find(',') == std::string::npos ? " is" : " are") +
                               " not set (Bitbucket Pipelines sets them; elsewhere set them to the "
                               "repository and the commit the report is for)"));
  }
  for (const std::string* part : {&t.workspace, &t.repo, &t.commit}) {
    if (!is_path_safe(*part)) {
      return fail(Error::invalid(std::string("--code-insights: \"") + clean(*part, 80) +
                                 "\" is not a workspace, repository or commit Bitbucket would name"));
    }
  }
  const auto api = env.get("LINKFORM_BITBUCKET_API_URL");
  if (token && !token->empty()) {
    t.token = Secret(*token);
    t.api_url = api && !api->empty() ? *api : "https://api.bitbucket.org";
  } else {
    // Through the proxy the request is plain http to api.bitbucket.org; the proxy adds the credential.
    t.api_url = "http://api.bitbucket.org";
    const auto proxy = env.get(kInsightsProxyVariable);
    t.proxy = proxy && !proxy->empty() ? *proxy : kPipelinesProxy;
    const auto parsed = parse_url(t.proxy);
    if (!parsed || parsed->scheme != "http" || !is_loopback_host(parsed->host)) {
      return fail(Error::invalid(std::string("--code-insights: ") + kInsightsProxyVariable +
                                 " must be an http:// URL on loopback (the Pipelines proxy runs there)"));
    }
    t.link = "https://bitbucket.org/" + t.workspace + "/" + t.repo + "/pipelines/results/" + *build;
  }
  return t;
}

std::string report_id(const std::string& config_path) {
  return std::string("linkform-").append(sha256_hex(config_path).substr(0, 12));
}

namespace {

// The report's text: how an apply ended, what the plan comes to (never "No changes" for a plan whose reads
// failed), then its warnings and errors.
std::string plan_details(const Plan& plan, const ReportContext& context) {
  const PlanSummary s = plan.summary();
  const std::string incomplete = incomplete_sentence(plan);
  std::string details = !s.empty() ? summary_line(s) + (incomplete.empty() ? "" : "\n" + incomplete)
                        : !incomplete.empty() ? incomplete
                                              : std::string("No changes. ") + matches_sentence(plan);
  if (!context.outcome.empty()) details = context.outcome + "\n" + details;
  for (const auto& w : plan.warnings) details += "\nWarning: " + w;
  for (const auto& e : plan.errors) details += "\nError: " + e;
  return details;
}

}  // namespace

Report plan_report(const Plan* plan, const ReportContext& context) {
  Report r;
  r.id = report_id(context.config_path);
  r.title = "linkform " + context.command;
  r.failed = context.failed || (plan != nullptr && !plan->errors.empty());
  r.config_path = context.config_path;
  r.link = context.link;
  std::string details = plan == nullptr ? std::string() : plan_details(*plan, context);
  if (plan != nullptr) {
    const PlanSummary s = plan->summary();
    r.counts = {{"To add", s.add},
                {"To change", s.change},
                {"To destroy", s.destroy},
                {"Manual", s.manual},
                {"Blocked", s.blocked}};
  }
  for (const auto& f : context.failures) details += "\nError: " + f;
  if (r.failed && plan == nullptr && context.failures.empty()) details = "The configuration has errors.";
  r.details = clean(details, kMaxDetailsChars);

  const auto add = [&](Annotation a) {
    a.external_id = r.id + "-" + std::to_string(r.annotations.size() + 1);
    a.summary = clean(a.summary, kMaxSummaryChars);
    a.details = clean(a.details, kMaxDetailsChars);
    r.annotations.push_back(std::move(a));
  };
  for (const auto& d : context.diagnostics) {
    const bool error = d.severity == Severity::kError;
    add({{},
         (error ? "error: " : "warning: ") + d.message,
         {},
         error ? "HIGH" : "LOW",
         error ? "FAILED" : "",
         context.config_path,
         d.where.line});
  }
  if (plan != nullptr) {
    for (const auto& c : plan->changes) {
      if (c.action == Action::kNoop) continue;
      const std::string label = c.address.label(plan->show_environments);
      add({{},
           label + " " + c.headline,
           change_details(c),
           severity_of(c.action),
           {},
           context.config_path,
           line_of(context.lines, c.address)});
    }
  }
  if (r.annotations.size() > kMaxAnnotations) {
    const std::size_t left = r.annotations.size() - kMaxAnnotations;
    r.annotations.resize(kMaxAnnotations);
    r.details = clean(r.details + "\n(" + std::to_string(left) + " more changes are not annotated)",
                      kMaxDetailsChars);
  }
  return r;
}

std::string report_body(const Report& report) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  write_string(w, "title", report.title);
  write_string(w, "details", report.details);
  write_string(w, "external_id", report.id);
  write_string(w, "reporter", "linkform");
  write_string(w, "report_type", "TEST");
  write_string(w, "result", report.failed ? "FAILED" : "PASSED");
  if (!report.link.empty()) write_string(w, "link", report.link);
  w.Key("data");
  w.StartArray();
  std::size_t fields = 0;
  for (const auto& [title, value] : report.counts) {
    if (++fields > kMaxDataFields - 1) break;
    w.StartObject();
    write_string(w, "title", title);
    write_string(w, "type", "NUMBER");
    w.Key("value");
    w.Int64(value);
    w.EndObject();
  }
  w.StartObject();
  write_string(w, "title", "Configuration");
  write_string(w, "type", "TEXT");
  write_string(w, "value", clean(report.config_path, 200));
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

std::vector<std::string> annotation_bodies(const Report& report) {
  std::vector<std::string> bodies;
  for (std::size_t first = 0; first < report.annotations.size(); first += kAnnotationsPerRequest) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartArray();
    const std::size_t end = std::min(report.annotations.size(), first + kAnnotationsPerRequest);
    for (std::size_t i = first; i < end; ++i) {
      const Annotation& a = report.annotations[i];
      w.StartObject();
      write_string(w, "external_id", a.external_id);
      write_string(w, "annotation_type", "CODE_SMELL");
      write_string(w, "summary", a.summary);
      if (!a.details.empty()) write_string(w, "details", a.details);
      write_string(w, "severity", a.severity);
      if (!a.result.empty()) write_string(w, "result", a.result);
      if (!a.path.empty()) write_string(w, "path", a.path);
      if (!a.path.empty() && a.line > 0) {
        w.Key("line");
        w.Int(a.line);
      }
      w.EndObject();
    }
    w.EndArray();
    bodies.emplace_back(buf.GetString());
  }
  return bodies;
}

Status publish_report(HttpTransport& transport, const InsightsTarget& target, const Report& report) {
  const std::string base =
      join_url(target.api_url, "/2.0/repositories/" + target.workspace + "/" + target.repo + "/commit/" +
                                   target.commit + "/reports/" + report.id);
  const auto send = [&](const std::string& method, const std::string& url, std::string body,
                        std::initializer_list<int> ok) -> Status {
    HttpRequest request{method, url, {{"Accept", "application/json"}}, std::move(body), "code-insights"};
    if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    if (target.token) request.headers.emplace_back("Authorization", "Bearer " + target.token->reveal());
    request.proxy = target.proxy;
    auto reply = transport.send(request);
    if (!reply) return fail(reply.error());
    if (std::find(ok.begin(), ok.end(), reply->status) == ok.end())
      return fail({ErrorKind::kHttp, error_of(request, *reply), reply->status});
    return {};
  };
  if (auto s = send("DELETE", base, {}, {200, 204, 404}); !s) return s;
  if (auto s = send("PUT", base, report_body(report), {200, 201}); !s) return s;
  for (auto& body : annotation_bodies(report)) {
    if (auto s = send("POST", base + "/annotations", std::move(body), {200, 201}); !s) return s;
  }
  return {};
}

}  // namespace linkform::bitbucket
