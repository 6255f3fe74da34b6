/* nethttp_fetch, the command-line tool: --events lines on stderr in order (headersReceive
 * first; with --stream dataReceive lengths adding up to the file and dataEnd last), the stdout
 * JSON line, --stream -o and -o writing the exact file, exit codes 0 / 1 / 2, --options with
 * flags overriding its fields, -H, -d, --data-file, dataSendProgress, --repeat, --sse and
 * --sse-reconnect against nginx's /sse, --cookie-jar and --hsts across processes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

static const char *fetch;
static char *out_path, *err_path;

/* Appends s to buf single-quoted for sh. */
static void append_quoted(char *buf, size_t cap, const char *s) {
  size_t n = strlen(buf);
  if (n + 1 < cap) buf[n++] = '\'';
  for (; *s && n + 5 < cap; s++) {
    if (*s == '\'') {
      memcpy(buf + n, "'\\''", 4);
      n += 4;
    } else {
      buf[n++] = *s;
    }
  }
  if (n + 1 < cap) buf[n++] = '\'';
  buf[n] = '\0';
}

/* Runs nethttp_fetch with the NULL-terminated arguments, stdout and stderr to files. Returns
 * the exit status, or -1 when it did not exit normally. */
static int run_fetch(const char *const *args) {
  char cmd[8192] = "";
  append_quoted(cmd, sizeof cmd, fetch);
  for (size_t i = 0; args[i] != NULL; i++) {
    strncat(cmd, " ", sizeof cmd - strlen(cmd) - 1);
    append_quoted(cmd, sizeof cmd, args[i]);
  }
  strncat(cmd, " >", sizeof cmd - strlen(cmd) - 1);
  append_quoted(cmd, sizeof cmd, out_path);
  strncat(cmd, " 2>", sizeof cmd - strlen(cmd) - 1);
  append_quoted(cmd, sizeof cmd, err_path);
  int st = system(cmd);
  int code = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  if (code != 0) fprintf(stderr, "exit %d: %s\n", code, cmd);
  return code;
}

/* The lines of a file (malloc'd text, lines point into it). */
typedef struct lines {
  char *text;
  char **line;
  size_t n;
} lines_t;

static lines_t read_lines(const char *path, const char *only_prefix) {
  lines_t l = {NULL, NULL, 0};
  size_t len = 0;
  l.text = read_file(path, &len);
  if (l.text == NULL) return l;
  size_t cap = 16;
  l.line = malloc(cap * sizeof *l.line);
  for (char *p = l.text; p < l.text + len;) {
    char *e = strchr(p, '\n');
    if (e == NULL) e = l.text + len;
    *e = '\0';
    if (only_prefix == NULL || strncmp(p, only_prefix, strlen(only_prefix)) == 0) {
      if (l.n == cap) l.line = realloc(l.line, (cap *= 2) * sizeof *l.line);
      l.line[l.n++] = p;
    }
    p = e + 1;
  }
  return l;
}

static void free_lines(lines_t *l) {
  free(l->line);
  free(l->text);
}

static long long num_after(const char *s, const char *key) {
  const char *p = s ? strstr(s, key) : NULL;
  return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static void dump(const char *what, const char *path) {
  char *t = read_file(path, NULL);
  if (t != NULL) {
    size_t n = strlen(t);
    fprintf(stderr, "--- %s (%zu bytes, first 2000):\n%.2000s\n", what, n, t);
  }
  free(t);
}

int main(void) {
  fetch = env_or_die("NETHTTP_FETCH");
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *www = env_or_die("NETHTTP_TEST_WWW");
  const char *tmp = env_or_die("NETHTTP_TEST_TMP");
  const char *log = env_or_die("NETHTTP_TEST_ACCESS_LOG");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  out_path = url_join(tmp, "fetch.stdout");
  err_path = url_join(tmp, "fetch.stderr");
  char *url1m = url_join(http, "/1m.bin");
  char *url100 = url_join(http, "/100.bin");
  char *file1m = url_join(www, "1m.bin");
  char *file100 = url_join(www, "100.bin");
  char *body_out = url_join(tmp, "body.out");

  /* ---- --events, not streaming ---- */
  {
    const char *args[] = {"--events", url1m, NULL};
    CHECK_INT_EQ(run_fetch(args), 0);
    lines_t ev = read_lines(err_path, "{\"event\"");
    if (CHECK(ev.n >= 2, "%zu event lines", ev.n)) {
      CHECK(strncmp(ev.line[0], "{\"event\":\"headersReceive\",\"header\":{", strlen("{\"event\":\"headersReceive\",\"header\":{")) == 0,
            "first event: %s", ev.line[0]);
      CHECK(strstr(ev.line[0], "\"content-length\"") != NULL, "header object: %s", ev.line[0]);
      const char *last = NULL;
      int headers = 0, ends = 0;
      for (size_t i = 0; i < ev.n; i++) {
        if (strstr(ev.line[i], "\"headersReceive\"")) headers++;
        if (strstr(ev.line[i], "\"dataEnd\"")) ends++;
        if (strstr(ev.line[i], "\"dataReceiveProgress\"")) last = ev.line[i];
      }
      CHECK(last && num_after(last, "\"receiveSize\":") == 1048576 && num_after(last, "\"totalSize\":") == 1048576,
            "last dataReceiveProgress: %s", last ? last : "(none)");
      CHECK_INT_EQ(headers, 1);
      CHECK_INT_EQ(ends, 0); /* dataEnd belongs to --stream */
    } else {
      dump("stderr", err_path);
    }
    free_lines(&ev);
    lines_t out = read_lines(out_path, NULL);
    if (CHECK(out.n == 1, "%zu stdout lines", out.n)) {
      const char *j = out.line[0];
      CHECK(j[0] == '{' && strstr(j, "\"responseCode\":200") && strstr(j, "\"resultType\":2") &&
                strstr(j, "\"resultEncoding\":\"base64\"") && strstr(j, "\"performanceTiming\":{"),
            "stdout JSON: %.300s", j);
      CHECK(strlen(j) > 1398100, "the base64 result of 1 MiB is missing (%zu chars)", strlen(j));
    }
    free_lines(&out);
  }

  /* ---- --stream --events ---- */
  {
    const char *args[] = {"--stream", "--events", url1m, NULL};
    CHECK_INT_EQ(run_fetch(args), 0);
    lines_t ev = read_lines(err_path, "{\"event\"");
    if (CHECK(ev.n >= 3, "%zu event lines", ev.n)) {
      CHECK(strstr(ev.line[0], "\"headersReceive\"") != NULL, "first event: %s", ev.line[0]);
      CHECK_STR_EQ(ev.line[ev.n - 1], "{\"event\":\"dataEnd\"}");
      long long sum = 0, last_progress = -1;
      int data = 0, ends = 0;
      for (size_t i = 0; i < ev.n; i++) {
        if (strstr(ev.line[i], "\"dataReceive\"")) {
          sum += num_after(ev.line[i], "\"length\":");
          data++;
        }
        if (strstr(ev.line[i], "\"dataReceiveProgress\"")) last_progress = num_after(ev.line[i], "\"receiveSize\":");
        if (strstr(ev.line[i], "\"dataEnd\"")) ends++;
      }
      CHECK(data > 1, "%d dataReceive lines", data);
      CHECK_INT_EQ(sum, 1048576);
      CHECK_INT_EQ(last_progress, 1048576);
      CHECK_INT_EQ(ends, 1);
    } else {
      dump("stderr", err_path);
    }
    free_lines(&ev);
    lines_t out = read_lines(out_path, NULL);
    if (CHECK(out.n == 1, "%zu stdout lines", out.n)) {
      CHECK(strstr(out.line[0], "\"responseCode\":200") != NULL, "stdout: %.300s", out.line[0]);
      CHECK(strstr(out.line[0], "\"result\":\"\"") != NULL, "stream result not empty: %.300s", out.line[0]);
    }
    free_lines(&out);
  }

  /* ---- --stream -o, and -o without --stream ---- */
  {
    const char *args[] = {"--stream", "-o", body_out, url1m, NULL};
    CHECK_INT_EQ(run_fetch(args), 0);
    CHECK(files_equal(body_out, file1m), "--stream -o: file differs from 1m.bin");
    char *o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"resultLength\":1048576") && !strstr(o, "\"result\":") &&
              strstr(o, "\"responseCode\":200"),
          "stdout with -o: %.300s", o ? o : "");
    free(o);
    unlink(body_out);

    const char *args2[] = {"-o", body_out, url100, NULL};
    CHECK_INT_EQ(run_fetch(args2), 0);
    CHECK(files_equal(body_out, file100), "-o: file differs from 100.bin");
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"resultLength\":100"), "stdout with -o: %.300s", o ? o : "");
    free(o);
    unlink(body_out);
  }

  /* ---- exit codes ---- */
  {
    char *u404 = url_join(http, "/status/404");
    const char *a404[] = {u404, NULL};
    CHECK_INT_EQ(run_fetch(a404), 0); /* any HTTP status is a response */
    char *o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"responseCode\":404"), "404: %.300s", o ? o : "");
    free(o);
    free(u404);

    const char *bad_host[] = {"http://nonexistent.invalid/", NULL};
    CHECK_INT_EQ(run_fetch(bad_host), 1);
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "{\"error\":{\"code\":2300006") && strstr(o, "\"message\":"), "error line: %s",
          o ? o : "");
    free(o);

    const char *bad_flag[] = {"--no-such-flag", url100, NULL};
    CHECK_INT_EQ(run_fetch(bad_flag), 2);
    const char *no_url[] = {"--events", NULL};
    CHECK_INT_EQ(run_fetch(no_url), 2);
    const char *bad_method[] = {"-X", "FETCH", url100, NULL};
    CHECK_INT_EQ(run_fetch(bad_method), 2);
    const char *bad_options[] = {"--options", "{\"bogusKey\":1}", url100, NULL};
    CHECK_INT_EQ(run_fetch(bad_options), 2);
    const char *help[] = {"--help", NULL};
    CHECK_INT_EQ(run_fetch(help), 0);
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "--stream"), "--help prints the usage");
    free(o);
  }

  /* ---- --cache-mode ---- */
  {
    char *dir = url_join(tmp, "cli-cache");
    mkdir(dir, 0700);
    char *u = url_join(http, "/cache/100.bin?cli=modes");
    const char *miss[] = {"--cache", dir, "--cache-mode", "only-if-cached", u, NULL};
    CHECK_INT_EQ(run_fetch(miss), 1);
    char *o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "{\"error\":{\"code\":2300996"), "only-if-cached miss: %.300s", o ? o : "");
    free(o);
    const char *store[] = {"--cache", dir, u, NULL};
    CHECK_INT_EQ(run_fetch(store), 0);
    /* Another process, the cache flushed to dir by the first: served without the network. */
    long before = count_lines_matching(log, "/cache/100.bin?cli=modes");
    CHECK_INT_EQ(run_fetch(miss), 0);
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"responseCode\":200"), "only-if-cached hit: %.300s", o ? o : "");
    free(o);
    CHECK_INT_EQ(count_lines_matching(log, "/cache/100.bin?cli=modes"), before);
    const char *no_dir[] = {"--cache-mode", "reload", u, NULL};
    CHECK_INT_EQ(run_fetch(no_dir), 2);
    const char *bad_mode[] = {"--cache", dir, "--cache-mode", "sometimes", u, NULL};
    CHECK_INT_EQ(run_fetch(bad_mode), 2);
    free(u);
    free(dir);
  }

  /* ---- --options, flags overriding it ---- */
  {
    char *umethod = url_join(http, "/method");
    char *uecho = url_join(http, "/echo");
    const char *a1[] = {"--options", "{\"method\":\"POST\",\"extraData\":\"x\"}", "-X", "PUT", umethod, NULL};
    CHECK_INT_EQ(run_fetch(a1), 0);
    char *o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"result\":\"PUT\\n\""), "-X PUT over --options: %.300s", o ? o : "");
    free(o);
    const char *a2[] = {"--options", "{\"method\":\"POST\",\"extraData\":\"x\"}", umethod, NULL};
    CHECK_INT_EQ(run_fetch(a2), 0);
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"result\":\"POST\\n\""), "--options method: %.300s", o ? o : "");
    free(o);
    /* -d over extraData; /echo answers application/octet-stream, so the result is base64 */
    const char *a3[] = {"--options", "{\"method\":\"POST\",\"extraData\":\"x\"}", "-d", "yy", uecho, NULL};
    CHECK_INT_EQ(run_fetch(a3), 0);
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"result\":\"eXk=\""), "-d over extraData: %.300s", o ? o : "");
    free(o);
    free(umethod);
    free(uecho);
  }

  /* ---- -H ---- */
  {
    char *u = url_join(http, "/headers");
    const char *a[] = {"-H", "X-Test: from the cli", u, NULL};
    CHECK_INT_EQ(run_fetch(a), 0);
    char *o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "x-test=from the cli"), "-H: %.300s", o ? o : "");
    free(o);
    free(u);
  }

  /* ---- --data-file (binary, 1 MiB) with dataSendProgress, body echoed to -o ---- */
  {
    char *u = url_join(http, "/echo");
    const char *a[] = {"-X", "POST", "--data-file", file1m, "--events", "-o", body_out, u, NULL};
    CHECK_INT_EQ(run_fetch(a), 0);
    CHECK(files_equal(body_out, file1m), "--data-file echoed back differs");
    lines_t ev = read_lines(err_path, "{\"event\":\"dataSendProgress\"");
    if (CHECK(ev.n > 0, "no dataSendProgress lines")) {
      const char *last = ev.line[ev.n - 1];
      CHECK(num_after(last, "\"sendSize\":") == 1048576 && num_after(last, "\"totalSize\":") == 1048576,
            "last send progress: %s", last);
    }
    free_lines(&ev);
    unlink(body_out);
    free(u);
  }

  /* ---- --repeat ---- */
  {
    char tag[128];
    snprintf(tag, sizeof tag, "/100.bin?cli-repeat-%d", (int)getpid());
    char *u = url_join(http, tag);
    long before = count_lines_matching(log, tag);
    const char *a[] = {"--repeat", "3", u, NULL};
    CHECK_INT_EQ(run_fetch(a), 0);
    lines_t out = read_lines(out_path, NULL);
    CHECK(out.n == 3, "--repeat 3 printed %zu lines", out.n);
    for (size_t i = 0; i < out.n; i++)
      CHECK(strstr(out.line[i], "\"responseCode\":200") != NULL, "line %zu: %.200s", i, out.line[i]);
    free_lines(&out);
    uint64_t deadline = now_ms() + 2000;
    while (count_lines_matching(log, tag) < before + 3 && now_ms() < deadline) usleep(10000);
    CHECK_INT_EQ(count_lines_matching(log, tag), before + 3);
    const char *bad[] = {"--repeat", "0", u, NULL};
    CHECK_INT_EQ(run_fetch(bad), 2);
    free(u);
  }

  /* ---- --sse, --sse-reconnect (nginx's /sse) ---- */
  {
    char *u = url_join(http, "/sse");
    const char *a[] = {"--sse", u, NULL};
    CHECK_INT_EQ(run_fetch(a), 0);
    lines_t out = read_lines(out_path, NULL);
    if (CHECK(out.n == 3, "--sse printed %zu lines", out.n)) {
      CHECK_STR_EQ(out.line[0],
                   "{\"sse\":{\"type\":\"greet\",\"data\":\"hello\\u000aworld\",\"lastEventId\":\"1\"}}");
      CHECK_STR_EQ(out.line[1], "{\"sse\":{\"type\":\"message\",\"data\":\"last=\",\"lastEventId\":\"1\"}}");
      CHECK(strstr(out.line[2], "\"responseCode\":200") && strstr(out.line[2], "\"result\":\"\""),
            "response line: %.300s", out.line[2]);
    }
    free_lines(&out);
    /* One reconnection after the stream's retry (20 ms), sending Last-Event-ID: 1. */
    const char *r[] = {"--sse-reconnect", "1", u, NULL};
    CHECK_INT_EQ(run_fetch(r), 0);
    out = read_lines(out_path, NULL);
    if (CHECK(out.n == 6, "--sse-reconnect 1 printed %zu lines", out.n)) {
      CHECK_STR_EQ(out.line[2], "{\"sseReconnect\":{\"n\":1,\"waitMs\":20}}");
      CHECK_STR_EQ(out.line[4], "{\"sse\":{\"type\":\"message\",\"data\":\"last=1\",\"lastEventId\":\"1\"}}");
      CHECK(strstr(out.line[5], "\"responseCode\":200") != NULL, "%.300s", out.line[5]);
    }
    free_lines(&out);
    free(u);
    /* Not an event stream: 2300995, exit 1. */
    u = url_join(http, "/text.txt");
    const char *t[] = {"--sse", u, NULL};
    CHECK_INT_EQ(run_fetch(t), 1);
    char *o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "{\"error\":{\"code\":2300995"), "not a stream: %.300s", o ? o : "");
    free(o);
    const char *bad[] = {"--sse-reconnect", "x", u, NULL};
    CHECK_INT_EQ(run_fetch(bad), 2);
    free(u);
  }

  /* ---- --cookie-jar, --hsts, --alt-svc: state kept across processes ---- */
  {
    char *jar = url_join(tmp, "cli-jar.txt");
    char *uset = url_join(http, "/cookies/set");
    char *uecho = url_join(http, "/cookies/echo");
    const char *set[] = {"--cookie-jar", jar, uset, NULL};
    CHECK_INT_EQ(run_fetch(set), 0);
    const char *echo[] = {"--cookie-jar", jar, uecho, NULL};
    CHECK_INT_EQ(run_fetch(echo), 0);
    char *o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "session=abc123") && strstr(o, "theme=dark"), "the jar's cookies sent: %.300s",
          o ? o : "");
    free(o);
    o = read_file(jar, NULL);
    CHECK(o && strstr(o, "# Netscape HTTP Cookie File") && strstr(o, "\ttheme\tdark"), "jar: %.300s",
          o ? o : "");
    free(o);
    const char *nojar[] = {uecho, NULL};
    CHECK_INT_EQ(run_fetch(nojar), 0);
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"result\":\"cookie=\\n\""), "no jar, no cookies: %.300s", o ? o : "");
    free(o);
    const char *nodir[] = {"--cookie-jar", "/no/such/dir/jar.txt", uecho, NULL};
    CHECK_INT_EQ(run_fetch(nodir), 2);
    const char *empty[] = {"--hsts", "", uecho, NULL};
    CHECK_INT_EQ(run_fetch(empty), 2);

    char *hsts = url_join(tmp, "cli-hsts.txt");
    char *uhsts = url_join(https, "/hsts/set");
    char plain[128];
    snprintf(plain, sizeof plain, "http://%s/scheme", https + strlen("https://"));
    char copts[1024];
    snprintf(copts, sizeof copts, "{\"caPath\":\"%s\"}", ca);
    const char *learn[] = {"--hsts", hsts, "--options", copts, uhsts, NULL};
    CHECK_INT_EQ(run_fetch(learn), 0);
    const char *upgraded[] = {"--hsts", hsts, "--options", copts, plain, NULL};
    CHECK_INT_EQ(run_fetch(upgraded), 0);
    o = read_file(out_path, NULL);
    CHECK(o && strstr(o, "\"result\":\"https\\n\""), "--hsts upgraded: %.300s", o ? o : "");
    free(o);
    free(hsts);
    free(uhsts);
    free(jar);
    free(uset);
    free(uecho);
  }

  free(out_path);
  free(err_path);
  free(url1m);
  free(url100);
  free(file1m);
  free(file100);
  free(body_out);
  return test_finish();
}
