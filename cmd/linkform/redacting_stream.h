#pragma once
// The last line of defence for "no secret in any output": every byte linkform writes to stdout and
// stderr passes through redact_known (core/redaction.h) a line at a time, so a secret that reached a
// message by any path — a vendor echo, a display field, a log line — is masked in all its forms.

#include <ostream>
#include <streambuf>
#include <string>

#include "core/redaction.h"

namespace linkform {

class RedactingBuffer final : public std::streambuf {
 public:
  explicit RedactingBuffer(std::streambuf* sink) : sink_(sink) {}
  RedactingBuffer(const RedactingBuffer&) = delete;
  RedactingBuffer& operator=(const RedactingBuffer&) = delete;
  ~RedactingBuffer() override { flush_pending(); }

  // False once the sink refused bytes (a full disk, a closed pipe): the command must fail.
  [[nodiscard]] bool healthy() const { return healthy_; }

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    pending_ += traits_type::to_char_type(ch);
    if (ch == '\n') write_lines();
    return healthy_ ? ch : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    pending_.append(s, static_cast<std::size_t>(n));
    write_lines();
    return healthy_ ? n : 0;
  }
  // A flush (a prompt, progress) writes what is pending, masked, even without a newline.
  int sync() override {
    flush_pending();
    return healthy_ ? 0 : -1;
  }

 private:
  void emit(const std::string& text) {
    const std::string masked = redact_known(text);
    const auto size = static_cast<std::streamsize>(masked.size());
    if (sink_->sputn(masked.data(), size) != size) healthy_ = false;
  }
  void write_lines() {
    const auto last = pending_.rfind('\n');
    if (last == std::string::npos) return;
    emit(pending_.substr(0, last + 1));
    pending_.erase(0, last + 1);
  }
  void flush_pending() {
    if (!pending_.empty()) emit(pending_);
    pending_.clear();
    if (sink_->pubsync() != 0) healthy_ = false;
  }

  std::streambuf* sink_;
  std::string pending_;
  bool healthy_ = true;
};

}  // namespace linkform
