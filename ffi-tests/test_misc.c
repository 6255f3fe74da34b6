/* Process-wide functions: http_error_message for known and unknown codes, http_version_info,
 * http_last_error_detail (per thread, "" before any failure, naming the field after a bad
 * argument, libcurl's detail after a transfer failure), and the error-code constants. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

/* OpenHarmony's numbering (2300000 + CURLcode). */
_Static_assert(NETHTTP_OK == 0, "NETHTTP_OK");
_Static_assert(NETHTTP_ERR_PARAMETER == 401, "401");
_Static_assert(NETHTTP_ERR_CURL_BASE == 2300000, "base");
_Static_assert(NETHTTP_ERR_UNSUPPORTED_PROTOCOL == 2300001, "CURLE_UNSUPPORTED_PROTOCOL");
_Static_assert(NETHTTP_ERR_URL_MALFORMAT == 2300003, "CURLE_URL_MALFORMAT");
_Static_assert(NETHTTP_ERR_COULDNT_RESOLVE == 2300006, "CURLE_COULDNT_RESOLVE_HOST");
_Static_assert(NETHTTP_ERR_COULDNT_CONNECT == 2300007, "CURLE_COULDNT_CONNECT");
_Static_assert(NETHTTP_ERR_PARTIAL_FILE == 2300018, "CURLE_PARTIAL_FILE");
_Static_assert(NETHTTP_ERR_TIMEOUT == 2300028, "CURLE_OPERATION_TIMEDOUT");
_Static_assert(NETHTTP_ERR_ABORTED == 2300042, "CURLE_ABORTED_BY_CALLBACK");
_Static_assert(NETHTTP_ERR_TOO_MANY_REDIRECTS == 2300047, "CURLE_TOO_MANY_REDIRECTS");
_Static_assert(NETHTTP_ERR_SSL_PEER_CERTIFICATE == 2300060, "CURLE_PEER_FAILED_VERIFICATION");
_Static_assert(NETHTTP_ERR_MAX_LIMIT == 2300063, "CURLE_FILESIZE_EXCEEDED");
_Static_assert(NETHTTP_ERR_CLEARTEXT_NOT_PERMITTED == 2300997, "cleartext");
_Static_assert(NETHTTP_ERR_DOMAIN_NOT_ALLOWED == 2300998, "domain");
_Static_assert(NETHTTP_ERR_UNKNOWN == 2300999, "unknown");

static void *fresh_thread(void *arg) {
  char *out = arg;
  const char *d = http_last_error_detail();
  snprintf(out, 256, "%s", d ? d : "(null)");
  /* a failure here does not leak into the main thread's detail */
  http_options_set_priority(NULL, 1);
  return NULL;
}

int main(void) {
  const char *http = env_or_die("NETHTTP_TEST_HTTP");

  /* ---- detail before any failure ---- */
  {
    const char *d = http_last_error_detail();
    CHECK(d != NULL && d[0] == '\0', "detail before any failure: \"%s\"", d ? d : "(null)");
  }

  /* ---- error messages ---- */
  {
    static const int32_t known[] = {0,       401,     2300001, 2300003, 2300006, 2300007,
                                    2300018, 2300028, 2300042, 2300047, 2300060, 2300063,
                                    2300997, 2300998, 2300999};
    const size_t n = sizeof known / sizeof known[0];
    const char *msgs[sizeof known / sizeof known[0]];
    for (size_t i = 0; i < n; i++) {
      msgs[i] = http_error_message(known[i]);
      CHECK(msgs[i] != NULL && msgs[i][0] != '\0', "http_error_message(%d) empty", (int)known[i]);
      if (msgs[i] == NULL) msgs[i] = "";
      fprintf(stderr, "%d: %s\n", (int)known[i], msgs[i]);
      /* static: the same text every time */
      const char *again = http_error_message(known[i]);
      CHECK(again != NULL && strcmp(again, msgs[i]) == 0, "message for %d changed", (int)known[i]);
    }
    for (size_t i = 0; i < n; i++)
      for (size_t j = i + 1; j < n; j++)
        CHECK(strcmp(msgs[i], msgs[j]) != 0, "codes %d and %d share the message \"%s\"", (int)known[i],
              (int)known[j], msgs[i]);
    static const int32_t unknown[] = {123456789, -1, 2300500, 402, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
      const char *m = http_error_message(unknown[i]);
      CHECK(m != NULL && m[0] != '\0', "http_error_message(%d) for an unknown code", (int)unknown[i]);
      CHECK(m == NULL || strcmp(m, msgs[0]) != 0, "unknown code %d described as success", (int)unknown[i]);
    }
    /* every CURLcode in range gets a message */
    for (int32_t c = 2300000; c <= 2300100; c++) {
      const char *m = http_error_message(c);
      CHECK(m != NULL && m[0] != '\0', "http_error_message(%d)", (int)c);
    }
  }

  /* ---- version info ---- */
  {
    const char *v = http_version_info();
    if (CHECK(v != NULL, "http_version_info NULL")) {
      fprintf(stderr, "version info: %s\n", v);
      size_t l = strlen(v);
      CHECK(l > 2 && v[0] == '{' && v[l - 1] == '}', "not a JSON object: %s", v);
      CHECK(strstr(v, "\"libcurl\"") != NULL, "no libcurl version: %s", v);
      char ver[64];
      snprintf(ver, sizeof ver, "\"nethttp\":\"%d.%d.%d\"", NETHTTP_VERSION_MAJOR, NETHTTP_VERSION_MINOR,
               NETHTTP_VERSION_PATCH);
      CHECK(strstr(v, ver) != NULL, "no %s in %s", ver, v);
      const char *h2 = strstr(v, "\"http2\"");
      if (h2 != NULL) {
        h2 += 7;
        while (*h2 == ' ' || *h2 == ':') h2++;
      }
      CHECK(h2 != NULL && strncmp(h2, "true", 4) == 0, "http2 feature not reported as true: %s", v);
      CHECK(strstr(v, "\"features\"") != NULL, "no features: %s", v);
      CHECK(http_version_info() == v || strcmp(http_version_info(), v) == 0, "version info changed");
    }
  }

  /* ---- last error detail ---- */
  {
    struct http_options *o = http_options_new();
    CHECK_INT_EQ(http_options_set_priority(o, 0), NETHTTP_ERR_PARAMETER);
    const char *d = http_last_error_detail();
    CHECK(d != NULL && strstr(d, "priority") != NULL, "detail after a bad priority: \"%s\"", d ? d : "(null)");
    CHECK_INT_EQ(http_options_set_max_limit(o, 0), NETHTTP_ERR_PARAMETER);
    d = http_last_error_detail();
    CHECK(d != NULL && d[0] != '\0', "detail after a bad maxLimit: \"%s\"", d ? d : "(null)");
    char after_limit[256];
    snprintf(after_limit, sizeof after_limit, "%s", d ? d : "");

    /* per thread: a new thread starts with "", its failure stays there */
    char other[256] = "";
    pthread_t t;
    pthread_create(&t, NULL, fresh_thread, other);
    pthread_join(t, NULL);
    CHECK(other[0] == '\0', "a new thread sees another thread's detail: \"%s\"", other);
    CHECK_STR_EQ(http_last_error_detail(), after_limit);

    /* a transfer failure: detail from libcurl */
    struct http_handle *h = http_create();
    struct http_response *r = NULL;
    CHECK_INT_EQ(http_request_sync(h, "http://nonexistent.invalid/", NULL, &r), NETHTTP_ERR_COULDNT_RESOLVE);
    d = http_last_error_detail();
    CHECK(d != NULL && d[0] != '\0' && strcmp(d, after_limit) != 0, "detail after a resolve failure: \"%s\"",
          d ? d : "(null)");
    http_destroy(h);

    /* a bad URL */
    h = http_create();
    CHECK_INT_EQ(http_request_sync(h, "", NULL, &r), NETHTTP_ERR_PARAMETER);
    d = http_last_error_detail();
    CHECK(d != NULL && d[0] != '\0', "detail after an empty URL");
    http_destroy(h);

    /* a success does not make the API unusable afterwards */
    h = http_create();
    char *url = url_join(http, "/100.bin");
    CHECK_INT_EQ(http_request_sync(h, url, NULL, &r), 0);
    http_response_free(r);
    http_destroy(h);
    free(url);
    http_options_free(o);
  }

  return test_finish();
}
