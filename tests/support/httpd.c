/*
 * httpd.c — the download tests' HTTP/1.1 server. See httpd.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "tests/support/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REQ_MAX 65536

struct wo_httpd {
    int listen_fd;          /* bound, listening socket                  */
    int port;               /* its port                                 */
    wo_httpd_mode mode;     /* how to answer                            */
    char *body;             /* the body served (owned)                  */
    size_t body_len;        /* its length                               */
    int fail_count;         /* FAIL_THEN_OK: requests that get 500      */
    int status;             /* STATUS: the status to answer             */
    pthread_t thread;       /* the serving thread                       */
    pthread_mutex_t lock;   /* guards the fields below                  */
    int stop;               /* set by wo_httpd_stop                     */
    int requests;           /* requests seen                            */
    char method[16];        /* last request's method                    */
    char range[64];         /* last request's Range value               */
    char req_body[4096];    /* last request's body (truncated)          */
};

static int stopping(wo_httpd *h)
{
    int s;
    pthread_mutex_lock(&h->lock);
    s = h->stop;
    pthread_mutex_unlock(&h->lock);
    return s;
}

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Read one request (headers and a Content-Length body) into buf; returns
 * the header length or -1. */
static long read_request(wo_httpd *h, int fd, char *buf, size_t size,
                         size_t *total)
{
    size_t len = 0;
    long head = -1;
    long need = -1;
    while (len + 1 < size) {
        struct pollfd pfd = {fd, POLLIN, 0};
        ssize_t k;
        char *end;
        if (stopping(h))
            return -1;
        if (poll(&pfd, 1, 50) <= 0)
            continue;
        k = recv(fd, buf + len, size - 1 - len, 0);
        if (k <= 0)
            return -1;
        len += (size_t)k;
        buf[len] = '\0';
        /* Not HTTP (e.g. a TLS ClientHello): drop the connection. */
        if (buf[0] < 'A' || buf[0] > 'Z')
            return -1;
        if (head < 0 && (end = strstr(buf, "\r\n\r\n")) != NULL) {
            const char *cl;
            head = (long)(end - buf) + 4;
            need = head;
            for (cl = buf; (cl = strchr(cl, '\n')) != NULL && cl < end;) {
                cl++;
                if (!strncasecmp(cl, "Content-Length:", 15)) {
                    need = head + strtol(cl + 15, NULL, 10);
                    break;
                }
            }
        }
        if (head >= 0 && (long)len >= need) {
            *total = len;
            return head;
        }
    }
    return -1;
}

/* Copy the value of header name (without the colon) into out. */
static void header_value(const char *req, long head, const char *name,
                         char *out, size_t size)
{
    const char *p = req;
    size_t n = strlen(name);
    out[0] = '\0';
    while ((p = strchr(p, '\n')) != NULL && p < req + head) {
        p++;
        if (!strncasecmp(p, name, n) && p[n] == ':') {
            const char *v = p + n + 1, *e;
            size_t k;
            while (*v == ' ')
                v++;
            e = strstr(v, "\r\n");
            k = e ? (size_t)(e - v) : strlen(v);
            if (k >= size)
                k = size - 1;
            memcpy(out, v, k);
            out[k] = '\0';
            return;
        }
    }
}

static void respond(wo_httpd *h, int fd, int nth, const char *range)
{
    char hdr[512];
    size_t from = 0, half = h->body_len / 2;
    long long want = -1;
    wo_httpd_mode mode = h->mode;
    int n;
    if (mode == WO_HTTPD_FAIL_THEN_OK && nth <= h->fail_count) {
        static const char msg[] = "server error";
        n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 500 Internal Server Error\r\nContent-Length: "
                     "%zu\r\nConnection: close\r\n\r\n",
                     sizeof msg - 1);
        send_all(fd, hdr, (size_t)n);
        send_all(fd, msg, sizeof msg - 1);
        return;
    }
    if (mode == WO_HTTPD_STATUS) {
        static const char msg[] = "no such extract";
        n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 %d Test\r\nContent-Length: %zu\r\nConnection: "
                     "close\r\n\r\n",
                     h->status, sizeof msg - 1);
        send_all(fd, hdr, (size_t)n);
        send_all(fd, msg, sizeof msg - 1);
        return;
    }
    if (mode == WO_HTTPD_BREAK_THEN_OK)
        mode = nth == 1 ? WO_HTTPD_TRUNCATE : WO_HTTPD_OK;
    if (!strncmp(range, "bytes=", 6) && mode == WO_HTTPD_OK)
        want = strtoll(range + 6, NULL, 10);
    if (want >= (long long)h->body_len) {
        n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: "
                     "bytes */%zu\r\nContent-Length: 0\r\nConnection: "
                     "close\r\n\r\n",
                     h->body_len);
        send_all(fd, hdr, (size_t)n);
        return;
    }
    if (want >= 0) {
        from = (size_t)want;
        n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes "
                     "%zu-%zu/%zu\r\nContent-Length: %zu\r\nConnection: "
                     "close\r\n\r\n",
                     from, h->body_len - 1, h->body_len, h->body_len - from);
    } else if (mode == WO_HTTPD_NO_LENGTH) {
        n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
    } else {
        n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nAccept-Ranges: "
                     "bytes\r\nConnection: close\r\n\r\n",
                     h->body_len);
    }
    if (send_all(fd, hdr, (size_t)n) != 0)
        return;
    if (mode == WO_HTTPD_TRUNCATE) {
        send_all(fd, h->body, half);
        return;
    }
    if (mode == WO_HTTPD_STALL) {
        send_all(fd, h->body, half);
        while (!stopping(h))
            nap_ms(20);
        return;
    }
    send_all(fd, h->body + from, h->body_len - from);
}

static void *serve(void *ud)
{
    wo_httpd *h = ud;
    char *req = malloc(REQ_MAX);
    if (!req)
        return NULL;
    while (!stopping(h)) {
        struct pollfd pfd = {h->listen_fd, POLLIN, 0};
        char range[64];
        size_t total = 0;
        long head;
        int fd, nth;
        if (poll(&pfd, 1, 50) <= 0)
            continue;
        fd = accept(h->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        head = read_request(h, fd, req, REQ_MAX, &total);
        if (head < 0) {
            close(fd);
            continue;
        }
        header_value(req, head, "Range", range, sizeof range);
        pthread_mutex_lock(&h->lock);
        nth = ++h->requests;
        {
            size_t m = strcspn(req, " \r\n");
            if (m >= sizeof h->method)
                m = sizeof h->method - 1;
            memcpy(h->method, req, m);
            h->method[m] = '\0';
        }
        memcpy(h->range, range, sizeof range);
        {
            size_t blen = total - (size_t)head;
            if (blen >= sizeof h->req_body)
                blen = sizeof h->req_body - 1;
            memcpy(h->req_body, req + head, blen);
            h->req_body[blen] = '\0';
        }
        pthread_mutex_unlock(&h->lock);
        respond(h, fd, nth, range);
        shutdown(fd, SHUT_RDWR);
        close(fd);
    }
    free(req);
    return NULL;
}

wo_httpd *wo_httpd_start(wo_httpd_mode mode, const char *body, size_t len,
                         int fail_count, int status)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int one = 1;
    wo_httpd *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->listen_fd = -1;
    h->body = malloc(len ? len : 1);
    if (!h->body)
        goto err;
    memcpy(h->body, body, len);
    h->body_len = len;
    h->mode = mode;
    h->fail_count = fail_count;
    h->status = status;
    pthread_mutex_init(&h->lock, NULL);
    h->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (h->listen_fd < 0)
        goto err;
    setsockopt(h->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (bind(h->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(h->listen_fd, 16) != 0 ||
        getsockname(h->listen_fd, (struct sockaddr *)&a, &alen) != 0)
        goto err;
    h->port = ntohs(a.sin_port);
    if (pthread_create(&h->thread, NULL, serve, h) != 0)
        goto err;
    return h;
err:
    if (h->listen_fd >= 0)
        close(h->listen_fd);
    free(h->body);
    free(h);
    return NULL;
}

int wo_httpd_port(const wo_httpd *h)
{
    return h->port;
}

int wo_httpd_requests(wo_httpd *h)
{
    int n;
    pthread_mutex_lock(&h->lock);
    n = h->requests;
    pthread_mutex_unlock(&h->lock);
    return n;
}

static void copy_out(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (!size)
        return;
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void wo_httpd_last(wo_httpd *h, char *method, size_t method_size,
                   char *range, size_t range_size, char *body,
                   size_t body_size)
{
    pthread_mutex_lock(&h->lock);
    copy_out(method, method_size, h->method);
    copy_out(range, range_size, h->range);
    copy_out(body, body_size, h->req_body);
    pthread_mutex_unlock(&h->lock);
}

void wo_httpd_stop(wo_httpd *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->stop = 1;
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    close(h->listen_fd);
    pthread_mutex_destroy(&h->lock);
    free(h->body);
    free(h);
}

int wo_httpd_mode_parse(const char *name)
{
    static const char *const names[] = {
        "ok",        "fail-then-ok", "stall",  "truncate",
        "break-then-ok", "no-length", "status", "ignore-range"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i]))
            return (int)i;
    return -1;
}
