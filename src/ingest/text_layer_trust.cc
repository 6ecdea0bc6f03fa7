#include "ingest/text_layer_trust.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string>
#include <vector>

#include "text/normalize.h"

namespace notaria::ingest {
namespace {

// Below this many non-space characters a page says too little to be judged (a scanner's
// header stamp over an image-only page, an empty page): OCR is cheap insurance.
constexpr int kMinChars = 20;

// The most frequent French and English words. Real prose has 30-50 % of its words in such a
// list, forms and tables 10-25 %; text from a font with a wrong encoding has almost none.
constexpr std::string_view kCommonWords[] = {
    "a",        "au",     "aux",     "avec",      "ce",        "ces",     "cet",      "cette",
    "comme",    "d",      "dans",    "de",        "des",       "du",      "elle",     "en",
    "est",      "et",     "etre",    "il",        "ils",       "l",       "la",       "le",
    "les",      "leur",   "lui",     "m",         "mais",      "me",      "mme",      "n",
    "ne",       "nom",    "non",     "nous",      "on",        "ont",     "ou",       "par",
    "pas",      "pour",   "qu",      "que",       "qui",       "s",       "sa",       "sans",
    "se",       "ses",    "si",      "son",       "sont",      "sur",     "un",       "une",
    "vous",     "y",      "date",    "ne",        "page",      "article", "ainsi",    "entre",
    "fait",     "tout",   "tous",    "plus",      "avoir",     "sous",    "lieu",     "the",
    "of",       "and",    "to",      "in",        "is",        "for",     "that",     "on",
    "with",     "as",     "by",      "this",      "be",        "are",     "from",     "or",
    "it",       "at",     "an",      "was",       "not",       "which",   "have",     "has",
    "monsieur", "madame", "euros",   "numero",    "adresse",   "ne",      "nee",      "client",
    "montant",  "total",  "societe", "vente",     "prix",      "rue",     "avenue",   "ville",
    "code",     "compte", "banque",  "acte",      "notaire",   "bien",    "an",       "ans",
    "mois",     "jour",   "france",  "francaise", "signature", "carte",   "identite", "fin",
};

bool IsCommonWord(std::string_view w) {
  for (auto c : kCommonWords) {
    if (c == w) return true;
  }
  return false;
}

bool IsVowel(UChar32 c) {
  static constexpr std::u32string_view kVowels = U"aeiouyàâäéèêëîïôöûùüÿœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÙÜŸŒÆ";
  return kVowels.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}

// Accents that some producers emit as separate spacing characters next to the base letter.
bool IsSpacingAccent(UChar32 c) {
  return c == 0x00B4 || c == 0x0060 || c == 0x00A8 || c == 0x02C6 || c == 0x02DC || c == 0x00B8 ||
         c == 0x02CB || c == 0x02CA || c == 0x02D8 || c == 0x02C7;
}

bool IsPrivateUse(UChar32 c) { return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000; }

// Block elements and geometric squares: what an unmapped glyph often extracts as.
bool IsBox(UChar32 c) {
  return (c >= 0x2580 && c <= 0x259F) || c == 0x25A0 || c == 0x25A1 || c == 0x25AF || c == 0x25AD ||
         c == 0x2610 || c == 0x2B1C;
}

// Characters a wrong ligature mapping puts in the middle of a word ("informa(on").
bool IsLigatureJunk(UChar32 c) {
  return c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '#' ||
         c == '$' || c == '%' || c == '*' || c == '|' || c == '~' || c == '^' || c == '\\' ||
         c == '!' || c == '"';
}

std::vector<std::u32string> SplitTokens(const std::u32string& s) {
  std::vector<std::u32string> out;
  std::u32string cur;
  for (char32_t c : s) {
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// True when the token has letter, junk, letter with an unbalanced bracket in between, as in
// "informa(on"; "vendeur(s)" and "le(s)" are balanced and legitimate French.
bool HasLigatureJunk(const std::u32string& t) {
  int open = 0;
  bool junk_between_letters = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char32_t c = t[i];
    if (c == '(' || c == '[' || c == '{') ++open;
    if (c == ')' || c == ']' || c == '}') --open;
    if (i > 0 && i + 1 < t.size() && IsLigatureJunk(static_cast<UChar32>(c)) &&
        u_isalpha(static_cast<UChar32>(t[i - 1])) && u_isalpha(static_cast<UChar32>(t[i + 1]))) {
      junk_between_letters = true;
    }
  }
  if (!junk_between_letters) return false;
  if (open != 0) return true;
  // Balanced brackets are fine, other junk between letters is not.
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    char32_t c = t[i];
    bool bracket = c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}';
    if (!bracket && IsLigatureJunk(static_cast<UChar32>(c)) &&
        u_isalpha(static_cast<UChar32>(t[i - 1])) && u_isalpha(static_cast<UChar32>(t[i + 1]))) {
      return true;
    }
  }
  return false;
}

std::u32string Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

TextLayerVerdict Reject(std::string reason) { return {false, std::move(reason)}; }

}  // namespace

TextLayerVerdict JudgeTextLayer(std::string_view text) {
  const std::u32string s = Decode(text);
  int visible = 0, letters = 0, digits = 0, replacement = 0, private_use = 0, boxes = 0,
      spacing_accents = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<UChar32>(s[i]);
    if (u_isUWhiteSpace(c) || u_iscntrl(c)) continue;
    ++visible;
    if (u_isalpha(c)) ++letters;
    if (u_isdigit(c)) ++digits;
    if (c == 0xFFFD) ++replacement;
    if (IsPrivateUse(c)) ++private_use;
    if (IsBox(c)) ++boxes;
    // A spacing accent glued to a letter, or a combining mark with no base letter.
    bool after_letter = i > 0 && u_isalpha(static_cast<UChar32>(s[i - 1]));
    if ((IsSpacingAccent(c) && after_letter) || (u_getCombiningClass(c) != 0 && !after_letter)) {
      ++spacing_accents;
    }
  }
  if (visible == 0) return Reject("no_text");
  if (visible < kMinChars) return Reject("too_few_characters");
  // One or two odd glyphs (a logo, a bullet) do not condemn a page; a steady share does.
  auto significant = [&](int count, double share) {
    return count >= 3 && count >= share * visible;
  };
  if (significant(replacement, 0.005)) return Reject("replacement_characters");
  if (significant(private_use, 0.005)) return Reject("private_use_characters");
  if (significant(boxes, 0.05)) return Reject("box_characters");
  // Tables of figures are fine; a page that is mostly symbols is not.
  if (letters + digits < 0.5 * visible) return Reject("low_letter_ratio");
  if (spacing_accents >= 3 && spacing_accents >= 0.002 * letters) {
    return Reject("decomposed_accents");
  }

  const std::vector<std::u32string> tokens = SplitTokens(s);
  int single_letters = 0, word_tokens = 0, junk = 0, no_vowel = 0, long_words = 0, common = 0;
  int vowel_letters = 0, word_letters = 0;
  for (const auto& t : tokens) {
    int token_letters = 0, vowels = 0;
    for (char32_t c : t) {
      if (u_isalpha(static_cast<UChar32>(c))) ++token_letters;
      if (IsVowel(static_cast<UChar32>(c))) ++vowels;
    }
    if (token_letters == 0) continue;
    ++word_tokens;
    word_letters += token_letters;
    vowel_letters += vowels;
    if (t.size() == 1) ++single_letters;
    if (HasLigatureJunk(t)) ++junk;
    if (token_letters >= 4) {
      ++long_words;
      if (vowels == 0) ++no_vowel;
    }
  }
  if (word_tokens >= 10 && single_letters > 0.5 * word_tokens) return Reject("spaced_letters");
  if (junk >= 3 && junk >= 0.01 * word_tokens) return Reject("bad_ligatures");
  // French and English text is 38-45 % vowels (tables of words too); letters drawn from a
  // wrong glyph encoding are close to the 6-in-26 of random letters.
  const double vowel_share = word_letters > 0 ? double(vowel_letters) / word_letters : 0;
  if (long_words >= 10 && no_vowel > 0.25 * long_words) return Reject("implausible_words");
  if (word_letters >= 80 && vowel_share < 0.28) return Reject("implausible_words");

  // Words split on anything that is not a letter, folded ("Créé" -> "cree").
  const std::string folded = text::FoldForMatch(text);
  int folded_words = 0;
  std::string word;
  // Single letters are left out: elisions ("l'", "d'") would make any text look common.
  auto flush = [&] {
    if (word.size() == 1) word.clear();
    if (!word.empty()) {
      ++folded_words;
      if (IsCommonWord(word)) ++common;
      word.clear();
    }
  };
  for (char ch : folded) {
    if ((ch >= 'a' && ch <= 'z') || (static_cast<unsigned char>(ch) >= 0x80)) {
      word.push_back(ch);
    } else {
      flush();
    }
  }
  flush();
  // Lists and tables legitimately lack function words, so their absence only condemns a
  // page whose letters are also unusually poor in vowels.
  if (folded_words >= 30 && common < 0.08 * folded_words && vowel_share < 0.34) {
    return Reject("few_common_words");
  }
  return {true, {}};
}

}  // namespace notaria::ingest
