#pragma once
// linkform's one error convention: functions that can fail return Result<T>,
// a std::expected carrying an Error. Exceptions from libraries are caught in
// the one file that calls the library and turned into an Error there.

#include <expected>
#include <string>
#include <utility>

namespace linkform {

enum class ErrorKind {
  kInvalid,      // bad input: configuration, arguments, a reply that breaks the vendor's contract
  kIo,           // a local file could not be read or written
  kTransport,    // no HTTP reply: connection refused, reset, a TLS handshake that broke off
  kTls,          // the server's certificate could not be verified (or the CA bundle not used): never retried
  kTimeout,      // no HTTP reply in time
  kLocal,        // failed on this machine (out of memory, a malformed URL, a reply over the size limit):
                 // sending again cannot help, so it is never retried
  kHttp,         // the server replied with an unexpected status
  kParse,        // a reply that could not be understood
  kNotFound,     // the thing asked for does not exist
  kConflict,     // the server refused a change because of existing state (HTTP 409)
  kInterrupted,  // stopped by SIGINT or SIGTERM
};

struct Error {
  ErrorKind kind = ErrorKind::kInvalid;
  // Names what failed, why, and what to do. Never contains a credential.
  std::string message;
  int http_status = 0;  // set for kHttp, kNotFound and kConflict from an HTTP reply

  static Error invalid(std::string m) { return {ErrorKind::kInvalid, std::move(m), 0}; }
  static Error io(std::string m) { return {ErrorKind::kIo, std::move(m), 0}; }
};

template <class T>
using Result = std::expected<T, Error>;

// For functions that return nothing but can fail.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error e) { return std::unexpected<Error>(std::move(e)); }

// A write that failed with this error may still have happened: no reply or none in time, a 5xx, or a 2xx
// whose body could not be read or kept. Only listing what is there now tells.
inline bool may_have_happened(const Error& e) {
  return e.kind == ErrorKind::kTransport || e.kind == ErrorKind::kTimeout || e.kind == ErrorKind::kParse ||
         e.kind == ErrorKind::kLocal || (e.kind == ErrorKind::kHttp && e.http_status >= 500);
}

}  // namespace linkform
