// TransientError: a job handler's way of saying "this may work later".
//
// WorkerPool retries a job whose handler throws TransientError (or store::StoreUnavailable,
// store::BlobUnavailable: an engine that is down) with back-off, up to its maximum number
// of attempts. Any other exception is treated as permanent. Messages are logged, so they
// must never contain document content.
#pragma once

#include <stdexcept>

namespace notaria::queue {

class TransientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace notaria::queue
