#include "analyze/classify.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <string_view>

#include "analyze/classify_cues.h"
#include "analyze/classify_mrz.h"
#include "analyze/classify_pattern.h"
#include "core/document_type.h"
#include "text/normalize.h"

namespace notaria::analyze {
namespace {

// How much of page 1 counts as the title: the first lines, where every template puts the
// document's name, plus any short upper-case heading of that page.
constexpr int kTitleLines = 8;
constexpr size_t kHeadingMaxBytes = 80;
// A page with fewer letters than this is a blank or a cover: the title is on the next one.
constexpr int kMinTitlePageLetters = 20;
// A full, well-read MRZ is as decisive as the document's printed name.
constexpr double kMrzWeight = 12;
// "autre" is what remains when nothing else convinces: it starts with this prior score, so
// a type needs at least one strong cue or several consistent ones to beat it.
constexpr double kAutrePrior = 3;
// Below this score a type has not enough evidence on its own.
constexpr double kMinEvidence = 5;
// Two types closer than this are too close to call.
constexpr double kMinMargin = 1;
// Softmax temperature, in cue-weight units: a lead of 2 × T points makes a type e^2 ≈ 7 times
// more likely, so one strong title cue alone already gives a confident answer.
constexpr double kTemperature = 2;
constexpr size_t kMaxCandidates = 4;
constexpr size_t kMaxReasons = 6;
constexpr double kMinCandidateScore = 0.01;

struct CompiledCue {
  const ClassificationCue* cue;
  std::unique_ptr<RE2> re;
};

const std::vector<CompiledCue>& CompiledCues() {
  static const auto* compiled = [] {
    auto* out = new std::vector<CompiledCue>;
    RE2::Options options;
    options.set_log_errors(false);
    for (const ClassificationCue& cue : ClassificationCues()) {
      auto re = std::make_unique<RE2>("(?m)" + OcrTolerantPattern(cue.phrase), options);
      if (re->ok()) out->push_back({&cue, std::move(re)});
    }
    return out;
  }();
  return *compiled;
}

int CountLetters(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (std::isalpha(c) != 0 || c >= 0xC0) ? 1 : 0;
  return n;
}

// Mostly upper-case letters: a heading. Accented capitals are multi-byte; counting ASCII
// letters only is enough to tell a heading from prose.
bool IsHeading(std::string_view line) {
  if (line.size() > kHeadingMaxBytes) return false;
  int upper = 0;
  int lower = 0;
  for (unsigned char c : line) {
    if (c >= 'A' && c <= 'Z') ++upper;
    if (c >= 'a' && c <= 'z') ++lower;
  }
  return upper >= 4 && upper >= 4 * lower;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (true) {
    size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// FoldForMatch turns line breaks into spaces; folding line by line keeps them, so that cues
// can be anchored to whole lines and titles told from the body.
std::string FoldLines(const std::vector<std::string_view>& lines) {
  std::string out;
  for (std::string_view line : lines) {
    out += text::FoldForMatch(line);
    out += '\n';
  }
  return out;
}

struct PreparedDocument {
  std::vector<std::string> folded_pages;
  std::string folded_title;
  int title_page = 1;
};

PreparedDocument Prepare(const std::vector<Page>& pages) {
  PreparedDocument doc;
  bool title_found = false;
  for (size_t p = 0; p < pages.size(); ++p) {
    std::vector<std::string_view> lines = SplitLines(pages[p].text);
    doc.folded_pages.push_back(FoldLines(lines));
    if (title_found || CountLetters(pages[p].text) < kMinTitlePageLetters) continue;
    title_found = true;
    doc.title_page = pages[p].number > 0 ? pages[p].number : static_cast<int>(p) + 1;
    std::vector<std::string_view> title;
    for (std::string_view line : lines) {
      bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
      if (blank) continue;
      if (static_cast<int>(title.size()) < kTitleLines || IsHeading(line)) title.push_back(line);
    }
    doc.folded_title = FoldLines(title);
  }
  return doc;
}

struct Fired {
  double weight;
  std::string reason;
};

struct TypeEvidence {
  double score = 0;
  std::vector<Fired> fired;
};

std::string Guillemets(std::string_view label) { return "« " + std::string(label) + " »"; }

int PageNumber(const std::vector<Page>& pages, size_t index) {
  return pages[index].number > 0 ? pages[index].number : static_cast<int>(index) + 1;
}

std::map<std::string, TypeEvidence> Score(const std::vector<Page>& pages,
                                          const PreparedDocument& doc) {
  std::map<std::string, TypeEvidence> evidence;
  for (const CompiledCue& c : CompiledCues()) {
    const ClassificationCue& cue = *c.cue;
    double weight = 0;
    std::string reason;
    if (cue.title_weight > 0 && RE2::PartialMatch(doc.folded_title, *c.re)) {
      weight = cue.title_weight;
      // Only a cue that names the document is a title; a party heading stays a mention.
      reason = (cue.title_weight > cue.body_weight ? "titre " : "mention ") +
               Guillemets(cue.label) + " (page " + std::to_string(doc.title_page) + ")";
    }
    if (cue.body_weight > weight) {
      for (size_t p = 0; p < doc.folded_pages.size(); ++p) {
        if (!RE2::PartialMatch(doc.folded_pages[p], *c.re)) continue;
        weight = cue.body_weight;
        reason = "mention " + Guillemets(cue.label) + " (page " +
                 std::to_string(PageNumber(pages, p)) + ")";
        break;
      }
    }
    if (weight <= 0) continue;
    TypeEvidence& e = evidence[std::string(cue.type)];
    e.score += weight;
    e.fired.push_back({weight, std::move(reason)});
  }

  std::vector<std::string_view> texts;
  for (const Page& page : pages) texts.push_back(page.text);
  for (const MrzSignal& mrz : DetectMrz(texts)) {
    const char* type = mrz.kind == MrzKind::kPasseportTd3 ? "passeport" : "cni";
    TypeEvidence& e = evidence[type];
    double weight = kMrzWeight * mrz.strength;
    // Old card and TD1 are two readings of one card: count the better one only.
    auto same = std::find_if(e.fired.begin(), e.fired.end(),
                             [](const Fired& f) { return f.reason.starts_with("zone MRZ"); });
    if (same != e.fired.end()) {
      if (same->weight >= weight) continue;
      e.score -= same->weight;
      e.fired.erase(same);
    }
    e.score += weight;
    e.fired.push_back({weight, mrz.reason});
  }
  evidence["autre"].score += kAutrePrior;
  return evidence;
}

double Round3(double x) { return std::round(x * 1000) / 1000; }

}  // namespace

Classification ClassifyDocument(const std::vector<Page>& pages) {
  PreparedDocument doc = Prepare(pages);
  std::map<std::string, TypeEvidence> evidence = Score(pages, doc);

  // Every type takes part in the normalisation, including those without evidence, so that
  // a document with little to say gets a low confidence whatever wins.
  struct Ranked {
    std::string type;
    double score;
    double probability;
  };
  std::vector<Ranked> ranked;
  double best_score = 0;
  for (std::string_view type : kDocumentTypes) {
    auto it = evidence.find(std::string(type));
    double s = it == evidence.end() ? 0 : it->second.score;
    ranked.push_back({std::string(type), s, 0});
    best_score = std::max(best_score, s);
  }
  double z = 0;
  for (Ranked& r : ranked) {
    r.probability = std::exp((r.score - best_score) / kTemperature);
    z += r.probability;
  }
  for (Ranked& r : ranked) r.probability /= z;
  // Best first; on equal scores "autre" wins, as the cautious answer.
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.type == "autre" && b.type != "autre";
  });

  Classification out;
  const Ranked& best = ranked[0];
  out.type = best.type;
  std::vector<std::string> preamble;
  if (best.type != "autre") {
    const Ranked& second = ranked[1];
    if (best.score < kMinEvidence) {
      out.type = "autre";
      preamble.push_back("indices trop faibles pour « " + best.type + " »");
    } else if (second.type != "autre" && best.score - second.score < kMinMargin) {
      out.type = "autre";
      preamble.push_back("indices partagés entre « " + best.type + " » et « " + second.type + " »");
    }
  }
  for (const Ranked& r : ranked) {
    if (r.type == out.type) out.confidence = Round3(r.probability);
  }
  for (const Ranked& r : ranked) {
    if (out.candidates.size() >= kMaxCandidates || r.probability < kMinCandidateScore) break;
    out.candidates.push_back({r.type, Round3(r.probability)});
  }

  out.reasons = std::move(preamble);
  auto it = evidence.find(out.type);
  std::vector<Fired> fired = it == evidence.end() ? std::vector<Fired>() : it->second.fired;
  std::stable_sort(fired.begin(), fired.end(),
                   [](const Fired& a, const Fired& b) { return a.weight > b.weight; });
  for (Fired& f : fired) {
    if (out.reasons.size() >= kMaxReasons) break;
    out.reasons.push_back(std::move(f.reason));
  }
  if (out.type == "autre" && out.reasons.empty()) {
    out.reasons.push_back("aucun indice caractéristique d'un type de document");
  }
  return out;
}

nlohmann::json ClassificationToJson(const Classification& c) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const ClassificationCandidate& k : c.candidates) {
    candidates.push_back({{"type", k.type}, {"score", k.score}});
  }
  return {{"confidence", c.confidence}, {"candidates", candidates}, {"reasons", c.reasons}};
}

}  // namespace notaria::analyze
