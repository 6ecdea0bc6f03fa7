// HTTP/1.1 server (Boost.Beast) that feeds requests to a Router.
//
// One thread per connection, bounded: past `max_connections` a new connection gets a 503
// JSON error at once. Request bodies above `max_body_bytes` are refused with 413 from the
// Content-Length alone, before anything is read; upload bodies are spooled to `spool_dir`
// instead of memory. Responses of 1000 bytes or more are gzip-compressed when the client
// accepts it. Every request is timed into `http_request_duration_seconds`. Slow clients
// time out (no thread is held forever). Start() binds and returns; Stop() closes the
// listener and waits for the connections in flight.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/metrics.h"
#include "server/router.h"

namespace notaria::server {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  int port = 8000;  // 0 picks a free port (see BoundPort)
  uint64_t max_body_bytes = 100ull << 20;
  std::string spool_dir = "/tmp";
  int max_connections = 256;
  int io_timeout_seconds = 60;
  // Once a request's first byte has arrived, its headers must be complete within this time,
  // however slowly they trickle in: a few slow clients must not hold every connection.
  int header_timeout_seconds = 10;
  std::string name = "api";  // for logs
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, const Router& router, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting; throws std::runtime_error when the port cannot be bound.
  void Start();
  void Stop();
  int BoundPort() const { return bound_port_; }

  // Registers the metric families this server writes.
  static void DescribeMetrics(Metrics& metrics);

 private:
  struct Impl;
  void AcceptLoop();
  void Serve(int fd);
  void StreamResponse(boost::asio::ip::tcp::socket& socket, Response& res, bool head_only,
                      boost::system::error_code& ec);

  HttpServerOptions options_;
  const Router& router_;
  Metrics& metrics_;
  std::unique_ptr<Impl> impl_;
  std::thread accept_thread_;
  std::atomic<bool> stopping_{false};
  int bound_port_ = 0;
  bool ipv6_ = false;
  std::mutex mu_;
  std::condition_variable idle_;
  int active_ = 0;
  std::set<int> connections_;  // open connection sockets, woken by Stop()
};

// Decodes %XX and (in queries) '+'; invalid escapes are kept as they are.
std::string UrlDecode(const std::string& s, bool plus_is_space);

}  // namespace notaria::server
