#include "analyze/extract_property_lots.h"

#include <algorithm>

#include "analyze/extract_deed_terms_cues.h"
#include "text/french_numbers.h"

namespace notaria::analyze {
namespace {

constexpr size_t kLotParagraph = 700;

// "lot numéro douze (12)", "lot n° 12", "lot numero douze :", "lot 12".
const RE2& LotHead() {
  static const RE2* re = new RE2(
      R"(\blot\s+(?:numero|n\s*°|n\s*o\b\.?|no\.?)?\s*(?:(\d{1,5})\b|([a-z][a-z -]{1,80}?)\s*(?:\(\s*(\d{1,5})\s*\)|\s+-|:|,|\n)))",
      FoldedRe2Options());
  return *re;
}

const RE2& DescribedAfter() {
  static const RE2* re = new RE2(R"(^\s*(?:\(\s*\d{1,5}\s*\)\s*)?[:\-])", FoldedRe2Options());
  return *re;
}

const RE2& DigitShare() {
  static const RE2* re =
      new RE2(R"((\d{1,6})\s*/\s*(\d{2,7})\s*(?:e|emes?|iemes?|mes?)?\b)", FoldedRe2Options());
  return *re;
}

// "les cent vingt-cinq /dix-millièmes", "les 125 millièmes".
const RE2& WordShare() {
  static const RE2* re =
      new RE2(R"(\bles?\s+([a-z0-9][a-z0-9 -]{0,80}?)\s*/?\s*(dix|cent)?[\s-]*millie\w*)",
              FoldedRe2Options());
  return *re;
}

const CueSet& LotKinds() {
  static const CueSet* cues = new CueSet({
      {"appartement", R"(\b(?:appartement|studio|duplex|logement)\b)"},
      {"cave", R"(\b(?:cave|cellier)\b)"},
      {"parking", R"(\b(?:stationnement|parking|box|garage)\b)"},
      {"grenier", R"(\b(?:grenier|combles?)\b)"},
      {"local", R"(\blocal\b)"},
      {"bureau", R"(\bbureaux?\b)"},
      {"jardin", R"(\bjardin\b)"},
  });
  return *cues;
}

}  // namespace

std::vector<CoproLot> FindLots(const DocumentView& doc) {
  std::vector<CoproLot> lots;
  for (size_t p = 0; p < doc.page_count(); ++p) {
    const std::string& folded = doc.folded(p).folded();
    struct Head {
      size_t start, end;
      std::string number;
      size_t number_start, number_end;
    };
    std::vector<Head> heads;
    re2::StringPiece g[4];
    size_t pos = 0;
    while (pos < folded.size() &&
           LotHead().Match(folded, pos, folded.size(), RE2::UNANCHORED, g, 4)) {
      size_t start = OffsetIn(folded, g[0]);
      pos = start + std::max<size_t>(g[0].size(), 1);
      Head h{start, start + g[0].size(), "", 0, 0};
      const re2::StringPiece& digits = !g[1].empty() ? g[1] : g[3];
      if (!digits.empty()) {
        h.number_start = OffsetIn(folded, digits);
        h.number_end = h.number_start + digits.size();
        h.number = std::string(digits.data(), digits.size());
      } else if (!g[2].empty()) {
        h.number_start = OffsetIn(folded, g[2]);
        h.number_end = h.number_start + g[2].size();
        std::optional<int64_t> v =
            text::ParseFrenchInteger(std::string_view(g[2].data(), g[2].size()));
        if (!v || *v <= 0) continue;
        h.number = std::to_string(*v);
      } else {
        continue;
      }
      h.number.erase(0, std::min(h.number.find_first_not_of('0'), h.number.size() - 1));
      heads.push_back(std::move(h));
    }
    for (size_t i = 0; i < heads.size(); ++i) {
      const Head& h = heads[i];
      size_t block_end = std::min(folded.size(), h.end + kLotParagraph);
      if (i + 1 < heads.size()) block_end = std::min(block_end, heads[i + 1].start);
      std::string_view after = std::string_view(folded).substr(h.number_end);
      bool described = RE2::PartialMatch(after.substr(0, 40), DescribedAfter());
      CoproLot lot;
      lot.number = h.number;
      lot.number_evidence = doc.EvidenceOf(p, h.number_start, h.number_end);
      re2::StringPiece s[3];
      if (DigitShare().Match(folded, h.end, block_end, RE2::UNANCHORED, s, 3)) {
        lot.tantiemes =
            std::string(s[1].data(), s[1].size()) + "/" + std::string(s[2].data(), s[2].size());
        lot.tantiemes_evidence =
            doc.EvidenceOf(p, OffsetIn(folded, s[1]), OffsetIn(folded, s[2]) + s[2].size());
      } else if (WordShare().Match(folded, h.end, block_end, RE2::UNANCHORED, s, 3)) {
        std::string words(s[1].data(), s[1].size());
        std::optional<int64_t> num = text::ParseFrenchInteger(words);
        if (!num && !words.empty() && std::all_of(words.begin(), words.end(), [](char c) {
              return (c >= '0' && c <= '9') || c == ' ';
            })) {
          num = std::stoll(words);
        }
        if (num) {
          std::string_view scale(s[2].data(), s[2].size());
          const char* den = scale == "dix" ? "10000" : scale == "cent" ? "100000" : "1000";
          lot.tantiemes = std::to_string(*num) + "/" + den;
          lot.tantiemes_evidence =
              doc.EvidenceOf(p, OffsetIn(folded, s[0]), OffsetIn(folded, s[0]) + s[0].size());
        }
      }
      if (!described && !lot.tantiemes) continue;
      size_t kind_end = std::min(block_end, h.end + 160);
      if (std::optional<CueHit> k = LotKinds().First(folded, h.number_end, kind_end)) {
        lot.kind = std::string(k->label);
        lot.kind_evidence = doc.EvidenceOf(p, k->start, k->end);
      }
      bool seen = std::any_of(lots.begin(), lots.end(),
                              [&](const CoproLot& o) { return o.number == lot.number; });
      if (!seen) lots.push_back(std::move(lot));
    }
  }
  return lots;
}

nlohmann::json LotJson(const CoproLot& lot) {
  EntityBuilder b;
  b.Set("number", lot.number, lot.number_evidence);
  b.Set("tantiemes", lot.tantiemes ? nlohmann::json(*lot.tantiemes) : nlohmann::json(),
        lot.tantiemes_evidence);
  b.Set("kind", lot.kind ? nlohmann::json(*lot.kind) : nlohmann::json(), lot.kind_evidence);
  nlohmann::json j = b.Build();
  for (const char* key : {"tantiemes", "kind"}) {
    if (!j.contains(key)) j[key] = nullptr;
  }
  return j;
}

}  // namespace notaria::analyze
