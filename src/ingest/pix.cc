#include "ingest/pix.h"

#include <mutex>

namespace notaria::ingest {
namespace {

constexpr size_t kMaxCaptured = 4096;

thread_local std::string* g_capture = nullptr;

void Capture(const char* message) {
  if (g_capture == nullptr || message == nullptr) return;
  if (g_capture->size() < kMaxCaptured) g_capture->append(message);
}

}  // namespace

void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Warnings are wanted too: a truncated JPEG is only a warning for libjpeg.
    setMsgSeverity(L_SEVERITY_WARNING);
    leptSetStderrHandler(Capture);
  });
}

LeptonicaMessages::LeptonicaMessages() : previous_(g_capture) {
  QuietLeptonica();
  g_capture = &buffer_;
}

LeptonicaMessages::~LeptonicaMessages() { g_capture = previous_; }

bool LeptonicaMessages::HasError() const { return buffer_.find("Error in") != std::string::npos; }

const std::string& LeptonicaMessages::Text() const { return buffer_; }

}  // namespace notaria::ingest
