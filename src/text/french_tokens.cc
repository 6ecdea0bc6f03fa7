#include "text/french_tokens.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/normalize.h"

namespace notaria::text {
namespace {

struct CodePoint {
  UChar32 c;
  size_t next;
};

CodePoint Decode(std::string_view text, size_t i) {
  int32_t pos = static_cast<int32_t>(i);
  const int32_t length = static_cast<int32_t>(text.size());
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), pos, length, c);
  return {c, static_cast<size_t>(pos)};
}

bool IsSpace(UChar32 c) {
  return c == 0x00A0 || c == 0x202F || c == 0x2009 || c == '\t' || c == '\n' || c == '\r' ||
         c == '\f' || c == '\v' || u_isUWhiteSpace(c);
}

// U+00AD (soft hyphen) is what PDF text layers leave at a hyphenated line end.
bool IsHyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x00AD; }

bool IsApostrophe(UChar32 c) {
  return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018 || c == 0x02B9 || c == 0xFF07;
}

bool IsLetter(UChar32 c) { return c >= 0 && (u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK); }

}  // namespace

std::vector<Token> TokenizeFrench(std::string_view text) {
  std::vector<Token> tokens;
  bool space = false, newline = false, hyphen = false;
  size_t i = 0;
  while (i < text.size()) {
    const CodePoint cp = Decode(text, i);
    if (cp.c >= 0 && IsSpace(cp.c)) {
      space = true;
      if (cp.c == '\n' || cp.c == '\r') newline = true;
      i = cp.next;
      continue;
    }
    if (cp.c >= 0 && IsHyphen(cp.c) && !tokens.empty() && tokens.back().kind == TokenKind::kWord &&
        !hyphen) {
      // A hyphen joins two words only if a letter follows, possibly after a line break.
      size_t j = cp.next;
      while (j < text.size()) {
        const CodePoint n = Decode(text, j);
        if (n.c >= 0 && IsSpace(n.c)) {
          j = n.next;
          continue;
        }
        hyphen = n.c >= 0 && IsLetter(n.c);
        break;
      }
      if (hyphen) {
        i = cp.next;
        continue;
      }
    }
    Token t;
    t.start = i;
    t.space_before = space;
    t.newline_before = newline;
    t.hyphen_before = hyphen;
    space = newline = hyphen = false;
    if (cp.c >= '0' && cp.c <= '9') {
      t.kind = TokenKind::kDigits;
      size_t j = i;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      t.end = j;
      t.folded = std::string(text.substr(i, j - i));
    } else if (cp.c >= 0 && IsLetter(cp.c)) {
      t.kind = TokenKind::kWord;
      size_t j = i;
      while (j < text.size()) {
        const CodePoint n = Decode(text, j);
        if (n.c < 0 || !IsLetter(n.c)) break;
        j = n.next;
      }
      t.end = j;
      t.folded = FoldForMatch(text.substr(i, j - i));
    } else {
      t.kind = TokenKind::kSymbol;
      t.end = cp.next;
      if (cp.c >= 0 && IsApostrophe(cp.c)) {
        t.folded = "'";
      } else if (cp.c >= 0 && IsHyphen(cp.c)) {
        t.folded = "-";
      } else {
        t.folded = std::string(text.substr(i, cp.next - i));
      }
    }
    i = t.end;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

bool IsWord(const std::vector<Token>& tokens, size_t i, std::string_view word) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kWord && tokens[i].folded == word;
}

bool IsSymbol(const std::vector<Token>& tokens, size_t i, std::string_view symbol) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kSymbol && tokens[i].folded == symbol;
}

bool Adjacent(const std::vector<Token>& tokens, size_t i) {
  return i < tokens.size() && !tokens[i].space_before && !tokens[i].hyphen_before;
}

}  // namespace notaria::text
