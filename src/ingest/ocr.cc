#include "ingest/ocr.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.h"

namespace notaria::ingest {
namespace {

// Resolution assumed when the file states none, or one no scanner produces (phones write
// 72 or 1; some apps write 1 dpi or 10000 dpi).
constexpr int kAssumedDpi = 300;
constexpr int kMinPlausibleDpi = 100;
constexpr int kMaxPlausibleDpi = 1200;
// Tesseract reads best around 300 dpi; scans below are enlarged up to that.
constexpr int kTargetDpi = 300;
// A photo whose long side is below this many pixels has letters too small for Tesseract's
// LSTM (ID cards photographed from afar); it is enlarged.
constexpr int kMinPhotoLongSide = 2000;
constexpr double kMaxUpscale = 3.0;
// Tesseract's OSD confidence below which the orientation is not trusted. Its scale is
// unbounded (text-rich upright pages score 10-40); below ~2 it is guessing.
constexpr float kMinOrientationConfidence = 2.0f;
// Above this, OSD is right on every page we measured (truly turned pages score 5-40).
constexpr float kSureOrientationConfidence = 10.0f;
// Orientation detection runs on a half-resolution copy when that stays above this.
constexpr int kMinOsdDpi = 150;
// psm 3 is retried as psm 6 when it recovers fewer characters than this share of the
// glyph-sized marks on the page.
constexpr double kMinRecoveredShare = 0.6;
// A reading with a lower mean word confidence is retried with the fallbacks.
constexpr double kMinGoodConfidence = 0.70;

struct TextDeleter {
  void operator()(char* p) const { delete[] p; }
};

// Alpha over white, colour map and colour removed: Tesseract and Leptonica's skew search both
// want one grey channel.
PixPtr ToGrey(Pix* src) {
  PixPtr pix(pixClone(src));
  if (pixGetSpp(pix.get()) == 4) pix.reset(pixAlphaBlendUniform(pix.get(), 0xffffff00));
  if (!pix) return nullptr;
  if (pixGetColormap(pix.get()) != nullptr) {
    pix.reset(pixRemoveColormap(pix.get(), REMOVE_CMAP_BASED_ON_SRC));
  }
  if (!pix) return nullptr;
  if (pixGetDepth(pix.get()) != 8) pix.reset(pixConvertTo8(pix.get(), 0));
  return pix;
}

int EffectiveDpi(int stated) {
  return stated >= kMinPlausibleDpi && stated <= kMaxPlausibleDpi ? stated : 0;
}

// Number of connected components of a plausible glyph size: a rough count of the characters
// printed on the page, to tell when a layout analysis dropped some.
int CountGlyphMarks(Pix* grey, int dpi) {
  PixPtr bin(pixConvertTo1(grey, 128));
  if (!bin) return 0;
  Boxa* boxes = pixConnCompBB(bin.get(), 8);
  if (boxes == nullptr) return 0;
  const int min_h = std::max(4, dpi / 60);  // ~0.4 mm
  const int max_h = dpi / 3;                // ~8 mm
  int count = 0;
  for (int i = 0; i < boxaGetCount(boxes); ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h) != 0) continue;
    if (h >= min_h && h <= max_h && w <= max_h * 2 && w >= 1) ++count;
  }
  boxaDestroy(&boxes);
  return count;
}

int CountVisible(const std::string& s) {
  int n = 0;
  for (unsigned char c : s) {
    if (c > ' ' && (c & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Characters in words Tesseract is reasonably sure of: comparing two readings by raw length
// would favour the one that hallucinates text in pictures.
int ConfidentCharacters(tesseract::TessBaseAPI& api) {
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return 0;
  int n = 0;
  do {
    if (it->Confidence(tesseract::RIL_WORD) < 60) continue;
    std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
    if (word) n += CountVisible(word.get());
  } while (it->Next(tesseract::RIL_WORD));
  return n;
}

constexpr char kMrzAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

struct BoxDeleter {
  void operator()(Box* b) const { boxDestroy(&b); }
};

// A line of the general reading that is (part of) a machine-readable zone: fillers read as
// "<<" or as French guillemets.
bool MentionsMrz(std::string_view line) {
  return line.find("<<") != std::string_view::npos ||
         line.find("\u00AB\u00AB") != std::string_view::npos;
}

// A whole MRZ line: 30, 36 or 44 characters of the MRZ alphabet in the standard; OCR may
// drop or add a few.
bool LooksLikeMrz(std::string_view line) {
  if (line.size() < 26 || line.size() > 48) return false;
  int fillers = 0;
  for (char c : line) {
    if (c == '<') ++fillers;
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<')) return false;
  }
  return fillers >= 2;
}

std::vector<std::string> SplitLines(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::vector<Box> MrzLineBoxes(tesseract::TessBaseAPI& api) {
  std::vector<Box> boxes;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return boxes;
  do {
    std::unique_ptr<char[]> line(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
    if (!line || !MentionsMrz(line.get())) continue;
    int left, top, right, bottom;
    if (it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom)) {
      Box b{};
      b.x = left;
      b.y = top;
      b.w = right - left;
      b.h = bottom - top;
      boxes.push_back(b);
    }
  } while (it->Next(tesseract::RIL_TEXTLINE));
  return boxes;
}

}  // namespace

struct OcrEngine::Api {
  tesseract::TessBaseAPI text;
  tesseract::TessBaseAPI osd;
  ~Api() {
    text.End();
    osd.End();
  }
};

std::string TessdataDir() {
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') {
    return env;
  }
  return "/usr/share/tesseract-ocr/5/tessdata";
}

OcrEngine::OcrEngine() : api_(std::make_unique<Api>()) {}
OcrEngine::~OcrEngine() = default;

std::unique_ptr<OcrEngine> OcrEngine::Create(std::string* error) {
  QuietLeptonica();
  std::unique_ptr<OcrEngine> engine(new OcrEngine());
  const std::string dir = TessdataDir();
  if (engine->api_->text.Init(dir.c_str(), "fra", tesseract::OEM_LSTM_ONLY) != 0) {
    if (error) *error = "tessdata 'fra' introuvable dans " + dir;
    return nullptr;
  }
  // osd.traineddata only has the legacy model.
  if (engine->api_->osd.Init(dir.c_str(), "osd", tesseract::OEM_TESSERACT_ONLY) != 0) {
    if (error) *error = "tessdata 'osd' introuvable dans " + dir;
    return nullptr;
  }
  for (auto* api : {&engine->api_->text, &engine->api_->osd}) {
    // Tesseract's own diagnostics ("Estimating resolution...") are noise in our logs.
    api->SetVariable("debug_file", "/dev/null");
  }
  return engine;
}

std::string OcrEngine::WithCleanMrz(Pix* grey, int dpi, const std::vector<Box>& lines,
                                    std::string text) {
  // The zone as found, widened by a line and a half above and below: the general reading
  // often misses one of the two or three lines.
  int x0 = INT32_MAX, y0 = INT32_MAX, x1 = 0, y1 = 0, line_h = 0;
  for (const Box& b : lines) {
    x0 = std::min(x0, b.x);
    y0 = std::min(y0, b.y);
    x1 = std::max(x1, b.x + b.w);
    y1 = std::max(y1, b.y + b.h);
    line_h = std::max(line_h, b.h);
  }
  const int pad_y = line_h * 3 / 2, pad_x = (x1 - x0) / 20;
  x0 = std::max(0, x0 - pad_x);
  y0 = std::max(0, y0 - pad_y);
  x1 = std::min(pixGetWidth(grey), x1 + pad_x);
  y1 = std::min(pixGetHeight(grey), y1 + pad_y);
  std::unique_ptr<Box, BoxDeleter> region(boxCreate(x0, y0, x1 - x0, y1 - y0));
  PixPtr zone(pixClipRectangle(grey, region.get(), nullptr));
  if (!zone) return text;
  auto& api = api_->text;
  api.SetVariable("tessedit_char_whitelist", kMrzAlphabet);
  api.SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
  api.SetImage(zone.get());
  api.SetSourceResolution(dpi);
  std::unique_ptr<char[], TextDeleter> raw(api.GetUTF8Text());
  api.SetVariable("tessedit_char_whitelist", "");
  if (!raw) return text;
  std::vector<std::string> clean;
  for (const std::string& line : SplitLines(raw.get())) {
    std::string compact;
    for (char c : line) {
      if (c != ' ') compact.push_back(c);
    }
    if (LooksLikeMrz(compact)) clean.push_back(compact);
  }
  std::vector<std::string> kept;
  std::vector<std::string> old_lines = SplitLines(text);
  size_t replaced = 0;
  bool inserted = false;
  for (const std::string& line : old_lines) {
    if (!MentionsMrz(line)) {
      kept.push_back(line);
      continue;
    }
    ++replaced;
    if (!inserted) {
      kept.insert(kept.end(), clean.begin(), clean.end());
      inserted = true;
    }
  }
  // A zone read worse than the general reading (fewer lines) is not used.
  if (clean.size() < replaced) return text;
  std::string out;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i) out.push_back('\n');
    out += kept[i];
  }
  return out;
}

int OcrEngine::LegibleCharacters(Pix* grey, int dpi) {
  // A half-resolution reading is enough to compare two orientations, at a quarter of the cost.
  PixPtr half;
  if (dpi >= 2 * kMinOsdDpi) half.reset(pixScaleAreaMap2(grey));
  auto& api = api_->text;
  api.SetPageSegMode(tesseract::PSM_AUTO);
  api.SetImage(half ? half.get() : grey);
  api.SetSourceResolution(half ? dpi / 2 : dpi);
  int n = api.Recognize(nullptr) == 0 ? ConfidentCharacters(api) : 0;
  api.Clear();
  return n;
}

// The words of the last recognition with their boxes, as fractions of the image.
static std::vector<PlacedWord> PlacedWords(tesseract::TessBaseAPI& api, int width, int height) {
  std::vector<PlacedWord> out;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it || width <= 0 || height <= 0) return out;
  do {
    std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
    int l = 0, t = 0, r = 0, b = 0;
    if (!word || !it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) continue;
    out.push_back(
        {word.get(), float(l) / width, float(t) / height, float(r) / width, float(b) / height});
  } while (it->Next(tesseract::RIL_WORD));
  return out;
}

OcrPage OcrEngine::Recognize(Pix* image, int stated_dpi) {
  OcrPage out;
  LeptonicaMessages quiet;
  PixPtr grey = ToGrey(image);
  if (!grey) return out;

  int dpi = EffectiveDpi(stated_dpi);
  double scale = 1.0;
  if (dpi == 0) {
    dpi = kAssumedDpi;
    int long_side = std::max(pixGetWidth(grey.get()), pixGetHeight(grey.get()));
    if (long_side < kMinPhotoLongSide) scale = double(kMinPhotoLongSide) / long_side;
  } else if (dpi < kTargetDpi) {
    scale = double(kTargetDpi) / dpi;
  }
  scale = std::min(scale, kMaxUpscale);
  if (scale > 1.05) {
    PixPtr big(pixScaleGrayLI(grey.get(), float(scale), float(scale)));
    if (big) {
      grey = std::move(big);
      dpi = static_cast<int>(std::lround(dpi * scale));
    }
  }

  auto& osd = api_->osd;
  osd.SetPageSegMode(tesseract::PSM_OSD_ONLY);
  // Orientation needs letter shapes, not detail: at half resolution OSD costs a quarter.
  PixPtr half;
  if (dpi >= 2 * kMinOsdDpi) half.reset(pixScaleAreaMap2(grey.get()));
  osd.SetImage(half ? half.get() : grey.get());
  osd.SetSourceResolution(half ? dpi / 2 : dpi);
  int orient_deg = 0;
  float orient_conf = 0, script_conf = 0;
  const char* script = nullptr;
  if (osd.DetectOrientationScript(&orient_deg, &orient_conf, &script, &script_conf)) {
    out.rotation_confidence = std::clamp(orient_conf / 15.0, 0.0, 1.0);
    if (orient_conf >= kMinOrientationConfidence && orient_deg % 90 == 0 && orient_deg != 0) {
      // orient_deg is how far the content is turned clockwise; turn it back.
      const int rotation = (360 - orient_deg) % 360;
      PixPtr upright(pixRotateOrth(grey.get(), rotation / 90));
      // OSD is fooled by pages with little text (an ID card photocopied on A4 scores 3-4
      // for "upside down"): below kSureOrientationConfidence the turned page must also be
      // about as legible as the stored one. "About": Tesseract's layout analysis reads
      // sideways lines by itself, so a right quarter turn gains little, a wrong turn loses
      // nearly everything.
      bool turn = upright != nullptr;
      if (turn && orient_conf < kSureOrientationConfidence) {
        turn = LegibleCharacters(upright.get(), dpi) >= 0.8 * LegibleCharacters(grey.get(), dpi);
      }
      if (turn) {
        out.rotation = rotation;
        grey = std::move(upright);
      } else {
        out.rotation_confidence = 0;
      }
    }
  }
  osd.Clear();
  half.reset();

  l_float32 angle = 0, conf = 0;
  double turned_deg = 0;  // the deskew, which the page image does not have
  PixPtr deskewed(pixFindSkewAndDeskew(grey.get(), 2, &angle, &conf));
  if (deskewed) {
    if (deskewed.get() != grey.get()) {
      out.skew_deg = std::round(double(angle) * 100) / 100;
      turned_deg = angle;
    }
    grey = std::move(deskewed);
  }

  auto& api = api_->text;
  struct Reading {
    std::string text;
    double confidence = 0;
    int confident_chars = 0;
    int psm = 3;
    bool sauvola = false;
    std::vector<Box> mrz_lines;  // lines that look like a machine-readable zone
    std::vector<PlacedWord> words;
  };
  auto read = [&](tesseract::PageSegMode psm, bool sauvola) {
    // Tesseract's default global Otsu threshold turns a grey card on grey paper into one
    // black blob; Sauvola's local threshold reads it.
    api.SetVariable("thresholding_method", sauvola ? "2" : "0");
    api.SetPageSegMode(psm);
    api.SetImage(grey.get());
    api.SetSourceResolution(dpi);
    std::unique_ptr<char[], TextDeleter> raw(api.GetUTF8Text());
    Reading r;
    r.text = raw ? text::Nfc(raw.get()) : std::string();
    r.confidence = std::max(0, api.MeanTextConf()) / 100.0;
    r.confident_chars = ConfidentCharacters(api);
    r.psm = psm == tesseract::PSM_AUTO ? 3 : 6;
    r.sauvola = sauvola;
    r.mrz_lines = MrzLineBoxes(api);
    r.words = PlacedWords(api, pixGetWidth(grey.get()), pixGetHeight(grey.get()));
    return r;
  };
  const int marks = CountGlyphMarks(grey.get(), dpi);
  // A reading is poor when it recovers much less text than the page's ink suggests (blocks
  // dropped by the layout analysis) or is unsure of what it read.
  auto poor = [&](const Reading& r) {
    return CountVisible(r.text) < kMinRecoveredShare * marks || r.confidence < kMinGoodConfidence;
  };

  Reading best = read(tesseract::PSM_AUTO, false);
  const std::pair<tesseract::PageSegMode, bool> fallbacks[] = {
      {tesseract::PSM_AUTO, true}, {tesseract::PSM_SINGLE_BLOCK, false}};
  for (const auto& [psm, sauvola] : fallbacks) {
    if (!poor(best)) break;
    Reading r = read(psm, sauvola);
    if (r.confident_chars > best.confident_chars) best = std::move(r);
  }
  if (!best.mrz_lines.empty()) {
    api.SetVariable("thresholding_method", best.sauvola ? "2" : "0");
    best.text = WithCleanMrz(grey.get(), dpi, best.mrz_lines, std::move(best.text));
  }
  api.SetVariable("thresholding_method", "0");
  api.Clear();
  out.text = std::move(best.text);
  out.confidence = best.confidence;
  out.layout_psm = best.psm;
  out.local_threshold = best.sauvola;
  // Boxes are drawn on the page as stored, before the deskew (Leptonica turns clockwise).
  const double aspect = double(pixGetWidth(grey.get())) / std::max(1, pixGetHeight(grey.get()));
  for (PlacedWord& w : best.words) w = UnturnBox(w, turned_deg, aspect);
  out.words = std::move(best.words);
  return out;
}

}  // namespace notaria::ingest
