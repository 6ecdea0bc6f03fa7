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
                       std::string cache_dir, ingest::ReadLimits limits, int max_renders,
                       std::chrono::milliseconds wait)
    : repository_(repository),
      blobs_(blobs),
      cache_dir_(std::move(cache_dir)),
      limits_(limits),
      max_renders_(std::max(1, max_renders)),
      wait_(wait) {
  // A page shown on screen must come quickly or not at all.
  limits_.page_timeout_seconds = std::min(limits_.page_timeout_seconds, 30);
}

std::optional<std::string> PageImages::Png(const store::DocumentRecord& doc, int page, int width,
                                           std::string* code, std::string* message) {
  width = WidthBucket(width);
  std::optional<Page> stored = repository_.LoadPage(doc.id, page);
  const int rotation = stored ? stored->rotation : 0;
  if (!stored && doc.status == store::kStatusDone) {
    *code = "PAGE_NOT_FOUND";
    *message = "Cette page n'existe pas dans le document.";
    return std::nullopt;
  }
  fs::path cached = fs::path(cache_dir_) / doc.sha256 /
                    (std::to_string(page) + "-" + std::to_string(width) + "-r" +
                     std::to_string(rotation) + ".png");
  if (auto png = ReadFile(cached)) return png;

  const std::string key = cached.string();
  std::shared_ptr<Rendering> job;
  {
    std::unique_lock lock(mu_);
    if (auto it = in_flight_.find(key); it != in_flight_.end()) {
      // Someone is drawing this very image: its answer is ours.
      job = it->second;
      if (!changed_.wait_for(lock, wait_ + limits_.page_timeout_seconds * std::chrono::seconds(1),
                             [&] { return job->done; })) {
        return Answer(Busy(), code, message);
      }
      return Answer(*job, code, message);
    }
    job = std::make_shared<Rendering>();
    in_flight_[key] = job;
    if (!changed_.wait_for(lock, wait_, [&] { return rendering_ < max_renders_; })) {
      Finish(key, *job, Busy(), lock);
      return Answer(*job, code, message);
    }
    ++rendering_;
  }
  Rendering result;
  try {
    result = Render(doc, page, width, rotation, key);
  } catch (...) {
    // The waiters are told (as busy) before the error goes up to the API.
    std::unique_lock lock(mu_);
    --rendering_;
    Finish(key, *job, Busy(), lock);
    throw;
  }
  std::unique_lock lock(mu_);
  --rendering_;
  Finish(key, *job, std::move(result), lock);
  return Answer(*job, code, message);
}

PageImages::Rendering PageImages::Busy() {
  Rendering busy;
  busy.code = "SERVER_BUSY";
  busy.message = "Trop d'images de pages en préparation ; réessayez dans un instant.";
  return busy;
}

std::optional<std::string> PageImages::Answer(const Rendering& r, std::string* code,
                                              std::string* message) {
  *code = r.code;
  *message = r.message;
  return r.png;
}

void PageImages::Finish(const std::string& key, Rendering& job, Rendering result,
                        const std::unique_lock<std::mutex>& /*held*/) {
  job = std::move(result);
  job.done = true;
  in_flight_.erase(key);
  changed_.notify_all();
}

PageImages::Rendering PageImages::Render(const store::DocumentRecord& doc, int page, int width,
                                         int rotation, const std::string& cached_path) {
  Rendering out;
  const fs::path cached(cached_path);
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
    out.code = std::string(ErrorCodeName(error->code));
    out.message = error->code == ErrorCode::kPageNotFound
                      ? error->message
                      : "L'image de la page ne peut pas être produite : " + error->message;
    spdlog::info("page image of document {} page {} failed: {}", doc.id, page, out.code);
    return out;
  }
  // Written aside then renamed: a reader never sees half an image.
  std::error_code ec;
  fs::create_directories(cached.parent_path(), ec);
  fs::path tmp = cached;
  tmp += ".tmp" + store::RandomHex(8);
  {
    std::ofstream out_file(tmp, std::ios::binary);
    out_file.write(png.data(), static_cast<std::streamsize>(png.size()));
    if (!out_file) ec = std::make_error_code(std::errc::io_error);
  }
  if (!ec) fs::rename(tmp, cached, ec);
  if (ec) fs::remove(tmp, ec);  // the image is still served; only the cache missed it
  out.png = std::move(png);
  return out;
}

}  // namespace notaria::app
