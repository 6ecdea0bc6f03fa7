#include "verify/http_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <mutex>

namespace notaria::verify {
namespace {

constexpr long kMaxRedirects = 5;
constexpr std::chrono::milliseconds kMaxConnectTimeout{10000};

// curl_global_init is not thread-safe and must run before the first easy handle: the first
// transport built, whatever the thread, does it for the whole process.
void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpResponse* response;
  size_t max_body_bytes;
};

std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  // Each response of a redirect chain (and any 100 Continue) starts with its status line:
  // only the headers of the last one describe the body we keep.
  if (line.starts_with("HTTP/")) {
    transfer->response->headers.clear();
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return n;
  std::string name = Trim(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  transfer->response->headers[name] = Trim(line.substr(colon + 1));
  return n;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string& body = transfer->response->body;
  if (body.size() + n > transfer->max_body_bytes) {
    transfer->response->body_too_large = true;
    return 0;  // anything but n makes curl abort the transfer with CURLE_WRITE_ERROR
  }
  body.append(data, n);
  return n;
}

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

HttpResponse Perform(const HttpRequest& request) {
  HttpResponse response;
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) {
    response.transport_error = "curl_easy_init failed";
    return response;
  }
  CURL* h = curl.get();
  Transfer transfer{&response, request.max_body_bytes};
  char error_buffer[CURL_ERROR_SIZE] = {};

  long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));
  long connect_ms = std::min<long>(timeout_ms, kMaxConnectTimeout.count());

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, kMaxRedirects);
  // A redirect to file://, ftp:// or the like from a compromised register must lead nowhere.
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_USERAGENT, "Notaria/" NOTARIA_VERSION " (verification notariale)");
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  // Refuses early when the announced length is already too large; OnBody covers the rest.
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(std::min<size_t>(request.max_body_bytes, INT64_MAX)));

  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    if (request.method != "POST")
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST" || !request.body.empty()) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    }
  }

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (!next) {
      response.transport_error = "out of memory building the request headers";
      return response;
    }
    headers.release();
    headers.reset(next);
  }
  // libcurl would otherwise add "Expect: 100-continue" to large POSTs and wait for it.
  if (request.method == "POST") {
    curl_slist* next = curl_slist_append(headers.get(), "Expect:");
    if (next) {
      headers.release();
      headers.reset(next);
    }
  }
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

  CURLcode code = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);

  if (code == CURLE_FILESIZE_EXCEEDED) response.body_too_large = true;
  if (response.body_too_large) {
    response.body.clear();
    response.transport_error =
        "body larger than " + std::to_string(request.max_body_bytes) + " bytes";
    return response;
  }
  if (code != CURLE_OK) {
    response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    response.unreachable = code == CURLE_COULDNT_RESOLVE_HOST ||
                           code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_COULDNT_CONNECT;
    response.transport_error = curl_easy_strerror(code);
    if (error_buffer[0]) response.transport_error += std::string(": ") + error_buffer;
    // Without a complete answer the status is meaningless (a response cut mid-body).
    response.status = 0;
    response.headers.clear();
    response.body.clear();
  }
  return response;
}

}  // namespace

CurlTransport::CurlTransport() { GlobalInitOnce(); }

HttpResponse CurlTransport::Send(const HttpRequest& request) {
  try {
    return Perform(request);
  } catch (const std::exception& e) {  // bad_alloc while copying headers or body
    HttpResponse response;
    response.transport_error = e.what();
    return response;
  }
}

}  // namespace notaria::verify
