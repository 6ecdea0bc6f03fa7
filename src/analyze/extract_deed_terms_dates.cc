#include "analyze/extract_deed_terms_dates.h"

#include <algorithm>

#include "analyze/extract_deed_terms_cues.h"
#include "text/french_dates.h"

namespace notaria::analyze {
namespace {

constexpr size_t kCueWindow = 170;

const CueSet& DateCues() {
  static const CueSet* cues = new CueSet({
      {"signature", R"(\bfait\s+(?:et\s+passe\s+)?a\s)"},
      {"signature", R"(\bsigne\w*\s+(?:a\s.{0,60})?le\b)"},
      {"signature", R"(\bdate\s+de\s+(?:la\s+)?signature\b)"},
      {"reiteration", R"(\breiter\w*)"},
      {"reiteration", R"(\bacte\s+authentique\b)"},
      {"reiteration", R"(\bregularis\w*)"},
      {"condition_pret",
       R"(\bobtention\s+(?:du|des|d'un|d'une|de\s+l')\s*(?:prets?|offres?|financement|credit))"},
      {"condition_pret", R"(\bcondition\s+suspensive\b.{0,60}\bprets?\b)"},
      {"prise_effet", R"(\bprend(?:ra)?\s+effet\b|\bprise\s+d'effet\b|\bdate\s+d'effet\b)"},
      {"prise_effet", R"(\ba\s+compter\s+du\b|\bentree\s+en\s+vigueur\b)"},
      {"acquisition_anterieure", R"(\bacqui(?:s|se|ses|sition|ert)\b)"},
      {"acquisition_anterieure", R"(\borigine\s+de\s+propriete\b|\beffet\s+relatif\b)"},
      {"dpe", R"(\bperformance\s+energetique\b|\bdpe\b)"},
      {"deces", R"(\bdecede\w*|\bdeces\b)"},
      {"emission", R"(\bemise?\s+le\b|\bdate\s+d'emission\b)"},
      // Dates that are none of the document's terms.
      {"-", R"(\bloi\b|\barticles?\b|\bdecret\b|\bordonnance\b|\barrete\b|\bcode\b)"},
      {"-", R"(\bpubli\w*|\binscri\w*|\benregistr\w*)"},
      {"-", R"(\bnee?s?\s+(?:a|le)\b|\bnaissance\b)"},
      {"-", R"(\bmari(?:e|es|ee|ees|age)\b|\bpacs\b|\bpacse\w*)"},
      {"-", R"(\bprocuration\b|\bmandat\b)"},
      {"-", R"(\bnotifi\w*|\bcourrier\b|\brenonce\w*|\bdelivr\w*)"},
      {"-", R"(\betat\s+descriptif\b|\breglement\s+de\s+copropriete\b|\bmodificatif\b)"},
      {"-", R"(\bamiante\b|\belectricit\w*|\bgaz\b|\bplomb\b|\btermites?\b|\brisques\b)"},
      {"-", R"(\bjugement\b|\bordonnance\b|\bdepuis\s+le\b)"},
  });
  return *cues;
}

// After the date: the deed opening "Le 12 mars 2024, Maître X, notaire ..., a reçu le
// présent acte".
const RE2& ActeAfter() {
  static const RE2* re = new RE2(R"(^[^.;]{0,220}?\ba\s+recu\b)", FoldedRe2Options());
  return *re;
}

const RE2& DeedOpening() {
  static const RE2* re = new RE2(R"(^l\s*'\s*an\b)", FoldedRe2Options());
  return *re;
}

bool SingleValued(std::string_view kind) {
  return kind == "acte" || kind == "signature" || kind == "reiteration" ||
         kind == "condition_pret" || kind == "prise_effet" || kind == "dpe" || kind == "emission";
}

}  // namespace

std::vector<DeedDate> FindDeedDates(const DocumentView& doc, std::string_view document_type) {
  std::vector<DeedDate> out;
  // An earlier acquisition is a term of a transfer of the property, not of a declaration of
  // succession, which only recalls where the estate comes from.
  const bool transfer = document_type == "acte_vente" || document_type == "compromis_vente" ||
                        document_type == "donation";
  for (size_t p = 0; p < doc.page_count(); ++p) {
    const std::string& folded = doc.folded(p).folded();
    FoldedOffsets offsets(doc.folded(p));
    std::vector<text::DateSpan> found = text::FindDates(FlattenLines(doc.page(p).text));
    size_t previous_end = 0;
    for (const text::DateSpan& d : found) {
      size_t fstart = offsets.Of(d.start);
      size_t fend = offsets.Of(d.end);
      size_t begin = std::max(previous_end, fstart > kCueWindow ? fstart - kCueWindow : 0);
      previous_end = fend;
      if (d.date.year == 0) continue;
      std::string kind;
      std::string_view at(folded.data() + fstart, fend - fstart);
      if (RE2::PartialMatch(at, DeedOpening())) {
        kind = "acte";
      } else if (std::optional<CueHit> cue = DateCues().Last(folded, begin, fstart)) {
        kind = std::string(cue->label);
      } else if (RE2::PartialMatch(std::string_view(folded).substr(fend), ActeAfter())) {
        kind = "acte";
      }
      if (kind.empty() || kind == "-") continue;
      if (kind == "acquisition_anterieure" && !transfer) continue;
      DeedDate date{kind, text::ToIso(d.date), Evidence{doc.page(p).number, d.start, d.end}};
      bool seen = std::any_of(out.begin(), out.end(), [&](const DeedDate& o) {
        return o.kind == date.kind && (o.value == date.value || SingleValued(o.kind));
      });
      if (!seen) out.push_back(std::move(date));
    }
  }
  return out;
}

nlohmann::json DeedDateJson(const DeedDate& date) {
  return {{"kind", date.kind}, {"value", date.value}, {"evidence", EvidenceJson(date.evidence)}};
}

}  // namespace notaria::analyze
