#include "server/multipart.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string_view>

namespace notaria::server {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Value of `key` in a header such as: form-data; name="file"; filename="a.pdf".
std::string HeaderParam(std::string_view header, std::string_view key) {
  size_t pos = 0;
  while ((pos = header.find(key, pos)) != std::string_view::npos) {
    bool starts = pos == 0 || header[pos - 1] == ' ' || header[pos - 1] == ';';
    size_t after = pos + key.size();
    if (starts && after < header.size() && header[after] == '=') {
      after++;
      if (after < header.size() && header[after] == '"') {
        std::string out;
        for (size_t i = after + 1; i < header.size() && header[i] != '"'; ++i) {
          if (header[i] == '\\' && i + 1 < header.size()) ++i;
          out += header[i];
        }
        return out;
      }
      size_t end = header.find(';', after);
      return std::string(header.substr(after, end == std::string_view::npos ? end : end - after));
    }
    pos = after;
  }
  return "";
}

class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return;
    struct stat st {};
    if (fstat(fd_, &st) != 0) return;
    size_ = static_cast<size_t>(st.st_size);
    if (size_ == 0) return;
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (p != MAP_FAILED) data_ = static_cast<const char*>(p);
  }
  ~MappedFile() {
    if (data_) munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  std::string_view view() const { return data_ ? std::string_view(data_, size_) : ""; }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

bool WriteAll(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return ::close(fd) == 0;
}

std::string UniqueName(const std::string& dir) {
  static std::atomic<uint64_t> counter{0};
  return dir + "/part-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

std::optional<std::string> MultipartBoundary(const std::string& content_type) {
  if (Lower(content_type).rfind("multipart/form-data", 0) != 0) return std::nullopt;
  std::string b = HeaderParam(content_type, "boundary");
  if (b.empty() || b.size() > 200) return std::nullopt;
  return b;
}

bool ParseMultipartFile(const std::string& body_path, const std::string& boundary,
                        const std::string& out_dir, std::vector<MultipartPart>* parts,
                        std::string* error) {
  MappedFile file(body_path);
  if (!file.ok()) {
    *error = "le corps de la requête est illisible";
    return false;
  }
  std::string_view body = file.view();
  const std::string delimiter = "--" + boundary;
  const std::string next_delimiter = "\r\n" + delimiter;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) {
    *error = "délimiteur multipart absent du corps";
    return false;
  }
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return true;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") {
      *error = "ligne de délimiteur multipart mal formée";
      return false;
    }
    pos += 2;
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) {
      *error = "en-têtes d'une partie incomplets";
      return false;
    }
    MultipartPart part;
    std::string_view headers = body.substr(pos, headers_end - pos);
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      std::string_view line = headers.substr(line_start, line_end - line_start);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name = Lower(std::string(line.substr(0, colon)));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (name == "content-disposition") {
          part.name = HeaderParam(value, "name");
          part.filename = HeaderParam(value, "filename");
        } else if (name == "content-type") {
          part.content_type = std::string(value);
        }
      }
      line_start = line_end + 2;
    }
    size_t content_start = headers_end + 4;
    size_t content_end = body.find(next_delimiter, content_start);
    if (content_end == std::string_view::npos) {
      *error = "partie incomplète (délimiteur de fin absent) : envoi interrompu ?";
      return false;
    }
    std::string_view content = body.substr(content_start, content_end - content_start);
    part.size = content.size();
    bool is_file = !part.filename.empty() || part.name == "file";
    if (is_file) {
      part.file_path = UniqueName(out_dir);
      if (!WriteAll(part.file_path, content)) {
        *error = "le fichier reçu n'a pas pu être enregistré";
        return false;
      }
    } else {
      if (content.size() > (1 << 20)) {
        *error = "champ de formulaire trop grand (1 Mo au plus)";
        return false;
      }
      part.value = std::string(content);
    }
    parts->push_back(std::move(part));
    pos = content_end + next_delimiter.size();
  }
}

}  // namespace notaria::server
