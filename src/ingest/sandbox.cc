// The reader sandbox: the parent side (ReadDocumentSandboxed) and the child side
// (RunReaderChild) of a one-way JSON Lines protocol over the child's stdout:
//   {"page_count":N}  {"page":{...}}  {"error":{"code","message"}}  {"done":true}
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/beast/core/detail/base64.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ingest/page_image.h"
#include "ingest/reader.h"

extern char** environ;

namespace notaria::ingest {
namespace {

using Clock = std::chrono::steady_clock;

// ---- parent side ----

// Kills (if still running) and reaps the child whatever path leaves the parent's loop, so no
// zombie and no orphan reader survive a document, even if a callback throws.
class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {}
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void Kill() { kill(pid_, SIGKILL); }
  int Wait() {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_;
};

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> env;
  bool has_omp_limit = false;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, "OMP_THREAD_LIMIT=", 17) == 0) has_omp_limit = true;
    env.emplace_back(*e);
  }
  // Tesseract's OpenMP threads buy little on one page and fight the other workers for cores;
  // Tesseract's documentation recommends one thread per process when processes run in
  // parallel. An operator's explicit setting wins.
  if (!has_omp_limit) env.emplace_back("OMP_THREAD_LIMIT=1");
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

DocumentError Timeout(int page, int seconds) {
  return {ErrorCode::kPageTimeout,
          "La lecture de la page " + std::to_string(page) + " a dépassé le délai de " +
              std::to_string(seconds) +
              " secondes : la lecture du document a été interrompue à cette page."};
}

DocumentError FromAbnormalExit(int status, int page, const ReadLimits& limits) {
  const std::string where = "la page " + std::to_string(page);
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGXCPU) return Timeout(page, limits.page_timeout_seconds);
    if (sig == SIGKILL) {
      // Nobody but the kernel's out-of-memory killer or an operator sends SIGKILL to a
      // reader; memory is by far the likelier.
      return {ErrorCode::kImageTooLarge,
              "Le lecteur de document a été arrêté par le système pendant la lecture de " + where +
                  " (mémoire probablement épuisée : image ou page trop grande)."};
    }
    return {ErrorCode::kCorruptFile, "Le lecteur de document s'est arrêté brutalement (signal " +
                                         std::to_string(sig) + ") pendant la lecture de " + where +
                                         " : le fichier est probablement endommagé."};
  }
  return {ErrorCode::kInternal, "Le lecteur de document s'est arrêté de façon inattendue (code " +
                                    std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                                    ") pendant la lecture de " + where + "."};
}

// ---- child side ----

int g_protocol_fd = -1;
constexpr char kOutOfMemoryLine[] =
    R"({"error":{"code":"IMAGE_TOO_LARGE","message":"La lecture du document a dépassé la )"
    R"(mémoire autorisée (image ou page trop grande)."}})"
    "\n";

// operator new failing inside Tesseract or Poppler code that cannot unwind (noexcept paths)
// would abort with no explanation; report the cause first. Only async-signal-safe calls.
void OnOutOfMemory() {
  if (g_protocol_fd >= 0) {
    ssize_t ignored = write(g_protocol_fd, kOutOfMemoryLine, sizeof(kOutOfMemoryLine) - 1);
    (void)ignored;
  }
  _exit(3);
}

void WriteLine(FILE* out, const nlohmann::json& j) {
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  fwrite(line.data(), 1, line.size(), out);
  fflush(out);
}

// Gives the next page `seconds` of CPU from now (SIGXCPU beyond): a backstop behind the
// parent's wall-clock timeout, for a child the parent cannot see (e.g. a parent that died).
void SetCpuBudget(int seconds) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  rlimit lim{};
  getrlimit(RLIMIT_CPU, &lim);
  rlim_t used = static_cast<rlim_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec);
  rlim_t soft = used + static_cast<rlim_t>(seconds);
  if (lim.rlim_max != RLIM_INFINITY && soft > lim.rlim_max) soft = lim.rlim_max;
  lim.rlim_cur = soft;
  setrlimit(RLIMIT_CPU, &lim);
}

bool ParseFlag(const std::string& arg, const char* name, uint64_t* value) {
  const std::string prefix = std::string("--") + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(arg.c_str() + prefix.size(), &end, 10);
  if (errno != 0 || end == nullptr || *end != '\0') return false;
  *value = v;
  return true;
}

}  // namespace

std::vector<std::string> ReaderChildArgs(const std::string& path, const ReadLimits& limits) {
  return {path,
          "--dpi=" + std::to_string(limits.dpi),
          "--max-pages=" + std::to_string(limits.max_pages),
          "--page-timeout=" + std::to_string(limits.page_timeout_seconds),
          "--max-image-pixels=" + std::to_string(limits.max_image_pixels),
          "--memory-limit=" + std::to_string(limits.memory_limit_bytes)};
}

namespace {

// Runs the child `args` and follows its protocol; `on_image` receives a rendered page.
std::optional<DocumentError> RunChild(std::vector<std::string> args, const ReadLimits& limits,
                                      const ReadCallbacks& callbacks,
                                      const std::function<void(std::string)>& on_image) {
  std::vector<char*> argv = CStrings(args);
  std::vector<std::string> env_strings = ChildEnvironment();
  std::vector<char*> envp = CStrings(env_strings);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return DocumentError{ErrorCode::kInternal, "Impossible de démarrer le lecteur de documents."};
  }
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);

  // posix_spawn, not fork: the parent is multi-threaded and only exec-safe work may happen
  // in the child before exec.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  // Descriptors another thread opened without O_CLOEXEC (sockets of the HTTP server, the
  // database) must not leak into a child that parses hostile files.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t no_signals, default_signals;
  sigemptyset(&no_signals);
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  sigaddset(&default_signals, SIGXCPU);
  posix_spawnattr_setsigmask(&attr, &no_signals);
  posix_spawnattr_setsigdefault(&attr, &default_signals);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const bool has_slash = args[0].find('/') != std::string::npos;
  int rc = has_slash ? posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data())
                     : posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  write_end.Reset();
  if (rc != 0) {
    return DocumentError{ErrorCode::kInternal, "Impossible de démarrer le lecteur de documents (" +
                                                   std::string(std::strerror(rc)) + ")."};
  }
  Child child(pid);

  const auto timeout = std::chrono::seconds(std::max(1, limits.page_timeout_seconds));
  auto deadline = Clock::now() + timeout;
  std::string pending;
  std::optional<DocumentError> reported;
  int page_count = -1, last_page = 0;
  bool done = false, timed_out = false, protocol_error = false;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{read_end.get(), POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 1'000'000)));
    if (n < 0) {
      if (errno == EINTR) continue;
      protocol_error = true;
      break;
    }
    if (n == 0) continue;  // the deadline check above decides
    ssize_t got = read(read_end.get(), buf, sizeof(buf));
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      protocol_error = true;
      break;
    }
    if (got == 0) break;  // child closed stdout: it exited
    pending.append(buf, static_cast<size_t>(got));
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        protocol_error = true;
        continue;
      }
      deadline = Clock::now() + timeout;  // each event starts the next page's clock
      try {
        if (j.contains("page_count")) {
          page_count = j.at("page_count").get<int>();
          if (callbacks.on_page_count) callbacks.on_page_count(page_count);
        } else if (j.contains("page")) {
          Page page = PageFromJson(j.at("page"));
          last_page = page.number;
          if (callbacks.on_page) callbacks.on_page(page);
        } else if (j.contains("error")) {
          const auto& e = j.at("error");
          auto code = ErrorCodeFromName(e.value("code", std::string()));
          reported =
              DocumentError{code.value_or(ErrorCode::kInternal), e.value("message", std::string())};
          if (reported->message.empty()) reported->message = DefaultErrorMessage(reported->code);
        } else if (j.contains("image")) {
          const std::string& b64 = j.at("image").get_ref<const std::string&>();
          std::string png(boost::beast::detail::base64::decoded_size(b64.size()), '\0');
          auto [written, read] =
              boost::beast::detail::base64::decode(png.data(), b64.data(), b64.size());
          (void)read;
          png.resize(written);
          if (on_image) on_image(std::move(png));
        } else if (j.contains("done")) {
          done = true;
        }
      } catch (const nlohmann::json::exception&) {
        protocol_error = true;
      }
    }
  }
  if (timed_out) child.Kill();
  read_end.Reset();
  const int status = child.Wait();

  if (timed_out) return Timeout(last_page + 1, limits.page_timeout_seconds);
  if (reported) return reported;
  if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) {
    return FromAbnormalExit(status, last_page + 1, limits);
  }
  if (protocol_error || !done || (page_count >= 0 && last_page != page_count)) {
    return DocumentError{ErrorCode::kInternal,
                         "Le lecteur de documents a rendu une réponse incomplète (" +
                             std::to_string(last_page) + " page(s) lue(s))."};
  }
  return std::nullopt;
}

}  // namespace

std::optional<DocumentError> ReadDocumentSandboxed(const std::vector<std::string>& child_argv,
                                                   const std::string& path,
                                                   const ReadLimits& limits,
                                                   const ReadCallbacks& callbacks) {
  if (child_argv.empty()) {
    return DocumentError{ErrorCode::kInternal, "Lecteur de documents non configuré."};
  }
  std::vector<std::string> args = child_argv;
  for (auto& a : ReaderChildArgs(path, limits)) args.push_back(std::move(a));
  return RunChild(std::move(args), limits, callbacks, {});
}

std::optional<DocumentError> RenderPageSandboxed(const std::vector<std::string>& child_argv,
                                                 const std::string& path,
                                                 const PageImageRequest& request,
                                                 const ReadLimits& limits, std::string* png) {
  if (child_argv.empty()) {
    return DocumentError{ErrorCode::kInternal, "Lecteur de documents non configuré."};
  }
  std::vector<std::string> args = child_argv;
  for (auto& a : ReaderChildArgs(path, limits)) args.push_back(std::move(a));
  args.push_back("--render-page=" + std::to_string(request.page));
  args.push_back("--render-width=" + std::to_string(request.max_width));
  args.push_back("--render-rotation=" + std::to_string(((request.rotation % 360) + 360) % 360));
  bool got = false;
  auto error = RunChild(std::move(args), limits, {}, [&](std::string image) {
    *png = std::move(image);
    got = true;
  });
  if (error) return error;
  if (!got) return DocumentError{ErrorCode::kInternal, "Le rendu de la page n'a rien produit."};
  return std::nullopt;
}

int RunReaderChild(const std::vector<std::string>& args) {
  // A reader whose parent died (server killed) has no one to read its pages: it goes too.
  // The parent is the spawning worker thread, which lives as long as the job.
  // (No getppid() == 1 test: in a container the server itself may be process 1.)
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The protocol gets a private descriptor; fd 1 is pointed at stderr so that a library
  // printing to stdout cannot corrupt it.
  const int protocol_fd = dup(STDOUT_FILENO);
  if (protocol_fd < 0) return 70;
  dup2(STDERR_FILENO, STDOUT_FILENO);
  FILE* out = fdopen(protocol_fd, "w");
  if (out == nullptr) return 70;
  g_protocol_fd = protocol_fd;

  // Exit 0 means the protocol ran to its end (pages then done, or a typed error); 64 (EX_USAGE)
  // a wrong invocation.
  auto fail = [&](ErrorCode code, std::string message, int exit_code = 0) {
    WriteLine(out, {{"error", {{"code", ErrorCodeName(code)}, {"message", std::move(message)}}}});
    fclose(out);
    return exit_code;
  };
  constexpr int kUsage = 64;
  if (args.empty()) return fail(ErrorCode::kInternal, "Lecteur appelé sans fichier.", kUsage);
  ReadLimits limits;
  PageImageRequest render;
  bool rendering = false;
  for (size_t i = 1; i < args.size(); ++i) {
    uint64_t v = 0;
    if (ParseFlag(args[i], "render-page", &v)) {
      render.page = static_cast<int>(v);
      rendering = true;
    } else if (ParseFlag(args[i], "render-width", &v)) {
      render.max_width = static_cast<int>(v);
    } else if (ParseFlag(args[i], "render-rotation", &v)) {
      render.rotation = static_cast<int>(v);
    } else if (ParseFlag(args[i], "dpi", &v)) {
      limits.dpi = static_cast<int>(v);
    } else if (ParseFlag(args[i], "max-pages", &v)) {
      limits.max_pages = static_cast<int>(v);
    } else if (ParseFlag(args[i], "page-timeout", &v)) {
      limits.page_timeout_seconds = static_cast<int>(v);
    } else if (ParseFlag(args[i], "max-image-pixels", &v)) {
      limits.max_image_pixels = v;
    } else if (ParseFlag(args[i], "memory-limit", &v)) {
      limits.memory_limit_bytes = v;
    } else {
      return fail(ErrorCode::kInternal, "Argument du lecteur non reconnu.", kUsage);
    }
  }

  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);  // a crash on a hostile file must not write its memory
  rlimit as{limits.memory_limit_bytes, limits.memory_limit_bytes};
  setrlimit(RLIMIT_AS, &as);
  const int cpu_budget = 2 * std::max(1, limits.page_timeout_seconds) + 5;
  SetCpuBudget(cpu_budget);
  std::set_new_handler(OnOutOfMemory);

  if (rendering) {
    std::string png;
    if (auto error = RenderPageInProcess(args[0], render, limits, &png)) {
      return fail(error->code, error->message);
    }
    std::string b64(boost::beast::detail::base64::encoded_size(png.size()), '\0');
    b64.resize(boost::beast::detail::base64::encode(b64.data(), png.data(), png.size()));
    WriteLine(out, {{"image", b64}});
    WriteLine(out, {{"done", true}});
    fclose(out);
    return 0;
  }

  ReadCallbacks callbacks;
  callbacks.on_page_count = [&](int count) { WriteLine(out, {{"page_count", count}}); };
  callbacks.on_page = [&](const Page& page) {
    WriteLine(out, {{"page", PageToJson(page)}});
    SetCpuBudget(cpu_budget);
  };
  std::optional<DocumentError> error = ReadDocumentInProcess(args[0], limits, callbacks);
  if (error) return fail(error->code, error->message);
  WriteLine(out, {{"done", true}});
  fclose(out);
  return 0;
}

}  // namespace notaria::ingest
