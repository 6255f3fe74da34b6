/*
 * The Autobahn testsuite's client side on nethttp: runs every case of a fuzzing server
 * (kosoku -m fuzzingserver), echoing each message back with its type, then asks the
 * server to write its reports. Usage: autobahn_client ws://127.0.0.1:PORT [AGENT]
 * Exit status 0 when every case ran (the verdicts are in the server's index.json).
 * Each case runs on a fresh nethttp_ws; events arrive on this thread through a queue,
 * and the echo is sent from inside the MESSAGE callback.
 */
#define _POSIX_C_SOURCE 200809L
#include <nethttp.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct run {
    int done;
    int failed_connect;
    long count;
};

static void on_event(void *ud, struct nethttp_ws *ws, const struct nethttp_ws_event *e) {
    struct run *r = ud;
    if (e->type == NETHTTP_WS_EVENT_MESSAGE) {
        if (r->count == -1) {
            r->count = strtol((const char *)e->data, NULL, 10);
        } else {
            nethttp_ws_send(ws, e->message_type, e->data, e->data_len, NULL, NULL);
        }
    } else if (e->type == NETHTTP_WS_EVENT_CLOSE) {
        r->done = 1;
    }
}

static void on_connected(void *ud, struct nethttp_ws *ws, int32_t code, const char *msg) {
    (void)ws;
    (void)msg;
    struct run *r = ud;
    if (code != 0) {
        r->failed_connect = 1;
        r->done = 1;
    }
}

static int run_one(struct http_queue *q, const char *url, struct run *r) {
    struct nethttp_ws *ws = nethttp_ws_create();
    nethttp_ws_set_queue(ws, q);
    nethttp_ws_on(ws, NETHTTP_WS_EVENT_MESSAGE, on_event, r);
    nethttp_ws_on(ws, NETHTTP_WS_EVENT_CLOSE, on_event, r);
    struct nethttp_ws_options *o = nethttp_ws_options_new();
    nethttp_ws_options_set_close_timeout(o, 3000);
    int rc = nethttp_ws_connect(ws, url, o, on_connected, r);
    nethttp_ws_options_free(o);
    if (rc != 0) {
        fprintf(stderr, "connect %s: %d %s\n", url, rc, http_last_error_detail());
        nethttp_ws_destroy(ws);
        return -1;
    }
    double deadline = now_s() + 120;
    while (!r->done && now_s() < deadline) {
        struct pollfd p = {.fd = http_queue_fd(q), .events = POLLIN};
        poll(&p, 1, 100);
        http_queue_dispatch(q);
    }
    nethttp_ws_destroy(ws);
    if (!r->done) {
        fprintf(stderr, "%s: no close after 120 s\n", url);
        return -1;
    }
    return r->failed_connect ? -1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: autobahn_client ws://HOST:PORT [AGENT]\n");
        return 2;
    }
    const char *base = argv[1], *agent = argc > 2 ? argv[2] : "nethttp";
    struct http_queue *q = http_queue_new();
    char url[512];
    snprintf(url, sizeof url, "%s/getCaseCount", base);
    struct run r = {0, 0, -1};
    if (run_one(q, url, &r) != 0 || r.count <= 0) {
        fprintf(stderr, "getCaseCount failed\n");
        return 1;
    }
    long n = r.count;
    int bad = 0;
    for (long i = 1; i <= n; i++) {
        snprintf(url, sizeof url, "%s/runCase?case=%ld&agent=%s", base, i, agent);
        struct run c = {0, 0, 0};
        if (run_one(q, url, &c) != 0) bad++;
    }
    snprintf(url, sizeof url, "%s/updateReports?agent=%s", base, agent);
    struct run u = {0, 0, 0};
    if (run_one(q, url, &u) != 0) bad++;
    http_queue_free(q);
    fprintf(stderr, "autobahn_client: %ld cases run, %d connects failed\n", n, bad);
    return bad ? 1 : 0;
}
