#include "server/http_server.h"

#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>

#include "server/gzip.h"
#include "server/multipart.h"

namespace notaria::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
};

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void ParseTarget(std::string_view target, Request* req) {
  size_t q = target.find('?');
  req->path = UrlDecode(std::string(target.substr(0, q)), false);
  if (q == std::string_view::npos) return;
  std::string_view query = target.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view kv = query.substr(pos, amp - pos);
    if (!kv.empty()) {
      size_t eq = kv.find('=');
      std::string key = UrlDecode(std::string(kv.substr(0, eq)), true);
      std::string value =
          eq == std::string_view::npos ? "" : UrlDecode(std::string(kv.substr(eq + 1)), true);
      req->query[key] = value;
    }
    pos = amp + 1;
  }
}

std::string SpoolPath(const std::string& dir) {
  static std::atomic<uint64_t> counter{0};
  return dir + "/body-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

template <class Body>
void CopyHeaders(const http::request<Body>& in, Request* out) {
  out->method = std::string(in.method_string());
  ParseTarget(in.target(), out);
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out->headers[name] = std::string(f.value());
  }
}

// A HEAD request gets the headers (with the Content-Length of the body) and no body.

// Waits until the socket has bytes to read, at most `wait`. Asio's blocking reads ignore
// SO_RCVTIMEO (they poll again on EAGAIN), so every deadline is kept here.
bool WaitReadable(tcp::socket& socket, std::chrono::milliseconds wait,
                  boost::system::error_code& ec) {
  pollfd pfd{socket.native_handle(), POLLIN, 0};
  int ms = static_cast<int>(std::max<int64_t>(0, wait.count()));
  int n;
  do {
    n = ::poll(&pfd, 1, ms);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    ec = beast::error::timeout;
    return false;
  }
  return true;
}

// Small writes only (events): once the socket has room, one event fits in its buffer.
bool WaitWritable(tcp::socket& socket, std::chrono::milliseconds wait,
                  boost::system::error_code& ec) {
  pollfd pfd{socket.native_handle(), POLLOUT, 0};
  int ms = static_cast<int>(std::max<int64_t>(0, wait.count()));
  int n;
  do {
    n = ::poll(&pfd, 1, ms);
  } while (n < 0 && errno == EINTR);
  if (n <= 0 || (pfd.revents & (POLLERR | POLLHUP)) != 0) {
    ec = beast::error::timeout;
    return false;
  }
  return true;
}

// Feeds `parser` from the socket until it has the header (`header_only`) or the whole
// message: one recv at a time, each waited for at most `idle`, and the header complete
// within `header_timeout` of its first byte, however slowly it trickles in. False with `ec`
// set when the connection closed, stalled or sent something that is not HTTP.
template <class Parser>
bool ReadMessage(tcp::socket& socket, beast::flat_buffer& buffer, Parser& parser,
                 boost::system::error_code& ec, std::chrono::milliseconds idle,
                 std::chrono::milliseconds header_timeout, bool header_only) {
  using Clock = std::chrono::steady_clock;
  bool started = buffer.size() > 0 || parser.got_some();
  Clock::time_point deadline = Clock::now() + header_timeout;
  while (true) {
    if (buffer.size() > 0) {
      size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == http::error::need_more) {
        ec = {};
      } else if (ec) {
        return false;
      }
      if (header_only ? parser.is_header_done() : parser.is_done()) return true;
      if (used > 0 && buffer.size() > 0) continue;  // more to parse without reading
    } else if (header_only ? parser.is_header_done() : parser.is_done()) {
      return true;
    }
    std::chrono::milliseconds wait = idle;
    if (started && !parser.is_header_done()) {
      wait = std::min(
          idle, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    }
    if (!WaitReadable(socket, wait, ec)) return false;
    size_t n = socket.read_some(buffer.prepare(64 * 1024), ec);
    if (ec) return false;
    buffer.commit(n);
    if (!started) {
      started = true;
      deadline = Clock::now() + header_timeout;
    }
  }
}

// An answer written without Beast, for requests it could not parse.
void WriteRaw(tcp::socket& socket, int status, const std::string& code,
              const std::string& message) {
  const std::string body = Response::Error(status, code, message).body;
  const char* reason = status == 431 ? "Request Header Fields Too Large" : "Bad Request";
  const std::string raw = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                          "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body;
  boost::system::error_code ec;
  boost::asio::write(socket, boost::asio::buffer(raw), ec);
}

template <class Body>
void WriteResponse(tcp::socket& socket, http::response<Body>& out, bool head_only,
                   boost::system::error_code& ec) {
  out.prepare_payload();
  if (head_only) {
    http::response_serializer<Body> sr{out};
    http::write_header(socket, sr, ec);
  } else {
    http::write(socket, out, ec);
  }
}

// Spooled bodies are named "<kind>-<pid>-<n>": those of a process that no longer runs
// were abandoned by a crash and are removed, those of a live process (another server
// sharing the directory) are left alone.
void RemoveAbandonedSpoolFiles(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    size_t dash = name.find('-');
    size_t dash2 = dash == std::string::npos ? dash : name.find('-', dash + 1);
    if (dash2 == std::string::npos) continue;
    std::string pid = name.substr(dash + 1, dash2 - dash - 1);
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (std::filesystem::exists("/proc/" + pid)) continue;
    std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace

std::string UrlDecode(const std::string& s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

HttpServer::HttpServer(HttpServerOptions options, const Router& router, Metrics& metrics)
    : options_(std::move(options)), router_(router), metrics_(metrics), impl_(new Impl) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::DescribeMetrics(Metrics& metrics) {
  metrics.Describe("http_request_duration_seconds", Metrics::Type::kHistogram,
                   "HTTP request duration by method, route template and status.",
                   {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  metrics.Describe("http_requests_total", Metrics::Type::kCounter,
                   "HTTP requests by method, route template and status.");
  metrics.Describe("http_connections_rejected_total", Metrics::Type::kCounter,
                   "Connections refused because the server was at max_connections.");
}

void HttpServer::Start() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options_.bind_address, ec);
  if (ec) throw std::runtime_error("invalid bind address " + options_.bind_address);
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + options_.bind_address + ":" +
                             std::to_string(options_.port) + ": " + ec.message());
  }
  // The sandboxed reader children must not inherit the listening socket: an orphaned child
  // would keep the port bound after the server died.
  ::fcntl(impl_->acceptor.native_handle(), F_SETFD, FD_CLOEXEC);
  bound_port_ = impl_->acceptor.local_endpoint().port();
  ipv6_ = endpoint.protocol() == tcp::v6();
  std::filesystem::create_directories(options_.spool_dir);
  RemoveAbandonedSpoolFiles(options_.spool_dir);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

void HttpServer::Stop() {
  if (stopping_.exchange(true)) return;
  boost::system::error_code ec;
  // shutdown() wakes the blocking accept(); close() alone does not on Linux.
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  impl_->acceptor.close(ec);
  if (accept_thread_.joinable()) accept_thread_.join();
  std::unique_lock lock(mu_);
  // Idle keep-alive connections would hold Stop() for the whole I/O timeout: their pending
  // read is ended now, while a request being handled still gets its response.
  for (int fd : connections_) ::shutdown(fd, SHUT_RD);
  idle_.wait_for(lock, std::chrono::seconds(options_.io_timeout_seconds),
                 [this] { return active_ == 0; });
}

void HttpServer::AcceptLoop() {
  while (!stopping_) {
    boost::system::error_code ec;
    tcp::socket socket(impl_->io);
    impl_->acceptor.accept(socket, ec);
    if (ec) {
      if (stopping_) return;
      continue;
    }
    ::fcntl(socket.native_handle(), F_SETFD, FD_CLOEXEC);
    timeval tv{options_.io_timeout_seconds, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int fd = socket.release(ec);
    if (ec) continue;
    {
      std::lock_guard lock(mu_);
      if (active_ >= options_.max_connections) {
        metrics_.Inc("http_connections_rejected_total");
        const std::string body =
            Response::Error(503, "SERVER_BUSY", "Serveur saturé, réessayez dans un instant.").body;
        const std::string busy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            "Connection: close\r\nRetry-After: 1\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body;
        [[maybe_unused]] ssize_t n = ::write(fd, busy.data(), busy.size());
        ::close(fd);
        continue;
      }
      ++active_;
      connections_.insert(fd);
    }
    std::thread([this, fd] {
      try {
        Serve(fd);
      } catch (const std::exception& e) {
        spdlog::warn("{}: connection error: {}", options_.name, e.what());
      }
      std::lock_guard lock(mu_);
      --active_;
      idle_.notify_all();
    }).detach();
  }
}

void HttpServer::StreamResponse(tcp::socket& socket, Response& res, bool head_only,
                                boost::system::error_code& ec) {
  http::response<http::empty_body> head{static_cast<http::status>(res.status), 11};
  head.set(http::field::content_type, res.content_type);
  head.set(http::field::server, "notaria");
  head.set(http::field::cache_control, "no-cache");
  for (auto& [k, v] : res.headers) head.set(k, v);
  head.keep_alive(false);
  http::response_serializer<http::empty_body> sr{head};
  http::write_header(socket, sr, ec);
  if (ec || head_only) return;  // HEAD: what a GET would answer, without the stream
  res.stream([&](const std::string& chunk) {
    if (stopping_ || ec) return false;
    // A client that stops reading must not hold this thread: wait for room with a deadline.
    if (!WaitWritable(socket, std::chrono::seconds(options_.io_timeout_seconds), ec)) return false;
    asio::write(socket, asio::buffer(chunk), ec);
    return !ec;
  });
}

void HttpServer::Serve(int fd) {
  asio::io_context io;
  tcp::socket socket(io, ipv6_ ? tcp::v6() : tcp::v4(), fd);
  // Declared after the socket, so it runs before the socket closes `fd`: Stop() must never
  // shut down a descriptor number already reused by another connection.
  struct Untrack {
    HttpServer* server;
    int fd;
    ~Untrack() {
      std::lock_guard lock(server->mu_);
      server->connections_.erase(fd);
    }
  } untrack{this, fd};
  beast::flat_buffer buffer;
  while (!stopping_) {
    auto started = std::chrono::steady_clock::now();
    boost::system::error_code ec;
    http::request_parser<http::empty_body> header_parser;
    header_parser.header_limit(64 * 1024);
    // The limit is checked below, so that an oversized request gets a 413 rather than a
    // parse error that would close the connection unanswered.
    header_parser.body_limit(boost::none);
    const std::chrono::seconds idle(options_.io_timeout_seconds);
    const std::chrono::seconds header_timeout(options_.header_timeout_seconds);
    if (!ReadMessage(socket, buffer, header_parser, ec, idle, header_timeout,
                     /*header_only=*/true)) {
      // A closed or silent connection gets nothing; a request that cannot be parsed gets a
      // JSON error, so that the client knows why, then the connection is closed.
      if (ec == http::error::header_limit) {
        WriteRaw(socket, 431, "HEADERS_TOO_LARGE", "En-têtes de la requête trop volumineux.");
      } else if (ec.category() == make_error_code(http::error::bad_version).category() &&
                 ec != http::error::end_of_stream && ec != http::error::partial_message) {
        WriteRaw(socket, 400, "BAD_REQUEST", "Requête HTTP invalide.");
      }
      return;
    }

    Request req;
    CopyHeaders(header_parser.get(), &req);
    Response res;
    std::string route = "unmatched";
    bool keep_alive = header_parser.get().keep_alive();
    std::string spooled;

    auto length = header_parser.content_length();
    if (length && *length > options_.max_body_bytes) {
      res = Response::Error(413, "PAYLOAD_TOO_LARGE",
                            "Fichier trop volumineux : la limite est de " +
                                std::to_string(options_.max_body_bytes >> 20) + " Mo.");
      route = "body_limit";
      keep_alive = false;  // the unread body makes the connection unusable
    } else {
      // Multipart uploads go to disk; everything else is small and read into memory.
      bool spool = MultipartBoundary(req.Header("content-type")).has_value();
      if (spool) {
        http::request_parser<http::file_body> parser(std::move(header_parser));
        parser.body_limit(options_.max_body_bytes);
        spooled = SpoolPath(options_.spool_dir);
        parser.get().body().open(spooled.c_str(), beast::file_mode::write, ec);
        if (!ec) ReadMessage(socket, buffer, parser, ec, idle, header_timeout, false);
        parser.get().body().close();
        req.body_file = spooled;
      } else {
        http::request_parser<http::string_body> parser(std::move(header_parser));
        parser.body_limit(std::min<uint64_t>(options_.max_body_bytes, 4u << 20));
        ReadMessage(socket, buffer, parser, ec, idle, header_timeout, false);
        req.body = std::move(parser.get().body());
      }
      if (ec == http::error::body_limit) {
        res = Response::Error(413, "PAYLOAD_TOO_LARGE", "Corps de requête trop volumineux.");
        keep_alive = false;
      } else if (ec) {
        if (!spooled.empty()) std::filesystem::remove(spooled, ec);
        return;
      } else {
        try {
          res = router_.Dispatch(req, &route);
        } catch (const std::exception& e) {
          spdlog::error("{}: handler for {} failed: {}", options_.name, route, e.what());
          res = Response::Error(500, "INTERNAL_ERROR", "Erreur interne du serveur.");
        }
      }
    }
    if (!spooled.empty()) {
      std::error_code rm;
      std::filesystem::remove(spooled, rm);
    }

    boost::system::error_code wec;
    if (res.stream) {
      StreamResponse(socket, res, req.method == "HEAD", wec);
      keep_alive = false;
      res.body.clear();
    } else if (!res.file_path.empty()) {
      http::response<http::file_body> out{static_cast<http::status>(res.status), 11};
      out.body().open(res.file_path.c_str(), beast::file_mode::scan, wec);
      if (res.delete_file) {
        std::error_code rm;
        std::filesystem::remove(res.file_path, rm);
      }
      if (wec) {
        // Answered below as an ordinary JSON error.
        res = Response::Error(404, "NOT_FOUND", "Fichier introuvable.");
        wec.clear();
      } else {
        out.set(http::field::content_type, res.content_type);
        for (auto& [k, v] : res.headers) out.set(k, v);
        out.keep_alive(keep_alive);
        WriteResponse(socket, out, req.method == "HEAD", wec);
      }
    }
    if (res.file_path.empty() && !res.stream) {
      http::response<http::string_body> out{static_cast<http::status>(res.status), 11};
      out.set(http::field::content_type, res.content_type);
      out.set(http::field::server, "notaria");
      for (auto& [k, v] : res.headers) out.set(k, v);
      if (ShouldGzip(req.Header("accept-encoding"), res.content_type, res.body.size())) {
        out.body() = GzipCompress(res.body);
        out.set(http::field::content_encoding, "gzip");
        out.set(http::field::vary, "Accept-Encoding");
      } else {
        out.body() = std::move(res.body);
      }
      out.keep_alive(keep_alive);
      WriteResponse(socket, out, req.method == "HEAD", wec);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    MetricLabels labels{
        {"method", req.method}, {"route", route}, {"status", std::to_string(res.status)}};
    metrics_.Observe("http_request_duration_seconds", labels, seconds);
    metrics_.Inc("http_requests_total", labels);
    if (route == "body_limit") {
      // The client is still sending the body it was refused. Closing now would reset the
      // connection before it reads the 413, so the rest is read and dropped, within bounds.
      socket.shutdown(tcp::socket::shutdown_send, wec);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      char sink[65536];
      while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (!WaitReadable(socket, left, wec)) break;
        socket.read_some(asio::buffer(sink), wec);
        if (wec) break;
      }
      return;
    }
    if (wec || !keep_alive) {
      socket.shutdown(tcp::socket::shutdown_both, wec);
      return;
    }
  }
}

}  // namespace notaria::server
