// The cue table of the document classifier: for each document type, the words and phrases
// that its French form must contain, with their weights.
//
// Cues come from the law and the practice of each kind of document (the mentions any office's
// or issuer's template has to carry), never from one corpus's phrasing. A cue has two weights:
// `title_weight` when it appears in the document's title (first lines or upper-case headings
// of page 1) and `body_weight` anywhere else; a cue that names the document itself ("donation",
// "extrait Kbis") weighs much more as a title than as a mention, because deeds cite other
// documents in their body.
#pragma once

#include <span>
#include <string_view>

namespace notaria::analyze {

struct ClassificationCue {
  std::string_view type;    // one of kDocumentTypes
  std::string_view phrase;  // OcrTolerantPattern syntax, on folded text
  double title_weight;
  double body_weight;
  std::string_view label;  // French, as shown in the reasons
};

std::span<const ClassificationCue> ClassificationCues();

}  // namespace notaria::analyze
