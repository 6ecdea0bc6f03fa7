#include "analyze/classify_mrz.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>

namespace notaria::analyze {
namespace {

constexpr size_t kMinMrzLength = 25;  // a TD1 line is 30; leave room for lost characters
constexpr size_t kMaxMrzLength = 50;  // a TD3 line is 44; OCR may add a few

bool IsMrzChar(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

// The line without spaces, filler look-alikes mapped to '<', or "" when the line does not
// look like MRZ at all (too short, too long, or mostly lower-case prose).
std::string NormalizeMrzLine(std::string_view line) {
  std::string out;
  size_t mrz_like = 0;
  size_t total = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') continue;
    ++total;
    if (c >= 0x80) {
      // One multi-byte character ('«', '‹', '£', '€'...): OCR's usual rendering of '<'.
      while (i + 1 < line.size() && (static_cast<unsigned char>(line[i + 1]) & 0xC0) == 0x80) ++i;
      out += '<';
      continue;
    }
    if (IsMrzChar(c)) {
      ++mrz_like;
      out += static_cast<char>(c);
    } else {
      out += '<';
    }
  }
  if (out.size() < kMinMrzLength || out.size() > kMaxMrzLength) return "";
  // Fillers read as lower-case letters are common, but prose is mostly lower case.
  if (mrz_like * 10 < total * 7) return "";
  return out;
}

struct Shape {
  MrzKind kind;
  const RE2* re;
  size_t min_len;
  size_t max_len;
  const char* reason;
};

const std::array<Shape, 6>& Shapes() {
  static const auto* shapes = [] {
    // Document code and issuing state first, so a line is recognised even with its tail lost.
    // The leading 'I' is often lost against the card's edge.
    static const RE2 cni_old_1("^[I1L]?[D0O]FRA[A-Z<]{6,}");
    static const RE2 cni_old_2("^[0-9]{6}.{5,9}[A-Z]{2,}<*[0-9O]{6}[0-9O][MF<]");
    static const RE2 td1_1("^I[D<]FRA[A-Z0-9<]{9}");
    static const RE2 td1_2("^[0-9O]{6}[0-9O][MF<][0-9O]{6}[0-9O]FRA");
    static const RE2 td3_1("^P[<KC]?FRA[A-Z<]{6,}");
    static const RE2 td3_2("^[A-Z0-9<]{9}[0-9O]FRA[0-9O]{6}[0-9O][MF<][0-9O]{6}");
    return new std::array<Shape, 6>{{
        {MrzKind::kCniAncienne, &cni_old_1, 32, 40, "zone MRZ de carte d'identité (2×36) détectée"},
        {MrzKind::kCniAncienne, &cni_old_2, 32, 40, "zone MRZ de carte d'identité (2×36) détectée"},
        {MrzKind::kCniTd1, &td1_1, 26, 33, "zone MRZ TD1 détectée"},
        {MrzKind::kCniTd1, &td1_2, 26, 33, "zone MRZ TD1 détectée"},
        {MrzKind::kPasseportTd3, &td3_1, 36, 50, "zone MRZ TD3 (passeport) détectée"},
        {MrzKind::kPasseportTd3, &td3_2, 36, 50, "zone MRZ TD3 (passeport) détectée"},
    }};
  }();
  return *shapes;
}

}  // namespace

std::vector<MrzSignal> DetectMrz(const std::vector<std::string_view>& page_texts) {
  std::vector<MrzSignal> best;
  auto add = [&](MrzKind kind, int page, double strength, const char* reason) {
    for (auto& s : best) {
      if (s.kind != kind) continue;
      if (strength > s.strength) {
        s.strength = strength;
        s.page = page;
        s.reason = std::string(reason) + " (page " + std::to_string(page) + ")";
      }
      return;
    }
    best.push_back(
        {kind, page, strength, std::string(reason) + " (page " + std::to_string(page) + ")"});
  };
  for (size_t p = 0; p < page_texts.size(); ++p) {
    std::string_view text = page_texts[p];
    int page = static_cast<int>(p) + 1;
    std::array<int, 3> lines_of_kind{};  // how many lines of each kind on this page
    while (!text.empty()) {
      size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      std::string mrz = NormalizeMrzLine(line);
      if (mrz.empty()) continue;
      // A line may fit several prefixes (a TD1 number can look like a name); its length
      // decides. The right prefix with the wrong length is still MRZ, only less certain.
      const Shape* fit = nullptr;
      bool fit_length_ok = false;
      for (const Shape& shape : Shapes()) {
        if (!RE2::PartialMatch(mrz, *shape.re)) continue;
        bool length_ok = mrz.size() >= shape.min_len && mrz.size() <= shape.max_len;
        if (fit == nullptr || (length_ok && !fit_length_ok)) {
          fit = &shape;
          fit_length_ok = length_ok;
        }
      }
      if (fit == nullptr) continue;
      int k = static_cast<int>(fit->kind);
      ++lines_of_kind[k];
      double strength = (fit_length_ok ? 0.8 : 0.55) + (lines_of_kind[k] > 1 ? 0.2 : 0);
      add(fit->kind, page, std::min(1.0, strength), fit->reason);
    }
  }
  return best;
}

}  // namespace notaria::analyze
