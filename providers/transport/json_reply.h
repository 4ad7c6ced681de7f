#pragma once
// Defensive reading of vendor JSON replies. A reply is untrusted input: any shape (not JSON, wrong types,
// missing fields, deep nesting) must end as a kParse Error that names the field, never as a crash.

#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace linkform::json {

// Parses a reply body. Uses RapidJSON's iterative parser, so nesting depth cannot exhaust the stack.
// Error: kParse "<what>: the reply is not valid JSON (...)".
Result<rapidjson::Document> parse(std::string_view body, std::string_view what);

// The member `name` of `value`, or nullptr when value is not an object or has no such member.
const rapidjson::Value* member(const rapidjson::Value& value, std::string_view name);

// Reads fields of one object. Each accessor returns a default value on a problem and records the first
// problem; error() then describes it as "<what>: field \"x\" is missing" or "... is not a string".
// Null counts as missing. Unknown fields are ignored.
class FieldReader {
 public:
  FieldReader(const rapidjson::Value& object, std::string what);

  std::string string(std::string_view name);
  std::optional<std::string> optional_string(std::string_view name);
  bool boolean(std::string_view name);
  std::optional<bool> optional_boolean(std::string_view name);
  std::optional<double> optional_number(std::string_view name);
  // An array of strings; missing gives nullopt.
  std::optional<std::vector<std::string>> optional_string_array(std::string_view name);
  // An object whose values are all strings / all booleans; missing gives nullopt.
  std::optional<std::map<std::string, std::string>> optional_string_map(std::string_view name);
  std::optional<std::map<std::string, bool>> optional_bool_map(std::string_view name);
  // A nested object, or nullptr (missing, or wrong type, which is recorded).
  const rapidjson::Value* optional_object(std::string_view name);

  [[nodiscard]] bool ok() const { return !error_; }
  [[nodiscard]] const std::optional<Error>& error() const { return error_; }

 private:
  const rapidjson::Value* lookup(std::string_view name, bool required);
  void wrong_type(std::string_view name, std::string_view expected);

  const rapidjson::Value& object_;
  std::string what_;
  std::optional<Error> error_;
};

// kParse Error "<what>: <problem>".
Error parse_error(std::string_view what, std::string_view problem);

}  // namespace linkform::json
