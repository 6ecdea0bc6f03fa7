// The passage of a page shown with a search hit: the words of the query that occur on the
// page, in the page's own characters (accents and case as written), with a little context.
//
// Matching follows the engines' rules (search_text.h): folded words compared by French stem,
// identifiers by their normalised keyword. The snippet is returned as parts so that clients
// render the hits without ever interpreting page text as markup.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace notaria::search {

struct SnippetPart {
  std::string text;
  bool hit = false;
};

struct Snippet {
  std::vector<SnippetPart> parts;
  int hits = 0;  // query words found in the whole page (0: the page does not show the query)
};

// At most about `max_bytes` of text, cut at word boundaries, "…" where the page goes on;
// whitespace runs (line breaks included) shown as one space. A page without any hit gives
// its beginning.
Snippet BuildSnippet(std::string_view page_text, std::string_view query, size_t max_bytes = 240);

}  // namespace notaria::search
