/* Q1 + Q2: CONNECT_ONLY=2 WebSocket driven by a shared curl multi handle,
   alongside ordinary HTTP transfers; curl_ws_* while still added;
   socket from CURLINFO_ACTIVESOCKET polled via curl_multi_poll extra_fds;
   cross-thread sends queued to the worker + curl_multi_wakeup.
   usage: ws_multi [keep|remove|fail200|refused]  (default keep) */
#include "common.h"
#include <pthread.h>

static size_t sink(char *p, size_t s, size_t n, void *u) { (void)u; printf("    [http body] %.*s", (int)(s*n), p); return s*n; }

static CURL *http_easy(const char *url) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  return h;
}

/* queue of messages from another thread */
static pthread_mutex_t qmu = PTHREAD_MUTEX_INITIALIZER;
static char *queue[16]; static int qn = 0; static int producer_done = 0;
static CURLM *M;
static void *producer(void *arg) {
  (void)arg;
  for(int i = 0; i < 3; i++) {
    usleep(100000);
    char *s = malloc(32); snprintf(s, 32, "from-thread-%d", i);
    pthread_mutex_lock(&qmu); queue[qn++] = s; pthread_mutex_unlock(&qmu);
    curl_multi_wakeup(M);               /* wake the worker blocked in curl_multi_poll */
  }
  pthread_mutex_lock(&qmu); producer_done = 1; pthread_mutex_unlock(&qmu);
  curl_multi_wakeup(M);
  return NULL;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "keep";
  T0 = now_ms();
  curl_global_init(CURL_GLOBAL_DEFAULT);
  M = curl_multi_init();
  const char *url = "ws://127.0.0.1:9101/greet";
  if(!strcmp(mode, "fail200")) url = "ws://127.0.0.1:9101/http";
  if(!strcmp(mode, "refused")) url = "ws://127.0.0.1:9109/";
  CURL *ws = curl_easy_init();
  curl_easy_setopt(ws, CURLOPT_URL, url);
  curl_easy_setopt(ws, CURLOPT_CONNECT_ONLY, 2L);
  if(getenv("VERBOSE")) curl_easy_setopt(ws, CURLOPT_VERBOSE, 1L);
  CURL *h1 = http_easy("http://127.0.0.1:9101/http");
  curl_multi_add_handle(M, ws);
  curl_multi_add_handle(M, h1);
  LOG("added ws (%s) + http transfer to one multi", url);

  int running = 1, ws_done = 0;
  while(!ws_done || running) {
    curl_multi_perform(M, &running);
    CURLMsg *msg; int q;
    while((msg = curl_multi_info_read(M, &q))) {
      if(msg->msg != CURLMSG_DONE) continue;
      long code = 0; curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
      if(msg->easy_handle == ws) {
        curl_socket_t fd = CURL_SOCKET_BAD; curl_easy_getinfo(ws, CURLINFO_ACTIVESOCKET, &fd);
        LOG("CURLMSG_DONE for WS: result=%d (%s) response_code=%ld activesocket=%d running=%d",
            msg->data.result, curl_easy_strerror(msg->data.result), code, (int)fd, running);
        ws_done = 1;
        if(msg->data.result) { curl_multi_remove_handle(M, ws); curl_easy_cleanup(ws);
          curl_multi_remove_handle(M, h1); curl_easy_cleanup(h1); curl_multi_cleanup(M); return 0; }
      } else {
        LOG("CURLMSG_DONE for HTTP: result=%d response_code=%ld", msg->data.result, code);
      }
    }
    if(!ws_done || running) curl_multi_poll(M, NULL, 0, 1000, NULL);
  }
  curl_multi_remove_handle(M, h1); curl_easy_cleanup(h1);

  if(!strcmp(mode, "remove")) {
    curl_multi_remove_handle(M, ws);
    LOG("removed ws easy from multi");
    size_t sent; CURLcode rc = curl_ws_send(ws, "after-remove", 12, &sent, 0, CURLWS_TEXT);
    LOG("curl_ws_send after remove -> %d (%s)", rc, curl_easy_strerror(rc));
    char b[256]; size_t n; const struct curl_ws_frame *m;
    rc = curl_ws_recv(ws, b, sizeof b, &n, &m);
    LOG("curl_ws_recv after remove -> %d (%s)", rc, curl_easy_strerror(rc));
    curl_socket_t fd = CURL_SOCKET_BAD; CURLcode g = curl_easy_getinfo(ws, CURLINFO_ACTIVESOCKET, &fd);
    LOG("ACTIVESOCKET after remove -> rc=%d fd=%d", g, (int)fd);
    curl_easy_cleanup(ws); curl_multi_cleanup(M); return 0;
  }

  /* Still added to the multi. Deliberately wait 300 ms before the first recv: Q2 */
  usleep(300000);
  curl_socket_t wsfd; curl_easy_getinfo(ws, CURLINFO_ACTIVESOCKET, &wsfd);

  /* start a second HTTP transfer + the producer thread, then run an event loop
     where curl_multi_poll waits on curl's own sockets AND the ws socket (extra_fds) */
  CURL *h2 = http_easy("http://127.0.0.1:9101/http");
  curl_multi_add_handle(M, h2);
  pthread_t th; pthread_create(&th, NULL, producer, NULL);

  int got_echo = 0, sent_total = 0, wakeups = 0, pd = 0;
  double end = now_ms() + 5000;
  while(now_ms() < end) {
    struct curl_waitfd xfd = { wsfd, CURL_WAIT_POLLIN, 0 };
    int numfds = 0;
    CURLMcode mc = curl_multi_poll(M, &xfd, 1, 1000, &numfds);
    if(mc) LOG("curl_multi_poll -> %d", mc);
    curl_multi_perform(M, &running);
    CURLMsg *msg; int q;
    while((msg = curl_multi_info_read(M, &q)))
      if(msg->msg == CURLMSG_DONE) LOG("CURLMSG_DONE for %s: result=%d", msg->easy_handle == h2 ? "HTTP#2" : "WS(!)", msg->data.result);
    /* drain queued sends from other threads */
    pthread_mutex_lock(&qmu);
    int n = qn; char *items[16]; memcpy(items, queue, sizeof(char*)*n); qn = 0; pd = producer_done;
    pthread_mutex_unlock(&qmu);
    if(n) wakeups++;
    for(int i = 0; i < n; i++) {
      size_t sent; CURLcode rc = curl_ws_send(ws, items[i], strlen(items[i]), &sent, 0, CURLWS_TEXT);
      LOG("worker: curl_ws_send('%s') while still in multi -> %d sent=%zu", items[i], rc, sent);
      sent_total++; free(items[i]);
    }
    if(xfd.revents & CURL_WAIT_POLLIN) {
      LOG("extra_fd revents=POLLIN for ws socket");
      for(;;) {
        char b[256]; size_t rn; const struct curl_ws_frame *m;
        CURLcode rc = curl_ws_recv(ws, b, sizeof b, &rn, &m);
        if(rc == CURLE_AGAIN) break;
        print_frame(rc, rn, m, b);
        if(rc) { end = 0; break; }
        if(strncmp(b, "from-thread", 11) == 0) got_echo++;
      }
    }
    if(pd && got_echo == 3) break;
  }
  pthread_join(th, NULL);
  LOG("summary: sent=%d echoes=%d wakeup-batches=%d", sent_total, got_echo, wakeups);
  /* polite close */
  unsigned char cl[2] = { 0x03, 0xe8 }; size_t s;
  CURLcode rc = curl_ws_send(ws, cl, 2, &s, 0, CURLWS_CLOSE);
  LOG("send CLOSE 1000 -> %d", rc);
  curl_multi_remove_handle(M, h2); curl_easy_cleanup(h2);
  curl_multi_remove_handle(M, ws); curl_easy_cleanup(ws);
  curl_multi_cleanup(M);
  curl_global_cleanup();
  return 0;
}
