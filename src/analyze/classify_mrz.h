// Detection of the machine-readable zone (ICAO 9303) of French identity documents in page
// text, for the classifier.
//
// OCR rarely reads an MRZ cleanly: fillers '<' come out as 'K', 'c', 'e', '«' or vanish,
// spaces split the line, 'O' and '0' swap. A line is taken as MRZ when, spaces removed and
// filler look-alikes mapped back to '<', it is long enough and made of MRZ characters; its
// shape then tells the format: old CNI (2×36, "IDFRA"), CNI 2021 (TD1, 3×30) or passport
// (TD3, 2×44, "P<FRA"). Only the format is decided here; check digits belong to the MRZ
// extractor.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace notaria::analyze {

enum class MrzKind { kCniAncienne, kCniTd1, kPasseportTd3 };

struct MrzSignal {
  MrzKind kind;
  int page = 0;        // 1-based
  double strength;     // 0..1: 1 when the lines' shape is unambiguous
  std::string reason;  // French, e.g. "zone MRZ TD1 détectée (page 1)"
};

// Every MRZ format seen in the pages (at most one signal per kind, the strongest).
std::vector<MrzSignal> DetectMrz(const std::vector<std::string_view>& page_texts);

}  // namespace notaria::analyze
