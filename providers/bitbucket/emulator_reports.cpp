#include "providers/bitbucket/emulator_reports.h"

#include <algorithm>
#include <chrono>
#include <initializer_list>

#include "providers/bitbucket/emulator.h"
#include "providers/emulator/common/json.h"
#include "providers/emulator/common/random.h"

namespace linkform::bitbucket {

using emulator::JsonWriter;
using emulator::Reply;

namespace {

constexpr std::string_view kRepositories = "/2.0/repositories/";
constexpr std::size_t kMaxData = 10;
constexpr std::size_t kMaxAnnotations = 1000;
constexpr std::size_t kMaxPerRequest = 100;

// The parts of a reports path: workspace, repository, "commit", commit, "reports", [id, ["annotations"]].
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  path.remove_prefix(kRepositories.size());
  while (!path.empty()) {
    const auto slash = path.find('/');
    parts.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool one_of(const rapidjson::Value& v, std::initializer_list<std::string_view> allowed) {
  if (!v.IsString()) return false;
  const std::string_view s(v.GetString(), v.GetStringLength());
  return std::find(allowed.begin(), allowed.end(), s) != allowed.end();
}

// The schema's rules for one field: an empty string when it holds, else what is wrong.
std::string check_enum(const rapidjson::Value& obj, const char* key,
                       std::initializer_list<std::string_view> allowed) {
  if (!obj.HasMember(key)) return {};
  if (one_of(obj[key], allowed)) return {};
  std::string list;
  for (auto a : allowed) list.append(list.empty() ? "" : ", ").append(a);
  return std::string(key) + " must be one of " + list;
}

std::string check_strings(const rapidjson::Value& obj, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (obj.HasMember(key) && !obj[key].IsString()) return std::string(key) + " must be a string";
  }
  return {};
}

// #/components/schemas/report_data
std::string check_data(const rapidjson::Value& d) {
  if (!d.IsObject()) return "each data element must be an object";
  if (auto e = check_enum(d, "type", {"BOOLEAN", "DATE", "DURATION", "LINK", "NUMBER", "PERCENTAGE", "TEXT"});
      !e.empty())
    return "data." + e;
  if (auto e = check_strings(d, {"title"}); !e.empty()) return "data." + e;
  if (!d.HasMember("value")) return {};
  const rapidjson::Value& v = d["value"];
  const std::string type = d.HasMember("type") ? d["type"].GetString() : "";
  if ((type == "BOOLEAN" && !v.IsBool()) || (type == "TEXT" && !v.IsString()) ||
      ((type == "NUMBER" || type == "DATE" || type == "DURATION") && !v.IsNumber()) ||
      (type == "PERCENTAGE" && (!v.IsNumber() || v.GetDouble() < 0 || v.GetDouble() > 100)) ||
      (type == "LINK" && (!v.IsObject() || !v.HasMember("href") || !v.HasMember("text"))) ||
      (type.empty() && (v.IsArray() || v.IsObject()))) {
    return "data.value does not fit its type " + (type.empty() ? std::string("(none)") : type);
  }
  return {};
}

// #/components/schemas/report
std::string check_report(const rapidjson::Value& r) {
  if (!r.IsObject()) return "the report must be a JSON object";
  if (auto e = check_strings(r, {"title", "details", "external_id", "reporter", "link", "logo_url"});
      !e.empty())
    return e;
  if (auto e = check_enum(r, "report_type", {"SECURITY", "COVERAGE", "TEST", "BUG"}); !e.empty()) return e;
  if (auto e = check_enum(r, "result", {"PASSED", "FAILED", "PENDING"}); !e.empty()) return e;
  if (r.HasMember("remote_link_enabled") && !r["remote_link_enabled"].IsBool())
    return "remote_link_enabled must be a boolean";
  if (!r.HasMember("data")) return {};
  if (!r["data"].IsArray()) return "data must be an array";
  if (r["data"].Size() > kMaxData) return "data holds at most 10 elements";
  for (const auto& d : r["data"].GetArray()) {
    if (auto e = check_data(d); !e.empty()) return e;
  }
  return {};
}

// #/components/schemas/report_annotation
std::string check_annotation(const rapidjson::Value& a) {
  if (!a.IsObject()) return "each annotation must be a JSON object";
  if (auto e = check_strings(a, {"external_id", "path", "summary", "details", "link"}); !e.empty()) return e;
  if (auto e = check_enum(a, "annotation_type", {"VULNERABILITY", "CODE_SMELL", "BUG"}); !e.empty()) return e;
  if (auto e = check_enum(a, "result", {"PASSED", "FAILED", "SKIPPED", "IGNORED"}); !e.empty()) return e;
  if (auto e = check_enum(a, "severity", {"CRITICAL", "HIGH", "MEDIUM", "LOW"}); !e.empty()) return e;
  if (a.HasMember("line") && (!a["line"].IsInt() || a["line"].GetInt() < 1))
    return "line must be an integer of at least 1";
  if (!a.HasMember("external_id")) return "external_id is required to create or update annotations in bulk";
  return {};
}

Reply invalid(std::string_view schema, const std::string& why) {
  Reply r = BitbucketEmulator::error_reply(400, "Bad request: " + why);
  r.schema_check = std::string(schema) + ": invalid: " + why;
  return r;
}

Reply valid(Reply r, std::string_view schema) {
  r.schema_check = std::string(schema) + ": valid";
  return r;
}

std::string now_text() { return emulator::rfc3339(std::chrono::system_clock::now()); }

// A copy of `body` with the fields Bitbucket adds (type, uuid, times), as its replies carry them.
std::string stored_json(rapidjson::Document& doc, const char* type, const std::string& uuid,
                        const std::string& created) {
  auto& alloc = doc.GetAllocator();
  const auto set = [&](const char* key, const std::string& value) {
    doc.RemoveMember(key);
    doc.AddMember(rapidjson::Value(key, alloc), rapidjson::Value(value.c_str(), alloc), alloc);
  };
  set("type", type);
  set("uuid", uuid);
  set("created_on", created);
  set("updated_on", now_text());
  return emulator::to_json_text(doc);
}

std::string page(const std::vector<std::string>& values) {
  std::string out = R"({"pagelen":100,"page":1,"size":)";
  out.append(std::to_string(values.size())).append(R"(,"values":[)");
  for (std::size_t i = 0; i < values.size(); ++i) out.append(i ? "," : "").append(values[i]);
  return out + "]}";
}

}  // namespace

bool ReportsEmulator::owns_path(std::string_view path) {
  if (!path.starts_with(kRepositories)) return false;
  const auto parts = split_path(path);
  return parts.size() >= 5 && parts[2] == "commit" && parts[4] == "reports";
}

Reply ReportsEmulator::handle(std::string_view method, std::string_view path, std::string_view body,
                              bool authenticated) {
  if (!authenticated) {
    return BitbucketEmulator::error_reply(401,
                                          "Authentication required: send a bearer token, or go through the "
                                          "Pipelines authentication proxy");
  }
  const auto parts = split_path(path);
  const std::string commit_key = parts[0] + "/" + parts[1] + "/" + parts[3];
  if (parts.size() == 5 && method == "GET") return list_reports(commit_key);
  if (parts.size() < 6 || parts[5].empty()) return BitbucketEmulator::error_reply(404, "Resource not found");
  const std::string key = commit_key + "/" + parts[5];
  if (parts.size() == 6) {
    if (method == "PUT") return put_report(key, parts[5], body);
    const auto it = reports_.find(key);
    if (it == reports_.end()) return BitbucketEmulator::error_reply(404, "Report not found");
    if (method == "GET") return emulator::json_reply(200, it->second.json);
    if (method == "DELETE") {
      reports_.erase(it);
      return emulator::empty_reply(204);
    }
  }
  if (parts.size() == 7 && parts[6] == "annotations") {
    if (method == "POST") return post_annotations(key, body);
    if (method == "GET") return list_annotations(key);
  }
  return BitbucketEmulator::error_reply(405, "Method not allowed");
}

Reply ReportsEmulator::put_report(const std::string& key, const std::string& id, std::string_view body) {
  constexpr std::string_view kSchema = "reports.yaml#/components/schemas/report";
  auto doc = emulator::parse_json(body);
  if (!doc) return invalid(kSchema, doc.error().message);
  if (auto why = check_report(*doc); !why.empty()) return invalid(kSchema, why);
  Stored& stored = reports_[key];  // a report that exists keeps its uuid, creation time and annotations
  std::string uuid = std::string("{").append(emulator::random_uuid()).append("}");
  std::string created = now_text();
  if (!stored.json.empty()) {
    auto old = emulator::parse_json(stored.json);
    if (old && old->HasMember("uuid")) uuid = (*old)["uuid"].GetString();
    if (old && old->HasMember("created_on")) created = (*old)["created_on"].GetString();
  }
  if (!doc->HasMember("external_id")) {
    doc->AddMember("external_id", rapidjson::Value(id.c_str(), doc->GetAllocator()), doc->GetAllocator());
  }
  stored.json = stored_json(*doc, "report", uuid, created);
  return valid(emulator::json_reply(200, stored.json), kSchema);
}

Reply ReportsEmulator::post_annotations(const std::string& key, std::string_view body) {
  constexpr std::string_view kSchema = "reports.yaml#/paths/.../annotations/post (report_annotation[1..100])";
  const auto it = reports_.find(key);
  if (it == reports_.end()) return BitbucketEmulator::error_reply(404, "Report not found");
  auto doc = emulator::parse_json(body);
  if (!doc) return invalid(kSchema, doc.error().message);
  if (!doc->IsArray() || doc->Empty())
    return invalid(kSchema, "the body must be an array of 1 to 100 annotations");
  if (doc->Size() > kMaxPerRequest) return invalid(kSchema, "at most 100 annotations per request");
  for (const auto& a : doc->GetArray()) {
    if (auto why = check_annotation(a); !why.empty()) return invalid(kSchema, why);
  }
  auto& annotations = it->second.annotations;
  std::size_t added = 0;
  for (const auto& a : doc->GetArray()) {
    const std::string id = a["external_id"].GetString();
    added +=
        std::none_of(annotations.begin(), annotations.end(), [&](const auto& e) { return e.first == id; });
  }
  if (annotations.size() + added > kMaxAnnotations)
    return invalid(kSchema, "a report holds at most 1000 annotations");
  std::vector<std::string> replies;
  for (auto& a : doc->GetArray()) {
    const std::string id = a["external_id"].GetString();
    rapidjson::Document one;
    one.CopyFrom(a, one.GetAllocator());
    const auto existing =
        std::find_if(annotations.begin(), annotations.end(), [&](const auto& e) { return e.first == id; });
    std::string json = stored_json(one, "report_annotation",
                                   std::string("{").append(emulator::random_uuid()).append("}"), now_text());
    replies.push_back(json);
    if (existing != annotations.end()) {
      existing->second = std::move(json);
    } else {
      annotations.emplace_back(id, std::move(json));
    }
  }
  std::string out = "[";
  for (std::size_t i = 0; i < replies.size(); ++i) out.append(i ? "," : "").append(replies[i]);
  return valid(emulator::json_reply(200, out + "]"), kSchema);
}

Reply ReportsEmulator::list_reports(const std::string& commit_key) const {
  std::vector<std::string> values;
  for (const auto& [key, stored] : reports_) {
    if (key.starts_with(commit_key + "/")) values.push_back(stored.json);
  }
  return emulator::json_reply(200, page(values));
}

Reply ReportsEmulator::list_annotations(const std::string& key) const {
  const auto it = reports_.find(key);
  if (it == reports_.end()) return BitbucketEmulator::error_reply(404, "Report not found");
  std::vector<std::string> values;
  for (const auto& [id, json] : it->second.annotations) values.push_back(json);
  return emulator::json_reply(200, page(values));
}

}  // namespace linkform::bitbucket
