#pragma once
// One vendor's half of linkform-emulator, as the emulator's core sees it (ARCHITECTURE.md, layers). The
// core, the server, the control API and the state file know a vendor only through this interface; the
// composition (providers/emulator_halves.cpp) is the one place that names the halves, so a new vendor is
// one new half and one line there.
//
// A half is not thread-safe: the core calls handle, control, snapshot and restore under one mutex. The
// other functions read nothing a request changes, and are called without it.

#include <httplib.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "providers/emulator/common/json.h"
#include "providers/emulator/common/reply.h"

namespace linkform::emulator {

// A request header the server adds to a request that came in proxy form (an absolute URL, as a client
// sends it to an http proxy), holding the host the URL named; a client's own header of this name is
// dropped first. The request log records it; a half may read it.
inline constexpr const char* kProxiedHeader = "X-Linkform-Emulator-Proxied";

// One half's section of the state, never changed once made: what reset, undo and the state file keep.
class HalfState {
 public:
  virtual ~HalfState() = default;
  // The section as one JSON value, secrets included (it is the state file).
  virtual void write(JsonWriter& w) const = 0;
};

// A half's section held as its own type T, written by Write. `of` reads it back from a HalfState the same
// half made.
template <typename T, void (*Write)(const T&, JsonWriter&)>
class SectionState final : public HalfState {
 public:
  explicit SectionState(T value) : value_(std::move(value)) {}
  void write(JsonWriter& w) const override { Write(value_, w); }
  [[nodiscard]] const T& value() const { return value_; }
  static const T& of(const HalfState& state) { return static_cast<const SectionState&>(state).value(); }

 private:
  T value_;
};

class VendorHalf {
 public:
  VendorHalf() = default;
  VendorHalf(const VendorHalf&) = delete;
  VendorHalf& operator=(const VendorHalf&) = delete;
  virtual ~VendorHalf() = default;

  // Its section's key in the seed and state file, and the folder of its control routes
  // (/_emulator/<key>/...).
  [[nodiscard]] virtual std::string_view key() const = 0;

  // --- Vendor requests
  // True for the paths it serves. A path no half owns goes to the half registered to answer the rest.
  [[nodiscard]] virtual bool owns_path(std::string_view path) const = 0;
  // A request to a path it serves. A reply that changed the state sets Reply::changed.
  virtual Reply handle(const httplib::Request& req) = 0;
  // What it adds to every reply to a path it serves, injected faults' replies included.
  virtual void finish_reply(Reply& /*reply*/) const {}
  // The key a fault's consumer_key is matched against, read from any vendor request; empty when this
  // half finds none (the core takes the first half's that is not empty).
  [[nodiscard]] virtual std::string fault_key(const httplib::Request& /*req*/) const { return {}; }
  // The environment the request log records for any vendor request; nullopt when this half finds none
  // (the core takes the first half's that is set).
  [[nodiscard]] virtual std::optional<std::string> logged_environment(const httplib::Request& /*req*/) const {
    return std::nullopt;
  }

  // --- Its reply shapes, for injected faults and a state file that could not be written
  [[nodiscard]] virtual Reply error_reply(int status, std::string_view message) const = 0;
  // A 429 as the vendor sends it, for a limit that resets after reset_after.
  [[nodiscard]] virtual Reply rate_limited_reply(std::chrono::milliseconds reset_after) const = 0;

  // --- Its section of the state
  // The section served without --seed.
  [[nodiscard]] virtual std::shared_ptr<const HalfState> default_state() const = 0;
  // The section of a seed that has none.
  [[nodiscard]] virtual std::shared_ptr<const HalfState> empty_state() const = 0;
  // Reads its section of a seed or state file; errors name the offending entry.
  [[nodiscard]] virtual Result<std::shared_ptr<const HalfState>> parse_state(
      const rapidjson::Value& section) const = 0;
  // The section now.
  [[nodiscard]] virtual std::shared_ptr<const HalfState> snapshot() const = 0;
  // Replaces the whole section with one this half made (seed, reset, undo); every issued token is
  // forgotten.
  virtual void restore(const HalfState& state) = 0;
  // What linkform-emulator prints of the section at start (startup.h), each line ending in a newline.
  [[nodiscard]] virtual std::string startup_text(const HalfState& state,
                                                 const std::string& base_url) const = 0;

  // --- Its control API, under /_emulator/<key>/
  // The routes the start-up text lists, relative to /_emulator/<key>/.
  [[nodiscard]] virtual std::vector<std::string> control_routes() const = 0;
  // A control request; rest is the path after /_emulator/<key> (it starts with '/'). nullopt when it has
  // no such route. A reply that changed the state sets Reply::changed.
  virtual std::optional<Reply> control(const httplib::Request& req, std::string_view rest) = 0;
};

// The halves an emulator serves, in the order of their sections in the state file. One of them also
// answers every path that no half owns.
class Halves {
 public:
  enum class Paths {
    kOwn,      // the paths its owns_path accepts
    kAndRest,  // those, and every path no half owns
  };

  void add(std::unique_ptr<VendorHalf> half, Paths paths = Paths::kOwn);

  // The first half that owns path, else the one that answers the rest; nullptr when there is none.
  [[nodiscard]] VendorHalf* owner_of(std::string_view path) const;
  // The half whose control routes are under /_emulator/<key>; nullptr when there is none.
  [[nodiscard]] VendorHalf* with_key(std::string_view key) const;
  [[nodiscard]] bool answers_every_path() const { return rest_ != nullptr; }

  [[nodiscard]] auto begin() const { return halves_.begin(); }
  [[nodiscard]] auto end() const { return halves_.end(); }
  [[nodiscard]] std::size_t size() const { return halves_.size(); }

 private:
  std::vector<std::unique_ptr<VendorHalf>> halves_;
  VendorHalf* rest_ = nullptr;
};

}  // namespace linkform::emulator
