/* Process-wide policy: the domain allow-list (exact names, IP addresses, *.suffix; refused
 * requests fail with 2300998 before any connection, as nginx's access log shows) and the
 * cleartext switch (http:// fails with 2300997, https:// still works). Both are reset at the end. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "nethttp.h"

#define WAIT_MS 10000

static int32_t run(const char *url, const struct http_options *o) {
  struct http_handle *h = http_create();
  struct http_response *r = NULL;
  int32_t rc = http_request_sync(h, url, o, &r);
  if (rc == 0) {
    CHECK(r != NULL, "no response");
    CHECK(http_response_code(r) < 400, "%s: HTTP %u", url, http_response_code(r));
  } else {
    CHECK(r == NULL, "*out written on failure");
  }
  http_response_free(r);
  http_destroy(h);
  return rc;
}

static char *tagged(const char *base, const char *what, int n) {
  char path[256];
  snprintf(path, sizeof path, "/100.bin?policy-%s-%d-%d", what, (int)getpid(), n);
  return url_join(base, path);
}

/* Lines of the access log naming url's unique query. nginx writes the line just after the
 * response goes out, so a wanted line is waited for (up to 2 s); for 0, a short grace period. */
static long logged(const char *log, const char *url, long want) {
  const char *q = strchr(url, '?');
  uint64_t deadline = now_ms() + (want > 0 ? 2000 : 100);
  long n;
  while ((n = count_lines_matching(log, q ? q : url)) != want && now_ms() < deadline) {
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
  return n;
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");
  const char *https = env_or_die("NETHTTP_TEST_HTTPS");
  const char *ca = env_or_die("NETHTTP_TEST_CA");
  const char *log = env_or_die("NETHTTP_TEST_ACCESS_LOG");
  struct http_options *tls = http_options_new();
  CHECK_INT_EQ(http_options_set_ca_path(tls, ca), 0);
  int n = 0;

  /* ---- arguments ---- */
  CHECK_INT_EQ(http_policy_set_allowed_domains(NULL, 1), NETHTTP_ERR_PARAMETER);
  {
    const char *with_null[] = {"example.com", NULL};
    CHECK_INT_EQ(http_policy_set_allowed_domains(with_null, 2), NETHTTP_ERR_PARAMETER);
    const char *bad_utf8[] = {"ex\xff.com"};
    CHECK_INT_EQ(http_policy_set_allowed_domains(bad_utf8, 1), NETHTTP_ERR_PARAMETER);
    const char *empty[] = {""};
    CHECK_INT_EQ(http_policy_set_allowed_domains(empty, 1), NETHTTP_ERR_PARAMETER);
  }
  CHECK_INT_EQ(http_policy_set_allowed_domains(NULL, 0), 0);
  /* a refused policy call left everything allowed */
  {
    char *url = tagged(http, "start", n++);
    CHECK_INT_EQ(run(url, NULL), 0);
    free(url);
  }

  /* ---- allow-list without our host ---- */
  {
    const char *domains[] = {"example.com", "*.allowed.test"};
    CHECK_INT_EQ(http_policy_set_allowed_domains(domains, 2), 0);

    char *url = tagged(http, "refused", n++);
    CHECK_INT_EQ(run(url, NULL), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    const char *d = http_last_error_detail();
    CHECK(d != NULL && d[0] != '\0', "no detail for 2300998");
    CHECK_INT_EQ(logged(log, url, 0), 0); /* no request reached nginx */
    free(url);

    /* the async path: rc 0, then the completion with 2300998 (or refused at once) */
    url = tagged(http, "refused-async", n++);
    completion dn;
    completion_init(&dn);
    struct http_handle *h = http_create();
    int32_t rc = http_request(h, url, NULL, completion_cb, &dn);
    if (rc == 0 && CHECK(completion_wait(&dn, WAIT_MS), "no completion")) rc = dn.code;
    CHECK_INT_EQ(rc, NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    CHECK(dn.resp == NULL, "response with an error");
    http_destroy(h);
    completion_fini(&dn);
    CHECK_INT_EQ(logged(log, url, 0), 0);
    free(url);

    /* stream requests too; HTTPS too */
    url = tagged(http, "refused-stream", n++);
    completion_init(&dn);
    h = http_create();
    rc = http_request_in_stream(h, url, NULL, completion_cb, &dn);
    if (rc == 0 && CHECK(completion_wait(&dn, WAIT_MS), "no completion")) rc = dn.code;
    CHECK_INT_EQ(rc, NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    http_destroy(h);
    completion_fini(&dn);
    free(url);
    url = tagged(https, "refused-tls", n++);
    CHECK_INT_EQ(run(url, tls), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    CHECK_INT_EQ(logged(log, url, 0), 0);
    free(url);

    /* matching: *.suffix covers names below it only; exact names exactly; case ignored.
     * Allowed names that do not resolve fail with 2300006, refused ones with 2300998. */
    CHECK_INT_EQ(run("http://sub.allowed.test/", NULL), NETHTTP_ERR_COULDNT_RESOLVE);
    CHECK_INT_EQ(run("http://a.b.allowed.test/", NULL), NETHTTP_ERR_COULDNT_RESOLVE);
    CHECK_INT_EQ(run("http://SUB.Allowed.TEST/", NULL), NETHTTP_ERR_COULDNT_RESOLVE);
    CHECK_INT_EQ(run("http://allowed.test/", NULL), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    CHECK_INT_EQ(run("http://evilallowed.test/", NULL), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    CHECK_INT_EQ(run("http://allowed.test.evil.invalid/", NULL), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    CHECK_INT_EQ(run("http://sub.example.com/", NULL), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    CHECK_INT_EQ(run("http://notexample.com/", NULL), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    CHECK_INT_EQ(run("http://localhost/", NULL), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
  }

  /* ---- allow-list with our host: works ---- */
  {
    const char *domains[] = {"127.0.0.1"};
    CHECK_INT_EQ(http_policy_set_allowed_domains(domains, 1), 0);
    char *url = tagged(http, "allowed", n++);
    CHECK_INT_EQ(run(url, NULL), 0);
    CHECK_INT_EQ(logged(log, url, 1), 1); /* the log check above can see requests */
    free(url);
    /* localhost (the HTTPS URL's host) is not on the list */
    url = tagged(https, "tls-not-listed", n++);
    CHECK_INT_EQ(run(url, tls), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    free(url);
    /* a redirect to a host not on the list is refused too (http://127.0.0.1 -> https://localhost) */
    url = url_join(http, "/redirect-to-https");
    CHECK_INT_EQ(run(url, tls), NETHTTP_ERR_DOMAIN_NOT_ALLOWED);
    free(url);

    const char *both[] = {"127.0.0.1", "LOCALHOST"};
    CHECK_INT_EQ(http_policy_set_allowed_domains(both, 2), 0);
    url = tagged(https, "tls-listed", n++);
    CHECK_INT_EQ(run(url, tls), 0);
    free(url);
  }

  /* ---- reset: count 0 allows every host ---- */
  {
    const char *domains[] = {"example.com"};
    CHECK_INT_EQ(http_policy_set_allowed_domains(domains, 1), 0);
    CHECK_INT_EQ(http_policy_set_allowed_domains(domains, 0), 0); /* count 0 wins over the pointer */
    char *url = tagged(http, "reset", n++);
    CHECK_INT_EQ(run(url, NULL), 0);
    CHECK_INT_EQ(logged(log, url, 1), 1);
    free(url);
  }

  /* ---- cleartext ---- */
  {
    CHECK_INT_EQ(http_policy_set_cleartext_permitted(false), 0);
    char *url = tagged(http, "cleartext", n++);
    CHECK_INT_EQ(run(url, NULL), NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
    CHECK_INT_EQ(logged(log, url, 0), 0);
    CHECK(http_last_error_detail()[0] != '\0', "no detail for 2300997");
    free(url);
    url = tagged(https, "cleartext-tls", n++);
    CHECK_INT_EQ(run(url, tls), 0);
    CHECK_INT_EQ(logged(log, url, 1), 1);
    free(url);
    /* the scheme decides, whatever its case */
    char *upper = tagged(http, "cleartext-upper", n++);
    memcpy(upper, "HTTP", 4);
    CHECK_INT_EQ(run(upper, NULL), NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED);
    free(upper);

    CHECK_INT_EQ(http_policy_set_cleartext_permitted(true), 0);
    url = tagged(http, "cleartext-again", n++);
    CHECK_INT_EQ(run(url, NULL), 0);
    CHECK_INT_EQ(logged(log, url, 1), 1);
    free(url);
  }

  /* restore the defaults (policy is process-wide) */
  CHECK_INT_EQ(http_policy_set_allowed_domains(NULL, 0), 0);
  CHECK_INT_EQ(http_policy_set_cleartext_permitted(true), 0);
  http_options_free(tls);
  return test_finish();
}
