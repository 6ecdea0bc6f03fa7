#include "store/sqlite_pool.h"

#include "store/repository.h"

namespace notaria::store::sqlite {

ConnectionPool::ConnectionPool(std::string path, PoolOptions options)
    : path_(std::move(path)), options_(options) {
  if (options_.max_connections < 1) options_.max_connections = 1;
  idle_.push_back(std::make_unique<Connection>(path_, options_.busy_timeout));
  open_ = 1;
}

ConnectionPool::Lease ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  auto deadline = std::chrono::steady_clock::now() + options_.busy_timeout;
  while (idle_.empty() && open_ >= options_.max_connections) {
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_connections) {
      throw StoreUnavailable("sqlite: no free connection within the busy timeout");
    }
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(this, std::make_unique<Connection>(path_, options_.busy_timeout));
  } catch (...) {
    lock.lock();
    --open_;
    cv_.notify_one();
    throw;
  }
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  // A connection left inside a transaction (an exception escaped a Transaction that could
  // not roll back) is not reusable: it would hold the write lock forever.
  if (conn->InTransaction()) {
    try {
      conn->Exec("ROLLBACK");
    } catch (...) {
      conn.reset();
    }
  }
  std::lock_guard lock(mu_);
  if (conn) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  cv_.notify_one();
}

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->Release(std::move(conn_));
}

}  // namespace notaria::store::sqlite
