/* include/nethttp.hpp, the header-only C++17 wrapper: RAII handles, lambdas as listeners and
 * completions, the blocking form, streams, queued delivery on this thread, options (and their
 * errors as nethttp::error), responses, cancel and destroy inside a lambda, the poll client, the
 * debug hook, and lambdas that throw: the exception never reaches the C library (no abort); a
 * throwing listener ends its request, its completion (or fetch) reports 2300999 with what(),
 * and callback_exception() gives the exception back. Compiled with -Wall -Wextra -Werror. */
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include "common.h"
#include "nethttp.hpp"

namespace {

constexpr auto WAIT = std::chrono::seconds(10);

std::string base;  // NETHTTP_TEST_HTTP

std::string url(const char *path) { return base + path; }

std::string www(const char *name) {
  size_t len = 0;
  char *p = read_www_file(name, &len);
  std::string s = p ? std::string(p, len) : std::string();
  free(p);
  return s;
}

/* Starts `req` and waits for its completion lambda; the Result it got. */
nethttp::Result run(nethttp::Request &req, const std::string &u, const nethttp::Options &o, bool stream = false) {
  auto done = std::make_shared<std::promise<nethttp::Result>>();
  std::future<nethttp::Result> f = done->get_future();
  auto cb = [done](nethttp::Result r) { done->set_value(std::move(r)); };
  if (stream)
    req.start_stream(u, o, cb);
  else
    req.start(u, o, cb);
  if (f.wait_for(WAIT) != std::future_status::ready) {
    CHECK(false, "no completion for %s", u.c_str());
    return nethttp::Result{-1, "timeout", nethttp::Response()};
  }
  return f.get();
}

void test_version() {
  CHECK_INT_EQ(nethttp::version() >> 16, NETHTTP_VERSION_MAJOR);
  CHECK(nethttp::version_info().find("\"libcurl\"") != std::string_view::npos, "%s",
        std::string(nethttp::version_info()).c_str());
  CHECK(!nethttp::error_message(NETHTTP_ERR_TIMEOUT).empty(), "no message");
}

void test_options_errors() {
  nethttp::Options o;
  try {
    o.header("X-Bad", "a\r\nInjected: 1");
    CHECK(false, "a header value with CR/LF was accepted");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_PARAMETER);
    CHECK(std::strlen(e.what()) > 0, "empty detail");
  }
  try {
    nethttp::Options::from_json("{not json");
    CHECK(false, "bad JSON was accepted");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_PARAMETER);
  }
  nethttp::Options moved = nethttp::Options::from_json("{\"method\":\"POST\"}");
  nethttp::Options other(std::move(moved));
  CHECK(moved.get() == nullptr && other.get() != nullptr, "move did not transfer the handle");
  CHECK_STR_EQ(nethttp::query_string("{\"a\":1,\"b\":\"x y\"}").c_str(), "a=1&b=x%20y");
}

/* An asynchronous POST with listeners, and what the Response offers. */
void test_request_and_response() {
  nethttp::Request req;
  std::atomic<int> headers{0}, progress{0};
  std::string header_json;
  req.on(HTTP_EVENT_HEADERS_RECEIVE,
         [&](const nethttp::Event &e) {
           headers++;
           header_json = std::string(e.headers_json);
         })
      .on(HTTP_EVENT_DATA_RECEIVE_PROGRESS, [&](const nethttp::Event &) { progress++; });
  nethttp::Options o;
  o.method(HTTP_METHOD_POST)
      .header("Content-Type", "text/plain")
      .body("hello from C++")
      .read_timeout(5000)
      .expect_data_type(HTTP_DATA_TYPE_STRING);
  nethttp::Result r = run(req, url("/echo"), o);
  if (!CHECK(r, "code %d: %s", r.code, r.message.c_str())) return;
  const nethttp::Response &resp = r.response;
  CHECK_INT_EQ(resp.code(), 200);
  CHECK_STR_EQ(std::string(resp.body()).c_str(), "hello from C++");
  CHECK_INT_EQ(headers.load(), 1);
  CHECK(progress.load() >= 1, "progress events: %d", progress.load());
  CHECK(header_json.find("content-type") != std::string::npos, "%s", header_json.c_str());
  CHECK(resp.headers_json().find("content-type") != std::string_view::npos, "headers_json");
  CHECK(resp.header("Content-Type").has_value(), "no Content-Type");
  CHECK(!resp.header("X-Not-There").has_value(), "an absent header has a value");
  CHECK(resp.json().find("\"responseCode\":200") != std::string_view::npos, "%s",
        std::string(resp.json()).c_str());
  CHECK(!resp.http_version().empty(), "no http version");
  CHECK_STR_EQ(std::string(resp.effective_url()).c_str(), url("/echo").c_str());
  http_performance_timing t = resp.timing();
  CHECK(t.total_timing > 0, "total_timing %f", t.total_timing);
  CHECK_INT_EQ(resp.result_type(), HTTP_DATA_TYPE_STRING);
  CHECK_INT_EQ(resp.cache_status(), HTTP_CACHE_NONE);

  // The response outlives the Result when moved out; the request handle is used up.
  nethttp::Response kept = std::move(r.response);
  CHECK(kept && !r.response, "move of the response");
  try {
    req.start(url("/echo"), o, [](nethttp::Result) {});
    CHECK(false, "a second request on one handle started");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_PARAMETER);
  }
}

void test_stream() {
  nethttp::Request req;
  std::string body;
  std::atomic<int> ends{0};
  req.on(HTTP_EVENT_DATA_RECEIVE, [&](const nethttp::Event &e) { body.append(e.data); })
      .on(HTTP_EVENT_DATA_END, [&](const nethttp::Event &) { ends++; });
  nethttp::Result r = run(req, url("/1m.bin"), nethttp::Options(), true);
  CHECK(r, "code %d: %s", r.code, r.message.c_str());
  CHECK(r.response.body().empty(), "a stream's result is not empty");
  CHECK_INT_EQ(ends.load(), 1);
  CHECK(body == www("1m.bin"), "streamed %zu bytes, not the served 1m.bin", body.size());
}

void test_sync() {
  nethttp::Request req;
  std::atomic<int> headers{0};
  req.once(HTTP_EVENT_HEADERS_RECEIVE, [&](const nethttp::Event &) { headers++; });
  nethttp::Response resp = req.fetch(url("/data.json"), nethttp::Options().expect_data_type(HTTP_DATA_TYPE_STRING));
  CHECK_INT_EQ(resp.code(), 200);
  CHECK(resp.body() == www("data.json"), "body %s", std::string(resp.body()).c_str());
  CHECK_INT_EQ(headers.load(), 1);

  nethttp::Request refused;
  std::string down = "http://127.0.0.1:" + std::to_string(unused_port()) + "/";
  try {
    refused.fetch(down);
    CHECK(false, "a refused connection succeeded");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_COULDNT_CONNECT);
  }
}

/* Queued delivery: every lambda runs on this thread, inside dispatch. */
void test_queue() {
  nethttp::Queue q;
  nethttp::Request req;
  std::thread::id me = std::this_thread::get_id();
  int events = 0, elsewhere = 0;
  bool done = false;
  nethttp::Result result;
  req.set_queue(q)
      .on(HTTP_EVENT_HEADERS_RECEIVE,
          [&](const nethttp::Event &) {
            events++;
            elsewhere += std::this_thread::get_id() != me;
          })
      .on(HTTP_EVENT_DATA_RECEIVE, [&](const nethttp::Event &) {
        events++;
        elsewhere += std::this_thread::get_id() != me;
      });
  req.start_stream(url("/100.bin"), [&](nethttp::Result r) {
    elsewhere += std::this_thread::get_id() != me;
    result = std::move(r);
    done = true;
  });
  auto deadline = std::chrono::steady_clock::now() + WAIT;
  while (!done && std::chrono::steady_clock::now() < deadline) q.wait_and_dispatch(100);
  CHECK(done, "no queued completion");
  CHECK(result, "code %d: %s", result.code, result.message.c_str());
  CHECK(events >= 2, "events %d", events);
  CHECK_INT_EQ(elsewhere, 0);
}

/* A listener that throws ends its request with 2300999; nothing of it follows. */
void test_throwing_listener() {
  nethttp::Request req;
  std::atomic<int> chunks{0}, after{0};
  req.on(HTTP_EVENT_DATA_RECEIVE,
         [&](const nethttp::Event &) {
           if (chunks++ == 0) throw std::runtime_error("boom in a listener");
           after++;
         })
      .on(HTTP_EVENT_DATA_END, [&](const nethttp::Event &) { after++; });
  nethttp::Result r = run(req, url("/100m.bin"), nethttp::Options(), true);
  CHECK_INT_EQ(r.code, NETHTTP_ERR_UNKNOWN);
  CHECK(r.message.find("boom in a listener") != std::string::npos, "message: %s", r.message.c_str());
  CHECK(!r.response, "a response with the error");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK_INT_EQ(chunks.load(), 1);
  CHECK_INT_EQ(after.load(), 0);
  CHECK(req.get() == nullptr, "the handle was not released");
  try {
    std::rethrow_exception(req.callback_exception());
  } catch (const std::runtime_error &e) {
    CHECK_STR_EQ(e.what(), "boom in a listener");
  } catch (...) {
    CHECK(false, "callback_exception() is not the listener's exception");
  }
}

/* The same, queued, with something that is not a std::exception. */
void test_throwing_listener_queued() {
  nethttp::Queue q;
  nethttp::Request req;
  bool done = false;
  int completions = 0, after = 0;
  nethttp::Result result;
  req.set_queue(q)
      .on(HTTP_EVENT_HEADERS_RECEIVE, [](const nethttp::Event &) { throw 42; })
      .on(HTTP_EVENT_DATA_RECEIVE_PROGRESS, [&](const nethttp::Event &) { after++; });
  req.start(url("/1m.bin"), [&](nethttp::Result r) {
    completions++;
    result = std::move(r);
    done = true;
  });
  auto deadline = std::chrono::steady_clock::now() + WAIT;
  while (!done && std::chrono::steady_clock::now() < deadline) q.wait_and_dispatch(100);
  CHECK(done, "no completion after a throwing queued listener");
  CHECK_INT_EQ(result.code, NETHTTP_ERR_UNKNOWN);
  CHECK(result.message.find("not derived from std::exception") != std::string::npos, "%s",
        result.message.c_str());
  // Nothing else of that request reaches a lambda (items already queued are dropped).
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  q.dispatch();
  CHECK_INT_EQ(completions, 1);
  CHECK_INT_EQ(after, 0);
}

/* A completion that throws: kept, nothing aborts. */
void test_throwing_completion() {
  nethttp::Request req;
  auto ran = std::make_shared<std::promise<void>>();
  std::future<void> f = ran->get_future();
  req.start(url("/100.bin"), [ran](nethttp::Result) {
    ran->set_value();
    throw std::logic_error("boom in a completion");
  });
  CHECK(f.wait_for(WAIT) == std::future_status::ready, "no completion");
  auto deadline = std::chrono::steady_clock::now() + WAIT;
  while (!req.callback_exception() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(req.callback_exception() != nullptr, "the completion's exception was not kept");
}

/* The blocking form reports a throwing listener as nethttp::error. */
void test_throwing_listener_sync() {
  nethttp::Request req;
  req.on(HTTP_EVENT_HEADERS_RECEIVE, [](const nethttp::Event &) { throw std::runtime_error("sync boom"); });
  try {
    req.fetch(url("/1m.bin"));
    CHECK(false, "fetch succeeded although its listener threw");
  } catch (const nethttp::error &e) {
    CHECK_INT_EQ(e.code(), NETHTTP_ERR_UNKNOWN);
    CHECK(std::string(e.what()).find("sync boom") != std::string::npos, "%s", e.what());
  }
}

/* Destroying the Request inside its own completion lambda; cancel from this thread. */
void test_lifetime() {
  auto owner = std::make_unique<nethttp::Request>();
  auto done = std::make_shared<std::promise<uint32_t>>();
  std::future<uint32_t> f = done->get_future();
  owner->start(url("/100.bin"), [&owner, done](nethttp::Result r) {
    owner.reset();  // the Request (and its handle) go away inside its own lambda
    done->set_value(r ? r.response.code() : 0);
  });
  CHECK(f.wait_for(WAIT) == std::future_status::ready, "no completion");
  CHECK_INT_EQ(f.get(), 200);
  CHECK(!owner, "not reset");

  nethttp::Request req;
  auto first = std::make_shared<std::promise<void>>();
  std::future<void> got = first->get_future();
  std::atomic<bool> signalled{false}, completed{false};
  req.on(HTTP_EVENT_DATA_RECEIVE, [&, first](const nethttp::Event &) {
    if (!signalled.exchange(true)) first->set_value();
  });
  req.start_stream(url("/100m.bin"), [&](nethttp::Result) { completed = true; });
  CHECK(got.wait_for(WAIT) == std::future_status::ready, "no data");
  req.cancel();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(!completed, "a completion after cancel");

  // Destroyed on this thread while its listener runs on the worker: the destructor waits.
  {
    std::atomic<bool> in{false}, out{false};
    auto waiting = std::make_unique<nethttp::Request>();
    waiting->on(HTTP_EVENT_HEADERS_RECEIVE, [&](const nethttp::Event &) {
      in = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      out = true;
    });
    waiting->start(url("/1m.bin"), [](nethttp::Result) {});
    auto deadline = std::chrono::steady_clock::now() + WAIT;
    while (!in && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK(in, "the listener did not run");
    waiting.reset();
    CHECK(out, "the destructor returned while the listener was still running");
  }

  // A moved Request keeps its listeners and handle; move assignment cancels the old one.
  nethttp::Request a;
  std::atomic<int> h{0};
  a.on(HTTP_EVENT_HEADERS_RECEIVE, [&](const nethttp::Event &) { h++; });
  nethttp::Request b(std::move(a));
  CHECK(a.get() == nullptr, "moved-from still has a handle");
  nethttp::Response resp = b.fetch(url("/100.bin"));
  CHECK_INT_EQ(resp.code(), 200);
  CHECK_INT_EQ(h.load(), 1);
  b = nethttp::Request();
  CHECK(b.get() != nullptr, "move assignment");
}

void test_client() {
  nethttp::Client c;
  std::string hostport = base.substr(base.find("//") + 2);  // 127.0.0.1:P
  size_t colon = hostport.rfind(':');
  c.connect(hostport.substr(0, colon), std::stoi(hostport.substr(colon + 1)));
  http_client_status s = c.poll_while_busy(10000);
  if (!CHECK_INT_EQ(s, HTTP_CLIENT_STATUS_CONNECTED)) return;
  for (int i = 0; i < 2; i++) {
    c.request(HTTP_METHOD_GET, "/100.bin", {"Accept: */*"});
    s = c.poll_while_busy(10000);
    CHECK_INT_EQ(s, HTTP_CLIENT_STATUS_BODY);
    CHECK_INT_EQ(c.response_code(), 200);
    CHECK(!c.response_headers().empty(), "no headers");
    CHECK_INT_EQ(c.response_body_length(), 100);
    std::string body = c.read_body();
    CHECK(body == www("100.bin"), "body of %zu bytes", body.size());
    CHECK_INT_EQ(c.status(), HTTP_CLIENT_STATUS_CONNECTED);
  }
  c.close();
  CHECK_INT_EQ(c.status(), HTTP_CLIENT_STATUS_DISCONNECTED);
}

void test_debug_hook() {
  static std::atomic<int> lines{0};  // the hook may outlive this function (see set_debug)
  nethttp::set_debug([](nethttp_debug_kind, std::string_view) {
    lines++;
    throw std::runtime_error("a debug hook that throws");
  });
  nethttp::Request req;
  nethttp::Response resp = req.fetch(url("/100.bin"));
  CHECK_INT_EQ(resp.code(), 200);
  nethttp::set_debug({});
  CHECK(lines.load() > 0, "the debug hook was not called");
}

}  // namespace

int main() {
  base = env_or_die("NETHTTP_TEST_HTTP");
  try {
    test_version();
    test_options_errors();
    test_request_and_response();
    test_stream();
    test_sync();
    test_queue();
    test_throwing_listener();
    test_throwing_listener_queued();
    test_throwing_completion();
    test_throwing_listener_sync();
    test_lifetime();
    test_client();
    test_debug_hook();
  } catch (const std::exception &e) {
    CHECK(false, "unexpected exception: %s", e.what());
  }
  return test_finish();
}
