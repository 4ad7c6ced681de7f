#include "providers/emulator/common/json.h"

#include <rapidjson/error/en.h>

#include <cstdio>
#include <ctime>

#include "core/json_depth.h"

namespace linkform::emulator {

Result<rapidjson::Document> parse_json(std::string_view text) {
  // Refused before parsing: a document nested a million levels deep would exhaust the stack when it is
  // destroyed or written, and anyone on this machine can send one.
  if (!json_depth_within(text)) {
    return fail(Error::invalid("body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return fail(Error::invalid(std::string("body is not valid JSON: ") +
                               rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                               std::to_string(doc.GetErrorOffset())));
  }
  return doc;
}

Result<rapidjson::Document> parse_json_object(std::string_view text) {
  auto doc = parse_json(text);
  if (doc && !doc->IsObject()) return fail(Error::invalid("body must be a JSON object"));
  return doc;
}

namespace {
const rapidjson::Value* member(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  const auto it = obj.FindMember(key);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

Error wrong_type(const char* key, const char* type) {
  return Error::invalid(std::string(key) + " must be " + type);
}
}  // namespace

Result<std::optional<std::string>> optional_string(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr) return std::optional<std::string>{};
  if (!v->IsString()) return fail(wrong_type(key, "a string"));
  return std::optional<std::string>(std::string(v->GetString(), v->GetStringLength()));
}

Result<std::optional<bool>> optional_bool(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr) return std::optional<bool>{};
  if (!v->IsBool()) return fail(wrong_type(key, "a boolean"));
  return std::optional<bool>(v->GetBool());
}

Result<std::optional<int>> optional_int(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr) return std::optional<int>{};
  if (!v->IsInt()) return fail(wrong_type(key, "an integer"));
  return std::optional<int>(v->GetInt());
}

Result<std::optional<std::vector<std::string>>> optional_strings(const rapidjson::Value& obj,
                                                                 const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr) return std::optional<std::vector<std::string>>{};
  if (!v->IsArray()) return fail(wrong_type(key, "an array of strings"));
  std::vector<std::string> out;
  for (const auto& item : v->GetArray()) {
    if (!item.IsString()) return fail(wrong_type(key, "an array of strings"));
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::optional<std::string>> optional_object_text(const rapidjson::Value& obj, const char* key) {
  const auto* v = member(obj, key);
  if (v == nullptr) return std::optional<std::string>{};
  if (!v->IsObject()) return fail(wrong_type(key, "an object"));
  return std::optional<std::string>(to_json_text(*v));
}

Result<std::string> required_string(const rapidjson::Value& obj, const char* key) {
  auto v = optional_string(obj, key);
  if (!v) return fail(v.error());
  if (!v->has_value()) return fail(Error::invalid(std::string(key) + " is required"));
  return std::move(**v);
}

std::string to_json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  value.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

void write_field(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_strings(JsonWriter& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const auto& v : values) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}

void write_raw_field(JsonWriter& w, const char* key, std::string_view json_text) {
  w.Key(key);
  w.RawValue(json_text.data(), json_text.size(), rapidjson::kObjectType);
}

std::string json_quote(std::string_view value) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  return buf.GetString();
}

std::string errors_body(std::string_view message) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  write_strings(w, "errors", {std::string(message)});
  w.EndObject();
  return buf.GetString();
}

std::string rfc3339(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(t);
  const std::time_t secs = std::chrono::system_clock::to_time_t(ms);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[40];
  const auto millis = static_cast<int>((ms.time_since_epoch() % std::chrono::seconds(1)).count());
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", millis);
  return buf;
}

}  // namespace linkform::emulator
