#include "analyze/extract_property_cadastre.h"

#include <algorithm>

#include "analyze/extract_deed_terms_cues.h"
#include "analyze/validate.h"

namespace notaria::analyze {
namespace {

// A number mark: "n°", "n° s", "no", "numéro(s)"; OCR reads "°" as "o" or drops it.
constexpr char kNumberMark[] = R"((?:n\s*°\s*s?|n\s*o\s*s?\b\.?|numeros?|n\.))";
// A contenance: "00 ha 05 a 32 ca", "5 a 32 ca", "32 ca", "1 hectare 2 ares", or "532 m²".
constexpr char kContenance[] =
    R"((?:(?:(\d{1,4})\s*(?:ha|hectares?)\b\s*)?(?:(\d{1,2})\s*(?:a|ares?)\b\s*)?(\d{1,2})\s*(?:ca|centiares?)\b|(?:(\d{1,4})\s*(?:ha|hectares?)\b\s*)(\d{1,2})\s*(?:a|ares?)\b|(\d{1,3}(?:[ .]\d{3})*|\d+)\s*(?:m\s?2|metres?\s+carres)))";

const RE2& InlineRef() {
  static const RE2* re = new RE2(
      std::string(R"(\b(?:prefixe\s+(\d{3})\s*,?\s*)?section\s+(?:cadastrale\s+)?(?:(\d{3})\s+)?)"
                  R"(([a-z]{1,2}|0[a-z]|\d[a-z])\s*,?\s*()") +
          kNumberMark + R"()?\s*(\d{1,4})\b)",
      FoldedRe2Options());
  return *re;
}

const RE2& CadastreRef() {
  // "cadastré(e) AB 123", "cadastrée sous les références AB n° 123".
  static const RE2* re = new RE2(
      std::string(R"(\bcadastre(?:e|s|es)?\s+(?:sous\s+(?:le|les)\s+(?:numeros?|references?)\s+)?)"
                  R"((?:(\d{3})\s+)?([a-z]{1,2}|0[a-z])\s*()") +
          kNumberMark + R"()?\s*(\d{1,4})\b)",
      FoldedRe2Options());
  return *re;
}

const RE2& ListedNumber() {
  static const RE2* re =
      new RE2(std::string(R"(^\s*(?:,|et|&)\s*(?:)") + kNumberMark + R"(\s*)?(\d{1,4})\b)",
              FoldedRe2Options());
  return *re;
}

const RE2& LieuditLead() {
  static const RE2* re = new RE2(R"(^[\s,]*(?:au\s+)?lieu\s*-?\s*dit\s*:?\s*)", FoldedRe2Options());
  return *re;
}

const RE2& ContenanceAfter() {
  static const RE2* re =
      new RE2(std::string(R"(^[\s,;:(]*(?:pour\s+)?(?:une\s+)?(?:contenance|superficie|surface)?)"
                          R"((?:\s+cadastrale)?(?:\s+totale)?\s*(?:de\s+)?:?\s*)") +
                  kContenance,
              FoldedRe2Options());
  return *re;
}

const RE2& TableHeader() {
  static const RE2* re = new RE2(
      R"(\bsection[\s|]{1,60}(?:n\s*°|numeros?|n\s*o\b|plan)[^\n|]{0,12}[\s|]{1,60})"
      R"((?:(?:lieu\s*-?\s*dits?|adresse|nature|lieu\s*-?\s*dit\s*/\s*adresse)[^\n|]{0,12}[\s|]{1,60})?)"
      R"((?:contenance|surface|superficie)\w*)",
      FoldedRe2Options());
  return *re;
}

const RE2& TableRow() {
  static const RE2* re =
      new RE2(std::string(R"((?:^|[\s|])(?:(\d{3})[\s|]+)?([a-z]{1,2}|0[a-z])[\s|]+(\d{1,4})[\s|]+)"
                          R"(([^|]{0,90}?)[\s|]+)") +
                  kContenance,
              FoldedRe2Options());
  return *re;
}

const RE2& TableEnd() {
  static const RE2* re =
      new RE2(R"(\b(?:contenance\s+totale|total\b|designation\s+des\s+lots)|\n\s*\n\s*\n)",
              FoldedRe2Options());
  return *re;
}

std::optional<long long> ContenanceOf(const re2::StringPiece g[6]) {
  auto num = [](const re2::StringPiece& s) -> long long {
    long long v = 0;
    for (char c : s) {
      if (c >= '0' && c <= '9') v = v * 10 + (c - '0');
    }
    return v;
  };
  if (!g[2].empty()) return num(g[0]) * 10000 + num(g[1]) * 100 + num(g[2]);
  if (!g[4].empty()) return num(g[3]) * 10000 + num(g[4]) * 100;
  if (!g[5].empty()) return num(g[5]);
  return std::nullopt;
}

// Fills the reference of `m` from the printed parts, normalised like ParseCadastralRef.
bool Normalise(const DocumentView& doc, ParcelMention* m) {
  std::string printed;
  if (m->prefix_evidence) printed = std::string(doc.TextOf(*m->prefix_evidence)) + " ";
  printed += std::string(doc.TextOf(m->section_evidence)) + " " +
             std::string(doc.TextOf(m->number_evidence));
  std::optional<CadastralRef> ref = ParseCadastralRef(printed);
  if (!ref) return false;
  m->prefix = ref->prefix;
  m->section = ref->section;
  m->number = ref->number;
  return true;
}

// Lieudit and contenance printed after a reference ending at folded `pos`.
void ReadDetails(const DocumentView& doc, size_t p, size_t pos, ParcelMention* m) {
  const std::string& folded = doc.folded(p).folded();
  re2::StringPiece rest(folded.data() + pos, folded.size() - pos);
  if (RE2::Consume(&rest, LieuditLead())) {
    size_t start = folded.size() - rest.size();
    size_t end = start;
    // The lieudit runs to the end of its clause: a comma, a semicolon, a blank line or the
    // contenance that follows it.
    while (end < folded.size() && end - start < 120) {
      char c = folded[end];
      if (c == ',' || c == ';' || c == '(' ||
          (c == '\n' && end + 1 < folded.size() && folded[end + 1] == '\n')) {
        break;
      }
      if (folded.compare(end, 5, " pour") == 0 || folded.compare(end, 5, "\npour") == 0) break;
      ++end;
    }
    while (end > start &&
           (folded[end - 1] == ' ' || folded[end - 1] == '\n' || folded[end - 1] == '.')) {
      --end;
    }
    if (end > start) {
      m->lieudit_evidence = doc.EvidenceOf(p, start, end);
      m->lieudit = CollapseSpaces(doc.TextOf(*m->lieudit_evidence));
      pos = end;
    }
  }
  re2::StringPiece g[7];
  std::string_view after = std::string_view(folded).substr(pos, 160);
  if (ContenanceAfter().Match(after, 0, after.size(), RE2::ANCHOR_START, g, 7)) {
    re2::StringPiece parts[6] = {g[1], g[2], g[3], g[4], g[5], g[6]};
    m->contenance_ca = ContenanceOf(parts);
    size_t s = pos + static_cast<size_t>(g[0].data() - after.data());
    size_t e = s + g[0].size();
    // Evidence on the figures, not on "pour une contenance de".
    for (int k = 1; k <= 6; ++k) {
      if (!g[k].empty()) {
        s = pos + static_cast<size_t>(g[k].data() - after.data());
        break;
      }
    }
    m->contenance_evidence = doc.EvidenceOf(p, s, e);
  }
}

void FindInline(const DocumentView& doc, size_t p,
                std::vector<std::pair<size_t, ParcelMention>>* out) {
  const std::string& folded = doc.folded(p).folded();
  for (const RE2* re : {&InlineRef(), &CadastreRef()}) {
    const bool with_section_word = re == &InlineRef();
    re2::StringPiece g[6];
    size_t pos = 0;
    while (pos < folded.size() &&
           re->Match(folded, pos, folded.size(), RE2::UNANCHORED, g, with_section_word ? 6 : 5)) {
      size_t start = OffsetIn(folded, g[0]);
      size_t end = start + g[0].size();
      pos = end;
      const re2::StringPiece& prefix = with_section_word ? (g[1].empty() ? g[2] : g[1]) : g[1];
      const re2::StringPiece& section = with_section_word ? g[3] : g[2];
      const re2::StringPiece& mark = with_section_word ? g[4] : g[3];
      const re2::StringPiece& number = with_section_word ? g[5] : g[4];
      ParcelMention m;
      m.reference = doc.EvidenceOf(p, start, end);
      if (!prefix.empty()) {
        m.prefix_evidence =
            doc.EvidenceOf(p, OffsetIn(folded, prefix), OffsetIn(folded, prefix) + prefix.size());
      }
      m.section_evidence =
          doc.EvidenceOf(p, OffsetIn(folded, section), OffsetIn(folded, section) + section.size());
      m.number_evidence =
          doc.EvidenceOf(p, OffsetIn(folded, number), OffsetIn(folded, number) + number.size());
      if (!Normalise(doc, &m)) continue;
      std::vector<ParcelMention> listed{m};
      // "section I n°s 74, 75 et 76": a plural mark announces a list.
      bool plural = mark.size() > 2 && (mark.ends_with("s") || mark.ends_with("s."));
      size_t after = end;
      re2::StringPiece n;
      while (plural) {
        std::string_view rest = std::string_view(folded).substr(after);
        re2::StringPiece whole;
        if (!ListedNumber().Match(rest, 0, rest.size(), RE2::ANCHOR_START, &whole, 1)) break;
        RE2::PartialMatch(whole, ListedNumber(), &n);
        ParcelMention next = m;
        next.number_evidence =
            doc.EvidenceOf(p, OffsetIn(folded, n), OffsetIn(folded, n) + n.size());
        after = OffsetIn(folded, whole) + whole.size();
        next.reference = doc.EvidenceOf(p, start, after);
        if (Normalise(doc, &next)) listed.push_back(next);
      }
      ReadDetails(doc, p, after, &listed.back());
      for (ParcelMention& l : listed) out->emplace_back(start, std::move(l));
      pos = std::max(pos, after);
    }
  }
}

void FindTables(const DocumentView& doc, size_t p,
                std::vector<std::pair<size_t, ParcelMention>>* out) {
  const std::string& folded = doc.folded(p).folded();
  re2::StringPiece header;
  size_t pos = 0;
  while (TableHeader().Match(folded, pos, folded.size(), RE2::UNANCHORED, &header, 1)) {
    size_t begin = OffsetIn(folded, header) + header.size();
    size_t limit = std::min(folded.size(), begin + 1500);
    re2::StringPiece end_mark;
    if (TableEnd().Match(folded, begin, limit, RE2::UNANCHORED, &end_mark, 1)) {
      limit = OffsetIn(folded, end_mark);
    }
    re2::StringPiece g[11];
    size_t row = begin;
    while (row < limit && TableRow().Match(folded, row, limit, RE2::UNANCHORED, g, 11)) {
      ParcelMention m;
      size_t start = OffsetIn(folded, g[2]);
      if (!g[1].empty()) {
        start = OffsetIn(folded, g[1]);
        m.prefix_evidence = doc.EvidenceOf(p, start, start + g[1].size());
      }
      m.section_evidence =
          doc.EvidenceOf(p, OffsetIn(folded, g[2]), OffsetIn(folded, g[2]) + g[2].size());
      m.number_evidence =
          doc.EvidenceOf(p, OffsetIn(folded, g[3]), OffsetIn(folded, g[3]) + g[3].size());
      m.reference = doc.EvidenceOf(p, start, OffsetIn(folded, g[3]) + g[3].size());
      if (!g[4].empty()) {
        m.lieudit_evidence =
            doc.EvidenceOf(p, OffsetIn(folded, g[4]), OffsetIn(folded, g[4]) + g[4].size());
        m.lieudit = CollapseSpaces(doc.TextOf(*m.lieudit_evidence));
        if (m.lieudit->empty()) {
          m.lieudit.reset();
          m.lieudit_evidence.reset();
        }
      }
      re2::StringPiece parts[6] = {g[5], g[6], g[7], g[8], g[9], g[10]};
      m.contenance_ca = ContenanceOf(parts);
      size_t cs = 0;
      for (const auto& part : parts) {
        if (!part.empty()) {
          cs = OffsetIn(folded, part);
          break;
        }
      }
      size_t ce = OffsetIn(folded, g[0]) + g[0].size();
      m.contenance_evidence = doc.EvidenceOf(p, cs, ce);
      m.in_designation = true;  // provisional: a table is a désignation
      // Sections are printed in capitals; a lower-case pair in a row is a word or OCR debris
      // ("an" for a misread "ZC"), and reading it as a section invents a mismatch.
      std::string_view section_text = doc.TextOf(m.section_evidence);
      bool capitals = std::none_of(section_text.begin(), section_text.end(),
                                   [](char c) { return c >= 'a' && c <= 'z'; });
      if (capitals && Normalise(doc, &m)) out->emplace_back(start, std::move(m));
      row = ce;
    }
    pos = std::max(limit, begin);
  }
}

bool SameRef(const ParcelMention& a, const ParcelMention& b) {
  return a.prefix == b.prefix && a.section == b.section && a.number == b.number;
}

}  // namespace

std::vector<ParcelMention> FindParcels(const DocumentView& doc) {
  std::vector<ParcelMention> all;
  std::vector<size_t> positions;  // folded start, for grouping
  for (size_t p = 0; p < doc.page_count(); ++p) {
    std::vector<std::pair<size_t, ParcelMention>> page;
    FindTables(doc, p, &page);
    std::vector<std::pair<size_t, ParcelMention>> inline_refs;
    FindInline(doc, p, &inline_refs);
    // A table row is also matched by nothing inline, but an inline match inside a table's
    // span is the same parcel: keep the table's reading.
    for (auto& r : inline_refs) {
      bool dup = std::any_of(page.begin(), page.end(), [&](const auto& t) {
        return t.second.reference.start <= r.second.reference.start &&
               r.second.reference.start < t.second.reference.end + 1 && SameRef(t.second, r.second);
      });
      if (!dup) page.push_back(std::move(r));
    }
    std::stable_sort(page.begin(), page.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [pos, m] : page) {
      positions.push_back(pos + p * 1000000);
      all.push_back(std::move(m));
    }
  }
  for (auto& m : all) m.in_designation = false;
  // The désignation: the first reference stating a lieudit or a contenance, with the
  // references that follow it closely.
  size_t first = all.size();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].lieudit || all[i].contenance_ca) {
      first = i;
      break;
    }
  }
  if (first == all.size() && !all.empty()) first = 0;
  for (size_t i = first; i < all.size(); ++i) {
    if (i > first && positions[i] > positions[i - 1] + 400) break;
    // Within the group, a bare reference that is not part of a list is a later citation.
    if (i > first && !all[i].lieudit && !all[i].contenance_ca &&
        all[i].reference.start != all[i - 1].reference.start) {
      continue;
    }
    bool dup = false;
    for (size_t k = first; k < i; ++k) dup = dup || SameRef(all[k], all[i]);
    if (!dup) all[i].in_designation = true;
  }
  return all;
}

nlohmann::json ParcelJson(const ParcelMention& parcel) {
  EntityBuilder b;
  b.Set("prefix", parcel.prefix.empty() ? nlohmann::json() : nlohmann::json(parcel.prefix),
        parcel.prefix_evidence);
  b.Set("section", parcel.section, parcel.section_evidence);
  b.Set("number", parcel.number, parcel.number_evidence);
  b.Set("lieudit", parcel.lieudit ? nlohmann::json(*parcel.lieudit) : nlohmann::json(),
        parcel.lieudit_evidence);
  b.Set("contenance_ca",
        parcel.contenance_ca ? nlohmann::json(*parcel.contenance_ca) : nlohmann::json(),
        parcel.contenance_evidence);
  nlohmann::json j = b.Build();
  for (const char* key : {"prefix", "lieudit", "contenance_ca"}) {
    if (!j.contains(key)) j[key] = nullptr;
  }
  return j;
}

nlohmann::json ParcelMentionJson(const ParcelMention& parcel) {
  return {{"prefix", parcel.prefix.empty() ? nlohmann::json() : nlohmann::json(parcel.prefix)},
          {"section", parcel.section},
          {"number", parcel.number},
          {"in_designation", parcel.in_designation},
          {"evidence", EvidenceJson(parcel.reference)}};
}

}  // namespace notaria::analyze
