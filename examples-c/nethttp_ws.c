/*
 * nethttp_ws — a WebSocket client on nethttp, one JSON line per event.
 *
 *   nethttp_ws [-H 'Name: value']... [--options JSON] [--send TEXT]... [--binary FILE]...
 *              [--count N] [--close CODE REASON] [--timeout SECONDS] [-k] [--cacert FILE] URL
 *
 * Connects to URL (ws:// or wss://), sends each --send as a text message and each --binary
 * file as one binary message (then each line of stdin when stdin is not a terminal), waits
 * for N messages when --count N is given, then closes with --close's code and reason
 * (default 1000) and waits for the server's close. Events go to stdout as JSON lines:
 *   {"event":"open","status":101,"message":"Switching Protocols","protocol":"","headers":{...}}
 *   {"event":"message","type":"text","data":"..."}      (binary data in base64)
 *   {"event":"close","code":1000,"reason":"..."}
 *   {"event":"error","code":2302105,"message":"..."}
 * Exit status: 0 after a clean close, 1 after an error or an unclean close (or the
 * timeout, default 30 s), 2 on a usage error (also for a URL that is not ws:// or wss://).
 *
 * Callbacks are delivered on this thread through an http_queue (poll on its fd, then
 * http_queue_dispatch), so the program needs no locks.
 */
#define _POSIX_C_SOURCE 200809L
#include <nethttp.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct msg {
    int32_t type;
    char *data;
    size_t len;
};

struct app {
    struct nethttp_ws *ws;
    struct msg *msgs;
    size_t nmsgs;
    long want;           /* messages to wait for (-1: none) */
    long received;
    size_t sends_done;
    int opened;
    int closing;
    int closed;
    int error;
    int exit_code;
    uint32_t close_code;
    const char *close_reason;
};

static void usage(void) {
    fprintf(stderr,
            "usage: nethttp_ws [-H 'Name: value']... [--options JSON] [--send TEXT]...\n"
            "                  [--binary FILE]... [--count N] [--close CODE REASON]\n"
            "                  [--timeout SECONDS] [-k] [--cacert FILE] URL\n");
    exit(2);
}

static void json_string(FILE *f, const char *s, size_t n) {
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20) fprintf(f, "\\u%04x", c);
            else fputc(c, f);
        }
    }
    fputc('"', f);
}

static void base64(FILE *f, const unsigned char *d, size_t n) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    fputc('"', f);
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)d[i] << 16;
        if (i + 1 < n) v |= (unsigned)d[i + 1] << 8;
        if (i + 2 < n) v |= d[i + 2];
        fputc(t[(v >> 18) & 63], f);
        fputc(t[(v >> 12) & 63], f);
        fputc(i + 1 < n ? t[(v >> 6) & 63] : '=', f);
        fputc(i + 2 < n ? t[v & 63] : '=', f);
    }
    fputc('"', f);
}

static void start_close(struct app *a) {
    if (a->closing || a->closed) return;
    a->closing = 1;
    int rc = nethttp_ws_close(a->ws, a->close_code, a->close_reason, NULL, NULL);
    /* NOT_OPEN: the server is closing already; its CLOSE event follows. */
    if (rc != 0 && rc != NETHTTP_ERR_WS_NOT_OPEN) {
        fprintf(stderr, "nethttp_ws: close: %d %s (%s)\n", rc, http_error_message(rc),
                http_last_error_detail());
        a->exit_code = 1;
        a->closed = 1;
    }
}

/* All sends written and enough messages seen: close. */
static void maybe_close(struct app *a) {
    if (a->opened && a->sends_done == a->nmsgs && (a->want < 0 || a->received >= a->want))
        start_close(a);
}

static void on_sent(void *ud, struct nethttp_ws *ws, int32_t code, const char *message) {
    (void)ws;
    struct app *a = ud;
    a->sends_done++;
    if (code != 0) {
        printf("{\"event\":\"error\",\"code\":%d,\"message\":", code);
        json_string(stdout, message, strlen(message));
        printf("}\n");
        a->error = 1;
    }
    maybe_close(a);
}

static void on_event(void *ud, struct nethttp_ws *ws, const struct nethttp_ws_event *e) {
    struct app *a = ud;
    switch (e->type) {
    case NETHTTP_WS_EVENT_OPEN:
        printf("{\"event\":\"open\",\"status\":%u,\"message\":", e->status);
        json_string(stdout, e->status_message, strlen(e->status_message));
        printf(",\"protocol\":");
        json_string(stdout, e->protocol, strlen(e->protocol));
        printf(",\"headers\":%.*s}\n", (int)e->headers_json_len, e->headers_json);
        a->opened = 1;
        for (size_t i = 0; i < a->nmsgs; i++) {
            int rc = nethttp_ws_send(ws, a->msgs[i].type, (const uint8_t *)a->msgs[i].data,
                                     a->msgs[i].len, on_sent, a);
            if (rc != 0) {
                on_sent(a, ws, rc, http_last_error_detail());
            }
        }
        maybe_close(a);
        break;
    case NETHTTP_WS_EVENT_MESSAGE:
        if (e->message_type == NETHTTP_WS_TEXT) {
            printf("{\"event\":\"message\",\"type\":\"text\",\"data\":");
            json_string(stdout, (const char *)e->data, e->data_len);
        } else {
            printf("{\"event\":\"message\",\"type\":\"binary\",\"data\":");
            base64(stdout, e->data, e->data_len);
        }
        printf("}\n");
        a->received++;
        maybe_close(a);
        break;
    case NETHTTP_WS_EVENT_ERROR:
        printf("{\"event\":\"error\",\"code\":%d,\"message\":", e->error_code);
        json_string(stdout, e->error_message, strlen(e->error_message));
        printf("}\n");
        a->error = 1;
        break;
    case NETHTTP_WS_EVENT_CLOSE:
        printf("{\"event\":\"close\",\"code\":%u,\"reason\":", e->close_code);
        json_string(stdout, e->close_reason, strlen(e->close_reason));
        printf("}\n");
        a->closed = 1;
        if (a->error || e->close_code == 1006) a->exit_code = 1;
        break;
    }
    fflush(stdout);
}

static void on_connected(void *ud, struct nethttp_ws *ws, int32_t code, const char *message) {
    (void)ws;
    (void)message;
    struct app *a = ud;
    if (code != 0) {
        /* The ERROR event said why; there is no CLOSE event after a failed connect. */
        a->exit_code = 1;
        a->closed = 1;
    }
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "nethttp_ws: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) exit(2);
    *len = n;
    return buf;
}

static void add_msg(struct app *a, int32_t type, char *data, size_t len) {
    a->msgs = realloc(a->msgs, (a->nmsgs + 1) * sizeof *a->msgs);
    if (!a->msgs) exit(2);
    a->msgs[a->nmsgs++] = (struct msg){type, data, len};
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    struct app a = {0};
    a.want = -1;
    a.close_code = 1000;
    a.close_reason = "";
    const char *url = NULL, *options_json = NULL, *cacert = NULL;
    int insecure = 0;
    double timeout = 30;
    const char *headers[64];
    int nheaders = 0;

    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "-H") && i + 1 < argc) {
            if (nheaders == 64) usage();
            headers[nheaders++] = argv[++i];
        } else if (!strcmp(o, "--options") && i + 1 < argc) {
            options_json = argv[++i];
        } else if (!strcmp(o, "--send") && i + 1 < argc) {
            const char *t = argv[++i];
            add_msg(&a, NETHTTP_WS_TEXT, strdup(t), strlen(t));
        } else if (!strcmp(o, "--binary") && i + 1 < argc) {
            size_t n;
            char *d = read_file(argv[++i], &n);
            add_msg(&a, NETHTTP_WS_BINARY, d, n);
        } else if (!strcmp(o, "--count") && i + 1 < argc) {
            a.want = strtol(argv[++i], NULL, 10);
        } else if (!strcmp(o, "--close") && i + 2 < argc) {
            a.close_code = (uint32_t)strtoul(argv[++i], NULL, 10);
            a.close_reason = argv[++i];
            if (a.close_code != 1000 && (a.close_code < 3000 || a.close_code > 4999)) {
                fprintf(stderr, "nethttp_ws: --close: the code must be 1000 or 3000..4999\n");
                exit(2);
            }
        } else if (!strcmp(o, "--timeout") && i + 1 < argc) {
            timeout = atof(argv[++i]);
        } else if (!strcmp(o, "--cacert") && i + 1 < argc) {
            cacert = argv[++i];
        } else if (!strcmp(o, "-k")) {
            insecure = 1;
        } else if (o[0] == '-' && o[1]) {
            usage();
        } else if (!url) {
            url = o;
        } else {
            usage();
        }
    }
    if (!url || (strncasecmp(url, "ws://", 5) && strncasecmp(url, "wss://", 6))) usage();

    if (!isatty(STDIN_FILENO)) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) > 0) {
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
            add_msg(&a, NETHTTP_WS_TEXT, strdup(line), (size_t)n);
        }
        free(line);
    }

    struct nethttp_ws_options *opts = NULL;
    int rc = options_json ? nethttp_ws_options_from_json(options_json, &opts)
                          : ((opts = nethttp_ws_options_new()) ? 0 : 1);
    for (int i = 0; rc == 0 && i < nheaders; i++) {
        char name[256];
        const char *colon = strchr(headers[i], ':');
        size_t nl = colon ? (size_t)(colon - headers[i]) : 0;
        if (!colon || nl >= sizeof name) {
            fprintf(stderr, "nethttp_ws: -H %s: expected 'Name: value'\n", headers[i]);
            return 2;
        }
        memcpy(name, headers[i], nl);
        name[nl] = 0;
        const char *v = colon + 1;
        while (*v == ' ') v++;
        rc = nethttp_ws_options_add_header(opts, name, v);
    }
    if (rc == 0 && cacert) rc = nethttp_ws_options_set_ca_path(opts, cacert);
    if (rc == 0 && insecure) rc = nethttp_ws_options_set_skip_server_cert_verification(opts, true);
    if (rc != 0) {
        fprintf(stderr, "nethttp_ws: options: %d %s (%s)\n", rc, http_error_message(rc),
                http_last_error_detail());
        return 2;
    }

    struct http_queue *q = http_queue_new();
    a.ws = nethttp_ws_create();
    if (!q || !a.ws) return 1;
    nethttp_ws_set_queue(a.ws, q);
    for (int t = NETHTTP_WS_EVENT_OPEN; t <= NETHTTP_WS_EVENT_ERROR; t++)
        nethttp_ws_on(a.ws, t, on_event, &a);
    rc = nethttp_ws_connect(a.ws, url, opts, on_connected, &a);
    nethttp_ws_options_free(opts);
    if (rc != 0) {
        printf("{\"event\":\"error\",\"code\":%d,\"message\":", rc);
        const char *d = http_last_error_detail();
        json_string(stdout, d, strlen(d));
        printf("}\n");
        nethttp_ws_destroy(a.ws);
        http_queue_free(q);
        return rc == NETHTTP_ERR_WS_URL ? 2 : 1;
    }

    double deadline = now_s() + timeout;
    while (!a.closed) {
        double left = deadline - now_s();
        if (left <= 0) {
            fprintf(stderr, "nethttp_ws: timed out after %.0f s\n", timeout);
            a.exit_code = 1;
            break;
        }
        struct pollfd p = {.fd = http_queue_fd(q), .events = POLLIN};
        poll(&p, 1, (int)(left * 1000) + 1);
        http_queue_dispatch(q);
    }
    nethttp_ws_destroy(a.ws);
    http_queue_free(q);
    for (size_t i = 0; i < a.nmsgs; i++) free(a.msgs[i].data);
    free(a.msgs);
    return a.exit_code;
}
