#include "ingest/page_image.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "ingest/image_reader.h"
#include "ingest/pix.h"
#include "ingest/sniff.h"

namespace notaria::ingest {
namespace {

void IgnorePopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

DocumentError NoSuchPage(int page, int count) {
  return {ErrorCode::kPageNotFound, "La page " + std::to_string(page) + " n'existe pas (" +
                                        std::to_string(count) + " page(s))."};
}

std::optional<DocumentError> RenderPdfPage(const std::string& path, const PageImageRequest& req,
                                           const ReadLimits& limits, PixPtr* out) {
  poppler::set_debug_error_function(IgnorePopplerMessage, nullptr);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc) return DocumentError{ErrorCode::kCorruptFile, "Le PDF est illisible."};
  if (doc->is_locked()) {
    return DocumentError{ErrorCode::kPasswordRequired, "Le PDF est protégé par un mot de passe."};
  }
  if (req.page < 1 || req.page > doc->pages()) return NoSuchPage(req.page, doc->pages());
  std::unique_ptr<poppler::page> page(doc->create_page(req.page - 1));
  if (!page) return DocumentError{ErrorCode::kCorruptFile, "La page est illisible."};
  poppler::rectf box = page->page_rect(poppler::media_box);
  double width_pt = std::max(1.0, box.width()), height_pt = std::max(1.0, box.height());
  if (page->orientation() == poppler::page::landscape ||
      page->orientation() == poppler::page::seascape) {
    std::swap(width_pt, height_pt);
  }
  // The page rendered as wide as asked (150 dpi at most: more shows nothing more on screen).
  double dpi = std::min(150.0, req.max_width * 72.0 / width_pt);
  double pixels = (width_pt * dpi / 72.0) * (height_pt * dpi / 72.0);
  if (pixels > static_cast<double>(limits.max_image_pixels)) {
    dpi *= std::sqrt(static_cast<double>(limits.max_image_pixels) / pixels);
  }
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_rgb24);
  poppler::image img = renderer.render_page(page.get(), dpi, dpi);
  if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) {
    return DocumentError{ErrorCode::kCorruptFile, "La page ne peut pas être affichée."};
  }
  PixPtr pix(pixCreate(img.width(), img.height(), 32));
  if (!pix) return DocumentError{ErrorCode::kImageTooLarge, "Page trop grande pour être affichée."};
  const char* data = img.const_data();
  for (int y = 0; y < img.height(); ++y) {
    const unsigned char* row =
        reinterpret_cast<const unsigned char*>(data + static_cast<size_t>(y) * img.bytes_per_row());
    l_uint32* line = pixGetData(pix.get()) + static_cast<size_t>(y) * pixGetWpl(pix.get());
    for (int x = 0; x < img.width(); ++x) {
      composeRGBPixel(row[3 * x], row[3 * x + 1], row[3 * x + 2], &line[x]);
    }
  }
  *out = std::move(pix);
  return std::nullopt;
}

std::optional<DocumentError> DecodeImagePage(const std::string& path, FileFormat format,
                                             const PageImageRequest& req, const ReadLimits& limits,
                                             PixPtr* out) {
  int count = 0;
  // Decoding stops at the page asked for: later pages of a TIFF are never decoded.
  const DocumentError stop{ErrorCode::kInternal, "stop"};
  std::optional<DocumentError> error = ReadImagePages(
      path, format, limits, [&](int n) { count = n; },
      [&](int number, DecodedImage image) -> std::optional<DocumentError> {
        if (number != req.page) return std::nullopt;
        *out = std::move(image.pix);
        return stop;
      });
  if (*out) return std::nullopt;
  if (error && error->message != "stop") return error;
  return NoSuchPage(req.page, count);
}

}  // namespace

std::optional<DocumentError> RenderPageInProcess(const std::string& path,
                                                 const PageImageRequest& request,
                                                 const ReadLimits& limits, std::string* png) {
  QuietLeptonica();
  FileFormat format = SniffFile(path);
  PixPtr pix;
  std::optional<DocumentError> error;
  if (format == FileFormat::kPdf) {
    error = RenderPdfPage(path, request, limits, &pix);
  } else if (format == FileFormat::kUnknown) {
    error = DocumentError{ErrorCode::kUnsupportedFormat, "Format de fichier non pris en charge."};
  } else {
    error = DecodeImagePage(path, format, request, limits, &pix);
  }
  if (error) return error;
  if (int quarter = ((request.rotation % 360) + 360) % 360 / 90; quarter != 0) {
    pix.reset(pixRotateOrth(pix.get(), quarter));
  }
  if (pix && pixGetWidth(pix.get()) > request.max_width) {
    float f = static_cast<float>(request.max_width) / static_cast<float>(pixGetWidth(pix.get()));
    // 1-bit scans scale to grey, which reads better than thinned black and white.
    pix.reset(pixGetDepth(pix.get()) == 1 ? pixScaleToGray(pix.get(), f)
                                          : pixScale(pix.get(), f, f));
  }
  if (!pix) return DocumentError{ErrorCode::kCorruptFile, "La page ne peut pas être affichée."};
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix.get(), IFF_PNG) != 0 || data == nullptr) {
    return DocumentError{ErrorCode::kInternal, "L'image de la page n'a pas pu être produite."};
  }
  png->assign(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return std::nullopt;
}

}  // namespace notaria::ingest
