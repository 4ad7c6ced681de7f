#pragma once
// RapidJSON helpers shared by the emulator halves: typed field access that
// reports what is wrong, and a writer that produces compact JSON text.

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace linkform::emulator {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Parses text into a document; kInvalid with the parser's offset on failure.
Result<rapidjson::Document> parse_json(std::string_view text);
Result<rapidjson::Document> parse_json_object(std::string_view text);

// Field access. Each returns nullopt when the field is absent and an error
// naming the field when it is present with the wrong type.
Result<std::optional<std::string>> optional_string(const rapidjson::Value& obj, const char* key);
Result<std::optional<bool>> optional_bool(const rapidjson::Value& obj, const char* key);
Result<std::optional<int>> optional_int(const rapidjson::Value& obj, const char* key);
Result<std::optional<std::vector<std::string>>> optional_strings(const rapidjson::Value& obj,
                                                                 const char* key);
// The field, serialised back to JSON text, when it is an object.
Result<std::optional<std::string>> optional_object_text(const rapidjson::Value& obj, const char* key);

// Same, but absence is an error ("<key> is required").
Result<std::string> required_string(const rapidjson::Value& obj, const char* key);

std::string to_json_text(const rapidjson::Value& value);

// Writes a string field: Key + String.
void write_field(JsonWriter& w, const char* key, std::string_view value);
void write_strings(JsonWriter& w, const char* key, const std::vector<std::string>& values);
// Writes raw JSON text as the value of key (the text must be valid JSON).
void write_raw_field(JsonWriter& w, const char* key, std::string_view json_text);

// A JSON string literal for value, quotes and escapes included.
std::string json_quote(std::string_view value);

// {"errors":["message"]}, Frontegg's error body and the control API's.
std::string errors_body(std::string_view message);

// RFC 3339 with milliseconds in UTC, e.g. 2024-01-15T10:30:00.000Z.
std::string rfc3339(std::chrono::system_clock::time_point t);

}  // namespace linkform::emulator
