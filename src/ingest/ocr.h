// Optical character recognition of one page image with Tesseract (French).
//
// OcrEngine prepares the image (alpha removed, grey, resolution assumed at 300 dpi when the
// file states none or an absurd one, small images enlarged), brings it upright with
// Tesseract's orientation detection when that is confident enough, deskews it with Leptonica,
// and recognises it. Tesseract's automatic layout (psm 3) sometimes drops whole blocks, so
// when a reading recovers much less text than the page's ink suggests or is unsure of it, the
// page is read again with a local (Sauvola) threshold, then as one uniform block (psm 6), and
// the reading with the most confidently read characters is kept. Lines of an ID document's
// machine-readable zone are read again with the MRZ alphabet only. One engine per thread: an engine
// is not thread-safe, but engines are independent.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ingest/pix.h"
#include "ingest/word_boxes.h"

namespace tesseract {
class TessBaseAPI;
}

namespace notaria::ingest {

struct OcrPage {
  std::string text;                 // NFC
  double confidence = 0;            // Tesseract's mean word confidence, 0..1
  int rotation = 0;                 // clockwise degrees applied to make the page upright
  double rotation_confidence = -1;  // 0..1; negative when orientation could not be judged
  double skew_deg = 0;              // deskew rotation applied, degrees (Leptonica's sign)
  int layout_psm = 3;               // the page segmentation mode whose reading was kept
  bool local_threshold = false;     // kept reading used Sauvola instead of Otsu
  // The words of the kept reading with their boxes, as fractions of the upright page.
  std::vector<PlacedWord> words;
};

class OcrEngine {
 public:
  // Loads "fra" and "osd" from TESSDATA_PREFIX or the Debian tessdata directory; nullptr
  // with `error` set when they cannot be loaded.
  static std::unique_ptr<OcrEngine> Create(std::string* error);
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // `stated_dpi` is the resolution the file states (0 when none). Does not take ownership.
  OcrPage Recognize(Pix* image, int stated_dpi);

 private:
  OcrEngine();
  // Characters of confident words when `grey` is read as it stands; compares orientations.
  int LegibleCharacters(Pix* grey, int dpi);
  // Re-reads the machine-readable zone of an ID document (around `lines`, found by the general
  // reading) with the MRZ alphabet only, and puts its lines in place of the general reading's.
  std::string WithCleanMrz(Pix* grey, int dpi, const std::vector<Box>& lines, std::string text);
  struct Api;
  std::unique_ptr<Api> api_;
};

// The directory holding the .traineddata files.
std::string TessdataDir();

}  // namespace notaria::ingest
