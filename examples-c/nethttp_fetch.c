/*
 * nethttp_fetch: a small curl-like command-line tool built only on include/nethttp.h.
 *
 *   nethttp_fetch [options] URL
 *
 * Each request goes through the asynchronous API (http_request or
 * http_request_in_stream) with a completion callback; the main thread waits on
 * a mutex + condition variable. Callbacks run on the nethttp worker thread.
 *
 * stdout: one JSON line per request, http_response_json() on success or
 *         {"error":{"code":N,"message":"..."}} on failure.
 *         With --sse, each server-sent event first, as its own line
 *         {"sse":{"type":"...","data":"...","lastEventId":"..."}}, and each
 *         reconnection as {"sseReconnect":{"n":N,"waitMs":MS}}.
 * stderr: with --events, one JSON line per event.
 * exit:   0 every request got a response (any HTTP status), 1 at least one
 *         failed, 2 usage error (unknown flag, missing URL, bad value).
 *
 * Build: cc -std=c11 -Wall -Wextra -Werror -Iinclude examples-c/nethttp_fetch.c \
 *           -Ltarget/debug -lnethttp -lpthread
 */
#define _POSIX_C_SOURCE 200809L /* flockfile, EIO */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nethttp.h"

#define PROG "nethttp_fetch"
#define EXIT_ALL_OK 0
#define EXIT_REQUEST_FAILED 1
#define EXIT_USAGE 2
#define MAX_REPEAT 1000000UL
/* A local output failure is reported like libcurl's CURLE_WRITE_ERROR (23). */
#define FETCH_ERR_WRITE (NETHTTP_ERR_CURL_BASE + 23)

/* The request handle is spelled `http_handle` throughout: the tag is
 * the same whether or not the header keeps the `http_request` typedef (the
 * draft's typedef collides with the function of the same name). */
typedef http_handle fetch_handle;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

static char *dup_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

/* Writes s[0..len) as a JSON string literal: quotes, backslash and control
 * characters escaped (controls as \u00XX). Other bytes are copied as they are. */
static void json_write_string(FILE *f, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  putc('"', f);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      putc('\\', f);
      putc(c, f);
    } else if (c < 0x20) {
      fputs("\\u00", f);
      putc(hex[c >> 4], f);
      putc(hex[c & 0xf], f);
    } else {
      putc(c, f);
    }
  }
  putc('"', f);
}

static void json_write_cstring(FILE *f, const char *s) {
  if (!s) s = "";
  json_write_string(f, s, strlen(s));
}

/* A JSON number for a timing value (JSON has no NaN or infinity). */
static void json_write_ms(FILE *f, const char *name, double ms, bool first) {
  if (!isfinite(ms)) ms = 0.0;
  fprintf(f, "%s\"%s\":%.3f", first ? "" : ",", name, ms);
}

static void print_error_line(int32_t code, const char *message) {
  printf("{\"error\":{\"code\":%" PRId32 ",\"message\":", code);
  json_write_cstring(stdout, message);
  fputs("}}\n", stdout);
  fflush(stdout);
}

/* The most specific message the library has for a failed call on this thread. */
static const char *library_detail(int32_t code) {
  const char *detail = http_last_error_detail();
  if (detail && detail[0] != '\0') return detail;
  detail = http_error_message(code);
  return detail ? detail : "";
}

/* Reports a failed library call: stdout error line, message "<what>: <detail>". */
static void print_library_error(int32_t code, const char *what) {
  const char *detail = library_detail(code);
  size_t n = strlen(what) + 2 + strlen(detail) + 1;
  char *msg = malloc(n);
  if (msg) {
    snprintf(msg, n, "%s: %s", what, detail);
    print_error_line(code, msg);
    free(msg);
  } else {
    print_error_line(code, detail);
  }
}

/* Builds "<prefix> <path>: <strerror(err)>" (caller frees; NULL on OOM). */
static char *io_message(const char *prefix, const char *path, int err) {
  const char *reason = strerror(err);
  size_t n = strlen(prefix) + 1 + strlen(path) + 2 + strlen(reason) + 1;
  char *msg = malloc(n);
  if (msg) snprintf(msg, n, "%s %s: %s", prefix, path, reason);
  return msg;
}

static void print_io_error(const char *prefix, const char *path, int err) {
  char *msg = io_message(prefix, path, err);
  print_error_line(FETCH_ERR_WRITE, msg ? msg : "local I/O error");
  free(msg);
}

static bool ascii_equal_nocase(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
  }
  return *a == *b;
}

/* Reads a whole file into memory. Returns 0 or an errno value. */
static int read_whole_file(const char *path, unsigned char **out, size_t *out_len) {
  FILE *f = fopen(path, "rb");
  if (!f) return errno ? errno : EIO;
  unsigned char *buf = NULL;
  size_t len = 0, cap = 0;
  int err = 0;
  for (;;) {
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 64 * 1024;
      unsigned char *nbuf = ncap > cap ? realloc(buf, ncap) : NULL;
      if (!nbuf) {
        err = ENOMEM;
        break;
      }
      buf = nbuf;
      cap = ncap;
    }
    errno = 0;
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) {
      if (ferror(f)) err = errno ? errno : EIO;
      break;
    }
  }
  fclose(f);
  if (err) {
    free(buf);
    return err;
  }
  *out = buf;
  *out_len = len;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Command line                                                             */
/* ------------------------------------------------------------------------ */

enum body_kind { BODY_NONE, BODY_STRING, BODY_BYTES };

struct config {
  const char *url;
  const char *options_json; /* --options (the last one given) */
  bool has_method;
  http_method method;
  const char **headers; /* -H values, in order, pointing into argv */
  size_t n_headers;
  enum body_kind body; /* -d / --data-file: the later one wins */
  const char *body_string;
  unsigned char *body_bytes;
  size_t body_len;
  const char *output_path;
  bool stream;
  bool events;
  unsigned long repeat;
  const char *cache_dir; /* --cache */
  bool has_cache_size;
  uint64_t cache_size; /* --cache-size */
  bool has_stall;
  uint64_t stall_ms;   /* --stall-timeout */
  bool has_limit_rate;
  uint64_t limit_rate; /* --limit-rate */
  int cache_mode;      /* --cache-mode, -1: not given */
  uint64_t retries;    /* --retry */
  bool sse;            /* --sse */
  uint64_t sse_reconnects; /* --sse-reconnect */
  const char *store_paths[3]; /* --cookie-jar, --hsts, --alt-svc */
};

/* The persistent stores, in the order of config.store_paths. */
static const struct {
  const char *flag;
  int32_t store;
} store_flags[3] = {{"--cookie-jar", NETHTTP_STORE_COOKIES},
                    {"--hsts", NETHTTP_STORE_HSTS},
                    {"--alt-svc", NETHTTP_STORE_ALTSVC}};

static void config_free(struct config *cfg) {
  free(cfg->headers);
  free(cfg->body_bytes);
  cfg->headers = NULL;
  cfg->body_bytes = NULL;
}

static void print_usage(FILE *f) {
  fputs(
      "Usage: " PROG " [options] URL\n"
      "\n"
      "Fetch URL with libnethttp and print one JSON line per request on stdout\n"
      "(the HttpResponse, or {\"error\":{\"code\":N,\"message\":\"...\"}}).\n"
      "\n"
      "Options:\n"
      "  -X, --request METHOD   GET HEAD POST PUT DELETE OPTIONS TRACE CONNECT PATCH\n"
      "                         (case-insensitive)\n"
      "  -H, --header 'N: v'    add a request header (repeatable; same name replaces)\n"
      "  -d, --data STRING      extraData as a string\n"
      "      --data-file PATH   extraData as the bytes of PATH\n"
      "      --options JSON     a full HttpRequestOptions object; the flags above\n"
      "                         override its fields whatever their order\n"
      "      --stream           use requestInStream (body through dataReceive events)\n"
      "      --events           print every event as a JSON line on stderr\n"
      "  -o, --output PATH      write the body to PATH; the stdout line then has\n"
      "                         \"resultLength\" instead of \"result\"\n"
      "      --repeat N         run the request N times, a fresh handle each time\n"
      "      --cache DIR        use a response cache kept in DIR: created before the\n"
      "                         requests (serving what an earlier run flushed there),\n"
      "                         flushed to DIR after them\n"
      "      --cache-size BYTES the cache's size (default and spec maximum 10 MiB;\n"
      "                         larger sizes are allowed up to 1 GiB)\n"
      "      --stall-timeout MS fail when no byte moves for MS milliseconds (rounded\n"
      "                         up to seconds), however long the whole transfer takes\n"
      "      --limit-rate BYTES receive at most BYTES per second\n"
      "      --retry N          try again up to N times when safe (refused, unresolved,\n"
      "                         TLS failures; idempotent methods also on timeouts, broken\n"
      "                         connections, 429/502/503/504, honouring Retry-After)\n"
      "      --cache-mode MODE  how the cache takes part: default, no-store, reload,\n"
      "                         no-cache, force-cache, only-if-cached (with --cache)\n"
      "      --sse              read a text/event-stream: print each server-sent event\n"
      "                         as a line {\"sse\":{\"type\",\"data\",\"lastEventId\"}}\n"
      "                         before the response line\n"
      "      --sse-reconnect N  with --sse (implied): reconnect up to N times when the\n"
      "                         stream ends or breaks (the server's retry, else 3 s;\n"
      "                         Last-Event-ID sent), each printed {\"sseReconnect\":...}\n"
      "      --cookie-jar FILE  keep cookies in FILE (a Netscape cookie file, as curl's):\n"
      "                         loaded before the requests, which send and store them\n"
      "                         (public-suffix rules apply), saved after them\n"
      "      --hsts FILE        an HSTS cache in FILE (curl's format): http:// goes to\n"
      "                         https:// for hosts that sent Strict-Transport-Security\n"
      "      --alt-svc FILE     an Alt-Svc cache in FILE (curl's format): https origins\n"
      "                         are reached at the alternatives they named (h2, http/1.1)\n"
      "  -h, --help             show this help\n"
      "\n"
      "Exit status: 0 every request got a response (any HTTP status),\n"
      "             1 at least one request failed, 2 usage error.\n",
      f);
}

static void usage_error(const char *what, const char *arg) {
  if (arg)
    fprintf(stderr, PROG ": %s '%s'\n", what, arg);
  else
    fprintf(stderr, PROG ": %s\n", what);
  fprintf(stderr, "Try '" PROG " --help' for more information.\n");
}

/* Matches argv[*i] against a value-taking option: short form "-X VALUE" or
 * "-XVALUE", long form "--name VALUE" or "--name=VALUE" (either may be NULL).
 * Returns 1 and sets *value on a match, 0 when it is another argument, -1 when
 * the value is missing. */
static int take_value(int argc, char **argv, int *i, const char *short_opt, const char *long_opt,
                      const char **value) {
  const char *a = argv[*i];
  if (short_opt && a[0] == '-' && a[1] == short_opt[1] && a[1] != '-') {
    if (a[2] != '\0') {
      *value = a + 2;
      return 1;
    }
  } else if (long_opt) {
    size_t n = strlen(long_opt);
    if (strncmp(a, long_opt, n) != 0) return 0;
    if (a[n] == '=') {
      *value = a + n + 1;
      return 1;
    }
    if (a[n] != '\0') return 0;
  } else {
    return 0;
  }
  if (*i + 1 >= argc) return -1;
  *i += 1;
  *value = argv[*i];
  return 1;
}

static bool parse_method(const char *s, http_method *out) {
  static const struct {
    const char *name;
    http_method method;
  } methods[] = {
      {"GET", HTTP_METHOD_GET},         {"HEAD", HTTP_METHOD_HEAD},   {"POST", HTTP_METHOD_POST},
      {"PUT", HTTP_METHOD_PUT},         {"DELETE", HTTP_METHOD_DELETE}, {"OPTIONS", HTTP_METHOD_OPTIONS},
      {"TRACE", HTTP_METHOD_TRACE},     {"CONNECT", HTTP_METHOD_CONNECT}, {"PATCH", HTTP_METHOD_PATCH},
  };
  for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
    if (ascii_equal_nocase(s, methods[k].name)) {
      *out = methods[k].method;
      return true;
    }
  }
  return false;
}

static bool parse_size(const char *s, uint64_t *out) {
  if (!isdigit((unsigned char)s[0])) return false;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0' || v == 0) return false;
  *out = (uint64_t)v;
  return true;
}

static bool parse_repeat(const char *s, unsigned long *out) {
  if (!isdigit((unsigned char)s[0])) return false; /* no sign, no blanks */
  char *end = NULL;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno != 0 || *end != '\0' || v == 0 || v > MAX_REPEAT) return false;
  *out = v;
  return true;
}

enum parse_result { PARSE_OK, PARSE_HELP, PARSE_USAGE };

static enum parse_result parse_args(int argc, char **argv, struct config *cfg) {
  cfg->repeat = 1;
  cfg->cache_mode = -1;
  cfg->headers = calloc((size_t)(argc > 0 ? argc : 1), sizeof *cfg->headers);
  if (!cfg->headers) {
    usage_error("out of memory", NULL);
    return PARSE_USAGE;
  }
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = NULL;
    int m;

    if (options_done || a[0] != '-' || a[1] == '\0') {
      if (cfg->url) {
        usage_error("more than one URL:", a);
        return PARSE_USAGE;
      }
      cfg->url = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      options_done = true;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      return PARSE_HELP;
    } else if (strcmp(a, "--stream") == 0) {
      cfg->stream = true;
    } else if (strcmp(a, "--events") == 0) {
      cfg->events = true;
    } else if ((m = take_value(argc, argv, &i, "-X", "--request", &v)) != 0) {
      if (m < 0) goto missing;
      if (!parse_method(v, &cfg->method)) {
        usage_error("unknown method", v);
        return PARSE_USAGE;
      }
      cfg->has_method = true;
    } else if ((m = take_value(argc, argv, &i, "-H", "--header", &v)) != 0) {
      if (m < 0) goto missing;
      const char *colon = strchr(v, ':');
      if (!colon || colon == v) {
        usage_error("header must look like 'Name: value':", v);
        return PARSE_USAGE;
      }
      cfg->headers[cfg->n_headers++] = v;
    } else if ((m = take_value(argc, argv, &i, "-d", "--data", &v)) != 0) {
      if (m < 0) goto missing;
      free(cfg->body_bytes);
      cfg->body_bytes = NULL;
      cfg->body_len = 0;
      cfg->body = BODY_STRING;
      cfg->body_string = v;
    } else if ((m = take_value(argc, argv, &i, NULL, "--data-file", &v)) != 0) {
      if (m < 0) goto missing;
      unsigned char *bytes = NULL;
      size_t len = 0;
      int err = read_whole_file(v, &bytes, &len);
      if (err) {
        fprintf(stderr, PROG ": cannot read --data-file '%s': %s\n", v, strerror(err));
        usage_error("unreadable --data-file", NULL);
        return PARSE_USAGE;
      }
      free(cfg->body_bytes);
      cfg->body_bytes = bytes;
      cfg->body_len = len;
      cfg->body = BODY_BYTES;
      cfg->body_string = NULL;
    } else if ((m = take_value(argc, argv, &i, NULL, "--options", &v)) != 0) {
      if (m < 0) goto missing;
      cfg->options_json = v;
    } else if ((m = take_value(argc, argv, &i, "-o", "--output", &v)) != 0) {
      if (m < 0) goto missing;
      if (v[0] == '\0') {
        usage_error("empty output path", NULL);
        return PARSE_USAGE;
      }
      cfg->output_path = v;
    } else if ((m = take_value(argc, argv, &i, NULL, "--cache-size", &v)) != 0) {
      if (m < 0) goto missing;
      if (!parse_size(v, &cfg->cache_size)) {
        usage_error("--cache-size needs a positive number of bytes, got", v);
        return PARSE_USAGE;
      }
      cfg->has_cache_size = true;
    } else if ((m = take_value(argc, argv, &i, NULL, "--cache", &v)) != 0) {
      if (m < 0) goto missing;
      if (v[0] == '\0') {
        usage_error("empty cache directory", NULL);
        return PARSE_USAGE;
      }
      cfg->cache_dir = v;
    } else if ((m = take_value(argc, argv, &i, NULL, "--stall-timeout", &v)) != 0) {
      if (m < 0) goto missing;
      if (!parse_size(v, &cfg->stall_ms) || cfg->stall_ms > UINT32_MAX) {
        usage_error("--stall-timeout needs a positive number of milliseconds, got", v);
        return PARSE_USAGE;
      }
      cfg->has_stall = true;
    } else if ((m = take_value(argc, argv, &i, NULL, "--limit-rate", &v)) != 0) {
      if (m < 0) goto missing;
      if (!parse_size(v, &cfg->limit_rate)) {
        usage_error("--limit-rate needs a positive number of bytes per second, got", v);
        return PARSE_USAGE;
      }
      cfg->has_limit_rate = true;
    } else if ((m = take_value(argc, argv, &i, NULL, "--retry", &v)) != 0) {
      if (m < 0) goto missing;
      if (!parse_size(v, &cfg->retries) || cfg->retries > 100) {
        usage_error("--retry needs a number of retries from 1 to 100, got", v);
        return PARSE_USAGE;
      }
    } else if (strcmp(a, "--sse") == 0) {
      cfg->sse = true;
    } else if ((m = take_value(argc, argv, &i, NULL, "--cookie-jar", &v)) != 0 ||
               (m = take_value(argc, argv, &i, NULL, "--hsts", &v)) != 0 ||
               (m = take_value(argc, argv, &i, NULL, "--alt-svc", &v)) != 0) {
      if (m < 0) goto missing;
      for (int k = 0; k < 3; k++)
        if (!strncmp(a, store_flags[k].flag, strlen(store_flags[k].flag))) {
          if (!*v) {
            usage_error("needs a file name:", store_flags[k].flag);
            return PARSE_USAGE;
          }
          cfg->store_paths[k] = v;
        }
    } else if ((m = take_value(argc, argv, &i, NULL, "--sse-reconnect", &v)) != 0) {
      if (m < 0) goto missing;
      if (!parse_size(v, &cfg->sse_reconnects) || cfg->sse_reconnects > 1000000) {
        usage_error("--sse-reconnect needs a number of reconnections up to 1000000, got", v);
        return PARSE_USAGE;
      }
      cfg->sse = true;
    } else if ((m = take_value(argc, argv, &i, NULL, "--cache-mode", &v)) != 0) {
      static const char *const modes[] = {"default",  "no-store",    "reload",
                                          "no-cache", "force-cache", "only-if-cached"};
      if (m < 0) goto missing;
      cfg->cache_mode = -1;
      for (int k = 0; k < 6; k++)
        if (!strcmp(v, modes[k])) cfg->cache_mode = k;
      if (cfg->cache_mode < 0) {
        usage_error("--cache-mode needs default, no-store, reload, no-cache, force-cache or "
                    "only-if-cached, got",
                    v);
        return PARSE_USAGE;
      }
    } else if ((m = take_value(argc, argv, &i, NULL, "--repeat", &v)) != 0) {
      if (m < 0) goto missing;
      if (!parse_repeat(v, &cfg->repeat)) {
        usage_error("--repeat needs an integer from 1 to 1000000, got", v);
        return PARSE_USAGE;
      }
    } else {
      usage_error("unknown option", a);
      return PARSE_USAGE;
    }
    continue;
  missing:
    usage_error("missing value for", a);
    return PARSE_USAGE;
  }
  if (!cfg->url) {
    usage_error("missing URL", NULL);
    return PARSE_USAGE;
  }
  if (cfg->has_cache_size && !cfg->cache_dir) {
    usage_error("--cache-size needs --cache DIR", NULL);
    return PARSE_USAGE;
  }
  if (cfg->cache_mode >= 0 && !cfg->cache_dir) {
    usage_error("--cache-mode needs --cache DIR", NULL);
    return PARSE_USAGE;
  }
  return PARSE_OK;
}

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

/* Adds one "Name: value" header (name verbatim, value without surrounding blanks). */
static int32_t add_header_arg(http_options *o, const char *arg) {
  const char *colon = strchr(arg, ':');
  size_t name_len = (size_t)(colon - arg);
  char *name = malloc(name_len + 1);
  if (!name) return NETHTTP_ERR_UNKNOWN;
  memcpy(name, arg, name_len);
  name[name_len] = '\0';

  const char *val = colon + 1;
  while (*val == ' ' || *val == '\t') val++;
  size_t val_len = strlen(val);
  while (val_len > 0 && (val[val_len - 1] == ' ' || val[val_len - 1] == '\t')) val_len--;
  char *value = malloc(val_len + 1);
  if (!value) {
    free(name);
    return NETHTTP_ERR_UNKNOWN;
  }
  memcpy(value, val, val_len);
  value[val_len] = '\0';

  int32_t rc = http_options_add_header(o, name, value);
  free(name);
  free(value);
  return rc;
}

/* --options first, then the flags' setters. On failure prints the error line
 * and returns false. */
static bool build_options(const struct config *cfg, http_options **out) {
  http_options *o = NULL;
  int32_t rc;
  if (cfg->options_json) {
    rc = http_options_from_json(cfg->options_json, &o);
    if (rc != NETHTTP_OK || !o) {
      if (rc == NETHTTP_OK) rc = NETHTTP_ERR_UNKNOWN;
      print_error_line(rc, library_detail(rc));
      return false;
    }
  } else {
    o = http_options_new();
    if (!o) {
      print_error_line(NETHTTP_ERR_UNKNOWN, "http_options_new failed");
      return false;
    }
  }

  if (cfg->has_method) {
    rc = http_options_set_method(o, cfg->method);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "-X");
      goto fail;
    }
  }
  for (size_t k = 0; k < cfg->n_headers; k++) {
    rc = add_header_arg(o, cfg->headers[k]);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "-H");
      goto fail;
    }
  }
  if (cfg->body == BODY_STRING) {
    rc = http_options_set_extra_data_string(o, cfg->body_string);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "-d");
      goto fail;
    }
  } else if (cfg->body == BODY_BYTES) {
    static const uint8_t empty[1] = {0};
    const uint8_t *bytes = cfg->body_len ? cfg->body_bytes : empty;
    rc = http_options_set_extra_data_bytes(o, bytes, cfg->body_len);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "--data-file");
      goto fail;
    }
  }
  if (cfg->has_stall) {
    rc = http_options_set_stall_timeout(o, (uint32_t)cfg->stall_ms);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "--stall-timeout");
      goto fail;
    }
  }
  if (cfg->has_limit_rate) {
    rc = http_options_set_max_recv_speed(o, cfg->limit_rate);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "--limit-rate");
      goto fail;
    }
  }
  if (cfg->retries > 0) {
    rc = http_options_set_retry(o, (uint32_t)cfg->retries, 200, 10000);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "--retry");
      goto fail;
    }
  }
  if (cfg->sse) {
    rc = http_options_set_sse(o, true, (uint32_t)cfg->sse_reconnects, 3000, 0);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "--sse");
      goto fail;
    }
  }
  if (cfg->cache_mode >= 0) {
    rc = http_options_set_cache_mode(o, cfg->cache_mode);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "--cache-mode");
      goto fail;
    }
  }
  *out = o;
  return true;
fail:
  http_options_free(o);
  return false;
}

/* ------------------------------------------------------------------------ */
/* One request                                                              */
/* ------------------------------------------------------------------------ */

struct fetch_ctx {
  pthread_mutex_t lock;
  pthread_cond_t cond;

  /* Set by the main thread before the request starts, read-only afterwards. */
  bool stream;
  bool events;
  const char *out_path;
  FILE *out; /* written from DATA_RECEIVE callbacks in --stream mode */

  /* Written by event callbacks (worker thread) until `done`; read by the main
   * thread after it has seen `done` under the lock. */
  uint64_t body_bytes;
  int write_errno;

  /* Guarded by `lock`. */
  bool done;
  bool destroyed; /* http_destroy was called from inside a callback */
  int32_t error_code;
  char *error_message;
  http_response *response;
};

static void ctx_reset(struct fetch_ctx *ctx) {
  ctx->out = NULL;
  ctx->body_bytes = 0;
  ctx->write_errno = 0;
  ctx->done = false;
  ctx->destroyed = false;
  ctx->error_code = NETHTTP_OK;
  ctx->error_message = NULL;
  ctx->response = NULL;
}

static void finish(struct fetch_ctx *ctx, int32_t code, char *message, http_response *resp,
                   bool destroyed) {
  pthread_mutex_lock(&ctx->lock);
  ctx->error_code = code;
  ctx->error_message = message;
  ctx->response = resp;
  ctx->destroyed = destroyed;
  ctx->done = true;
  pthread_cond_signal(&ctx->cond); /* signalled under the lock: ctx outlives this call */
  pthread_mutex_unlock(&ctx->lock);
}

static void print_event(const http_event *ev) {
  FILE *f = stderr;
  flockfile(f); /* one whole line at a time */
  switch (ev->type) {
  case HTTP_EVENT_HEADERS_RECEIVE:
    fputs("{\"event\":\"headersReceive\",\"header\":", f);
    if (ev->headers_json && ev->headers_json_len > 0)
      fwrite(ev->headers_json, 1, ev->headers_json_len, f);
    else
      fputs("{}", f);
    fputs("}\n", f);
    break;
  case HTTP_EVENT_DATA_RECEIVE:
    fprintf(f, "{\"event\":\"dataReceive\",\"length\":%zu}\n", ev->data_len);
    break;
  case HTTP_EVENT_DATA_RECEIVE_PROGRESS:
    fprintf(f, "{\"event\":\"dataReceiveProgress\",\"receiveSize\":%" PRIu64 ",\"totalSize\":%" PRIu64 "}\n",
            ev->current, ev->total);
    break;
  case HTTP_EVENT_DATA_SEND_PROGRESS:
    fprintf(f, "{\"event\":\"dataSendProgress\",\"sendSize\":%" PRIu64 ",\"totalSize\":%" PRIu64 "}\n",
            ev->current, ev->total);
    break;
  case HTTP_EVENT_DATA_END:
    fputs("{\"event\":\"dataEnd\"}\n", f);
    break;
  case HTTP_EVENT_SSE_MESSAGE:
    fprintf(f, "{\"event\":\"sseMessage\",\"length\":%zu}\n", ev->data_len);
    break;
  case HTTP_EVENT_SSE_RECONNECT:
    fprintf(f, "{\"event\":\"sseReconnect\",\"n\":%" PRIu64 ",\"waitMs\":%" PRIu64 "}\n",
            ev->current, ev->total);
    break;
  default:
    fprintf(f, "{\"event\":\"unknown\",\"type\":%d}\n", (int)ev->type);
    break;
  }
  fflush(f);
  funlockfile(f);
}

/* --sse: a server-sent event or a reconnection, as one stdout line. */
static void print_sse(const http_event *ev) {
  FILE *f = stdout;
  flockfile(f);
  if (ev->type == HTTP_EVENT_SSE_RECONNECT) {
    fprintf(f, "{\"sseReconnect\":{\"n\":%" PRIu64 ",\"waitMs\":%" PRIu64 "}}\n", ev->current,
            ev->total);
  } else {
    fputs("{\"sse\":{\"type\":", f);
    json_write_string(f, ev->sse_type, ev->sse_type_len);
    fputs(",\"data\":", f);
    json_write_string(f, (const char *)ev->data, ev->data_len);
    fputs(",\"lastEventId\":", f);
    json_write_string(f, ev->sse_last_event_id, ev->sse_last_event_id_len);
    fputs("}}\n", f);
  }
  fflush(f);
  funlockfile(f);
}

/* Every registered event type lands here (worker thread). */
static void on_event(void *userdata, fetch_handle *request, const http_event *ev) {
  struct fetch_ctx *ctx = userdata;
  if (!ctx || !ev) return;
  if (ctx->events) print_event(ev);
  if (ev->type == HTTP_EVENT_SSE_MESSAGE || ev->type == HTTP_EVENT_SSE_RECONNECT) {
    print_sse(ev);
    return;
  }
  if (ev->type != HTTP_EVENT_DATA_RECEIVE || !ctx->stream) return;

  ctx->body_bytes += ev->data_len;
  if (!ctx->out || ctx->write_errno != 0 || ev->data_len == 0 || !ev->data) return;
  errno = 0;
  if (fwrite(ev->data, 1, ev->data_len, ctx->out) != ev->data_len) {
    /* Like curl's write error: stop the transfer at once. Destroying from
     * inside a callback is allowed, and no completion follows it, so this
     * callback is the request's last word. */
    ctx->write_errno = errno ? errno : EIO;
    char *msg = io_message("write", ctx->out_path, ctx->write_errno);
    http_destroy(request);
    finish(ctx, FETCH_ERR_WRITE, msg, NULL, true);
  }
}

/* The terminal callback (worker thread). Hands everything to the main thread. */
static void on_complete(void *userdata, fetch_handle *request, int32_t error_code,
                        const char *error_message, http_response *response) {
  (void)request;
  struct fetch_ctx *ctx = userdata;
  if (!ctx) {
    http_response_free(response);
    return;
  }
  finish(ctx, error_code, dup_string(error_message ? error_message : ""), response, false);
}

/* The stdout line for -o: the HttpResponse with "resultLength" instead of "result". */
static void print_response_summary(const http_response *resp, uint64_t result_length) {
  FILE *f = stdout;
  fprintf(f, "{\"responseCode\":%" PRIu32 ",\"resultType\":%d,\"resultLength\":%" PRIu64 ",\"header\":",
          http_response_code(resp), (int)http_response_result_type(resp), result_length);
  size_t hlen = 0;
  const char *header = http_response_header_json(resp, &hlen);
  if (header && hlen > 0)
    fwrite(header, 1, hlen, f);
  else
    fputs("{}", f);
  fputs(",\"cookies\":", f);
  json_write_cstring(f, http_response_cookies(resp));
  fputs(",\"httpVersion\":", f);
  json_write_cstring(f, http_response_http_version(resp));

  http_performance_timing t;
  memset(&t, 0, sizeof t);
  if (http_response_performance_timing(resp, &t) != NETHTTP_OK) memset(&t, 0, sizeof t);
  fputs(",\"performanceTiming\":{", f);
  json_write_ms(f, "dnsTiming", t.dns_timing, true);
  json_write_ms(f, "tcpTiming", t.tcp_timing, false);
  json_write_ms(f, "tlsTiming", t.tls_timing, false);
  json_write_ms(f, "firstSendTiming", t.first_send_timing, false);
  json_write_ms(f, "firstReceiveTiming", t.first_receive_timing, false);
  json_write_ms(f, "totalFinishTiming", t.total_finish_timing, false);
  json_write_ms(f, "redirectTiming", t.redirect_timing, false);
  json_write_ms(f, "responseHeaderTiming", t.response_header_timing, false);
  json_write_ms(f, "responseBodyTiming", t.response_body_timing, false);
  json_write_ms(f, "totalTiming", t.total_timing, false);
  fputs("}}\n", f);
  fflush(f);
}

static const http_event_type all_events[] = {
    HTTP_EVENT_HEADERS_RECEIVE,       HTTP_EVENT_DATA_RECEIVE,       HTTP_EVENT_DATA_END,
    HTTP_EVENT_DATA_RECEIVE_PROGRESS, HTTP_EVENT_DATA_SEND_PROGRESS,  HTTP_EVENT_SSE_MESSAGE,
    HTTP_EVENT_SSE_RECONNECT,
};

/* Runs one request and prints its stdout line. Returns true when it got a response. */
static bool run_one(const struct config *cfg, const http_options *opts, struct fetch_ctx *ctx) {
  ctx_reset(ctx);
  ctx->stream = cfg->stream;
  ctx->events = cfg->events;
  ctx->out_path = cfg->output_path;

  if (cfg->output_path) { /* rewritten by every request */
    errno = 0;
    ctx->out = fopen(cfg->output_path, "wb");
    if (!ctx->out) {
      print_io_error("cannot open", cfg->output_path, errno ? errno : EIO);
      return false;
    }
  }

  bool ok = false;
  fetch_handle *req = http_create();
  if (!req) {
    print_error_line(NETHTTP_ERR_UNKNOWN, "http_create failed");
    goto out;
  }

  for (size_t k = 0; k < sizeof all_events / sizeof all_events[0]; k++) {
    http_event_type type = all_events[k];
    bool sse_type = type == HTTP_EVENT_SSE_MESSAGE || type == HTTP_EVENT_SSE_RECONNECT;
    if (sse_type && !cfg->sse) continue;
    if (!cfg->events && !sse_type && !(cfg->stream && type == HTTP_EVENT_DATA_RECEIVE)) continue;
    int32_t rc = http_on(req, type, on_event, ctx);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "http_on");
      http_destroy(req);
      goto out;
    }
  }

  int32_t rc = cfg->stream ? http_request_in_stream(req, cfg->url, opts, on_complete, ctx)
                           : http_request(req, cfg->url, opts, on_complete, ctx);
  if (rc != NETHTTP_OK) { /* nothing started, no callback */
    print_library_error(rc, cfg->stream ? "http_request_in_stream" : "http_request");
    http_destroy(req);
    goto out;
  }

  pthread_mutex_lock(&ctx->lock);
  while (!ctx->done) pthread_cond_wait(&ctx->cond, &ctx->lock);
  pthread_mutex_unlock(&ctx->lock);
  if (!ctx->destroyed) http_destroy(req);

  http_response *resp = ctx->response;
  ctx->response = NULL;
  if (ctx->error_code != NETHTTP_OK || !resp) {
    int32_t code = ctx->error_code != NETHTTP_OK ? ctx->error_code : NETHTTP_ERR_UNKNOWN;
    const char *msg = ctx->error_message && ctx->error_message[0] ? ctx->error_message
                                                                 : http_error_message(code);
    print_error_line(code, msg);
    http_response_free(resp); /* NULL unless the library broke its contract */
    goto out;
  }

  if (!cfg->output_path) {
    /* --stream without -o: the body was counted, not stored; result is empty. */
    size_t len = 0;
    const char *json = http_response_json(resp, &len);
    if (!json) {
      print_library_error(NETHTTP_ERR_UNKNOWN, "http_response_json");
    } else {
      fwrite(json, 1, len, stdout);
      fputc('\n', stdout);
      fflush(stdout);
      ok = true;
    }
    http_response_free(resp);
    goto out;
  }

  uint64_t result_length = ctx->body_bytes;
  int err = 0;
  if (!cfg->stream) {
    size_t len = 0;
    const uint8_t *body = http_response_result(resp, &len);
    result_length = len;
    errno = 0;
    if (body && len > 0 && fwrite(body, 1, len, ctx->out) != len) err = errno ? errno : EIO;
  }
  errno = 0;
  if (fclose(ctx->out) != 0 && err == 0) err = errno ? errno : EIO;
  ctx->out = NULL;
  if (err) {
    print_io_error("write", cfg->output_path, err);
  } else {
    print_response_summary(resp, result_length);
    ok = true;
  }
  http_response_free(resp);

out:
  if (ctx->out) fclose(ctx->out);
  ctx->out = NULL;
  free(ctx->error_message);
  ctx->error_message = NULL;
  return ok;
}

/* ------------------------------------------------------------------------ */

int main(int argc, char **argv) {
  struct config cfg;
  memset(&cfg, 0, sizeof cfg);

  switch (parse_args(argc, argv, &cfg)) {
  case PARSE_HELP:
    print_usage(stdout);
    config_free(&cfg);
    return EXIT_ALL_OK;
  case PARSE_USAGE:
    config_free(&cfg);
    return EXIT_USAGE;
  case PARSE_OK:
    break;
  }

  http_options *opts = NULL;
  if (!build_options(&cfg, &opts)) {
    config_free(&cfg);
    return EXIT_USAGE;
  }

  if (cfg.output_path) { /* an unwritable -o is a bad value, not a failed request */
    errno = 0;
    FILE *f = fopen(cfg.output_path, "wb");
    if (!f) {
      fprintf(stderr, PROG ": -o %s: %s\n", cfg.output_path, strerror(errno ? errno : EIO));
      http_options_free(opts);
      config_free(&cfg);
      return EXIT_USAGE;
    }
    fclose(f);
  }

  if (cfg.cache_dir) { /* an unusable cache directory or size is a bad value */
    uint64_t size = cfg.has_cache_size ? cfg.cache_size : 0;
    uint32_t flags = size > 10u * 1024 * 1024 ? HTTP_CACHE_ALLOW_LARGE : HTTP_CACHE_DEFAULT;
    int32_t rc = http_cache_create(cfg.cache_dir, size, flags);
    if (rc != NETHTTP_OK) {
      fprintf(stderr, PROG ": --cache %s: %s\n", cfg.cache_dir, library_detail(rc));
      http_options_free(opts);
      config_free(&cfg);
      return EXIT_USAGE;
    }
  }

  /* --cookie-jar, --hsts, --alt-svc: an unreadable file is a bad value. */
  for (int k = 0; k < 3; k++) {
    if (!cfg.store_paths[k]) continue;
    int32_t rc = nethttp_store_open(store_flags[k].store, cfg.store_paths[k]);
    if (rc != NETHTTP_OK) {
      fprintf(stderr, PROG ": %s %s: %s\n", store_flags[k].flag, cfg.store_paths[k],
              library_detail(rc));
      nethttp_store_close(NETHTTP_STORE_COOKIES | NETHTTP_STORE_HSTS | NETHTTP_STORE_ALTSVC);
      http_options_free(opts);
      config_free(&cfg);
      return EXIT_USAGE;
    }
  }

  struct fetch_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  pthread_mutex_init(&ctx.lock, NULL);
  pthread_cond_init(&ctx.cond, NULL);

  bool any_failed = false;
  for (unsigned long n = 0; n < cfg.repeat; n++) {
    if (!run_one(&cfg, opts, &ctx)) any_failed = true;
  }
  if (cfg.cache_dir) {
    int32_t rc = http_cache_flush();
    if (rc != NETHTTP_OK) {
      print_library_error(rc, "http_cache_flush");
      any_failed = true;
    }
  }

  for (int k = 0; k < 3; k++) {
    if (!cfg.store_paths[k]) continue;
    int32_t rc = nethttp_store_close(store_flags[k].store);
    if (rc != NETHTTP_OK) {
      print_library_error(rc, store_flags[k].flag);
      any_failed = true;
    }
  }

  pthread_cond_destroy(&ctx.cond);
  pthread_mutex_destroy(&ctx.lock);
  http_options_free(opts);
  config_free(&cfg);
  return any_failed ? EXIT_REQUEST_FAILED : EXIT_ALL_OK;
}
