#include "verify/testing/replay_server.h"

#include <sys/socket.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <condition_variable>
#include <fstream>
#include <list>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace notaria::verify::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct ReplayServer::State {
  struct Route {
    ReplayRoute route;
    int used = 0;
  };
  struct Connection {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  asio::io_context io;
  tcp::acceptor acceptor{io};
  uint16_t port = 0;
  std::thread accept_thread;

  mutable std::mutex mu;
  std::condition_variable stop_cv;  // wakes delayed answers when the server stops
  bool stopping = false;
  std::vector<Route> routes;
  std::vector<RecordedRequest> recorded;
  std::set<int> open_fds;  // shut down at stop, which ends their blocking reads
  std::list<Connection> connections;

  void AcceptLoop();
  void Serve(tcp::socket socket);
  // The route answering (method, path, query), counted as used; nullopt when none matches.
  std::optional<ReplayRoute> Match(std::string_view method, std::string_view path,
                                   std::string_view query);
  void ReapFinished();
};

void ReplayServer::State::ReapFinished() {
  std::list<Connection> finished;
  {
    std::lock_guard lock(mu);
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->done->load()) {
        finished.splice(finished.end(), connections, it++);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : finished) c.thread.join();
}

void ReplayServer::State::AcceptLoop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket(io);
    acceptor.accept(socket, ec);
    if (ec) {
      std::lock_guard lock(mu);
      if (stopping) return;
      continue;
    }
    ReapFinished();
    std::lock_guard lock(mu);
    if (stopping) return;
    // Registered before the thread starts, so that a stop racing with it still shuts it down.
    open_fds.insert(socket.native_handle());
    auto done = std::make_shared<std::atomic<bool>>(false);
    connections.push_back(Connection{std::thread([this, done, s = std::move(socket)]() mutable {
                                       Serve(std::move(s));
                                       done->store(true);
                                     }),
                                     done});
  }
}

std::optional<ReplayRoute> ReplayServer::State::Match(std::string_view method,
                                                      std::string_view path,
                                                      std::string_view query) {
  std::lock_guard lock(mu);
  for (auto it = routes.rbegin(); it != routes.rend(); ++it) {
    const ReplayRoute& r = it->route;
    if (r.method != method || r.path != path) continue;
    if (r.times > 0 && it->used >= r.times) continue;
    bool all = true;
    for (const auto& part : r.query_contains) {
      if (query.find(part) == std::string_view::npos) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    ++it->used;
    return r;
  }
  return std::nullopt;
}

void ReplayServer::State::Serve(tcp::socket socket) {
  const int fd = socket.native_handle();
  beast::flat_buffer buffer;
  for (;;) {
    boost::system::error_code ec;
    http::request_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    http::read(socket, buffer, parser, ec);
    if (ec) break;
    const auto& req = parser.get();
    std::string target(req.target());
    std::string method(req.method_string());
    size_t q = target.find('?');
    std::string path = target.substr(0, q);
    std::string query = q == std::string::npos ? "" : target.substr(q + 1);
    RecordedRequest record{method, target, req.body(), {}};
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      record.headers[name] = std::string(field.value());
    }
    {
      std::lock_guard lock(mu);
      recorded.push_back(std::move(record));
    }
    std::optional<ReplayRoute> route = Match(method, path, query);
    if (route && route->delay.count() > 0) {
      std::unique_lock lock(mu);
      if (stop_cv.wait_for(lock, route->delay, [this] { return stopping; })) break;
    }
    if (route && route->close_without_answer) break;

    http::response<http::string_body> res;
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    bool has_type = false;
    if (route) {
      res.result(static_cast<unsigned>(route->status));
      for (const auto& [name, value] : route->headers) {
        res.set(name, value);
        if (beast::iequals(name, "content-type")) has_type = true;
      }
      res.body() = route->body;
    } else {
      res.result(http::status::not_found);
      // Quoted by hand: the path comes from the test itself and holds no quote.
      res.body() =
          "{\"error\":\"no replay route\",\"method\":\"" + method + "\",\"path\":\"" + path + "\"}";
    }
    if (!has_type) res.set(http::field::content_type, "application/json");
    res.set(http::field::server, "notaria-replay");
    res.prepare_payload();
    http::write(socket, res, ec);
    if (ec || !res.keep_alive()) break;
  }
  // Untracked before the descriptor closes, so that a stop never shuts down a number the
  // kernel has already given to another socket.
  {
    std::lock_guard lock(mu);
    open_fds.erase(fd);
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

ReplayServer::ReplayServer() : state_(std::make_unique<State>()) {
  State& s = *state_;
  boost::system::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("replay server cannot listen on 127.0.0.1: " + ec.message());
  s.port = s.acceptor.local_endpoint().port();
  s.accept_thread = std::thread([&s] { s.AcceptLoop(); });
}

ReplayServer::~ReplayServer() {
  State& s = *state_;
  {
    std::lock_guard lock(s.mu);
    s.stopping = true;
    for (int fd : s.open_fds) ::shutdown(fd, SHUT_RDWR);
  }
  s.stop_cv.notify_all();
  // shutdown() wakes the blocking accept(); close() alone does not on Linux.
  ::shutdown(s.acceptor.native_handle(), SHUT_RDWR);
  if (s.accept_thread.joinable()) s.accept_thread.join();
  boost::system::error_code ignored;
  s.acceptor.close(ignored);
  std::list<State::Connection> connections;
  {
    std::lock_guard lock(s.mu);
    connections.swap(s.connections);
  }
  for (auto& c : connections) c.thread.join();
}

std::string ReplayServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(state_->port);
}

uint16_t ReplayServer::port() const { return state_->port; }

void ReplayServer::Add(ReplayRoute route) {
  std::lock_guard lock(state_->mu);
  state_->routes.push_back(State::Route{std::move(route)});
}

void ReplayServer::AddFile(std::string method, std::string path,
                           std::vector<std::string> query_contains, const std::string& file,
                           int status) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("replay fixture unreadable: " + file);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw std::runtime_error("replay fixture unreadable: " + file);
  ReplayRoute route;
  route.method = std::move(method);
  route.path = std::move(path);
  route.query_contains = std::move(query_contains);
  route.status = status;
  route.body = content.str();
  Add(std::move(route));
}

std::vector<RecordedRequest> ReplayServer::requests() const {
  std::lock_guard lock(state_->mu);
  return state_->recorded;
}

size_t ReplayServer::request_count() const {
  std::lock_guard lock(state_->mu);
  return state_->recorded.size();
}

std::string SharedFixture(std::string_view name) {
  return std::string(NOTARIA_SHARED_DIR) + "/fixtures/" + std::string(name);
}

std::string SyntheticFixture(std::string_view name) {
  return std::string(NOTARIA_SOURCE_DIR) + "/tests/fixtures/registers/" + std::string(name);
}

}  // namespace notaria::verify::testing
