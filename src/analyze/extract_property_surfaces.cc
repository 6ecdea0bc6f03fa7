#include "analyze/extract_property_surfaces.h"

#include <algorithm>

#include "analyze/extract_deed_terms_cues.h"
#include "text/french_amounts.h"

namespace notaria::analyze {
namespace {

constexpr size_t kCueWindow = 220;

const RE2& SurfaceFigure() {
  static const RE2* re = new RE2(
      R"((?:^|[^\d,.])(\d{1,4}(?:[,.]\d{1,2})?)\s*(?:m\s?[2²]|metres?\s+carres)\b|(\d{1,4}[,.]\d{1,2})\s*m\?)",
      FoldedRe2Options());
  return *re;
}

const CueSet& SurfaceCues() {
  static const CueSet* cues = new CueSet({
      {"carrez", R"(\bcarrez\b)"},
      {"carrez", R"(\b(?:superficie|surface)\s+(?:de\s+la\s+partie\s+)?privative\b)"},
      {"carrez", R"(\bpartie\s+privative\b|\b96\s*-\s*1107\b)"},
      {"carrez", R"(\bmesurage\b|\bmesuree?s?\b)"},
      {"habitable", R"(\b(?:surface|superficie)s?\b)"},
      {"habitable", R"(\bhabitables?\b)"},
      {"-", R"(\bterrasses?\b|\bjardins?\b|\bbalcons?\b|\bterrain\b|\bparcelle\b)"},
      {"-", R"(\bcontenance\b|\bsurface\s+de\s+plancher\b|\bemprise\b|\bannexes?\b)"},
      {"-", R"(\bkwh\b|\bco2\b|\bkg\b)"},
  });
  return *cues;
}

}  // namespace

std::vector<SurfaceMention> FindSurfaces(const DocumentView& doc) {
  std::vector<SurfaceMention> out;
  for (size_t p = 0; p < doc.page_count(); ++p) {
    const std::string& folded = doc.folded(p).folded();
    re2::StringPiece g[3];
    size_t pos = 0;
    size_t previous_end = 0;
    while (pos < folded.size() &&
           SurfaceFigure().Match(folded, pos, folded.size(), RE2::UNANCHORED, g, 3)) {
      const re2::StringPiece& figure = g[1].empty() ? g[2] : g[1];
      size_t fig = static_cast<size_t>(figure.data() - folded.data());
      size_t end = static_cast<size_t>(g[0].data() - folded.data()) + g[0].size();
      pos = end;
      size_t begin = std::max(previous_end, fig > kCueWindow ? fig - kCueWindow : 0);
      previous_end = end;
      std::optional<CueHit> cue = SurfaceCues().Last(folded, begin, fig);
      if (!cue || cue->label == "-") continue;
      Evidence e = doc.EvidenceOf(p, fig, end);
      Evidence digits = doc.EvidenceOf(p, fig, fig + figure.size());
      std::optional<double> v = text::ParseFrenchDecimal(doc.TextOf(digits));
      if (!v || *v <= 0) continue;
      out.push_back({std::string(cue->label), *v, e});
    }
  }
  return out;
}

nlohmann::json SurfaceMentionJson(const SurfaceMention& s) {
  return {{"kind", s.kind}, {"value_m2", s.value_m2}, {"evidence", EvidenceJson(s.evidence)}};
}

}  // namespace notaria::analyze
