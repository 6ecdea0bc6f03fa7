// analyze_replay: re-runs the analysis stages (classify, extract, ...) on the pages stored in
// the JSON Lines of a previous `notaria analyze`, without reading the files again, and prints
// the same JSON Lines with fresh results; dossier lines get fresh dossier checks, and their
// documents are judged at the dossier's deed date, as the platform does. For developing
// extractors and checks against the whole corpus in seconds:
//   analyze_replay < build/corpus-pages.jsonl | python3 ../shared/tools/eval.py --results -
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "analyze/analysis.h"
#include "analyze/dossier.h"

namespace {

using nlohmann::json;
using notaria::analyze::mrz::Date;

std::vector<notaria::Page> PagesOf(const json& result) {
  std::vector<notaria::Page> pages;
  for (const auto& p : result["pages"]) pages.push_back(notaria::PageFromJson(p));
  return pages;
}

notaria::analyze::DossierMember MemberOf(const json& line) {
  notaria::analyze::DossierMember m;
  m.document_id = line.value("document_id", json(nullptr)).is_string()
                      ? line["document_id"].get<std::string>()
                      : line.value("file", "");
  m.filename = line.value("file", "");
  m.status = line.value("status", "failed");
  const json& r = line.contains("result") ? line["result"] : json();
  if (r.is_object()) {
    m.document_type = r.value("document_type", "");
    m.entities = r.value("entities", json::object());
    m.findings = r.value("findings", json::array());
    m.verifications = r.value("verifications", json::array());
    if (r.contains("score") && r["score"].contains("value")) m.score = r["score"]["value"];
  }
  if (line.contains("error") && line["error"].is_object())
    m.error_code = line["error"].value("code", "");
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  // Optional reference date (YYYY-MM-DD) for validity checks; today by default.
  Date reference = notaria::analyze::Today();
  if (argc > 1) {
    std::sscanf(argv[1], "%4d-%2d-%2d", &reference.year, &reference.month, &reference.day);
  }
  std::vector<json> lines;
  std::string line;
  while (std::getline(std::cin, line)) {
    json o = json::parse(line, nullptr, false);
    if (o.is_discarded()) continue;
    if (o.contains("result") && o["result"].is_object() && o["result"].contains("pages")) {
      o["result"] = notaria::analyze::AnalyzePages(PagesOf(o["result"]), reference);
    }
    lines.push_back(std::move(o));
  }
  for (json& d : lines) {
    if (!d.contains("dossier") || !d["dossier"].is_string()) continue;
    std::string dir = d["dossier"].get<std::string>();
    if (!dir.empty() && dir.back() != '/') dir += '/';
    std::vector<json*> member_lines;
    for (json& o : lines) {
      if (o.contains("file") && o["file"].is_string() &&
          o["file"].get<std::string>().rfind(dir, 0) == 0) {
        member_lines.push_back(&o);
      }
    }
    std::vector<notaria::analyze::DossierMember> members;
    for (json* o : member_lines) members.push_back(MemberOf(*o));
    if (auto at = notaria::analyze::DossierReference(members)) {
      for (size_t i = 0; i < members.size(); ++i) {
        json& r = (*member_lines[i])["result"];
        if (!r.is_object() || !r.contains("pages")) continue;
        json assess = notaria::analyze::AssessDocument(PagesOf(r), members[i].document_type,
                                                       r["classification"].value("confidence", 0.0),
                                                       members[i].entities, *at);
        for (auto& [k, v] : assess.items()) r[k] = v;
        members[i].findings = r["findings"];
      }
    }
    std::string type = notaria::analyze::InferDossierType(members);
    json analysis = notaria::analyze::AnalyzeDossier(dir, type, members);
    d["dossier_type"] = type;
    d["findings"] = analysis["findings"];
    d["checklist"] = analysis["checklist"];
    d["parties"] = analysis["parties"];
  }
  for (const json& o : lines) std::cout << o.dump() << "\n";
  return 0;
}
