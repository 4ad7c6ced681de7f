#pragma once
// What a vendor half or the control API hands back to the server for one
// request. Kept free of httplib so halves can be tested as plain functions.

#include <string>
#include <utility>
#include <vector>

namespace linkform::emulator {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // True when the request changed the state; the server then writes the
  // state file. A handler sets it only after the whole change is applied.
  bool changed = false;
  // What the body was checked against and the verdict ("reports.yaml#/...: valid"), for the request log.
  std::string schema_check = {};
};

inline Reply json_reply(int status, std::string body) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

inline Reply empty_reply(int status) {
  Reply r;
  r.status = status;
  r.content_type.clear();
  return r;
}

}  // namespace linkform::emulator
