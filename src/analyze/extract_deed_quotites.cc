#include "analyze/extract_deed_quotites.h"

#include <re2/re2.h>

#include <map>
#include <string>
#include <string_view>

#include "analyze/extract_deed_terms_cues.h"

namespace notaria::analyze {
namespace {

// Acquirers' side of a sentence, folded: acquéreur(s), acquérant, acquièrent, acquiert,
// donataire(s), héritier(s), attributaire(s), indivision.
const RE2& AcquirerSide() {
  static const RE2* re = new RE2(
      R"(\b(?:acquer\w*|acquier\w*|donataires?|heritiers?|attributaires?|coindivisaires?|indivis\w*)\b)",
      FoldedRe2Options());
  return *re;
}

const RE2& SplitRights() {
  static const RE2* re = new RE2(R"(\b(?:usufruit\w*|nue[ -]?propriet\w*)\b)", FoldedRe2Options());
  return *re;
}

// A share in words ("moitié", "un tiers", "deux cinquièmes"), as a percentage ("60 %", "60
// pour cent") or as a fraction in digits ("1/2", "3/4").
#define NOTARIA_SHARE                                                                    \
  R"((?:(moitie)|(un|une|deux|trois|quatre|cinq|six|sept|huit|neuf)\s+)"                 \
  R"((tiers|quarts?|cinquiemes?|sixiemes?|septiemes?|huitiemes?|neuviemes?|dixiemes?)|)" \
  R"((\d{1,3}(?:[,.]\d{1,4})?)\s*(?:%|pour\s*cent\b)|(\d{1,2})\s*/\s*(\d{1,3})\b(?:\s*(?:e|emes?|iemes?)\b)?))"

// A share after the prepositions that introduce a quotité: it opens the clause.
const RE2& IntroducedShare() {
  static const RE2* re =
      new RE2(R"(\b(?:pour|a\s+concurrence\s+d[e']|a\s+hauteur\s+d[e']|a\s+raison\s+d[e'])\s*)"
              R"((?:(?:la|une|un|les)\s+)?)" NOTARIA_SHARE,
              FoldedRe2Options());
  return *re;
}

// Any share: once a clause is open, "... pour 1/2, Y 1/4 et Z 1/4" names the others bare.
const RE2& Share() {
  static const RE2* re = new RE2(R"(\b)" NOTARIA_SHARE, FoldedRe2Options());
  return *re;
}

#undef NOTARIA_SHARE

const RE2& Each() {
  static const RE2* re = new RE2(R"(\bchacun(?:e)?\b)", FoldedRe2Options());
  return *re;
}

double Numerator(std::string_view w) {
  static const std::map<std::string_view, double> kWords = {
      {"un", 1},   {"une", 1}, {"deux", 2}, {"trois", 3}, {"quatre", 4},
      {"cinq", 5}, {"six", 6}, {"sept", 7}, {"huit", 8},  {"neuf", 9}};
  auto it = kWords.find(w);
  return it == kWords.end() ? 0 : it->second;
}

double Denominator(std::string_view w) {
  static const std::map<std::string_view, double> kWords = {
      {"tiers", 3},    {"quart", 4},    {"cinquieme", 5}, {"sixieme", 6},
      {"septieme", 7}, {"huitieme", 8}, {"neuvieme", 9},  {"dixieme", 10}};
  if (!w.empty() && w.back() == 's' && w != "tiers") w.remove_suffix(1);
  auto it = kWords.find(w);
  return it == kWords.end() ? 0 : it->second;
}

// Sentence bounds: a full stop followed by a space or a line end, a semicolon, or a blank
// line; "n° 12." or "M. Dupont" are rare enough in the quotité clause not to matter.
size_t SentenceEnd(const std::string& s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == ';') return i;
    if (s[i] == '.' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\n')) return i;
    if (s[i] == '\n' && i + 1 < s.size() && s[i + 1] == '\n') return i;
  }
  return s.size();
}

}  // namespace

std::optional<nlohmann::json> FindQuotites(const DocumentView& doc) {
  nlohmann::json shares = nlohmann::json::array();
  bool distributive = false;
  for (size_t p = 0; p < doc.page_count(); ++p) {
    const std::string& folded = doc.folded(p).folded();
    for (size_t start = 0; start < folded.size();) {
      size_t end = SentenceEnd(folded, start);
      re2::StringPiece sentence(folded.data() + start, end - start);
      size_t next = end + 1;
      if (!RE2::PartialMatch(sentence, AcquirerSide()) ||
          RE2::PartialMatch(sentence, SplitRights())) {
        start = next;
        continue;
      }
      re2::StringPiece g[8];
      if (!IntroducedShare().Match(folded, start, end, RE2::UNANCHORED, g, 1)) {
        start = next;
        continue;
      }
      size_t pos = OffsetIn(folded, g[0]);
      while (pos < end && Share().Match(folded, pos, end, RE2::UNANCHORED, g, 7)) {
        pos = OffsetIn(folded, g[0]) + std::max<size_t>(g[0].size(), 1);
        double value = 0;
        re2::StringPiece text;
        if (!g[1].empty()) {
          value = 0.5;
          text = g[1];
        } else if (!g[2].empty()) {
          double d = Denominator(std::string_view(g[3].data(), g[3].size()));
          if (d > 0) value = Numerator(std::string_view(g[2].data(), g[2].size())) / d;
          text = re2::StringPiece(g[2].data(),
                                  OffsetIn(folded, g[3]) + g[3].size() - OffsetIn(folded, g[2]));
        } else if (!g[4].empty()) {
          std::string digits(g[4].data(), g[4].size());
          for (char& c : digits) {
            if (c == ',') c = '.';
          }
          value = std::stod(digits) / 100.0;
          text = re2::StringPiece(g[4].data(), g[0].data() + g[0].size() - g[4].data());
        } else if (!g[5].empty()) {
          double n = std::stod(std::string(g[5].data(), g[5].size()));
          double d = std::stod(std::string(g[6].data(), g[6].size()));
          // A tantième ("125/1000") is not a quotité; neither is a date's "12/05".
          if (d >= 2 && d <= 100 && n > 0 && n <= d) value = n / d;
          text = re2::StringPiece(g[5].data(),
                                  OffsetIn(folded, g[6]) + g[6].size() - OffsetIn(folded, g[5]));
        }
        if (value <= 0 || value > 1) continue;
        // "chacun pour moitié" or "pour moitié chacun": the share is each acquirer's.
        size_t near_start = OffsetIn(folded, g[0]) >= 24 ? OffsetIn(folded, g[0]) - 24 : 0;
        size_t near_end = std::min(end, OffsetIn(folded, g[0]) + g[0].size() + 24);
        re2::StringPiece near(folded.data() + near_start, near_end - near_start);
        if (RE2::PartialMatch(near, Each())) distributive = true;
        size_t ts = OffsetIn(folded, text);
        Evidence ev = doc.EvidenceOf(p, ts, ts + text.size());
        shares.push_back({{"value", value},
                          {"text", std::string(doc.TextOf(ev))},
                          {"evidence", EvidenceJson(ev)}});
      }
      start = next;
    }
  }
  if (shares.empty()) return std::nullopt;
  return nlohmann::json{{"distributive", distributive}, {"shares", shares}};
}

}  // namespace notaria::analyze
