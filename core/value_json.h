#pragma once
// A plan value as JSON, the one way `--json` and saved plans write it: a string, a boolean, an array of
// strings, or null (for none, absent and unknown; a caller that leaves absent or unknown values out checks
// first).

#include "core/plan.h"

namespace linkform {

template <class Writer>
void write_json_value(Writer& w, const Value& v) {
  switch (v.kind) {
    case Value::Kind::kAbsent:
    case Value::Kind::kNone:
    case Value::Kind::kUnknown:
      w.Null();
      return;
    case Value::Kind::kBool:
      w.Bool(v.flag);
      return;
    case Value::Kind::kString:
      w.String(v.text);
      return;
    case Value::Kind::kList:
      w.StartArray();
      for (const auto& item : v.items) w.String(item);
      w.EndArray();
      return;
  }
}

}  // namespace linkform
