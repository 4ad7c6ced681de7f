#pragma once
// Bitbucket's Code Insights endpoints in the emulator (spec: Bitbucket's reports.yaml):
//   GET    /2.0/repositories/{ws}/{repo}/commit/{commit}/reports
//   PUT    .../reports/{id}               create or replace a report (its annotations are kept)
//   GET    .../reports/{id}
//   DELETE .../reports/{id}               the report and its annotations
//   POST   .../reports/{id}/annotations   bulk create or update, 1 to 100 per request, by external_id
//   GET    .../reports/{id}/annotations
// Bodies are checked against the spec's schemas (types, enums, at most 10 data fields, at most 1000
// annotations per report, 100 per request); a body that breaks them gets Bitbucket's 400 error object,
// and every reply says in Reply::schema_check what was checked, for the request log.
//
// Authentication as Bitbucket asks for it: a bearer token (any; the emulator issues no repository
// tokens), or the request came through the Pipelines authentication proxy, which adds the credential.
// Reports live in memory only. Not thread-safe (the server serialises calls).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "providers/emulator/common/reply.h"

namespace linkform::bitbucket {

class ReportsEmulator {
 public:
  // True for /2.0/repositories/{ws}/{repo}/commit/{commit}/reports[...].
  static bool owns_path(std::string_view path);

  // authenticated: a bearer token was sent, or the request came through the proxy.
  emulator::Reply handle(std::string_view method, std::string_view path, std::string_view body,
                         bool authenticated);

  void clear() { reports_.clear(); }

 private:
  struct Stored {
    std::string json;                                              // the report as a GET returns it
    std::vector<std::pair<std::string, std::string>> annotations;  // external_id -> annotation JSON
  };

  emulator::Reply put_report(const std::string& key, const std::string& id, std::string_view body);
  emulator::Reply post_annotations(const std::string& key, std::string_view body);
  [[nodiscard]] emulator::Reply list_reports(const std::string& commit_key) const;
  [[nodiscard]] emulator::Reply list_annotations(const std::string& key) const;

  std::map<std::string, Stored> reports_;  // "{ws}/{repo}/{commit}/{id}"
};

}  // namespace linkform::bitbucket
