#include "store/redis_client.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <stdexcept>

#include "store/repository.h"

namespace notaria::store {
namespace {

using std::chrono::milliseconds;

timeval ToTimeval(milliseconds d) {
  return {static_cast<time_t>(d.count() / 1000),
          static_cast<suseconds_t>((d.count() % 1000) * 1000)};
}

int64_t ToInt(std::string_view s) {
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

void RedisReplyDeleter::operator()(redisReply* r) const { freeReplyObject(r); }

std::string RedisText(const redisReply* r) {
  if (r == nullptr) return "";
  if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) return {r->str, r->len};
  if (r->type == REDIS_REPLY_INTEGER) return std::to_string(r->integer);
  return "";
}

class RedisClient::Connection {
 public:
  explicit Connection(const RedisClient& c) : command_timeout_(c.options_.command_timeout) {
    ctx_ = redisConnectWithTimeout(c.host_.c_str(), c.port_, ToTimeval(c.options_.connect_timeout));
    if (ctx_ == nullptr || ctx_->err) {
      std::string why = ctx_ ? ctx_->errstr : "out of memory";
      if (ctx_) redisFree(ctx_);
      ctx_ = nullptr;
      throw StoreUnavailable("Redis unreachable at " + c.host_ + ":" + std::to_string(c.port_) +
                             ": " + why);
    }
    redisSetTimeout(ctx_, ToTimeval(command_timeout_));
    if (!c.password_.empty()) Command({"AUTH", c.password_}, {});
    if (c.db_ != 0) Command({"SELECT", std::to_string(c.db_)}, {});
  }
  ~Connection() {
    if (ctx_) redisFree(ctx_);
  }

  RedisReply Command(const std::vector<std::string>& args, milliseconds extra_timeout) {
    if (extra_timeout.count() > 0)
      redisSetTimeout(ctx_, ToTimeval(command_timeout_ + extra_timeout));
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    RedisReply r(static_cast<redisReply*>(
        redisCommandArgv(ctx_, static_cast<int>(args.size()), argv.data(), lens.data())));
    if (!r) {
      broken_ = true;
      throw StoreUnavailable(std::string("Redis: ") + (ctx_->err ? ctx_->errstr : "no reply"));
    }
    if (extra_timeout.count() > 0) redisSetTimeout(ctx_, ToTimeval(command_timeout_));
    if (r->type == REDIS_REPLY_ERROR) {
      throw StoreUnavailable("Redis: " + std::string(r->str, r->len));
    }
    return r;
  }

  bool broken() const { return broken_ || ctx_ == nullptr || ctx_->err != 0; }

 private:
  redisContext* ctx_ = nullptr;
  milliseconds command_timeout_;
  bool broken_ = false;
};

RedisClient::RedisClient(const std::string& url, RedisOptions options) : options_(options) {
  // rediss:// would need TLS, which Debian's hiredis 0.14 does not have.
  constexpr std::string_view kScheme = "redis://";
  if (url.rfind(kScheme, 0) != 0) throw std::invalid_argument("REDIS_URL must start with redis://");
  std::string rest = url.substr(kScheme.size());
  if (size_t at = rest.rfind('@'); at != std::string::npos) {
    std::string auth = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = auth.find(':');
    password_ = colon == std::string::npos ? auth : auth.substr(colon + 1);
  }
  if (size_t slash = rest.find('/'); slash != std::string::npos) {
    std::string db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty()) db_ = static_cast<int>(ToInt(db));
  }
  if (size_t colon = rest.rfind(':'); colon != std::string::npos) {
    port_ = static_cast<int>(ToInt(rest.substr(colon + 1)));
    rest = rest.substr(0, colon);
  }
  host_ = rest.empty() ? "127.0.0.1" : rest;
  if (port_ <= 0 || port_ > 65535) throw std::invalid_argument("REDIS_URL has a bad port");
  Release(Acquire());
}

RedisClient::~RedisClient() = default;

std::unique_ptr<RedisClient::Connection> RedisClient::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  return std::make_unique<Connection>(*this);
}

void RedisClient::Release(std::unique_ptr<Connection> conn) {
  if (!conn || conn->broken()) return;
  std::lock_guard lock(mu_);
  if (idle_.size() < 16) idle_.push_back(std::move(conn));
}

RedisReply RedisClient::Command(const std::vector<std::string>& args, milliseconds extra_timeout) {
  auto conn = Acquire();
  RedisReply r = conn->Command(args, extra_timeout);
  Release(std::move(conn));
  return r;
}

bool RedisClient::Ping() {
  try {
    return RedisText(Command({"PING"}).get()) == "PONG";
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace notaria::store
