// Surfaces stated by a deed or a lease: the private surface of the loi Carrez and the total
// (habitable) surface, and every place a surface is written.
//
// A figure followed by "m²" ("64,30 m²", "64.30 m2", "64,30 mètres carrés") takes the kind
// of the cue closest before it: "loi Carrez", "superficie privative", "partie privative",
// "loi n° 96-1107", "mesurage" (carrez); "surface habitable", "superficie", "surface"
// (habitable). A terrace, a garden, a plot or a contenance is not a surface of the dwelling.
// The property's values are the first of each kind; all of them are kept as mentions, so a
// check can see a surface written twice differently.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyze/extract.h"

namespace notaria::analyze {

struct SurfaceMention {
  std::string kind;  // "carrez" | "habitable"
  double value_m2 = 0;
  Evidence evidence;  // the figure and its unit
};

std::vector<SurfaceMention> FindSurfaces(const DocumentView& doc);

nlohmann::json SurfaceMentionJson(const SurfaceMention& s);  // {kind, value_m2, evidence}

}  // namespace notaria::analyze
