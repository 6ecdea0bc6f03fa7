#include "app/page_images.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/platform.h"
#include "ingest/page_image.h"
#include "store/random_id.h"

namespace notaria::app {
namespace {

namespace fs = std::filesystem;

int WidthBucket(int width) {
  for (int w : {600, 1200, 1800}) {
    if (width <= w) return w;
  }
  return 2400;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

PageImages::PageImages(store::Repository& repository, store::BlobStore& blobs,
                       std::string cache_dir, ingest::ReadLimits limits)
    : repository_(repository), blobs_(blobs), cache_dir_(std::move(cache_dir)), limits_(limits) {
  // A page shown on screen must come quickly or not at all.
  limits_.page_timeout_seconds = std::min(limits_.page_timeout_seconds, 30);
}

std::optional<std::string> PageImages::Png(const store::DocumentRecord& doc, int page, int width,
                                           std::string* code, std::string* message) {
  width = WidthBucket(width);
  int rotation = 0;
  bool known = false;
  for (const Page& p : repository_.LoadPages(doc.id)) {
    if (p.number == page) {
      rotation = p.rotation;
      known = true;
    }
  }
  if (!known && doc.status == store::kStatusDone) {
    *code = "PAGE_NOT_FOUND";
    *message = "Cette page n'existe pas dans le document.";
    return std::nullopt;
  }
  fs::path cached = fs::path(cache_dir_) / doc.sha256 /
                    (std::to_string(page) + "-" + std::to_string(width) + "-r" +
                     std::to_string(rotation) + ".png");
  if (auto png = ReadFile(cached)) return png;

  std::string local;
  std::string fetched;
  if (auto p = blobs_.LocalPath(doc.sha256)) {
    local = *p;
  } else {
    fs::create_directories(fs::path(cache_dir_) / "tmp");
    fetched = (fs::path(cache_dir_) / "tmp" / store::RandomHex(16)).string();
    blobs_.GetToFile(doc.sha256, fetched);
    local = fetched;
  }
  std::string png;
  ingest::PageImageRequest request{page, width, rotation};
  auto error = ingest::RenderPageSandboxed(ReaderChildArgv(), local, request, limits_, &png);
  if (!fetched.empty()) {
    std::error_code ec;
    fs::remove(fetched, ec);
  }
  if (error) {
    *code = std::string(ErrorCodeName(error->code));
    *message = "L'image de la page ne peut pas être produite : " + error->message;
    spdlog::info("page image of document {} page {} failed: {}", doc.id, page, *code);
    return std::nullopt;
  }
  // Written aside then renamed: a reader never sees half an image.
  std::error_code ec;
  fs::create_directories(cached.parent_path(), ec);
  fs::path tmp = cached;
  tmp += ".tmp" + store::RandomHex(8);
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(png.data(), static_cast<std::streamsize>(png.size()));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec) fs::rename(tmp, cached, ec);
  if (ec) fs::remove(tmp, ec);  // the image is still served; only the cache missed it
  return png;
}

}  // namespace notaria::app
