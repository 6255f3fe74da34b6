/*
 * nethttp.hpp — a header-only C++17 wrapper over nethttp's C API (nethttp.h).
 *
 * Hand-written (not generated). It adds no behaviour of its own to the C library; it gives
 * the C handles owners and lets lambdas be callbacks:
 *
 *   nethttp::Options    owns an http_options     (move-only; setters return *this)
 *   nethttp::Response   owns an http_response    (move-only)
 *   nethttp::Request    owns an http_handle      (move-only; the destructor is http_destroy)
 *   nethttp::Queue      owns an http_queue       (move-only)
 *   nethttp::Client     owns an http_client      (the poll-driven client, no callbacks)
 *   nethttp::ClientTls  owns an http_client_tls
 *   nethttp::WsOptions  owns a nethttp_ws_options (move-only; setters return *this)
 *   nethttp::WebSocket  owns a nethttp_ws        (move-only; the destructor is nethttp_ws_destroy)
 *   nethttp::Socket     owns a nethttp_sock      (move-only; the destructor is nethttp_sock_destroy)
 *
 *   nethttp::Request req;
 *   req.on(HTTP_EVENT_HEADERS_RECEIVE, [](const nethttp::Event &e) { ... });
 *   req.start(url, nethttp::Options().method(HTTP_METHOD_POST).body("x"),
 *             [](nethttp::Result r) { if (r) use(r.response.body()); });
 *
 * Errors. A C call that fails (outside a callback) throws nethttp::error, which carries the
 * result code (code()) and http_last_error_detail() (what()). Callbacks never let an
 * exception reach the C library (it would abort the process: the call stack crosses Rust):
 *   - a listener (event lambda) that throws ends its request: the request is cancelled at
 *     once (as by http_destroy), no further event is delivered, and the completion lambda
 *     is called with code NETHTTP_ERR_UNKNOWN (2300999, as for a panic inside nethttp) and
 *     a message "exception in a listener: <what()>"; Request::fetch (the blocking form)
 *     throws nethttp::error with that code and message instead;
 *   - a completion lambda that throws: the exception is kept, nothing else happens;
 *   - a debug hook that throws: the exception is dropped.
 *   Request::callback_exception() returns the first exception a lambda of that request
 *   threw (std::exception_ptr, null when none), for std::rethrow_exception.
 *   A WebSocket lambda (event or result) that throws ends its connection at once (as by
 *   nethttp_ws_destroy: nothing of it follows); WebSocket::callback_exception() has it.
 *   A Socket lambda that throws destroys its socket likewise; Socket::callback_exception().
 *
 * Threads and lifetime. Lambdas run where the C callbacks run: nethttp's worker thread, or
 * the thread calling Queue::dispatch for a request attached to a queue (Request::set_queue);
 * they must not block. Destroying (or assigning over) a Request cancels its transfer; once
 * the destructor returns no lambda of it starts (a lambda running on another thread is
 * waited for). A Request may also be destroyed inside one of its own lambdas. The Event's
 * views are valid during the call only; a Response's views until the Response is destroyed.
 *
 * Compile with -std=c++17 (or later) and link with -lnethttp, as for the C header.
 */
#ifndef NETHTTP_HPP
#define NETHTTP_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <poll.h>
#endif

#include "nethttp.h"

namespace nethttp {

/* ---- errors --------------------------------------------------------------------------- */

/** A failed nethttp call: code() is the C result code, what() the detail (or the message). */
class error : public std::runtime_error {
 public:
  error(int32_t code, const std::string &what) : std::runtime_error(what), code_(code) {}
  int32_t code() const noexcept { return code_; }

 private:
  int32_t code_;
};

/** The static English message for a result code. */
inline std::string_view error_message(int32_t code) { return http_error_message(code); }

/** http_last_error_detail() of the calling thread, copied. */
inline std::string last_error_detail() { return http_last_error_detail(); }

namespace detail {
/* Throws nethttp::error for a non-zero result code, with the thread's error detail. */
inline void check(int32_t rc) {
  if (rc == NETHTTP_OK) return;
  std::string d = http_last_error_detail();
  throw error(rc, d.empty() ? std::string(http_error_message(rc)) : d);
}
inline std::string describe(const std::exception_ptr &e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception &x) {
    return x.what();
  } catch (...) {
    return "an exception not derived from std::exception";
  }
}
/* NULL-safe string_view. */
inline std::string_view view(const char *s) { return s ? std::string_view(s) : std::string_view(); }

/* The first exception a handle's lambdas threw (kept for callback_exception()). */
class Keeper {
 public:
  void keep(std::exception_ptr e) {
    std::lock_guard<std::mutex> g(mu);
    if (!first_exception) first_exception = std::move(e);
  }
  std::exception_ptr exception() {
    std::lock_guard<std::mutex> g(mu);
    return first_exception;
  }

 protected:
  std::mutex mu;

 private:
  std::exception_ptr first_exception;
};
/* C string arrays for the duration of a call. */
inline std::vector<const char *> c_strings(const std::vector<std::string> &v) {
  std::vector<const char *> out;
  out.reserve(v.size());
  for (const std::string &s : v) out.push_back(s.c_str());
  return out;
}
}  // namespace detail

/** The library's version number (major << 16 | minor << 8 | patch). */
inline uint32_t version() noexcept { return nethttp_version(); }
/** Version information as JSON text (nethttp, libcurl, ssl, features, protocols). */
inline std::string_view version_info() noexcept { return http_version_info(); }

/* ---- options --------------------------------------------------------------------------- */

/** Request options (http_options). Every setter throws nethttp::error on a bad value. */
class Options {
 public:
  Options() : o_(http_options_new()) {
    if (!o_) throw std::bad_alloc();
  }
  /** Options from the spec's JSON shape (e.g. {"method":"POST","header":{...}}). */
  static Options from_json(const std::string &json) {
    http_options *o = nullptr;
    detail::check(http_options_from_json(json.c_str(), &o));
    return Options(o);
  }
  Options(Options &&other) noexcept : o_(std::exchange(other.o_, nullptr)) {}
  Options &operator=(Options &&other) noexcept {
    if (this != &other) {
      http_options_free(o_);
      o_ = std::exchange(other.o_, nullptr);
    }
    return *this;
  }
  Options(const Options &) = delete;
  Options &operator=(const Options &) = delete;
  ~Options() { http_options_free(o_); }

  /** Applies more JSON fields over the current values. */
  Options &apply_json(const std::string &json) { return set(http_options_apply_json(o_, json.c_str())); }
  Options &method(http_method m) { return set(http_options_set_method(o_, m)); }
  Options &header(const std::string &name, const std::string &value) {
    return set(http_options_add_header(o_, name.c_str(), value.c_str()));
  }
  /** extraData as a string (the request body for POST/PUT/...). */
  Options &body(const std::string &text) { return set(http_options_set_extra_data_string(o_, text.c_str())); }
  /** extraData as bytes (binary-safe). */
  Options &body_bytes(const void *data, size_t len) {
    return set(http_options_set_extra_data_bytes(o_, static_cast<const uint8_t *>(data), len));
  }
  /** extraData as a JSON value (text). */
  Options &body_json(const std::string &json) { return set(http_options_set_extra_data_json(o_, json.c_str())); }
  Options &expect_data_type(http_data_type t) { return set(http_options_set_expect_data_type(o_, t)); }
  Options &using_cache(bool on) { return set(http_options_set_using_cache(o_, on)); }
  Options &priority(uint32_t p) { return set(http_options_set_priority(o_, p)); }
  Options &read_timeout(uint32_t ms) { return set(http_options_set_read_timeout(o_, ms)); }
  Options &connect_timeout(uint32_t ms) { return set(http_options_set_connect_timeout(o_, ms)); }
  Options &using_protocol(http_protocol p) { return set(http_options_set_using_protocol(o_, p)); }
  Options &max_limit(uint64_t bytes) { return set(http_options_set_max_limit(o_, bytes)); }
  Options &resume_from(uint64_t offset) { return set(http_options_set_resume_from(o_, offset)); }
  Options &resume_to(uint64_t offset) { return set(http_options_set_resume_to(o_, offset)); }
  Options &ca_path(const std::string &path) { return set(http_options_set_ca_path(o_, path.c_str())); }
  Options &ca_data(const std::string &pem) { return set(http_options_set_ca_data(o_, pem.c_str())); }
  Options &max_redirects(uint32_t n) { return set(http_options_set_max_redirects(o_, n)); }
  Options &stall_timeout(uint32_t ms) { return set(http_options_set_stall_timeout(o_, ms)); }
  Options &max_recv_speed(uint64_t bytes_per_s) { return set(http_options_set_max_recv_speed(o_, bytes_per_s)); }
  Options &max_send_speed(uint64_t bytes_per_s) { return set(http_options_set_max_send_speed(o_, bytes_per_s)); }
  Options &address_family(http_address_family f) { return set(http_options_set_address_family(o_, f)); }
  Options &using_proxy(bool system_proxy) { return set(http_options_set_using_proxy(o_, system_proxy)); }
  Options &proxy(const std::string &host, uint32_t port, const std::vector<std::string> &exclusions = {}) {
    std::vector<const char *> ex = detail::c_strings(exclusions);
    return set(http_options_set_proxy(o_, host.c_str(), port, ex.empty() ? nullptr : ex.data(), ex.size(),
                                      nullptr, nullptr));
  }
  Options &server_authentication(const std::string &user, const std::string &password,
                                 http_auth_type type = HTTP_AUTH_AUTO) {
    return set(http_options_set_server_authentication(o_, user.c_str(), password.c_str(), type));
  }
  Options &certificate_pin(const std::string &sha256_base64) {
    return set(http_options_add_certificate_pin(o_, sha256_base64.c_str(), "SHA-256"));
  }
  Options &form_data(const std::string &name, const std::string &content_type, std::string_view data,
                     const std::string &remote_file_name = {}) {
    return set(http_options_add_form_data(o_, name.c_str(), content_type.empty() ? nullptr : content_type.c_str(),
                                          reinterpret_cast<const uint8_t *>(data.data()), data.size(),
                                          remote_file_name.empty() ? nullptr : remote_file_name.c_str()));
  }

  /** The C handle, for the setters this class does not wrap. */
  http_options *get() const noexcept { return o_; }

 private:
  explicit Options(http_options *o) : o_(o) {}
  Options &set(int32_t rc) {
    detail::check(rc);
    return *this;
  }
  http_options *o_;
};

/* ---- responses ------------------------------------------------------------------------- */

/** A response (http_response); empty (!*this) when default-constructed or moved from. */
class Response {
 public:
  Response() noexcept = default;
  /** Takes ownership of a C response. */
  explicit Response(http_response *r) noexcept : r_(r) {}
  Response(Response &&other) noexcept : r_(std::exchange(other.r_, nullptr)) {}
  Response &operator=(Response &&other) noexcept {
    if (this != &other) {
      http_response_free(r_);
      r_ = std::exchange(other.r_, nullptr);
    }
    return *this;
  }
  Response(const Response &) = delete;
  Response &operator=(const Response &) = delete;
  ~Response() { http_response_free(r_); }

  explicit operator bool() const noexcept { return r_ != nullptr; }
  /** responseCode (e.g. 200). */
  uint32_t code() const noexcept { return http_response_code(r_); }
  /** result: the body as bytes (for OBJECT results, the JSON text). */
  std::string_view body() const noexcept {
    size_t len = 0;
    const uint8_t *p = http_response_result(r_, &len);
    return p ? std::string_view(reinterpret_cast<const char *>(p), len) : std::string_view();
  }
  http_data_type result_type() const noexcept { return static_cast<http_data_type>(http_response_result_type(r_)); }
  /** One header (case-insensitive name), or nullopt when absent. */
  std::optional<std::string_view> header(const std::string &name) const {
    const char *v = http_response_header(r_, name.c_str());
    if (!v) return std::nullopt;
    return std::string_view(v);
  }
  /** The header object as JSON text. */
  std::string_view headers_json() const noexcept {
    size_t len = 0;
    const char *p = http_response_header_json(r_, &len);
    return p ? std::string_view(p, len) : std::string_view();
  }
  std::string_view cookies() const noexcept { return detail::view(http_response_cookies(r_)); }
  std::string_view http_version() const noexcept { return detail::view(http_response_http_version(r_)); }
  std::string_view effective_url() const noexcept { return detail::view(http_response_effective_url(r_)); }
  /** The whole response in the spec's JSON shape. */
  std::string_view json() const noexcept {
    size_t len = 0;
    const char *p = http_response_json(r_, &len);
    return p ? std::string_view(p, len) : std::string_view();
  }
  http_cache_status cache_status() const noexcept {
    return static_cast<http_cache_status>(http_response_cache_status(r_));
  }
  http_performance_timing timing() const {
    http_performance_timing t{};
    detail::check(http_response_performance_timing(r_, &t));
    return t;
  }
  http_response *get() const noexcept { return r_; }
  /** Gives up ownership (free it with http_response_free). */
  http_response *release() noexcept { return std::exchange(r_, nullptr); }

 private:
  http_response *r_ = nullptr;
};

/** What a completion lambda receives: code 0 and a response, or an error code and message. */
struct Result {
  int32_t code = NETHTTP_OK;
  std::string message;
  Response response;
  explicit operator bool() const noexcept { return code == NETHTTP_OK; }
};

/** An event, as the listener sees it (views valid during the call). */
struct Event {
  http_event_type type;
  std::string_view headers_json;  // HEADERS_RECEIVE
  std::string_view data;          // DATA_RECEIVE (binary-safe)
  uint64_t current;               // *_PROGRESS: bytes so far
  uint64_t total;                 // *_PROGRESS: total, 0 when unknown
};

using EventFn = std::function<void(const Event &)>;
using CompleteFn = std::function<void(Result)>;

/* ---- delivery queue -------------------------------------------------------------------- */

/** A delivery queue (http_queue): callbacks of attached requests run in dispatch(). */
class Queue {
 public:
  Queue() : q_(http_queue_new()) {
    if (!q_) throw error(NETHTTP_ERR_UNKNOWN, "http_queue_new failed");
  }
  Queue(Queue &&other) noexcept : q_(std::exchange(other.q_, nullptr)) {}
  Queue &operator=(Queue &&other) noexcept {
    if (this != &other) {
      http_queue_free(q_);
      q_ = std::exchange(other.q_, nullptr);
    }
    return *this;
  }
  Queue(const Queue &) = delete;
  Queue &operator=(const Queue &) = delete;
  ~Queue() { http_queue_free(q_); }

  /** Readable while callbacks are pending; owned by the queue. */
  int fd() const noexcept { return http_queue_fd(q_); }
  /** Runs the pending callbacks on this thread; returns how many were delivered. */
  size_t dispatch() noexcept { return http_queue_dispatch(q_); }
#if defined(__unix__) || defined(__APPLE__)
  /** Waits up to timeout_ms (-1: no limit) for pending callbacks, then dispatches them. */
  size_t wait_and_dispatch(int timeout_ms) noexcept {
    struct pollfd p = {fd(), POLLIN, 0};
    if (poll(&p, 1, timeout_ms) != 1) return 0;
    return dispatch();
  }
#endif
  http_queue *get() const noexcept { return q_; }

 private:
  http_queue *q_;
};

/* ---- requests -------------------------------------------------------------------------- */

/** One request task (http_handle): listeners, then start / start_stream / fetch. */
class Request {
 public:
  Request() : s_(std::make_shared<State>()) {
    s_->self = s_;
    s_->handle.store(http_create());
    if (!s_->handle.load()) throw error(NETHTTP_ERR_UNKNOWN, "http_create failed");
  }
  Request(Request &&) noexcept = default;
  /** Cancels the request held so far (as the destructor does), then takes the other one. */
  Request &operator=(Request &&other) noexcept {
    if (this != &other) {
      cancel();
      s_ = std::move(other.s_);
    }
    return *this;
  }
  Request(const Request &) = delete;
  Request &operator=(const Request &) = delete;
  /** http_destroy: waits for a lambda of this request running on another thread; inside one
   * of its own lambdas returns at once (that lambda's state lives until it returns). */
  ~Request() { cancel(); }

  /** Adds a listener for one event type (they run in the order added). */
  Request &on(http_event_type type, EventFn fn) { return listen(type, std::move(fn), false); }
  /** Adds a listener that is removed after its first call. */
  Request &once(http_event_type type, EventFn fn) { return listen(type, std::move(fn), true); }
  /** Removes every listener of the type. */
  Request &off(http_event_type type) {
    detail::check(http_off(handle(), type, nullptr, nullptr));
    return *this;
  }
  /** Delivers this request's callbacks through the queue (before start only). */
  Request &set_queue(Queue &q) {
    detail::check(http_set_queue(handle(), q.get()));
    return *this;
  }

  /** Starts the request; `done` is called once, with the response or an error. */
  void start(const std::string &url, const Options &opts, CompleteFn done) {
    begin(url, opts.get(), std::move(done), false);
  }
  void start(const std::string &url, CompleteFn done) { begin(url, nullptr, std::move(done), false); }
  /** Starts a streaming request: the body comes in DATA_RECEIVE events, then DATA_END. */
  void start_stream(const std::string &url, const Options &opts, CompleteFn done) {
    begin(url, opts.get(), std::move(done), true);
  }
  void start_stream(const std::string &url, CompleteFn done) { begin(url, nullptr, std::move(done), true); }

  /** The blocking form: the response, or nethttp::error. Listeners still run. */
  Response fetch(const std::string &url, const Options *opts = nullptr) {
    http_response *out = nullptr;
    int32_t rc = http_request_sync(handle(), url.c_str(), opts ? opts->get() : nullptr, &out);
    if (std::exception_ptr e = s_->exception()) {
      http_response_free(rc == NETHTTP_OK ? out : nullptr);
      throw error(NETHTTP_ERR_UNKNOWN, "exception in a listener: " + detail::describe(e));
    }
    detail::check(rc);
    return Response(out);
  }
  Response fetch(const std::string &url, const Options &opts) { return fetch(url, &opts); }

  void pause() { detail::check(http_pause(handle())); }
  void resume() { detail::check(http_resume(handle())); }
  /** Cancels the request now (http_destroy): no lambda of it starts after this returns. */
  void cancel() noexcept {
    if (s_) s_->destroy();
  }
  /** The first exception a lambda of this request threw, or null. */
  std::exception_ptr callback_exception() const { return s_ ? s_->exception() : nullptr; }
  /** The C handle (null once cancelled). */
  http_handle *get() const noexcept { return s_ ? s_->handle.load() : nullptr; }

 private:
  struct State;
  struct Listener {
    State *owner;
    EventFn fn;
  };
  struct State : detail::Keeper {
    std::atomic<http_handle *> handle{nullptr};
    std::weak_ptr<State> self;
    std::list<Listener> listeners;  // never shrinks: a C callback may hold a pointer
    CompleteFn done;
    std::atomic<bool> completed{false};

    ~State() { destroy(); }
    void destroy() noexcept {
      if (http_handle *h = handle.exchange(nullptr)) http_destroy(h);
    }
    /* Calls the completion lambda at most once; an exception from it is kept. */
    void complete(Result r) noexcept {
      if (completed.exchange(true) || !done) return;
      try {
        done(std::move(r));
      } catch (...) {
        keep(std::current_exception());
      }
    }
  };

  http_handle *handle() const {
    http_handle *h = s_ ? s_->handle.load() : nullptr;
    if (!h) throw error(NETHTTP_ERR_PARAMETER, "the request was cancelled");
    return h;
  }

  Request &listen(http_event_type type, EventFn fn, bool once) {
    http_handle *h = handle();
    s_->listeners.push_back(Listener{s_.get(), std::move(fn)});
    Listener *l = &s_->listeners.back();
    detail::check(once ? http_once(h, type, &Request::on_event, l) : http_on(h, type, &Request::on_event, l));
    return *this;
  }

  void begin(const std::string &url, const http_options *o, CompleteFn done, bool stream) {
    http_handle *h = handle();
    s_->done = std::move(done);
    int32_t rc = stream ? http_request_in_stream(h, url.c_str(), o, &Request::on_complete, s_.get())
                        : http_request(h, url.c_str(), o, &Request::on_complete, s_.get());
    detail::check(rc);
  }

  /* The C callbacks. Nothing may leave them by an exception. `self` keeps the state alive
   * while a lambda runs, even if the lambda destroys the Request that owns it (http_destroy
   * then returns at once). A Request destroyed on another thread waits in http_destroy until
   * the callback has returned, so its lambdas never run after its destructor. */
  static void on_event(void *userdata, http_handle *, const http_event *ev) noexcept {
    Listener *l = static_cast<Listener *>(userdata);
    std::shared_ptr<State> self = l->owner->self.lock();
    if (!self || !ev) return;
    try {
      Event e{ev->type,
              ev->headers_json ? std::string_view(ev->headers_json, ev->headers_json_len) : std::string_view(),
              ev->data ? std::string_view(reinterpret_cast<const char *>(ev->data), ev->data_len)
                       : std::string_view(),
              ev->current, ev->total};
      l->fn(e);
    } catch (...) {
      std::exception_ptr e = std::current_exception();
      self->keep(e);
      // End the request: nothing of it follows this callback (http_destroy inside one of
      // its callbacks returns at once), and the completion reports the exception.
      self->destroy();
      Result r;
      r.code = NETHTTP_ERR_UNKNOWN;
      try {
        r.message = "exception in a listener: " + detail::describe(e);
      } catch (...) {
      }
      self->complete(std::move(r));
    }
  }

  static void on_complete(void *userdata, http_handle *, int32_t code, const char *message,
                          http_response *resp) noexcept {
    State *s = static_cast<State *>(userdata);
    Response owned(resp);  // freed here unless handed to the lambda
    std::shared_ptr<State> self = s->self.lock();
    if (!self) return;
    Result r;
    r.code = code;
    try {
      r.message = message ? message : "";
    } catch (...) {
    }
    r.response = std::move(owned);
    self->complete(std::move(r));
  }

  std::shared_ptr<State> s_;
};

/* ---- WebSocket ------------------------------------------------------------------------- */

/** WebSocket options (nethttp_ws_options): typed setters, or from_json with the spec's
 * WebSocketRequestOptions (see nethttp_ws_options_from_json). */
class WsOptions {
 public:
  WsOptions() : o_(nethttp_ws_options_new()) {
    if (!o_) throw error(NETHTTP_ERR_UNKNOWN, "nethttp_ws_options_new failed");
  }
  static WsOptions from_json(const std::string &json) {
    nethttp_ws_options *o = nullptr;
    detail::check(nethttp_ws_options_from_json(json.c_str(), &o));
    return WsOptions(o);
  }
  WsOptions(WsOptions &&other) noexcept : o_(std::exchange(other.o_, nullptr)) {}
  WsOptions &operator=(WsOptions &&other) noexcept {
    if (this != &other) {
      nethttp_ws_options_free(o_);
      o_ = std::exchange(other.o_, nullptr);
    }
    return *this;
  }
  WsOptions(const WsOptions &) = delete;
  WsOptions &operator=(const WsOptions &) = delete;
  ~WsOptions() { nethttp_ws_options_free(o_); }

  WsOptions &json(const std::string &json) { return set(nethttp_ws_options_apply_json(o_, json.c_str())); }
  WsOptions &header(const std::string &name, const std::string &value) {
    return set(nethttp_ws_options_add_header(o_, name.c_str(), value.c_str()));
  }
  WsOptions &protocol(const std::string &p) { return set(nethttp_ws_options_set_protocol(o_, p.c_str())); }
  WsOptions &ca_path(const std::string &path) { return set(nethttp_ws_options_set_ca_path(o_, path.c_str())); }
  WsOptions &ping(uint32_t interval_s, uint32_t pong_timeout_s) {
    return set(nethttp_ws_options_set_ping(o_, interval_s, pong_timeout_s));
  }
  WsOptions &max_message_size(uint64_t bytes) { return set(nethttp_ws_options_set_max_message_size(o_, bytes)); }
  WsOptions &permessage_deflate(bool on) { return set(nethttp_ws_options_set_permessage_deflate(o_, on)); }
  WsOptions &close_timeout(uint32_t ms) { return set(nethttp_ws_options_set_close_timeout(o_, ms)); }
  WsOptions &skip_server_cert_verification(bool skip) {
    return set(nethttp_ws_options_set_skip_server_cert_verification(o_, skip));
  }
  const nethttp_ws_options *get() const noexcept { return o_; }

 private:
  explicit WsOptions(nethttp_ws_options *o) : o_(o) {}
  WsOptions &set(int32_t rc) {
    detail::check(rc);
    return *this;
  }
  nethttp_ws_options *o_;
};

/** One WebSocket event (a view of nethttp_ws_event, valid during the call only). */
struct WsEvent {
  nethttp_ws_event_type type;
  uint32_t status;                  // OPEN: 101
  std::string_view status_message;  // OPEN
  std::string_view protocol;        // OPEN: the negotiated subprotocol, "" for none
  std::string_view headers_json;    // OPEN, HEADER_RECEIVE
  bool text;                        // MESSAGE: a text (true) or binary message
  std::string_view data;            // MESSAGE: the whole message (binary-safe)
  uint32_t close_code;              // CLOSE
  std::string_view close_reason;    // CLOSE
  int32_t error_code;               // ERROR
  std::string_view error_message;   // ERROR
};

using WsEventFn = std::function<void(const WsEvent &)>;
/** The result of connect / send / close: 0 or an error code, and its detail. */
using WsResultFn = std::function<void(int32_t code, std::string_view message)>;

/** One WebSocket connection (nethttp_ws): listeners, then connect, send, close. */
class WebSocket {
 public:
  WebSocket() : s_(std::make_shared<State>()) {
    s_->self = s_;
    s_->ws.store(nethttp_ws_create());
    if (!s_->ws.load()) throw error(NETHTTP_ERR_UNKNOWN, "nethttp_ws_create failed");
  }
  WebSocket(WebSocket &&) noexcept = default;
  WebSocket &operator=(WebSocket &&other) noexcept {
    if (this != &other) {
      destroy();
      s_ = std::move(other.s_);
    }
    return *this;
  }
  WebSocket(const WebSocket &) = delete;
  WebSocket &operator=(const WebSocket &) = delete;
  /** nethttp_ws_destroy: ends the connection at once; no lambda of it starts afterwards. */
  ~WebSocket() { destroy(); }

  WebSocket &on(nethttp_ws_event_type type, WsEventFn fn) { return listen(type, std::move(fn), false); }
  WebSocket &once(nethttp_ws_event_type type, WsEventFn fn) { return listen(type, std::move(fn), true); }
  /** Removes every listener of the type. */
  WebSocket &off(nethttp_ws_event_type type) {
    detail::check(nethttp_ws_off(handle(), type, nullptr, nullptr));
    return *this;
  }
  /** Delivers the callbacks through the queue (before connect only). */
  WebSocket &set_queue(Queue &q) {
    detail::check(nethttp_ws_set_queue(handle(), q.get()));
    return *this;
  }

  void connect(const std::string &url, WsResultFn done = {}) { connect(url, nullptr, std::move(done)); }
  void connect(const std::string &url, const WsOptions &opts, WsResultFn done = {}) {
    connect(url, &opts, std::move(done));
  }
  void send_text(std::string_view text, WsResultFn done = {}) {
    send(NETHTTP_WS_TEXT, text.data(), text.size(), std::move(done));
  }
  void send_binary(const void *data, size_t len, WsResultFn done = {}) {
    send(NETHTTP_WS_BINARY, data, len, std::move(done));
  }
  void close(uint32_t code = 1000, const std::string &reason = {}, WsResultFn done = {}) {
    nethttp_ws *ws = handle();
    void *ud = s_->pending(std::move(done));
    int32_t rc = nethttp_ws_close(ws, code, reason.c_str(), ud ? &WebSocket::on_result : nullptr, ud);
    if (rc != NETHTTP_OK) s_->drop(ud);
    detail::check(rc);
  }

  uint64_t buffered_amount() const noexcept { return nethttp_ws_buffered_amount(get()); }
  /** 0 new, 1 connecting, 2 open, 3 closing, 4 closed. */
  int32_t ready_state() const noexcept { return nethttp_ws_ready_state(get()); }
  /** Ends the connection now (nethttp_ws_destroy). */
  void destroy() noexcept {
    if (s_) s_->destroy();
  }
  std::exception_ptr callback_exception() const { return s_ ? s_->exception() : nullptr; }
  nethttp_ws *get() const noexcept { return s_ ? s_->ws.load() : nullptr; }

 private:
  struct State;
  struct Listener {
    State *owner;
    WsEventFn fn;
  };
  struct Pending {
    State *owner;
    WsResultFn fn;
    std::list<Pending>::iterator self;
  };
  struct State : detail::Keeper {
    std::atomic<nethttp_ws *> ws{nullptr};
    std::weak_ptr<State> self;
    std::list<Listener> listeners;  // never shrinks: a C callback may hold a pointer
    std::list<Pending> results;     // one per connect/send/close awaiting its result

    ~State() { destroy(); }
    void destroy() noexcept {
      if (nethttp_ws *w = ws.exchange(nullptr)) nethttp_ws_destroy(w);
    }
    /* A node for a result lambda (null for none); freed when called, or with the State (no
     * result is delivered after nethttp_ws_destroy). */
    void *pending(WsResultFn fn) {
      if (!fn) return nullptr;
      std::lock_guard<std::mutex> g(mu);
      results.push_back(Pending{this, std::move(fn), {}});
      results.back().self = std::prev(results.end());
      return &results.back();
    }
    void drop(void *p) {
      if (!p) return;
      std::lock_guard<std::mutex> g(mu);
      results.erase(static_cast<Pending *>(p)->self);
    }
    WsResultFn take(Pending *p) {
      std::lock_guard<std::mutex> g(mu);
      WsResultFn fn = std::move(p->fn);
      results.erase(p->self);
      return fn;
    }
    void fail(std::exception_ptr e) noexcept {
      keep(std::move(e));
      destroy();
    }
  };

  nethttp_ws *handle() const {
    nethttp_ws *w = s_ ? s_->ws.load() : nullptr;
    if (!w) throw error(NETHTTP_ERR_PARAMETER, "the WebSocket was destroyed");
    return w;
  }

  WebSocket &listen(nethttp_ws_event_type type, WsEventFn fn, bool once) {
    nethttp_ws *w = handle();
    s_->listeners.push_back(Listener{s_.get(), std::move(fn)});
    Listener *l = &s_->listeners.back();
    detail::check(once ? nethttp_ws_once(w, type, &WebSocket::on_event, l)
                       : nethttp_ws_on(w, type, &WebSocket::on_event, l));
    return *this;
  }

  void connect(const std::string &url, const WsOptions *opts, WsResultFn done) {
    nethttp_ws *w = handle();
    void *ud = s_->pending(std::move(done));
    int32_t rc = nethttp_ws_connect(w, url.c_str(), opts ? opts->get() : nullptr,
                                    ud ? &WebSocket::on_result : nullptr, ud);
    if (rc != NETHTTP_OK) s_->drop(ud);
    detail::check(rc);
  }

  void send(nethttp_ws_message_type type, const void *data, size_t len, WsResultFn done) {
    nethttp_ws *w = handle();
    void *ud = s_->pending(std::move(done));
    int32_t rc = nethttp_ws_send(w, type, static_cast<const uint8_t *>(data), len,
                                 ud ? &WebSocket::on_result : nullptr, ud);
    if (rc != NETHTTP_OK) s_->drop(ud);
    detail::check(rc);
  }

  /* The C callbacks; nothing may leave them by an exception (see the top of this file). */
  static void on_event(void *userdata, nethttp_ws *, const nethttp_ws_event *ev) noexcept {
    Listener *l = static_cast<Listener *>(userdata);
    std::shared_ptr<State> self = l->owner->self.lock();
    if (!self || !ev) return;
    try {
      auto sv = [](const char *p) { return p ? std::string_view(p) : std::string_view(); };
      WsEvent e{static_cast<nethttp_ws_event_type>(ev->type),
                ev->status,
                sv(ev->status_message),
                sv(ev->protocol),
                ev->headers_json ? std::string_view(ev->headers_json, ev->headers_json_len) : std::string_view(),
                ev->message_type == NETHTTP_WS_TEXT,
                ev->data ? std::string_view(reinterpret_cast<const char *>(ev->data), ev->data_len)
                         : std::string_view(),
                ev->close_code,
                sv(ev->close_reason),
                ev->error_code,
                sv(ev->error_message)};
      l->fn(e);
    } catch (...) {
      self->fail(std::current_exception());
    }
  }

  static void on_result(void *userdata, nethttp_ws *, int32_t code, const char *message) noexcept {
    Pending *p = static_cast<Pending *>(userdata);
    std::shared_ptr<State> self = p->owner->self.lock();
    if (!self) return;
    try {
      WsResultFn fn = self->take(p);
      if (fn) fn(code, message ? std::string_view(message) : std::string_view());
    } catch (...) {
      self->fail(std::current_exception());
    }
  }

  std::shared_ptr<State> s_;
};

/* ---- the poll-driven client (Godot's HTTPClient) --------------------------------------- */

/** TLS settings for Client::connect (http_client_tls). */
class ClientTls {
 public:
  /** Verifying TLS; `ca` is a PEM file (empty: the system's), `common_name` overrides the host. */
  explicit ClientTls(const std::string &ca = {}, const std::string &common_name = {}) {
    detail::check(http_client_tls_client(ca.empty() ? nullptr : ca.c_str(),
                                         common_name.empty() ? nullptr : common_name.c_str(), &t_));
  }
  /** No verification at all (tests only). */
  static ClientTls unsafe() { return ClientTls(http_client_tls_client_unsafe()); }
  ClientTls(ClientTls &&other) noexcept : t_(std::exchange(other.t_, nullptr)) {}
  ClientTls &operator=(ClientTls &&other) noexcept {
    if (this != &other) {
      http_client_tls_free(t_);
      t_ = std::exchange(other.t_, nullptr);
    }
    return *this;
  }
  ClientTls(const ClientTls &) = delete;
  ClientTls &operator=(const ClientTls &) = delete;
  ~ClientTls() { http_client_tls_free(t_); }
  ClientTls &pin(const std::string &pin) {
    detail::check(http_client_tls_set_pinned_public_key(t_, pin.c_str()));
    return *this;
  }
  const http_client_tls *get() const noexcept { return t_; }

 private:
  explicit ClientTls(http_client_tls *t) : t_(t) {}
  http_client_tls *t_ = nullptr;
};

/** The poll-driven client: runs on the calling thread, no callbacks. */
class Client {
 public:
  Client() : c_(http_client_new()) {
    if (!c_) throw error(NETHTTP_ERR_UNKNOWN, "http_client_new failed");
  }
  Client(Client &&other) noexcept : c_(std::exchange(other.c_, nullptr)) {}
  Client &operator=(Client &&other) noexcept {
    if (this != &other) {
      http_client_free(c_);
      c_ = std::exchange(other.c_, nullptr);
    }
    return *this;
  }
  Client(const Client &) = delete;
  Client &operator=(const Client &) = delete;
  ~Client() { http_client_free(c_); }

  /** Connects to "http://host", "https://host" or "host"; port -1 for the scheme's default. */
  void connect(const std::string &host, int32_t port = -1, const ClientTls *tls = nullptr) {
    detail::check(http_client_connect_to_host(c_, host.c_str(), port, tls ? tls->get() : nullptr));
  }
  /** Advances the client; returns the error behind an error status (0 otherwise). */
  int32_t poll() noexcept { return http_client_poll(c_); }
  http_client_status status() const noexcept { return static_cast<http_client_status>(http_client_get_status(c_)); }
  /** The error behind the current error status: (code, detail). */
  std::pair<int32_t, std::string> error_detail() const {
    const char *d = nullptr;
    int32_t code = http_client_get_error(c_, &d);
    return {code, d ? d : ""};
  }
  /** Polls (1 ms apart) while the status is RESOLVING, CONNECTING or REQUESTING, at most
   * timeout_ms (-1: no limit); returns the status it ends in. */
  http_client_status poll_while_busy(int timeout_ms = -1) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      poll();
      http_client_status s = status();
      if (s != HTTP_CLIENT_STATUS_RESOLVING && s != HTTP_CLIENT_STATUS_CONNECTING &&
          s != HTTP_CLIENT_STATUS_REQUESTING)
        return s;
      if (timeout_ms >= 0 && std::chrono::steady_clock::now() >= deadline) return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void request(http_method method, const std::string &url, const std::vector<std::string> &headers = {},
               std::string_view body = {}) {
    std::vector<const char *> h = detail::c_strings(headers);
    detail::check(http_client_request_raw(c_, method, url.c_str(), h.empty() ? nullptr : h.data(), h.size(),
                                          reinterpret_cast<const uint8_t *>(body.data()), body.size()));
  }
  bool has_response() const noexcept { return http_client_has_response(c_); }
  int32_t response_code() const noexcept { return http_client_get_response_code(c_); }
  std::vector<std::string> response_headers() const {
    const char *const *lines = nullptr;
    size_t n = 0;
    detail::check(http_client_get_response_headers(c_, &lines, &n));
    return std::vector<std::string>(lines, lines + n);
  }
  int64_t response_body_length() const noexcept { return http_client_get_response_body_length(c_); }
  /** Reads the next piece of the body into buf; returns its length (0: nothing yet). */
  size_t read_chunk(void *buf, size_t cap) {
    size_t n = 0;
    detail::check(http_client_read_response_body_chunk(c_, static_cast<uint8_t *>(buf), cap, &n));
    return n;
  }
  /** Reads the whole body (polling as needed) and returns it. */
  std::string read_body() {
    std::string out;
    char buf[16384];
    while (status() == HTTP_CLIENT_STATUS_BODY) {
      size_t n = read_chunk(buf, sizeof buf);
      if (n == 0) {
        poll();
        if (status() == HTTP_CLIENT_STATUS_BODY) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      } else {
        out.append(buf, n);
      }
    }
    return out;
  }
  void set_blocking(bool on) { detail::check(http_client_set_blocking_mode(c_, on)); }
  void close() { detail::check(http_client_close(c_)); }
  http_client *get() const noexcept { return c_; }

 private:
  http_client *c_;
};

/* ---- library-wide ---------------------------------------------------------------------- */

/** http_query_string_from_dict: "a=1&b=x%20y" from a JSON object. */
inline std::string query_string(const std::string &json) {
  char *out = nullptr;
  detail::check(http_query_string_from_dict(json.c_str(), &out));
  std::unique_ptr<char, void (*)(char *)> owned(out, http_string_free);
  return std::string(out ? out : "");
}

using DebugFn = std::function<void(nethttp_debug_kind, std::string_view)>;

/** Installs the process-wide debug hook (an empty function turns it off). The lambda runs on
 * the transfer's thread, must not block and must not call nethttp; an exception it throws is
 * dropped. Each hook installed stays allocated for the life of the process (transfers in
 * flight keep the one they were configured with). */
inline void set_debug(DebugFn fn) {
  if (!fn) {
    detail::check(nethttp_set_debug(nullptr, nullptr));
    return;
  }
  static std::mutex mu;
  static std::list<DebugFn> *hooks = new std::list<DebugFn>();  // never freed, see above
  DebugFn *stored;
  {
    std::lock_guard<std::mutex> g(mu);
    hooks->push_back(std::move(fn));
    stored = &hooks->back();
  }
  detail::check(nethttp_set_debug(
      [](void *ud, int32_t kind, const char *text, size_t len) noexcept {
        try {
          (*static_cast<DebugFn *>(ud))(static_cast<nethttp_debug_kind>(kind),
                                        text ? std::string_view(text, len) : std::string_view());
        } catch (...) {
        }
      },
      stored));
}

/** The process-wide response cache (http_cache_create / _flush / _delete). */
inline void cache_create(const std::string &dir, uint64_t size = 0, uint32_t flags = HTTP_CACHE_DEFAULT) {
  detail::check(http_cache_create(dir.c_str(), size, flags));
}
inline void cache_flush() { detail::check(http_cache_flush()); }
inline void cache_delete() { detail::check(http_cache_delete()); }


/* ---- sockets --------------------------------------------------------------------------- */

class Socket;

/** A socket event (nethttp_sock_event), valid during the call only. */
struct SockEvent {
  nethttp_sock_event_type type;
  /** MESSAGE: the bytes. */
  std::string_view data;
  /** MESSAGE, CONNECT: the peer; CONNECT, LISTENING: the local address (else null). */
  const nethttp_net_address *remote;
  const nethttp_net_address *local;
  /** A server's CONNECT: the accepted connection. Move it out to keep it (add its listeners
   *  first: it reads once the listeners return); left here it is destroyed after them. */
  Socket *connection;
  /** ERROR: the code and its detail. */
  int32_t error_code;
  std::string_view error_message;
};
using SockEventFn = std::function<void(SockEvent &)>;

/** A socket (nethttp_sock) of any kind: TCP, UDP, multicast, TLS, local, their servers and
 *  the connections servers accept. Methods throw nethttp::error when the C call fails. */
class Socket {
 public:
  explicit Socket(nethttp_sock_kind kind) : Socket(nethttp_sock_create(kind)) {}
  Socket(Socket &&) noexcept = default;
  Socket &operator=(Socket &&other) noexcept {
    if (this != &other) {
      destroy();
      s_ = std::move(other.s_);
    }
    return *this;
  }
  Socket(const Socket &) = delete;
  Socket &operator=(const Socket &) = delete;
  /** nethttp_sock_destroy: closes at once; no lambda of it starts afterwards. */
  ~Socket() { destroy(); }

  /** Adds a listener (any number per type, called in order). */
  Socket &on(nethttp_sock_event_type type, SockEventFn fn) {
    nethttp_sock *k = handle();
    bool first = true;
    for (const Listener &l : s_->listeners) first = first && l.type != type;
    s_->listeners.push_back(Listener{type, std::move(fn)});
    if (first) detail::check(nethttp_sock_on(k, type, &Socket::on_event, s_.get()));
    return *this;
  }
  Socket &set_queue(Queue &q) { return ok(nethttp_sock_set_queue(handle(), q.get())); }
  /** setExtraOptions with the spec's JSON, e.g. {"TCPNoDelay":true}. */
  Socket &options(const std::string &json) {
    return ok(nethttp_sock_set_extra_options(handle(), json.c_str()));
  }
  Socket &option(nethttp_sock_option o, int64_t value) {
    return ok(nethttp_sock_set_option(handle(), o, value));
  }
  Socket &tls_options(const std::string &json) {
    return ok(nethttp_sock_set_tls_options(handle(), json.c_str()));
  }
  Socket &proxy(const std::string &json) { return ok(nethttp_sock_set_proxy(handle(), json.c_str())); }

  void bind(const std::string &address, uint16_t port = 0, int32_t family = 0) {
    ok(nethttp_sock_bind(handle(), address.c_str(), port, family));
  }
  void listen(const std::string &address, uint16_t port = 0, int32_t family = 0) {
    ok(nethttp_sock_listen(handle(), address.c_str(), port, family));
  }
  /** The outcome comes as CONNECT, or ERROR. */
  void connect(const std::string &address, uint16_t port, uint32_t timeout_ms = 0, int32_t family = 0) {
    ok(nethttp_sock_connect(handle(), address.c_str(), port, family, timeout_ms, nullptr, nullptr));
  }
  void send(std::string_view data) {
    ok(nethttp_sock_send(handle(), reinterpret_cast<const uint8_t *>(data.data()), data.size(),
                         nullptr, nullptr));
  }
  void send_to(std::string_view data, const std::string &address, uint16_t port, int32_t family = 0) {
    ok(nethttp_sock_send_to(handle(), reinterpret_cast<const uint8_t *>(data.data()), data.size(),
                            address.c_str(), port, family, nullptr, nullptr));
  }
  /** To a NetAddress, e.g. a MESSAGE's `*e.remote` (nethttp_sock_send_to_address). */
  void send_to(std::string_view data, const nethttp_net_address &to) {
    ok(nethttp_sock_send_to_address(handle(), &to, reinterpret_cast<const uint8_t *>(data.data()),
                                    data.size(), nullptr, nullptr));
  }
  void shutdown() { ok(nethttp_sock_shutdown(handle())); }
  void close() { ok(nethttp_sock_close(handle(), nullptr, nullptr)); }
  void pause() { ok(nethttp_sock_pause(handle())); }
  void resume() { ok(nethttp_sock_resume(handle())); }

  nethttp_net_address local_address() const {
    nethttp_net_address a{};
    detail::check(nethttp_sock_get_local_address(handle(), &a));
    return a;
  }
  nethttp_net_address remote_address() const {
    nethttp_net_address a{};
    detail::check(nethttp_sock_get_remote_address(handle(), &a));
    return a;
  }
  uint64_t queue_size() const noexcept { return nethttp_sock_send_queue_size(get()); }
  intptr_t fd() const noexcept { return nethttp_sock_get_fd(get()); }
  int32_t kind() const noexcept { return get() ? nethttp_sock_get_kind(get()) : 0; }

  /** Closes now (nethttp_sock_destroy). */
  void destroy() noexcept {
    if (s_) s_->destroy();
  }
  std::exception_ptr callback_exception() const { return s_ ? s_->exception() : nullptr; }
  nethttp_sock *get() const noexcept { return s_ ? s_->sock.load() : nullptr; }

 private:
  struct Listener {
    nethttp_sock_event_type type;
    SockEventFn fn;
  };
  struct State : detail::Keeper {
    std::atomic<nethttp_sock *> sock{nullptr};
    std::weak_ptr<State> self;
    std::list<Listener> listeners;  // appended only: a callback may be iterating
    ~State() { destroy(); }
    void destroy() noexcept {
      if (nethttp_sock *k = sock.exchange(nullptr)) nethttp_sock_destroy(k);
    }
  };

  /* Owns `raw` (from nethttp_sock_create or a CONNECT event). */
  explicit Socket(nethttp_sock *raw) : s_(std::make_shared<State>()) {
    if (!raw) throw error(NETHTTP_ERR_PARAMETER, http_last_error_detail());
    s_->self = s_;
    s_->sock.store(raw);
  }

  nethttp_sock *handle() const {
    nethttp_sock *k = get();
    if (!k) throw error(NETHTTP_ERR_PARAMETER, "the socket was destroyed");
    return k;
  }
  Socket &ok(int32_t rc) {
    detail::check(rc);
    return *this;
  }
  void ok(int32_t rc) const { detail::check(rc); }

  /* One C listener per event type runs the lambdas of that type; nothing may leave it by
   * an exception (see the top of this file). */
  static void on_event(void *userdata, nethttp_sock *, const nethttp_sock_event *ev) noexcept {
    std::shared_ptr<State> self = static_cast<State *>(userdata)->self.lock();
    if (!self || !ev) return;
    try {
      std::optional<Socket> conn;
      if (ev->connection) conn.emplace(Socket(ev->connection));
      SockEvent e{static_cast<nethttp_sock_event_type>(ev->type),
                  ev->data ? std::string_view(reinterpret_cast<const char *>(ev->data), ev->data_len)
                           : std::string_view(),
                  ev->remote,
                  ev->local,
                  conn ? &*conn : nullptr,
                  ev->error_code,
                  detail::view(ev->error_message)};
      for (Listener &l : self->listeners) {
        if (l.type == e.type && l.fn) l.fn(e);
        if (!self->sock.load()) break;
      }
    } catch (...) {
      self->keep(std::current_exception());
      self->destroy();
    }
  }

  std::shared_ptr<State> s_;
};

}  // namespace nethttp

#endif /* NETHTTP_HPP */
