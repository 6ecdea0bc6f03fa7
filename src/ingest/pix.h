// Ownership and diagnostics for Leptonica images.
//
// PixPtr owns a Pix and destroys it with pixDestroy. Leptonica reports problems only by
// writing to stderr; QuietLeptonica() routes those messages to a per-thread buffer instead,
// so that the chatter never reaches the logs and callers can still tell that a decoder
// complained (LeptonicaMessages). Thread-safe.
#pragma once

#include <leptonica/allheaders.h>

#include <memory>
#include <string>

namespace notaria::ingest {

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Installs the capturing stderr handler; idempotent.
void QuietLeptonica();

// Collects what Leptonica reported on this thread during the scope's lifetime.
class LeptonicaMessages {
 public:
  LeptonicaMessages();
  ~LeptonicaMessages();
  LeptonicaMessages(const LeptonicaMessages&) = delete;
  LeptonicaMessages& operator=(const LeptonicaMessages&) = delete;

  // True when an "Error in ..." message was reported.
  bool HasError() const;
  // The messages, truncated; for debug logs only (they hold no document text).
  const std::string& Text() const;

 private:
  std::string* previous_;
  std::string buffer_;
};

}  // namespace notaria::ingest
