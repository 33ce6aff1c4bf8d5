/* libFuzzer target: the request handling of `wasteopt serve`
 * (cli/serve.c) through a real server on 127.0.0.1, started once. The
 * first input byte chooses the form:
 *   odd:  the rest is sent as it is (request line, headers, body: what
 *         libmicrohttpd parses and then hands to the server's routes);
 *   even: a well-formed request is built: method (byte 1), path (byte 2;
 *         one of the routes or an unknown one), a query from the bytes up
 *         to the first 0xff (percent-encoded but for letters, digits and
 *         "=&._-"), the rest as the body with its Content-Length.
 * A response, when there is one, must be HTTP; every well-formed request
 * must get one, with a known status, and a refusal must carry a JSON
 * message. After each input the server must still answer GET /health. */
#define _POSIX_C_SOURCE 200809L
#include "cli/serve.h"

#include "base/alloc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static wo_server *server;
static int port;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    wo_serve_opts o;
    wo_err err;
    (void)argc;
    (void)argv;
    wo_alloc_hook_jansson();
    wo_serve_opts_init(&o);
    o.port = 0;
    o.workers = 2;
    o.queue = 4;
    o.max_body = 65536;
    o.time_limit_s = 0.5;
    o.quiet = 1;
    if (wo_serve_start(&o, &server, &err) != WO_OK) {
        fprintf(stderr, "fuzz_serve: %s\n", err.msg);
        abort();
    }
    port = wo_serve_port(server);
    return 0;
}

/* Send req[0..len) on a new connection, close the sending side when
 * half_close (a raw request may be incomplete: the end of the stream ends
 * it) and read the response into resp (at most cap - 1 bytes,
 * NUL-terminated). The bytes read, or -1 when the server cannot be
 * reached. A well-formed request is not half-closed: libmicrohttpd drops
 * the answer of a suspended request whose client closed its side. */
static long exchange(const char *req, size_t len, int half_close, char *resp,
                     size_t cap)
{
    struct sockaddr_in a;
    /* a raw request libmicrohttpd still waits on gets 1 s, then the
     * connection is reset (it would hold it until its idle timeout) */
    struct timeval tv = {half_close ? 1 : 20, 0};
    struct linger reset = {1, 0};
    size_t got = 0, sent = 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    while (sent < len) {
        ssize_t w = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server may answer (413) and close first */
        sent += (size_t)w;
    }
    if (half_close)
        shutdown(fd, SHUT_WR);
    for (;;) {
        ssize_t r = recv(fd, resp + got, cap - 1 - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
        if (got == cap - 1)
            break;
    }
    resp[got] = '\0';
    if (half_close)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    close(fd);
    return (long)got;
}

/* The status of an HTTP response, 0 when it is not one. */
static int status_of(const char *resp)
{
    char *end;
    long st;
    if (strncmp(resp, "HTTP/1.", 7) != 0 || !resp[7] || resp[8] != ' ')
        return 0;
    st = strtol(resp + 9, &end, 10);
    if (end != resp + 12 || (*end != ' ' && *end != '\r'))
        return 0;
    return st >= 100 && st <= 599 ? (int)st : 0;
}

static char resp[1 << 20];
static const char health[] =
    "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "POST", "HEAD", "PUT",
                                          "DELETE", "OPTIONS"};
    static const char *const paths[] = {
        "/", "/plan", "/health", "/plan.json", "/leaflet/leaflet.js",
        "/leaflet/images/layers.png", "/leaflet/x", "/nope", "/plan/",
        "//health"};
    static const char hex[] = "0123456789ABCDEF";
    char *req;
    size_t n = 0, q;
    long got;
    int st, built = size >= 3 && !(data[0] & 1);
    if (size < 1)
        return 0;
    if (!(req = malloc(3 * size + 256)))
        return 0;
    if (!built) {
        memcpy(req, data + 1, size - 1);
        n = size - 1;
    } else {
        n = (size_t)snprintf(req, 64, "%s %s", methods[data[1] % 6],
                             paths[data[2] % 10]);
        for (q = 3; q < size && data[q] != 0xff; q++) {
            unsigned char c = data[q];
            if (q == 3)
                req[n++] = '?';
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || (c && strchr("=&._-", c))) {
                req[n++] = (char)c;
            } else {
                req[n++] = '%';
                req[n++] = hex[c >> 4];
                req[n++] = hex[c & 15];
            }
        }
        if (q < size)
            q++; /* the 0xff */
        n += (size_t)snprintf(req + n, 192,
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Connection: close\r\nContent-Length: %zu\r\n"
                              "\r\n",
                              size - q);
        memcpy(req + n, data + q, size - q);
        n += size - q;
    }
    got = exchange(req, n, !built, resp, sizeof resp);
    free(req);
    if (got < 0)
        __builtin_trap(); /* the server stopped listening */
    if (got > 0 && !status_of(resp))
        __builtin_trap(); /* not an HTTP response */
    if (built) {
        st = status_of(resp);
        if (st != 200 && st != 400 && st != 404 && st != 405 && st != 413 &&
            st != 500 && st != 503)
            __builtin_trap();
        /* a refusal carries its JSON message (a HEAD has no body) */
        if (st >= 400 && data[1] % 6 != 2 && !strstr(resp, "\"error\""))
            __builtin_trap();
    }
    /* still serving */
    got = exchange(health, sizeof health - 1, 0, resp, sizeof resp);
    if (got <= 0 || status_of(resp) != 200)
        __builtin_trap();
    return 0;
}
