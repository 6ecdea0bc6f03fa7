#include "analyze/extract_deed_terms_amounts.h"

#include <algorithm>
#include <cmath>

#include "analyze/extract_deed_terms_cues.h"
#include "text/french_amounts.h"

namespace notaria::analyze {
namespace {

// How far back a cue may stand from its amount: a clause, not a page.
constexpr size_t kCueWindow = 260;

const CueSet& AmountCues() {
  static const CueSet* cues = new CueSet({
      {"prix", R"(\bprix\b)"},
      {"prix", R"(\bmoyennant\b)"},
      {"prix", R"(\b(?:vendre|ceder|vente)\b.{0,40}\bminimum\b)"},
      {"frais", R"(\bfrais\b)"},
      {"frais", R"(\bemoluments?\b)"},
      {"frais", R"(\bprovisionn\w*)"},
      {"pret", R"(\bprets?\b)"},
      {"pret", R"(\bemprunts?\b)"},
      {"pret", R"(\bfinancement\b)"},
      {"capital", R"(\bcapital\s+(?:emprunte|prete|restant|du pret|initial))"},
      {"capital", R"(\bmontant\s+(?:du|de l')\s*(?:capital|credit)\b)"},
      {"depot_garantie", R"(\bdepot\s+de\s+garantie\b)"},
      {"depot_garantie", R"(\bsequestre\b)"},
      {"depot_garantie", R"(\bverse\w*\s+(?:ce\s+jour|a\s+titre\s+de|entre\s+les\s+mains))"},
      {"depot_garantie", R"(\bindemnite\s+d'immobilisation\b)"},
      {"commission", R"(\bcommissions?\b)"},
      {"commission", R"(\bhonoraires?\b)"},
      {"commission", R"(\bfrais\s+d'agence\b)"},
      {"commission", R"(\bremuneration\s+(?:de l'agen|du mandataire|de l'intermediaire))"},
      {"valeur", R"(\bevalu\w*)"},
      {"valeur", R"(\bvaleur\b)"},
      {"valeur", R"(\bestim\w*)"},
      {"loyer", R"(\bloyers?\b)"},
      {"charges", R"(\bprovisions?\s+(?:sur|pour|de)\s+charges\b)"},
      {"charges", R"(\bcharges\s+(?:locatives|recuperables|mensuelles|de copropriete)\b)"},
      {"charges", R"(\bforfait\s+de\s+charges\b)"},
      {"mensualite", R"(\bmensualites?\b)"},
      {"mensualite", R"(\becheances?\s+mensuelles?\b)"},
      {"mensualite", R"(\bremboursable\s+par\s+\w+\s+de\b)"},
      // Amounts of something else: a company, a tax rule, a penalty.
      {"-", R"(\bau\s+capital\b|\bcapital\s+social\b)"},
      {"-", R"(\babattement\b|\bexoner\w*|\bplafond\b|\bseuil\b)"},
      {"-", R"(\bpenalite\w*|\bclause\s+penale\b|\bamende\b|\bastreinte\b)"},
      {"-", R"(\bbon\s+pour\b)"},
  });
  return *cues;
}

bool IsLoanContract(const DocumentView& doc, std::string_view document_type) {
  if (document_type != "contrat") return false;
  static const RE2* re =
      new RE2(R"(\b(?:offre|contrat)\s+de\s+(?:pret|credit)\b|\bcredit\s+immobilier\b)",
              FoldedRe2Options());
  for (size_t i = 0; i < doc.page_count() && i < 2; ++i) {
    if (RE2::PartialMatch(doc.folded(i).folded(), *re)) return true;
  }
  return false;
}

// True when only spaces, line breaks and one opening bracket separate a and b.
bool BracketedPair(std::string_view text, size_t a_end, size_t b_start) {
  if (b_start < a_end || b_start - a_end > 6) return false;
  int brackets = 0;
  for (size_t i = a_end; i < b_start; ++i) {
    char c = text[i];
    if (c == '(' || c == '[') {
      ++brackets;
    } else if (c != ' ' && c != '\n' && c != ',' && c != ':') {
      return false;
    }
  }
  return brackets <= 1;
}

}  // namespace

std::vector<DeedAmount> FindDeedAmounts(const DocumentView& doc, std::string_view document_type) {
  std::vector<DeedAmount> out;
  const bool loan = IsLoanContract(doc, document_type);
  for (size_t p = 0; p < doc.page_count(); ++p) {
    const std::string& original = doc.page(p).text;
    const std::string& folded = doc.folded(p).folded();
    FoldedOffsets offsets(doc.folded(p));
    std::vector<text::Amount> found = text::FindAmounts(FlattenLines(original));
    size_t previous_end = 0;  // folded end of the previous amount: a cue serves one amount
    for (size_t i = 0; i < found.size(); ++i) {
      const text::Amount* digits = &found[i];
      const text::Amount* words = nullptr;
      size_t first_start = found[i].start;
      if (i + 1 < found.size() && found[i].in_words != found[i + 1].in_words &&
          BracketedPair(original, found[i].end, found[i + 1].start)) {
        words = found[i].in_words ? &found[i] : &found[i + 1];
        digits = found[i].in_words ? &found[i + 1] : &found[i];
        ++i;
      } else if (found[i].in_words) {
        words = &found[i];
      }
      size_t last_end = found[i].end;
      size_t fstart = offsets.Of(first_start);
      size_t begin = std::max(previous_end, fstart > kCueWindow ? fstart - kCueWindow : 0);
      previous_end = offsets.Of(last_end);
      if (digits->currency != "EUR") continue;  // francs: an old deed's figures, not terms
      std::optional<CueHit> cue = AmountCues().Last(folded, begin, fstart);
      if (!cue && p > 0 && begin == 0) {
        // A clause cut by a page break: its heading ends the previous page.
        const std::string& before = doc.folded(p - 1).folded();
        size_t room = kCueWindow > fstart ? kCueWindow - fstart : 0;
        cue = AmountCues().Last(before, before.size() > room ? before.size() - room : 0,
                                before.size());
      }
      if (digits->value <= 0) continue;
      if (!cue || cue->label == "-") continue;
      DeedAmount a;
      a.kind = std::string(cue->label);
      if (loan && a.kind == "pret") a.kind = "capital";
      a.value = digits->value;
      a.currency = digits->currency;
      a.evidence = Evidence{doc.page(p).number, digits->start, digits->end};
      if (words != nullptr) {
        a.value_words = words->value;
        a.words_evidence = Evidence{doc.page(p).number, words->start, words->end};
      }
      bool seen = std::any_of(out.begin(), out.end(), [&](const DeedAmount& o) {
        return o.kind == a.kind && std::fabs(o.value - a.value) < 0.005;
      });
      if (!seen) out.push_back(std::move(a));
    }
  }
  return out;
}

nlohmann::json DeedAmountJson(const DeedAmount& amount) {
  nlohmann::json j = {{"kind", amount.kind},
                      {"value", amount.value},
                      {"currency", amount.currency},
                      {"evidence", EvidenceJson(amount.evidence)}};
  if (amount.value_words) {
    j["value_words"] = *amount.value_words;
    if (amount.words_evidence) j["value_words_evidence"] = EvidenceJson(*amount.words_evidence);
  }
  return j;
}

}  // namespace notaria::analyze
