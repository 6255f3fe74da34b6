/* multiFormDataList through the C ABI against httpbin's /post and /put echo
 * (NETHTTP_TEST_HTTPBIN): data parts (text, JSON object, binary with a remoteFileName), file
 * parts streamed from disk (with and without remoteFileName), content types, the JSON form,
 * and the refusals (a method without a body, another Content-Type, extraData as well, a
 * missing file). A large file goes to nginx's /echo. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "nethttp.h"

/* fetch_sync; a request that succeeds must get 200. */
static int32_t send_form(const char *url, const struct http_options *o, char **body,
                         size_t *len) {
  uint32_t status = 0;
  int32_t rc = fetch_sync(url, o, &status, body, len);
  if (rc == 0) CHECK_INT_EQ(status, 200);
  return rc;
}

static char *write_tmp(const char *tmp, const char *name, const char *content) {
  char *path = url_join(tmp, name);
  FILE *f = fopen(path, "wb");
  fputs(content, f);
  fclose(f);
  return path;
}

/* httpbin's JSON is pretty-printed: "key": "value" */
static bool has_pair(const char *json, const char *key, const char *value) {
  char pat[512];
  snprintf(pat, sizeof pat, "\"%s\": \"%s\"", key, value);
  return json && strstr(json, pat) != NULL;
}

static void test_typed(const char *httpbin, const char *tmp) {
  char *file = write_tmp(tmp, "upload.txt", "file content from disk\n");
  char *url = url_join(httpbin, "/post");
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_POST), 0);
  CHECK_INT_EQ(http_options_add_header(o, "Content-Type", "multipart/form-data"), 0);
  const char *text = "plain value";
  CHECK_INT_EQ(http_options_add_form_data(o, "field", "text/plain", (const uint8_t *)text,
                                          strlen(text), NULL), 0);
  const char *bin = "binary\001\002";
  CHECK_INT_EQ(http_options_add_form_data(o, "blob", "application/octet-stream",
                                          (const uint8_t *)"binary", 6, "blob.bin"), 0);
  CHECK_INT_EQ(http_options_add_form_file(o, "doc", "text/plain", file, "renamed.txt"), 0);
  CHECK_INT_EQ(http_options_add_form_file(o, "doc2", NULL, file, NULL), 0);
  (void)bin;
  char *body = NULL;
  if (CHECK(send_form(url, o, &body, NULL) == 0, "POST form")) {
    CHECK(has_pair(body, "field", "plain value"), "form field: %s", body);
    CHECK(has_pair(body, "blob", "binary"), "data part with remoteFileName is a file: %s", body);
    CHECK(has_pair(body, "doc", "file content from disk\\n"), "file part: %s", body);
    CHECK(has_pair(body, "doc2", "file content from disk\\n"), "file part 2: %s", body);
    CHECK(strstr(body, "multipart/form-data; boundary=") != NULL, "content type: %s", body);
  }
  free(body);
  /* PUT sends the form too */
  CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_PUT), 0);
  char *put = url_join(httpbin, "/put");
  if (CHECK(send_form(put, o, &body, NULL) == 0, "PUT form")) {
    CHECK(has_pair(body, "field", "plain value"), "PUT form field: %s", body);
  }
  free(body);
  free(put);

  /* refusals: 401 when the request starts */
  struct http_handle *h;
  struct http_response *r = NULL;
  CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_GET), 0);
  h = http_create();
  CHECK_INT_EQ(http_request_sync(h, url, o, &r), NETHTTP_ERR_PARAMETER);
  CHECK(strstr(http_last_error_detail(), "multiFormDataList") != NULL, "%s", http_last_error_detail());
  http_destroy(h);
  CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_POST), 0);
  CHECK_INT_EQ(http_options_add_header(o, "Content-Type", "text/plain"), 0);
  h = http_create();
  CHECK_INT_EQ(http_request_sync(h, url, o, &r), NETHTTP_ERR_PARAMETER);
  http_destroy(h);
  CHECK_INT_EQ(http_options_add_header(o, "Content-Type", "multipart/form-data"), 0);
  CHECK_INT_EQ(http_options_set_extra_data_string(o, "x"), 0);
  h = http_create();
  CHECK_INT_EQ(http_request_sync(h, url, o, &r), NETHTTP_ERR_PARAMETER);
  http_destroy(h);
  http_options_free(o);

  /* without a Content-Type header the parts are sent as multipart/form-data anyway */
  o = http_options_new();
  CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_POST), 0);
  CHECK_INT_EQ(http_options_add_form_file(o, "gone", "text/plain", "/nonexistent/file.txt", NULL), 0);
  h = http_create();
  CHECK_INT_EQ(http_request_sync(h, url, o, &r), 2300026);
  http_destroy(h);
  CHECK_INT_EQ(http_options_clear_form(o), 0);
  CHECK_INT_EQ(http_options_add_form_data(o, "k", NULL, (const uint8_t *)"v", 1, NULL), 0);
  if (CHECK(send_form(url, o, &body, NULL) == 0, "form without Content-Type")) {
    CHECK(has_pair(body, "k", "v"), "%s", body);
  }
  free(body);
  /* argument errors */
  CHECK_INT_EQ(http_options_add_form_data(o, NULL, NULL, (const uint8_t *)"v", 1, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_form_data(o, "", NULL, (const uint8_t *)"v", 1, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_form_data(o, "k", NULL, NULL, 1, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_form_data(o, "k", "a\r\nb", (const uint8_t *)"v", 1, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_add_form_file(o, "k", NULL, NULL, NULL), NETHTTP_ERR_PARAMETER);
  CHECK_INT_EQ(http_options_clear_form(NULL), NETHTTP_ERR_PARAMETER);
  http_options_free(o);
  free(url);
  free(file);
}

static void test_json(const char *httpbin, const char *tmp) {
  char *file = write_tmp(tmp, "json-upload.txt", "from the JSON form\n");
  char json[2048];
  snprintf(json, sizeof json,
           "{\"method\":\"POST\",\"header\":{\"content-type\":\"multipart/form-data\"},"
           "\"multiFormDataList\":["
           "{\"name\":\"text\",\"contentType\":\"text/plain\",\"data\":\"hello form\"},"
           "{\"name\":\"obj\",\"contentType\":\"application/json\",\"data\":{\"k\":1}},"
           "{\"name\":\"f\",\"contentType\":\"text/plain\",\"filePath\":\"%s\",\"remoteFileName\":\"r.txt\"}]}",
           file);
  struct http_options *o = NULL;
  if (CHECK(http_options_from_json(json, &o) == 0, "%s", http_last_error_detail())) {
    char *url = url_join(httpbin, "/post"), *body = NULL;
    if (CHECK(send_form(url, o, &body, NULL) == 0, "JSON form")) {
      CHECK(has_pair(body, "text", "hello form"), "%s", body);
      CHECK(has_pair(body, "obj", "{\\\"k\\\":1}"), "%s", body);
      CHECK(has_pair(body, "f", "from the JSON form\\n"), "%s", body);
    }
    free(body);
    free(url);
    http_options_free(o);
  }
  o = NULL;
  CHECK_INT_EQ(http_options_from_json("{\"multiFormDataList\":[{\"name\":\"a\",\"contentType\":\"t\"}]}", &o),
               NETHTTP_ERR_PARAMETER);
  CHECK(strstr(http_last_error_detail(), "multiFormDataList") != NULL, "%s", http_last_error_detail());
  CHECK_INT_EQ(http_options_from_json("{\"multiFormDataList\":{\"name\":\"a\"}}", &o), NETHTTP_ERR_PARAMETER);
  free(file);
}

/* A 32 MiB file part, streamed, arrives whole (nginx /echo returns the multipart body). */
static void test_large(const char *http, const char *tmp) {
  char *path = url_join(tmp, "big.bin");
  FILE *f = fopen(path, "wb");
  char block[65536];
  for (size_t i = 0; i < sizeof block; i++) block[i] = (char)('a' + i % 26);
  for (int i = 0; i < 512; i++) fwrite(block, 1, sizeof block, f);
  fclose(f);
  struct http_options *o = http_options_new();
  CHECK_INT_EQ(http_options_set_method(o, HTTP_METHOD_POST), 0);
  CHECK_INT_EQ(http_options_set_max_limit(o, 64u * 1024 * 1024), 0);
  CHECK_INT_EQ(http_options_add_form_file(o, "big", "application/octet-stream", path, NULL), 0);
  char *url = url_join(http, "/echo"), *body = NULL;
  size_t len = 0;
  if (CHECK(send_form(url, o, &body, &len) == 0, "large form")) {
    CHECK(len > 32u * 1024 * 1024 && len < 32u * 1024 * 1024 + 1024, "echoed %zu bytes", len);
    CHECK(strstr(body, "filename=\"big.bin\"") != NULL, "no filename in the part head");
  }
  free(body);
  free(url);
  http_options_free(o);
  free(path);
}

int main(void) {
  const char *httpbin = env_or_die("NETHTTP_TEST_HTTPBIN");
  const char *tmp = env_or_die("NETHTTP_TEST_TMP");
  test_typed(httpbin, tmp);
  test_json(httpbin, tmp);
  test_large(env_or_die("NETHTTP_TEST_HTTP"), tmp);
  return test_finish();
}
