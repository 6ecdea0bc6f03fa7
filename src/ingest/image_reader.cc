#include "ingest/image_reader.h"

#include <libheif/heif.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace notaria::ingest {
namespace {

DocumentError Corrupt(std::string detail) {
  return {ErrorCode::kCorruptFile,
          "Le fichier image est endommagé ou tronqué et ne peut pas être lu (" + std::move(detail) +
              ")."};
}

struct FileCloser {
  void operator()(FILE* f) const { fclose(f); }
};

int StatedDpi(Pix* pix) { return pixGetXRes(pix) > 0 ? pixGetXRes(pix) : 0; }

std::optional<DocumentError> ReadJpeg(const std::string& path, const ReadLimits& limits,
                                      const std::function<void(int)>& on_page_count,
                                      const ImagePageSink& on_page) {
  LeptonicaMessages messages;
  l_int32 w = 0, h = 0, spp = 0, ycck = 0, cmyk = 0;
  if (readHeaderJpeg(path.c_str(), &w, &h, &spp, &ycck, &cmyk) != 0) {
    return Corrupt("en-tête JPEG illisible");
  }
  if (auto err = CheckDeclaredSize(w, h, limits.max_image_pixels)) return err;
  on_page_count(1);
  l_int32 warnings = 0;
  // libjpeg only warns about damaged or missing data and fills the rest with grey; without
  // L_JPEG_CONTINUE_WITH_BAD_DATA Leptonica refuses such an image instead of returning a
  // partial one, and any warning left is treated the same. Luminance only: OCR needs no
  // colour, and it is a third of the memory.
  PixPtr pix(pixReadJpeg(path.c_str(), 0, 1, &warnings, L_JPEG_READ_LUMINANCE));
  if (!pix || warnings > 0) return Corrupt("données JPEG endommagées");
  int dpi = StatedDpi(pix.get());
  return on_page(1, {std::move(pix), dpi});
}

std::optional<DocumentError> ReadSingle(const std::string& path, FileFormat format,
                                        const ReadLimits& limits,
                                        const std::function<void(int)>& on_page_count,
                                        const ImagePageSink& on_page) {
  LeptonicaMessages messages;
  l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  l_int32 ok = format == FileFormat::kPng ? readHeaderPng(path.c_str(), &w, &h, &bps, &spp, &cmap)
                                          : readHeaderWebP(path.c_str(), &w, &h, &spp);
  if (ok != 0) return Corrupt("en-tête illisible");
  if (auto err = CheckDeclaredSize(w, h, limits.max_image_pixels)) return err;
  on_page_count(1);
  PixPtr pix(pixRead(path.c_str()));
  if (!pix || messages.HasError()) return Corrupt("données d'image endommagées");
  int dpi = StatedDpi(pix.get());
  return on_page(1, {std::move(pix), dpi});
}

std::optional<DocumentError> ReadTiff(const std::string& path, const ReadLimits& limits,
                                      const std::function<void(int)>& on_page_count,
                                      const ImagePageSink& on_page) {
  int count = 0;
  {
    LeptonicaMessages messages;
    std::unique_ptr<FILE, FileCloser> fp(fopenReadStream(path.c_str()));
    if (!fp || tiffGetCount(fp.get(), &count) != 0 || count <= 0) {
      return Corrupt("structure TIFF illisible");
    }
  }
  if (count > limits.max_pages) {
    return DocumentError{ErrorCode::kTooManyPages, "Le TIFF compte " + std::to_string(count) +
                                                       " pages, au-delà de la limite de " +
                                                       std::to_string(limits.max_pages) +
                                                       " pages."};
  }
  on_page_count(count);
  size_t offset = 0;
  for (int i = 0; i < count; ++i) {
    LeptonicaMessages messages;
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, comp = 0;
    if (readHeaderTiff(path.c_str(), i, &w, &h, &bps, &spp, &res, &cmap, &comp) != 0) {
      return Corrupt("page " + std::to_string(i + 1) + " illisible");
    }
    if (auto err = CheckDeclaredSize(w, h, limits.max_image_pixels)) return err;
    // Reads the directory at `offset` only and advances it: one page in memory at a time.
    PixPtr pix(pixReadFromMultipageTiff(path.c_str(), &offset));
    if (!pix || messages.HasError()) {
      return Corrupt("page " + std::to_string(i + 1) + " endommagée");
    }
    int dpi = StatedDpi(pix.get());
    if (auto err = on_page(i + 1, {std::move(pix), dpi})) return err;
    if (offset == 0 && i + 1 < count) return Corrupt("chaînage des pages TIFF rompu");
  }
  return std::nullopt;
}

struct HeifContextDeleter {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HeifHandleDeleter {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct HeifImageDeleter {
  void operator()(heif_image* i) const { heif_image_release(i); }
};

bool IsSecurityLimit(const heif_error& e) {
  return e.code == heif_error_Memory_allocation_error ||
         e.subcode == heif_suberror_Security_limit_exceeded;
}

std::optional<DocumentError> ReadHeic(const std::string& path, const ReadLimits& limits,
                                      const std::function<void(int)>& on_page_count,
                                      const ImagePageSink& on_page) {
  std::unique_ptr<heif_context, HeifContextDeleter> ctx(heif_context_alloc());
  if (!ctx) return DocumentError::Of(ErrorCode::kInternal);
  // libheif refuses larger images (and tiles grids) while parsing, before any allocation.
  auto side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(limits.max_image_pixels))));
  heif_context_set_maximum_image_size_limit(ctx.get(), side);
  heif_error err = heif_context_read_from_file(ctx.get(), path.c_str(), nullptr);
  if (err.code != heif_error_Ok) {
    if (IsSecurityLimit(err)) return DocumentError::Of(ErrorCode::kImageTooLarge);
    return Corrupt("conteneur HEIF illisible");
  }
  heif_image_handle* raw_handle = nullptr;
  err = heif_context_get_primary_image_handle(ctx.get(), &raw_handle);
  std::unique_ptr<heif_image_handle, HeifHandleDeleter> handle(raw_handle);
  if (err.code != heif_error_Ok) return Corrupt("image principale HEIF absente");
  int w = heif_image_handle_get_width(handle.get());
  int h = heif_image_handle_get_height(handle.get());
  if (auto e = CheckDeclaredSize(w, h, limits.max_image_pixels)) return e;
  on_page_count(1);
  heif_image* raw_image = nullptr;
  err = heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB,
                          heif_chroma_interleaved_RGB, nullptr);
  std::unique_ptr<heif_image, HeifImageDeleter> image(raw_image);
  if (err.code != heif_error_Ok) {
    if (IsSecurityLimit(err)) return DocumentError::Of(ErrorCode::kImageTooLarge);
    return Corrupt("données HEIF endommagées");
  }
  int stride = 0;
  const uint8_t* data =
      heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
  int iw = heif_image_get_width(image.get(), heif_channel_interleaved);
  int ih = heif_image_get_height(image.get(), heif_channel_interleaved);
  if (data == nullptr || iw <= 0 || ih <= 0) return Corrupt("données HEIF endommagées");
  // Straight to 8-bit grey: OCR needs no colour and this is a quarter of the memory.
  PixPtr pix(pixCreate(iw, ih, 8));
  if (!pix) return DocumentError::Of(ErrorCode::kImageTooLarge);
  l_uint32* out = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < ih; ++y) {
    const uint8_t* row = data + static_cast<ptrdiff_t>(y) * stride;
    l_uint32* line = out + static_cast<ptrdiff_t>(y) * wpl;
    for (int x = 0; x < iw; ++x) {
      int grey = (299 * row[3 * x] + 587 * row[3 * x + 1] + 114 * row[3 * x + 2]) / 1000;
      SET_DATA_BYTE(line, x, grey);
    }
  }
  image.reset();
  return on_page(1, {std::move(pix), 0});
}

}  // namespace

std::optional<DocumentError> CheckDeclaredSize(int64_t width, int64_t height, uint64_t max_pixels) {
  if (width <= 0 || height <= 0) {
    return Corrupt("dimensions déclarées invalides");
  }
  const auto pixels = static_cast<uint64_t>(width) * static_cast<uint64_t>(height);
  if (pixels <= max_pixels) return std::nullopt;
  return DocumentError{
      ErrorCode::kImageTooLarge,
      "L'image déclare " + std::to_string(width) + " × " + std::to_string(height) + " pixels (" +
          std::to_string(pixels / 1'000'000) + " mégapixels), au-delà de la limite de " +
          std::to_string(max_pixels / 1'000'000) + " mégapixels : elle n'a pas été décodée."};
}

std::optional<DocumentError> ReadImagePages(const std::string& path, FileFormat format,
                                            const ReadLimits& limits,
                                            const std::function<void(int)>& on_page_count,
                                            const ImagePageSink& on_page) {
  switch (format) {
    case FileFormat::kJpeg:
      return ReadJpeg(path, limits, on_page_count, on_page);
    case FileFormat::kPng:
    case FileFormat::kWebp:
      return ReadSingle(path, format, limits, on_page_count, on_page);
    case FileFormat::kTiff:
      return ReadTiff(path, limits, on_page_count, on_page);
    case FileFormat::kHeic:
      return ReadHeic(path, limits, on_page_count, on_page);
    case FileFormat::kPdf:
    case FileFormat::kUnknown:
      break;
  }
  return DocumentError::Of(ErrorCode::kUnsupportedFormat);
}

}  // namespace notaria::ingest
