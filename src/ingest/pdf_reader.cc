#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "ingest/page_reader.h"
#include "ingest/text_layer_trust.h"
#include "ingest/word_boxes.h"
#include "text/normalize.h"

namespace notaria::ingest {
namespace {

void IgnorePopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

// Poppler's physical layout pads lines with spaces up to the page width; trailing blanks
// carry no information and would only shift nothing but bytes.
std::string TrimLineEnds(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\f')) {
      line.remove_suffix(1);
    }
    out.append(line);
    if (end < s.size()) out.push_back('\n');
    start = end + 1;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\f')) out.pop_back();
  return out;
}

std::string PageText(const poppler::page& page) {
  poppler::byte_array utf8 = page.text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
  return text::Nfc(TrimLineEnds(std::string_view(utf8.data(), utf8.size())));
}

// Where the text layer's words are on the page, as fractions of its size. Poppler gives the
// boxes in points from the top left of the crop box, the page turned by its /Rotate, as it
// renders the page image.
std::vector<WordBox> TextLayerWords(const poppler::page& page, const std::string& text) {
  poppler::rectf crop = page.page_rect(poppler::crop_box);
  double w = std::max(1.0, crop.width()), h = std::max(1.0, crop.height());
  if (page.orientation() == poppler::page::landscape ||
      page.orientation() == poppler::page::seascape) {
    std::swap(w, h);
  }
  std::vector<PlacedWord> words;
  for (const poppler::text_box& t : page.text_list()) {
    poppler::byte_array utf8 = t.text().to_utf8();
    poppler::rectf r = t.bbox();
    words.push_back({std::string(utf8.data(), utf8.size()), float(r.left() / w), float(r.top() / h),
                     float(r.right() / w), float(r.bottom() / h)});
  }
  return AlignWords(text, words);
}

// Largest resolution not above `dpi` at which the page stays within the pixel limit: a
// poster-sized page is read at lower resolution rather than refused.
double RenderDpi(const poppler::page& page, int dpi, uint64_t max_pixels) {
  poppler::rectf box = page.page_rect(poppler::media_box);
  double w_in = std::max(1.0, box.width()) / 72.0, h_in = std::max(1.0, box.height()) / 72.0;
  double limit = std::sqrt(static_cast<double>(max_pixels) / (w_in * h_in));
  return std::max(36.0, std::min<double>(dpi, std::floor(limit)));
}

PixPtr Render(const poppler::page& page, double dpi) {
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_gray8);
  poppler::image img = renderer.render_page(&page, dpi, dpi);
  if (!img.is_valid() || img.format() != poppler::image::format_gray8) return nullptr;
  PixPtr pix(pixCreate(img.width(), img.height(), 8));
  if (!pix) return nullptr;
  const int wpl = pixGetWpl(pix.get());
  l_uint32* data = pixGetData(pix.get());
  const char* src = img.const_data();
  for (int y = 0; y < img.height(); ++y) {
    const auto* row =
        reinterpret_cast<const unsigned char*>(src + ptrdiff_t(y) * img.bytes_per_row());
    l_uint32* line = data + ptrdiff_t(y) * wpl;
    for (int x = 0; x < img.width(); ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  const auto res = static_cast<l_int32>(std::lround(dpi));
  pixSetResolution(pix.get(), res, res);
  return pix;
}

}  // namespace

std::optional<DocumentError> ReadPdfPages(const std::string& path, const ReadLimits& limits,
                                          const ReadCallbacks& callbacks, LazyOcrEngine& ocr) {
  poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
  // Poppler never runs a PDF's JavaScript (/OpenAction, /AA); nothing here asks it to.
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc) {
    return DocumentError{ErrorCode::kCorruptFile,
                         "Le PDF est endommagé ou tronqué (structure interne illisible) et ne "
                         "peut pas être lu."};
  }
  // Opening with an empty password succeeds for owner-password-only PDFs, which stay
  // readable; only a user password locks the document.
  if (doc->is_locked()) {
    return DocumentError{ErrorCode::kPasswordRequired,
                         "Le PDF est protégé par un mot de passe d'ouverture : il ne peut pas "
                         "être lu sans ce mot de passe. Demandez une version non protégée et "
                         "déposez-la."};
  }
  const int count = doc->pages();
  if (count <= 0) {
    return DocumentError{ErrorCode::kCorruptFile, "Le PDF ne contient aucune page lisible."};
  }
  if (count > limits.max_pages) {
    return DocumentError{ErrorCode::kTooManyPages, "Le PDF compte " + std::to_string(count) +
                                                       " pages, au-delà de la limite de " +
                                                       std::to_string(limits.max_pages) +
                                                       " pages."};
  }
  if (callbacks.on_page_count) callbacks.on_page_count(count);
  for (int i = 0; i < count; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      return DocumentError{ErrorCode::kCorruptFile,
                           "La page " + std::to_string(i + 1) + " du PDF est illisible."};
    }
    Page out;
    out.number = i + 1;
    out.text = PageText(*page);
    out.words = TextLayerWords(*page, out.text);
    TextLayerVerdict verdict = JudgeTextLayer(out.text);
    if (!verdict.trusted) {
      // An absent text layer is the normal case of a scan, not a rejection.
      if (verdict.reason != "no_text") out.text_layer_rejected = verdict.reason;
      std::optional<DocumentError> error;
      OcrEngine* engine = ocr.Get(&error);
      if (engine == nullptr) return error;
      double dpi = RenderDpi(*page, limits.dpi, limits.max_image_pixels);
      PixPtr pix = Render(*page, dpi);
      if (!pix) {
        return DocumentError{ErrorCode::kCorruptFile, "La page " + std::to_string(i + 1) +
                                                          " du PDF ne peut pas être affichée."};
      }
      OcrPage read = engine->Recognize(pix.get(), static_cast<int>(std::lround(dpi)));
      ApplyOcr(read, out);
    }
    if (callbacks.on_page) callbacks.on_page(out);
  }
  return std::nullopt;
}

}  // namespace notaria::ingest
