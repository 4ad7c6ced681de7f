#include "providers/transport/json_reply.h"

#include <rapidjson/error/en.h>

#include <utility>

#include "core/json_depth.h"

namespace linkform::json {

Error parse_error(std::string_view what, std::string_view problem) {
  return {ErrorKind::kParse, std::string(what) + ": " + std::string(problem), 0};
}

Result<rapidjson::Document> parse(std::string_view body, std::string_view what) {
  if (!json_depth_within(body)) {
    return fail(parse_error(what, "the reply nests deeper than " + std::to_string(kMaxJsonDepth) +
                                      " levels, which no vendor reply does"));
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError()) {
    return fail(parse_error(what, std::string("the reply is not valid JSON (") +
                                      rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                                      std::to_string(doc.GetErrorOffset()) + ")"));
  }
  return doc;
}

const rapidjson::Value* member(const rapidjson::Value& value, std::string_view name) {
  if (!value.IsObject()) return nullptr;
  const rapidjson::Value key(rapidjson::StringRef(name.data(), name.size()));
  const auto it = value.FindMember(key);
  return it == value.MemberEnd() ? nullptr : &it->value;
}

FieldReader::FieldReader(const rapidjson::Value& object, std::string what)
    : object_(object), what_(std::move(what)) {
  if (!object_.IsObject()) error_ = parse_error(what_, "expected a JSON object");
}

const rapidjson::Value* FieldReader::lookup(std::string_view name, bool required) {
  if (error_) return nullptr;
  const rapidjson::Value* value = member(object_, name);
  if (value != nullptr && value->IsNull()) value = nullptr;
  if (value == nullptr && required)
    error_ = parse_error(what_, "field \"" + std::string(name) + "\" is missing");
  return value;
}

void FieldReader::wrong_type(std::string_view name, std::string_view expected) {
  if (!error_)
    error_ = parse_error(what_, "field \"" + std::string(name) + "\" is not " + std::string(expected));
}

std::string FieldReader::string(std::string_view name) {
  const auto* v = lookup(name, true);
  if (v == nullptr) return {};
  if (!v->IsString()) {
    wrong_type(name, "a string");
    return {};
  }
  return {v->GetString(), v->GetStringLength()};
}

std::optional<std::string> FieldReader::optional_string(std::string_view name) {
  const auto* v = lookup(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) {
    wrong_type(name, "a string");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

bool FieldReader::boolean(std::string_view name) {
  const auto* v = lookup(name, true);
  if (v == nullptr) return false;
  if (!v->IsBool()) {
    wrong_type(name, "a boolean");
    return false;
  }
  return v->GetBool();
}

std::optional<bool> FieldReader::optional_boolean(std::string_view name) {
  const auto* v = lookup(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->IsBool()) {
    wrong_type(name, "a boolean");
    return std::nullopt;
  }
  return v->GetBool();
}

std::optional<double> FieldReader::optional_number(std::string_view name) {
  const auto* v = lookup(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->IsNumber()) {
    wrong_type(name, "a number");
    return std::nullopt;
  }
  return v->GetDouble();
}

std::optional<std::vector<std::string>> FieldReader::optional_string_array(std::string_view name) {
  const auto* v = lookup(name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->IsArray()) {
    wrong_type(name, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->GetArray()) {
    if (!item.IsString()) {
      wrong_type(name, "an array of strings");
      return std::nullopt;
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

std::optional<std::map<std::string, std::string>> FieldReader::optional_string_map(std::string_view name) {
  const auto* v = lookup(name, false);
  if (v == nullptr) return std::nullopt;
  std::map<std::string, std::string> out;
  if (v->IsObject()) {
    for (const auto& m : v->GetObject()) {
      if (!m.value.IsString()) {
        wrong_type(name, "an object of strings");
        return std::nullopt;
      }
      out[std::string(m.name.GetString(), m.name.GetStringLength())] =
          std::string(m.value.GetString(), m.value.GetStringLength());
    }
    return out;
  }
  wrong_type(name, "an object of strings");
  return std::nullopt;
}

std::optional<std::map<std::string, bool>> FieldReader::optional_bool_map(std::string_view name) {
  const auto* v = lookup(name, false);
  if (v == nullptr) return std::nullopt;
  std::map<std::string, bool> out;
  if (v->IsObject()) {
    for (const auto& m : v->GetObject()) {
      if (!m.value.IsBool()) {
        wrong_type(name, "an object of booleans");
        return std::nullopt;
      }
      out[std::string(m.name.GetString(), m.name.GetStringLength())] = m.value.GetBool();
    }
    return out;
  }
  wrong_type(name, "an object of booleans");
  return std::nullopt;
}

const rapidjson::Value* FieldReader::optional_object(std::string_view name) {
  const auto* v = lookup(name, false);
  if (v == nullptr) return nullptr;
  if (!v->IsObject()) {
    wrong_type(name, "an object");
    return nullptr;
  }
  return v;
}

}  // namespace linkform::json
