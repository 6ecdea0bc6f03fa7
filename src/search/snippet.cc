#include "search/snippet.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "search/search_text.h"
#include "text/folded_text.h"

namespace notaria::search {
namespace {

using Span = std::pair<size_t, size_t>;  // original byte range

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }
bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Query words the engines match on (stems), without operators and stop words.
std::set<std::string> QueryStems(std::string_view query) {
  std::set<std::string> out;
  // The cents of an amount typed whole ("286000,00") are not a word to mark everywhere ("00 ha
  // 14 a"): AmountHits marks the amount.
  std::string q(query);
  static const RE2 cents(R"((\d)[.,]\d{1,2}\b)");
  RE2::GlobalReplace(&q, cents, "\\1");
  const std::string folded = FoldForSearch(q);
  for (std::string_view word : Words(folded)) {
    if (!IsQueryStopWord(word)) out.insert(Stem(word));
  }
  return out;
}

// Word hits: each word of the page whose stem is a query stem.
void WordHits(const text::FoldedText& ft, const std::set<std::string>& stems,
              std::vector<Span>* hits, std::set<std::string>* found) {
  const std::string& f = ft.folded();
  size_t i = 0;
  while (i < f.size()) {
    while (i < f.size() && !IsWordByte(static_cast<unsigned char>(f[i]))) ++i;
    size_t start = i;
    while (i < f.size() && IsWordByte(static_cast<unsigned char>(f[i]))) ++i;
    if (i == start) continue;
    std::string stem = Stem(std::string_view(f).substr(start, i - start));
    if (stems.count(stem)) {
      hits->push_back(ft.OriginalSpan(start, i));
      found->insert(stem);
    }
  }
}

// Identifier hits: where the page prints one of the query's identifiers.
void KeywordHits(std::string_view page, const std::vector<std::string>& keywords,
                 std::vector<Span>* hits, std::set<std::string>* found) {
  if (keywords.empty()) return;
  for (const KeywordSpan& k : KeywordSpans(page)) {
    if (std::find(keywords.begin(), keywords.end(), k.keyword) != keywords.end()) {
      hits->push_back({k.start, k.end});
      found->insert("#" + k.keyword);
    }
  }
}

// Amount hits: a number typed without its spaces ("196000") where the page prints it in
// thousands ("196 000,00"), as the engines find it (ParseQuery).
void AmountHits(const text::FoldedText& ft, std::string_view query, std::vector<Span>* hits,
                std::set<std::string>* found) {
  std::set<std::string> numbers;
  const std::string q = FoldForSearch(query);
  for (std::string_view w : Words(q)) {
    if (IsTypedAmount(w)) numbers.emplace(w);
  }
  if (numbers.empty()) return;
  const std::string& f = ft.folded();
  auto digit = [&](size_t k) { return k < f.size() && f[k] >= '0' && f[k] <= '9'; };
  auto separator = [&](size_t k) { return k < f.size() && (f[k] == ' ' || f[k] == '.'); };
  for (size_t i = 0; i < f.size(); ++i) {
    if (!digit(i) || (i > 0 && IsWordByte(static_cast<unsigned char>(f[i - 1])))) continue;
    // Not the inner group of a longer number ("1 196 000").
    if (i >= 2 && separator(i - 1) && digit(i - 2)) continue;
    std::string joined;
    size_t k = i;
    while (digit(k)) joined += f[k++];
    // Further groups: one separator, then exactly three digits.
    while (joined.size() < 8 && separator(k) && digit(k + 1) && digit(k + 2) && digit(k + 3) &&
           !digit(k + 4)) {
      joined += f.substr(k + 1, 3);
      k += 4;
    }
    if (k < f.size() && IsWordByte(static_cast<unsigned char>(f[k]))) continue;
    if (numbers.count(joined)) {
      hits->push_back(ft.OriginalSpan(i, k));
      found->insert("#" + joined);
    }
  }
}

// Sorted, with overlapping spans merged ("AB" + "AB n° 123"), and spans apart by spaces only
// ("pleine propriété" of a phrase) shown as one.
std::vector<Span> Merged(std::string_view page, std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end());
  std::vector<Span> out;
  for (const Span& s : spans) {
    bool joined =
        !out.empty() &&
        (s.first <= out.back().second ||
         page.substr(out.back().second, s.first - out.back().second).find_first_not_of(" ") ==
             std::string_view::npos);
    if (joined) {
      out.back().second = std::max(out.back().second, s.second);
    } else {
      out.push_back(s);
    }
  }
  return out;
}

size_t SnapBack(std::string_view s, size_t pos) {
  while (pos > 0 && IsContinuation(static_cast<unsigned char>(s[pos]))) --pos;
  return pos;
}

// Moves `pos` back to the start of the word it is in (never before `floor`).
size_t WordStart(std::string_view s, size_t pos, size_t floor) {
  pos = SnapBack(s, pos);
  while (pos > floor && IsWordByte(static_cast<unsigned char>(s[pos - 1]))) --pos;
  return pos;
}

// Moves `pos` forward to the end of the word it is in.
size_t WordEnd(std::string_view s, size_t pos) {
  while (pos < s.size() && IsWordByte(static_cast<unsigned char>(s[pos]))) ++pos;
  return pos;
}

// Whitespace runs (line breaks included) become one space.
void AppendText(std::vector<SnippetPart>* parts, std::string_view raw, bool hit) {
  std::string text;
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = true;
      continue;
    }
    if (space) text += ' ';
    space = false;
    text += c;
  }
  if (space) text += ' ';
  if (text.empty()) return;
  if (!parts->empty() && parts->back().hit == hit) {
    parts->back().text += text;
  } else {
    parts->push_back({std::move(text), hit});
  }
}

void TrimEnds(std::vector<SnippetPart>* parts) {
  while (!parts->empty() && !parts->front().text.empty() && parts->front().text.front() == ' ') {
    parts->front().text.erase(0, 1);
    if (parts->front().text.empty()) parts->erase(parts->begin());
  }
  while (!parts->empty() && !parts->back().text.empty() && parts->back().text.back() == ' ') {
    parts->back().text.pop_back();
    if (parts->back().text.empty()) parts->pop_back();
  }
}

}  // namespace

Snippet BuildSnippet(std::string_view page, std::string_view query, size_t max_bytes) {
  text::FoldedText ft(page);
  std::vector<Span> hits;
  std::set<std::string> found;
  WordHits(ft, QueryStems(query), &hits, &found);
  KeywordHits(page, QueryKeywords(query), &hits, &found);
  AmountHits(ft, query, &hits, &found);
  hits = Merged(page, std::move(hits));

  Snippet snippet;
  snippet.hits = static_cast<int>(found.size());
  // The window starting at the hit that sees the most distinct hits within max_bytes.
  size_t best = 0;
  int best_count = -1;
  for (size_t h = 0; h < hits.size(); ++h) {
    int count = 0;
    for (size_t k = h; k < hits.size() && hits[k].second <= hits[h].first + max_bytes; ++k) {
      ++count;
    }
    if (count > best_count) {
      best_count = count;
      best = h;
    }
  }
  size_t begin = 0;
  if (!hits.empty()) {
    // Some context before the first hit, from the start of a word.
    size_t lead = max_bytes / 4;
    begin = hits[best].first > lead ? WordStart(page, hits[best].first - lead, 0) : 0;
  }
  size_t end = std::min(page.size(), begin + max_bytes);
  end = WordEnd(page, SnapBack(page, end));
  if (end < page.size()) end = std::max(begin, WordStart(page, end, begin));
  if (end <= begin) end = std::min(page.size(), WordEnd(page, begin + 1));

  size_t at = begin;
  for (const Span& h : hits) {
    if (h.first < at || h.second > end) continue;
    AppendText(&snippet.parts, page.substr(at, h.first - at), false);
    AppendText(&snippet.parts, page.substr(h.first, h.second - h.first), true);
    at = h.second;
  }
  AppendText(&snippet.parts, page.substr(at, end - at), false);
  TrimEnds(&snippet.parts);
  if (begin > 0) snippet.parts.insert(snippet.parts.begin(), SnippetPart{"… ", false});
  if (end < page.size()) snippet.parts.push_back({" …", false});
  return snippet;
}

}  // namespace notaria::search
