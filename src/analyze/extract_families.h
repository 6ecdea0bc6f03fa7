// The extractor families of src/analyze, registered once by ExtractEntities.
#pragma once

namespace notaria::analyze {

// Calls every family's Register...Extractors(); defined in extract_families.cc, which is
// the one list to extend when a family is added.
void RegisterExtractorFamilies();

}  // namespace notaria::analyze
