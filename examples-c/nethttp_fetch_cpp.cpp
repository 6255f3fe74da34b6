// nethttp_fetch_cpp: a small curl-like tool on the C++ wrapper (include/nethttp.hpp).
//
//   nethttp_fetch_cpp [-X METHOD] [-H 'Name: value']... [-d STRING] [--stream] [--queue]
//                     [--ca FILE] [-o PATH] URL
//
// Prints the status line and the response headers (JSON) on stderr and the body on stdout (or
// into PATH). --stream receives the body chunk by chunk in a DATA_RECEIVE lambda
// (requestInStream); --queue delivers every lambda on this thread through a nethttp::Queue
// instead of nethttp's worker thread. Exit status: 0 for a response (any HTTP status), 1 for a
// failed request, 2 for a usage error.
//
// Build (scripts/demo.sh does): c++ -std=c++17 -Iinclude examples-c/nethttp_fetch_cpp.cpp
//   -Ltarget/debug -Wl,-rpath,target/debug -lnethttp -o nethttp_fetch_cpp
#include <nethttp.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <stdexcept>
#include <string>
#include <strings.h>
#include <utility>
#include <vector>

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: nethttp_fetch_cpp [-X METHOD] [-H 'Name: value']... [-d STRING] [--stream] "
               "[--queue] [--ca FILE] [-o PATH] URL\n");
  return 2;
}

bool parse_method(const std::string &m, http_method *out) {
  static const char *const names[] = {"GET",     "HEAD",  "POST",    "PUT",  "DELETE",
                                      "OPTIONS", "TRACE", "CONNECT", "PATCH"};
  for (int i = 0; i < 9; i++) {
    if (strcasecmp(m.c_str(), names[i]) == 0) {
      *out = static_cast<http_method>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char **argv) {
  std::string url, data, out_path, ca;
  bool stream = false, queued = false, have_data = false;
  http_method method = HTTP_METHOD_GET;
  bool method_given = false;
  std::vector<std::pair<std::string, std::string>> headers;

  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "-X" && has_value) {
      if (!parse_method(argv[++i], &method)) return usage();
      method_given = true;
    } else if (a == "-H" && has_value) {
      std::string h = argv[++i];
      size_t colon = h.find(':');
      if (colon == std::string::npos) return usage();
      size_t v = h.find_first_not_of(' ', colon + 1);
      headers.emplace_back(h.substr(0, colon), v == std::string::npos ? "" : h.substr(v));
    } else if (a == "-d" && has_value) {
      data = argv[++i];
      have_data = true;
    } else if (a == "-o" && has_value) {
      out_path = argv[++i];
    } else if (a == "--ca" && has_value) {
      ca = argv[++i];
    } else if (a == "--stream") {
      stream = true;
    } else if (a == "--queue") {
      queued = true;
    } else if (!a.empty() && a[0] != '-' && url.empty()) {
      url = a;
    } else {
      return usage();
    }
  }
  if (url.empty()) return usage();

  FILE *out = stdout;
  if (!out_path.empty() && !(out = std::fopen(out_path.c_str(), "wb"))) {
    std::perror(out_path.c_str());
    return 1;
  }

  try {
    nethttp::Options opts;
    if (have_data) {
      opts.body(data);
      if (!method_given) method = HTTP_METHOD_POST;
    }
    opts.method(method);
    for (const auto &h : headers) opts.header(h.first, h.second);
    if (!ca.empty()) opts.ca_path(ca);

    nethttp::Queue queue;
    std::promise<nethttp::Result> done;  // outlives the request's lambdas
    size_t streamed = 0;
    nethttp::Request req;
    if (queued) req.set_queue(queue);
    req.on(HTTP_EVENT_HEADERS_RECEIVE, [](const nethttp::Event &e) {
      std::fprintf(stderr, "< headers %.*s\n", static_cast<int>(e.headers_json.size()), e.headers_json.data());
    });
    if (stream) {
      req.on(HTTP_EVENT_DATA_RECEIVE, [&](const nethttp::Event &e) {
        if (std::fwrite(e.data.data(), 1, e.data.size(), out) != e.data.size())
          throw std::runtime_error("cannot write the body");  // ends the request with 2300999
        streamed += e.data.size();
      });
    }
    auto finished = done.get_future();
    auto on_done = [&](nethttp::Result r) { done.set_value(std::move(r)); };
    if (stream)
      req.start_stream(url, opts, on_done);
    else
      req.start(url, opts, on_done);

    if (queued) {
      // Callbacks run here, inside dispatch, on this thread.
      while (finished.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        queue.wait_and_dispatch(100);
    }
    nethttp::Result r = finished.get();
    if (!r) {
      std::printf("error %d: %s (%s)\n", r.code, std::string(nethttp::error_message(r.code)).c_str(),
                  r.message.c_str());
      if (out != stdout) std::fclose(out);
      return 1;
    }
    const nethttp::Response &resp = r.response;
    std::string_view body = resp.body();
    std::fwrite(body.data(), 1, body.size(), out);
    std::fflush(out);
    std::fprintf(stderr, "< %u %.*s, %zu bytes%s\n", resp.code(), static_cast<int>(resp.http_version().size()),
                 resp.http_version().data(), stream ? streamed : body.size(),
                 queued ? " (delivered on this thread)" : "");
  } catch (const nethttp::error &e) {
    std::fprintf(stderr, "nethttp_fetch_cpp: %s (%d)\n", e.what(), e.code());
    if (out != stdout) std::fclose(out);
    return 1;
  }
  if (out != stdout && std::fclose(out) != 0) {
    std::perror(out_path.c_str());
    return 1;
  }
  return 0;
}
