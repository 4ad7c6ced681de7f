#pragma once
// Injected faults: the control API adds them, the server consumes them as
// matching vendor requests arrive. Thread-safe.

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace linkform::emulator {

enum class FaultKind {
  kStatus,     // reply with `status` and a vendor-shaped error body
  kRateLimit,  // 429 as the vendor sends it
  kDrop,       // close the connection without any reply
  kTruncate,   // a reply whose body is cut in the middle
  kLatency,    // delay the reply by latency_ms, then answer normally
  // A vendor that silently drops a field: the request is handled as if its JSON body lacked `field`
  // (a create or PATCH answered 2xx that does not store it). The reply is the vendor's own.
  kIgnoreField,
  // A reply that lacks a field: `field` is removed from the vendor's JSON reply (from every element of
  // an array reply).
  kOmitField,
  // A reply whose field says something else: the top-level `field` of the vendor's JSON object reply is
  // set to the string `value` (added when absent), e.g. a token reply's "scope" as granular names.
  kSetField,
  // A vendor that ignores a query parameter: the request is handled as if its query lacked `field`
  // (e.g. a connector list that does not filter by `appId`).
  kIgnoreQuery,
};

// kBefore: the fault replaces the request; the vendor half never sees it.
// kAfter: the vendor half handles the request (a write is applied), then the
// fault replaces or spoils the reply: the ambiguous failure clients must survive.
enum class FaultTiming { kBefore, kAfter };

struct Fault {
  std::string id;
  FaultKind kind = FaultKind::kStatus;
  std::string method = "*";   // upper-case method or "*"
  std::string path = "*";     // glob over the path without query; '*' matches any run, '/' included
  int remaining = 1;          // matching requests still to be spoiled
  int skip = 0;               // matching requests to let through before the first spoiled one
  int status = 503;           // kStatus (also the status of a kTruncate before the change)
  int reset_after_ms = 1000;  // kRateLimit
  int latency_ms = 0;         // kLatency
  std::string field;          // kIgnoreField, kOmitField: a dotted path, e.g. "configuration.scopes";
                              // kIgnoreQuery: a query parameter's name
  std::string value;          // kSetField: the string the field is set to
  std::string consumer_key;   // when set, only requests whose fault key (VendorHalf::fault_key) is this match
  FaultTiming when = FaultTiming::kBefore;
};

// Parses a POST /_emulator/faults body; the id is left empty.
Result<Fault> parse_fault(std::string_view body);
std::string fault_kind_name(FaultKind kind);

bool glob_match(std::string_view pattern, std::string_view text);

// `json_text` without the member at the dotted `path` (in every element of an array on the way); the
// text unchanged when it is not JSON or has no such member.
std::string remove_json_field(std::string_view json_text, std::string_view path);
// `json_text` with its top-level member `field` set to the string `value`; unchanged when it is not a
// JSON object.
std::string set_json_field(std::string_view json_text, std::string_view field, std::string_view value);

class FaultTable {
 public:
  // Stores the fault and returns its new id.
  std::string add(Fault fault);
  // The first active fault matching the request, with one count consumed; a
  // fault whose count reaches zero is removed.
  // consumer_key: the request's fault key (EmulatorCore::fault_key), empty when it has none.
  std::optional<Fault> take(std::string_view method, std::string_view path,
                            std::string_view consumer_key = {});
  // JSON array of the active faults, with their remaining counts.
  std::string list_json() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<Fault> faults_;
  int next_id_ = 1;
};

}  // namespace linkform::emulator
