/*
 * nethttp_sock — a netcat-like TCP / UDP / local-socket tool on nethttp.
 *
 *   nethttp_sock [--options JSON] [--events] [--count N] [--timeout MS] [--echo]
 *                [--bind ADDRESS] [--cacert FILE] [-k] [--cert FILE --key FILE]
 *                [--tls-options JSON] MODE ...
 *   MODE: tcp HOST PORT | udp HOST PORT | local PATH | tls HOST PORT
 *         listen tcp PORT | listen udp PORT | listen local PATH | listen tls PORT
 *
 * tcp / local / tls: stdin goes to the socket, received bytes to stdout; at stdin's end the
 *   sending side is shut down, and the program exits 0 when the peer closes.
 * tls: the server's certificate is verified against the system's CAs, or --cacert FILE;
 *   -k skips that; --cert/--key present a client certificate. listen tls needs --cert and
 *   --key (and with --cacert requires clients to present a certificate from that CA).
 *   --tls-options takes the TLS options JSON as a whole (nethttp_sock_set_tls_options).
 * udp: each stdin line is one datagram (without its newline) to HOST PORT (a host name is
 *   resolved first); each received datagram is printed followed by a newline. At stdin's
 *   end it exits 0 once the datagrams are sent (with --count, once N have arrived).
 * listen: prints what it receives; --echo sends it back (tcp, local: on that connection;
 *   udp: to the sender). Without --count, a tcp or local listener exits 0 when its first
 *   connection closes. --bind picks the address to listen on (default 0.0.0.0; PORT 0
 *   takes a free port, which the "listening" event tells).
 * --count N: exit 0 after N messages received. --timeout MS: exit 1 if nothing arrives
 *   for MS milliseconds. --options: the socket's extra options as the spec's JSON, e.g.
 *   '{"TCPNoDelay":true}' (a listener's apply to its connections too).
 * --events: every event as one JSON line on stderr:
 *   {"event":"connect"} {"event":"listening","port":N} {"event":"close"}
 *   {"event":"message","size":N,"remoteInfo":{"address":"...","family":"IPv4","port":N}}
 *   {"event":"error","code":N,"message":"..."}
 * Exit status: 0 on success, 1 on an error (or the timeout), 2 on a usage error.
 *
 * Callbacks are delivered on this thread through an http_queue (poll on its fd and stdin,
 * then http_queue_dispatch), so the program needs no locks.
 */
#define _POSIX_C_SOURCE 200809L
#include <nethttp.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum mode { M_TCP, M_UDP, M_LOCAL, M_TLS, M_LISTEN_TCP, M_LISTEN_UDP, M_LISTEN_LOCAL, M_LISTEN_TLS };

struct app {
    enum mode mode;
    int events;
    int echo;
    long count;           /* messages to wait for (-1: none) */
    long received;
    long timeout_ms;      /* idle limit (-1: none) */
    long long last_activity;
    int done;
    int exit_code;
    int connected;
    int stdin_open;
    int input_paused;     /* send queue over its mark: stdin waits for DRAIN */
    const char *udp_host; /* the destination as an IP literal */
    uint16_t udp_port;
    struct nethttp_sock *sock;
    struct nethttp_sock *conns[1024];
    int nconns;
    int conns_seen;
    char *line;           /* udp: the partial stdin line */
    size_t line_len, line_cap;
};

#define SEND_MARK (1u << 20)

static void usage(void) {
    fprintf(stderr,
            "usage: nethttp_sock [--options JSON] [--events] [--count N] [--timeout MS] [--echo]\n"
            "                    [--bind ADDRESS] [--cacert FILE] [-k] [--cert FILE --key FILE]\n"
            "                    [--tls-options JSON] MODE ...\n"
            "  MODE: tcp HOST PORT | udp HOST PORT | local PATH | tls HOST PORT\n"
            "        listen tcp PORT | listen udp PORT | listen local PATH | listen tls PORT\n");
    exit(2);
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void json_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

static void write_all(const void *p, size_t n) {
    const char *b = p;
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, b, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;
        }
        b += w;
        n -= (size_t)w;
    }
}

static void fail(struct app *a, const char *what, int32_t code) {
    fprintf(stderr, "nethttp_sock: %s: %s (%d) %s\n", what, http_error_message(code), code,
            http_last_error_detail());
    a->exit_code = 1;
    a->done = 1;
}

static const char *family_name(int32_t f) {
    return f == 2 ? "IPv6" : f == 3 ? "local" : "IPv4";
}

static void on_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e);

static void attach(struct app *a, struct nethttp_sock *s) {
    for (int t = NETHTTP_SOCK_EVENT_CONNECT; t <= NETHTTP_SOCK_EVENT_DRAIN; t++)
        nethttp_sock_on(s, t, on_event, a);
}

static int is_listener(const struct app *a) {
    return a->mode == M_LISTEN_TCP || a->mode == M_LISTEN_UDP || a->mode == M_LISTEN_LOCAL ||
           a->mode == M_LISTEN_TLS;
}

static void on_event(void *ud, struct nethttp_sock *s, const struct nethttp_sock_event *e) {
    struct app *a = ud;
    switch (e->type) {
    case NETHTTP_SOCK_EVENT_CONNECT:
        if (a->events) fprintf(stderr, "{\"event\":\"connect\"}\n");
        if (e->connection) {
            if (a->nconns >= (int)(sizeof a->conns / sizeof a->conns[0])) {
                nethttp_sock_destroy(e->connection);
                break;
            }
            a->conns[a->nconns++] = e->connection;
            a->conns_seen++;
            attach(a, e->connection);
        } else {
            a->connected = 1;
        }
        a->last_activity = now_ms();
        break;
    case NETHTTP_SOCK_EVENT_LISTENING:
        if (a->events)
            fprintf(stderr, "{\"event\":\"listening\",\"port\":%u}\n", e->local ? e->local->port : 0);
        break;
    case NETHTTP_SOCK_EVENT_MESSAGE:
        a->last_activity = now_ms();
        if (a->events) {
            fprintf(stderr, "{\"event\":\"message\",\"size\":%zu", e->data_len);
            if (e->remote && a->mode != M_LOCAL && a->mode != M_LISTEN_LOCAL) {
                fprintf(stderr, ",\"remoteInfo\":{\"address\":");
                json_string(stderr, e->remote->address);
                fprintf(stderr, ",\"family\":\"%s\",\"port\":%u}", family_name(e->remote->family),
                        e->remote->port);
            }
            fprintf(stderr, "}\n");
        }
        write_all(e->data, e->data_len);
        if (a->mode == M_UDP || a->mode == M_LISTEN_UDP) write_all("\n", 1);
        if (a->echo && is_listener(a)) {
            int32_t rc;
            if (a->mode == M_LISTEN_UDP)
                rc = nethttp_sock_send_to(s, e->data, e->data_len, e->remote->address,
                                          e->remote->port, e->remote->family, NULL, NULL);
            else
                rc = nethttp_sock_send(s, e->data, e->data_len, NULL, NULL);
            if (rc != 0) fail(a, "echo", rc);
        }
        a->received++;
        if (a->count >= 0 && a->received >= a->count) a->done = 1;
        break;
    case NETHTTP_SOCK_EVENT_CLOSE:
        if (a->events) fprintf(stderr, "{\"event\":\"close\"}\n");
        if (s == a->sock) {
            if (!is_listener(a)) a->done = 1;
        } else if (a->count < 0) {
            /* A listener without --count: done when its first connection closes. */
            a->done = 1;
        }
        break;
    case NETHTTP_SOCK_EVENT_ERROR:
        if (a->events) {
            fprintf(stderr, "{\"event\":\"error\",\"code\":%d,\"message\":", e->error_code);
            json_string(stderr, e->error_message ? e->error_message : "");
            fprintf(stderr, "}\n");
        } else {
            fprintf(stderr, "nethttp_sock: %s (%d) %s\n", http_error_message(e->error_code),
                    e->error_code, e->error_message ? e->error_message : "");
        }
        /* A failed connection of a listener ends that connection only; so does a client's
         * failed TLS handshake, which a TLS listener reports on itself. */
        int handshake = a->mode == M_LISTEN_TLS && s == a->sock &&
                        ((e->error_code > 2303500 && e->error_code < 2303600) ||
                         e->error_code == 2303210);
        /* A client that already shut down its sending side (stdin ended) and then sees the
         * peer reset the connection (ECONNRESET; over TLS, the connection cut without
         * close_notify) has seen the peer close: that is the end it waits for, not a
         * failure (a server that exits after its last reply resets a connection whose
         * close_notify it did not read). */
        int reset_after_eof = !is_listener(a) && s == a->sock && !a->stdin_open &&
                              (e->error_code == 2301104 || e->error_code == 2303505);
        if (reset_after_eof) {
            a->done = 1;
        } else if ((s == a->sock || !is_listener(a)) && !handshake) {
            a->exit_code = 1;
            a->done = 1;
        }
        break;
    case NETHTTP_SOCK_EVENT_DRAIN:
        a->input_paused = 0;
        break;
    }
}

static void on_connect_result(void *ud, struct nethttp_sock *s, int32_t code, const char *msg) {
    (void)s;
    (void)msg;
    struct app *a = ud;
    if (code != 0) {
        a->exit_code = 1;
        a->done = 1;
    }
}

/* The destination of udp mode as an IP literal: a name is resolved. */
static const char *udp_destination(const char *host, int32_t *family) {
    struct nethttp_net_addresses *list = NULL;
    int32_t rc = nethttp_net_get_addresses_by_name(host, 0, &list);
    if (rc != 0) {
        fprintf(stderr, "nethttp_sock: %s: %s (%d) %s\n", host, http_error_message(rc), rc,
                http_last_error_detail());
        exit(1);
    }
    const char *addr = NULL;
    int32_t fam = 0;
    if (nethttp_net_addresses_count(list) == 0 ||
        nethttp_net_addresses_get(list, 0, &addr, &fam) != 0) {
        fprintf(stderr, "nethttp_sock: %s: no address\n", host);
        exit(1);
    }
    char *copy = strdup(addr);
    *family = fam;
    nethttp_net_addresses_free(list);
    return copy;
}

static void send_datagram(struct app *a, const char *p, size_t n) {
    int32_t rc = nethttp_sock_send_to(a->sock, (const uint8_t *)p, n, a->udp_host, a->udp_port,
                                      0, NULL, NULL);
    if (rc != 0) fail(a, "send", rc);
}

/* Reads what stdin has and sends it; at its end shuts down (tcp) or flushes (udp). */
static void pump_stdin(struct app *a) {
    char buf[65536];
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) return;
        n = 0;
    }
    if (n == 0) {
        a->stdin_open = 0;
        if (a->mode == M_UDP) {
            if (a->line_len > 0) send_datagram(a, a->line, a->line_len);
            a->line_len = 0;
        } else {
            /* A peer that already closed the connection (its CLOSE event may still be on
             * its way) leaves nothing to shut down: not an error. */
            int32_t rc = nethttp_sock_shutdown(a->sock);
            if (rc != 0 && rc != NETHTTP_ERR_SOCK_CLOSED && rc != NETHTTP_ERR_SOCK_NOT_CONNECTED)
                fail(a, "shutdown", rc);
        }
        return;
    }
    if (a->mode == M_UDP) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                send_datagram(a, a->line, a->line_len);
                a->line_len = 0;
                continue;
            }
            if (a->line_len == a->line_cap) {
                a->line_cap = a->line_cap ? a->line_cap * 2 : 256;
                a->line = realloc(a->line, a->line_cap);
            }
            a->line[a->line_len++] = buf[i];
        }
        return;
    }
    int32_t rc = nethttp_sock_send(a->sock, (const uint8_t *)buf, (size_t)n, NULL, NULL);
    if (rc != 0) {
        fail(a, "send", rc);
        return;
    }
    if (nethttp_sock_send_queue_size(a->sock) > SEND_MARK) a->input_paused = 1;
}

static long parse_long(const char *s, long min, long max) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max) usage();
    return v;
}

int main(int argc, char **argv) {
    struct app a;
    memset(&a, 0, sizeof a);
    a.count = -1;
    a.timeout_ms = -1;
    a.stdin_open = 1;
    const char *options = NULL;
    const char *bind_addr = NULL;
    const char *cacert = NULL, *cert = NULL, *key = NULL, *tls_options = NULL;
    int insecure = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--events")) a.events = 1;
        else if (!strcmp(argv[i], "-k")) insecure = 1;
        else if (!strcmp(argv[i], "--cacert") && i + 1 < argc) cacert = argv[++i];
        else if (!strcmp(argv[i], "--cert") && i + 1 < argc) cert = argv[++i];
        else if (!strcmp(argv[i], "--key") && i + 1 < argc) key = argv[++i];
        else if (!strcmp(argv[i], "--tls-options") && i + 1 < argc) tls_options = argv[++i];
        else if (!strcmp(argv[i], "--echo")) a.echo = 1;
        else if (!strcmp(argv[i], "--options") && i + 1 < argc) options = argv[++i];
        else if (!strcmp(argv[i], "--count") && i + 1 < argc)
            a.count = parse_long(argv[++i], 1, 1L << 40);
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
            a.timeout_ms = parse_long(argv[++i], 1, 1L << 40);
        else if (!strcmp(argv[i], "--bind") && i + 1 < argc) bind_addr = argv[++i];
        else usage();
    }
    int rest = argc - i;
    char **m = argv + i;
    const char *host = NULL, *path = NULL;
    long port = 0;
    int kind;
    if (rest == 3 && !strcmp(m[0], "tcp")) {
        a.mode = M_TCP, host = m[1], port = parse_long(m[2], 1, 65535), kind = NETHTTP_SOCK_TCP;
    } else if (rest == 3 && !strcmp(m[0], "udp")) {
        a.mode = M_UDP, host = m[1], port = parse_long(m[2], 1, 65535), kind = NETHTTP_SOCK_UDP;
    } else if (rest == 2 && !strcmp(m[0], "local")) {
        a.mode = M_LOCAL, path = m[1], kind = NETHTTP_SOCK_LOCAL;
    } else if (rest == 3 && !strcmp(m[0], "tls")) {
        a.mode = M_TLS, host = m[1], port = parse_long(m[2], 1, 65535), kind = NETHTTP_SOCK_TLS;
    } else if (rest == 3 && !strcmp(m[0], "listen") && !strcmp(m[1], "tls")) {
        a.mode = M_LISTEN_TLS, port = parse_long(m[2], 0, 65535), kind = NETHTTP_SOCK_TLS_SERVER;
    } else if (rest == 3 && !strcmp(m[0], "listen") && !strcmp(m[1], "tcp")) {
        a.mode = M_LISTEN_TCP, port = parse_long(m[2], 0, 65535), kind = NETHTTP_SOCK_TCP_SERVER;
    } else if (rest == 3 && !strcmp(m[0], "listen") && !strcmp(m[1], "udp")) {
        a.mode = M_LISTEN_UDP, port = parse_long(m[2], 0, 65535), kind = NETHTTP_SOCK_UDP;
    } else if (rest == 3 && !strcmp(m[0], "listen") && !strcmp(m[1], "local")) {
        a.mode = M_LISTEN_LOCAL, path = m[2], kind = NETHTTP_SOCK_LOCAL_SERVER;
    } else {
        usage();
    }
    if (a.echo && !is_listener(&a)) usage();
    int tls = a.mode == M_TLS || a.mode == M_LISTEN_TLS;
    if (!tls && (cacert || cert || key || insecure || tls_options)) usage();
    if (!!cert != !!key || (a.mode == M_LISTEN_TLS && !cert && !tls_options)) usage();

    struct http_queue *q = http_queue_new();
    a.sock = nethttp_sock_create(kind);
    if (!q || !a.sock) {
        fprintf(stderr, "nethttp_sock: out of memory\n");
        return 1;
    }
    nethttp_sock_set_queue(a.sock, q);
    attach(&a, a.sock);
    int32_t rc = 0;
    if (options && (rc = nethttp_sock_set_extra_options(a.sock, options)) != 0) {
        fprintf(stderr, "nethttp_sock: --options: %s\n", http_last_error_detail());
        a.exit_code = 2;
        goto out;
    }
    if (tls) {
        char json[8192];
        if (tls_options) {
            snprintf(json, sizeof json, "%s", tls_options);
        } else {
            /* Paths go into JSON strings: refuse the characters that would need escaping. */
            const char *paths[] = {cacert, cert, key};
            for (int p = 0; p < 3; p++)
                if (paths[p] && strpbrk(paths[p], "\"\\\n")) usage();
            int n = snprintf(json, sizeof json, "{\"secureOptions\":{");
            int first = 1;
            if (cacert) {
                n += snprintf(json + n, sizeof json - n, "\"caPath\":\"%s\"", cacert);
                first = 0;
            }
            if (cacert && a.mode == M_LISTEN_TLS)
                n += snprintf(json + n, sizeof json - n, ",\"isBidirectionalAuthentication\":true");
            if (cert)
                n += snprintf(json + n, sizeof json - n, "%s\"certPath\":\"%s\",\"keyPath\":\"%s\"",
                              first ? "" : ",", cert, key);
            n += snprintf(json + n, sizeof json - n, "}%s}",
                          insecure ? ",\"skipRemoteValidation\":true" : "");
        }
        if ((rc = nethttp_sock_set_tls_options(a.sock, json)) != 0) {
            fprintf(stderr, "nethttp_sock: TLS options: %s\n", http_last_error_detail());
            a.exit_code = 2;
            goto out;
        }
    }
    const char *listen_addr = bind_addr ? bind_addr : "0.0.0.0";
    switch (a.mode) {
    case M_TCP:
    case M_TLS:
        rc = nethttp_sock_connect(a.sock, host, (uint16_t)port, 0, 0, on_connect_result, &a);
        break;
    case M_LOCAL:
        rc = nethttp_sock_connect(a.sock, path, 0, 0, 0, on_connect_result, &a);
        break;
    case M_UDP: {
        int32_t fam = 0;
        a.udp_host = udp_destination(host, &fam);
        a.udp_port = (uint16_t)port;
        if (bind_addr) rc = nethttp_sock_bind(a.sock, bind_addr, 0, 0);
        break;
    }
    case M_LISTEN_TCP:
    case M_LISTEN_TLS:
    case M_LISTEN_LOCAL:
        rc = nethttp_sock_listen(a.sock, a.mode == M_LISTEN_LOCAL ? path : listen_addr,
                                 (uint16_t)port, 0);
        break;
    case M_LISTEN_UDP:
        rc = nethttp_sock_bind(a.sock, listen_addr, (uint16_t)port, 0);
        break;
    }
    if (rc != 0) {
        fprintf(stderr, "nethttp_sock: %s (%d) %s\n", http_error_message(rc), rc,
                http_last_error_detail());
        a.exit_code = rc == NETHTTP_ERR_PARAMETER ? 2 : 1;
        goto out;
    }
    if (is_listener(&a)) a.stdin_open = 0;

    a.last_activity = now_ms();
    while (!a.done) {
        struct pollfd p[2] = {{.fd = http_queue_fd(q), .events = POLLIN}, {.fd = -1}};
        int nfds = 1;
        int want_stdin = a.stdin_open && !a.input_paused && (a.mode == M_UDP || a.connected);
        if (want_stdin) {
            p[1].fd = STDIN_FILENO;
            p[1].events = POLLIN;
            nfds = 2;
        }
        int wait = 1000;
        if (a.timeout_ms > 0) {
            long long left = a.last_activity + a.timeout_ms - now_ms();
            if (left <= 0) {
                fprintf(stderr, "nethttp_sock: nothing arrived for %ld ms\n", a.timeout_ms);
                a.exit_code = 1;
                break;
            }
            if (left < wait) wait = (int)left;
        }
        if (poll(p, (nfds_t)nfds, wait) < 0 && errno != EINTR) break;
        if (p[0].revents) http_queue_dispatch(q);
        if (a.done) break;
        if (nfds == 2 && p[1].revents) pump_stdin(&a);
        /* udp without --count: done once stdin ended and everything went out. */
        if (a.mode == M_UDP && !a.stdin_open && a.count < 0 &&
            nethttp_sock_send_queue_size(a.sock) == 0)
            a.done = 1;
    }
out:
    for (int c = 0; c < a.nconns; c++) nethttp_sock_destroy(a.conns[c]);
    nethttp_sock_destroy(a.sock);
    http_queue_free(q);
    free(a.line);
    free((void *)a.udp_host);
    return a.exit_code;
}
