// RedisClient: a small pool of hiredis connections to one Redis server, for the adapters that
// live on Redis (the job queue, the register-response cache).
//
// Command() borrows a connection for one command and gives it back; a broken link or an
// error reply throws StoreUnavailable (the connection is then dropped and the next call makes
// a new one). Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct redisReply;

namespace notaria::store {

struct RedisReplyDeleter {
  void operator()(redisReply* r) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

// The text of a string, status or integer reply; "" for anything else.
std::string RedisText(const redisReply* r);

struct RedisOptions {
  std::chrono::milliseconds connect_timeout{2'000};
  std::chrono::milliseconds command_timeout{5'000};
};

class RedisClient {
 public:
  // `url`: redis://[:password@]host[:port][/db]; std::invalid_argument when malformed.
  // Connects once: StoreUnavailable when Redis does not answer.
  explicit RedisClient(const std::string& url, RedisOptions options = {});
  ~RedisClient();

  // `extra_timeout` lengthens the socket timeout of this command (blocking reads).
  RedisReply Command(const std::vector<std::string>& args,
                     std::chrono::milliseconds extra_timeout = {});
  bool Ping();

  const std::string& host() const { return host_; }
  int port() const { return port_; }

 private:
  class Connection;
  std::unique_ptr<Connection> Acquire();
  void Release(std::unique_ptr<Connection> conn);

  std::string host_;
  int port_ = 6379;
  std::string password_;
  int db_ = 0;
  RedisOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace notaria::store
