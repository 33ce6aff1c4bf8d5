/*
 * fetch.c — downloads with libcurl (the only libcurl file of wasteopt) and
 * the Overpass query builder. See fetch.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "geo/fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "geo/sha256.h"

/* Bytes of an HTTP error body kept for the message. */
#define ERRBODY_MAX 200
/* Redirects followed. */
#define MAX_REDIRECTS 5

/* State of one attempt, shared with the libcurl callbacks. */
typedef struct xfer {
    const wo_fetch_params *p;     /* the caller's parameters              */
    CURL *curl;                   /* the easy handle                      */
    FILE *part;                   /* OUT.part, opened in append mode, or an
                                     unnamed file for a special target    */
    int anonymous;                /* part is unnamed: the target is special */
    uint64_t offset;              /* bytes of OUT.part before this attempt */
    uint64_t received;            /* body bytes written this attempt      */
    int started;                  /* first body byte seen                 */
    long status;                  /* HTTP status of the final response    */
    int too_big;                  /* body passed max_bytes                */
    int io_failed;                /* writing OUT.part failed (errno saved) */
    int io_errno;                 /* errno of that failure                */
    int range_mismatch;           /* 206 for a range other than asked      */
    wo_fetch_headers hdr;         /* Content-Range, Retry-After           */
    char errbody[ERRBODY_MAX + 1];/* start of an error body, NUL-terminated */
    size_t errbody_len;           /* bytes in errbody                     */
} xfer;

void wo_fetch_params_init(wo_fetch_params *p)
{
    memset(p, 0, sizeof *p);
    p->connect_timeout_s = 30.0;
    p->transfer_timeout_s = 0.0;
    p->low_speed_time_s = 60.0;
    p->low_speed_bps = 1;
    p->retries = 3;
    p->backoff_s = 1.0;
    p->backoff_max_s = 30.0;
    p->max_bytes = (uint64_t)1 << 30;
}

/* ---------------------------------------------------------------- files */

static int file_size(const char *path, uint64_t *size, double *mtime_s)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    *size = (uint64_t)st.st_size;
    if (mtime_s)
        *mtime_s = (double)st.st_mtime;
    return 0;
}

/* Copy the whole of the open file in (from its start) to out. */
static int copy_stream(FILE *in, FILE *out, const char *what, wo_err *err)
{
    char chunk[65536];
    size_t n;
    int ok = fseek(in, 0, SEEK_SET) == 0;
    while (ok && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        ok = fwrite(chunk, 1, n, out) == n;
    ok = ok && !ferror(in) && fflush(out) == 0;
    if (!ok)
        return wo_err_set(err, WO_EIO, "cannot copy %s: %s", what,
                          strerror(errno ? errno : EIO));
    return WO_OK;
}

/* SHA-256 and size of the whole open file f. */
static int hash_stream(FILE *f, const char *what,
                       char hex[WO_SHA256_HEX_LEN + 1], uint64_t *size,
                       wo_err *err)
{
    char chunk[65536];
    uint8_t d[WO_SHA256_BYTES];
    wo_sha256 s;
    size_t n;
    *size = 0;
    if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
        return wo_err_set(err, WO_EIO, "cannot read %s: %s", what,
                          strerror(errno));
    wo_sha256_init(&s);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        wo_sha256_update(&s, chunk, n);
        *size += n;
    }
    if (ferror(f))
        return wo_err_set(err, WO_EIO, "cannot read %s", what);
    wo_sha256_final(&s, d);
    wo_sha256_hex(d, hex);
    return WO_OK;
}

static int hex_equal(const char *a, const char *b)
{
    size_t i;
    for (i = 0; a[i] && b[i]; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'F')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'F')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return a[i] == b[i];
}

static int valid_sha256_hex(const char *s)
{
    size_t i;
    for (i = 0; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
              (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return i == WO_SHA256_HEX_LEN;
}

/* ---------------------------------------------------------------- cache */

/* Cache entry path: CACHE_DIR/<sha256 of method, URL and body>.body */
static int cache_path(const wo_fetch_params *p, wo_buf *path)
{
    char hex[WO_SHA256_HEX_LEN + 1];
    wo_sha256 s;
    uint8_t d[WO_SHA256_BYTES];
    wo_sha256_init(&s);
    wo_sha256_update(&s, p->post_body ? "POST\n" : "GET\n",
                     p->post_body ? 5 : 4);
    wo_sha256_update(&s, p->url, strlen(p->url));
    if (p->post_body) {
        wo_sha256_update(&s, "\n", 1);
        wo_sha256_update(&s, p->post_body, strlen(p->post_body));
    }
    wo_sha256_final(&s, d);
    wo_sha256_hex(d, hex);
    return wo_buf_printf(path, "%s/%s.body", p->cache_dir, hex);
}

/* Fill the (empty) download file part from a fresh cache entry.
 * Returns WO_OK (filled), WO_ENOTFOUND (miss) or an I/O error; the caller
 * verifies and publishes part as for a download, and a checksum mismatch
 * there drops the entry. */
static int cache_get(const wo_fetch_params *p, const char *entry, FILE *part,
                     wo_err *err)
{
    uint64_t size;
    double mtime;
    FILE *in;
    int rc;
    if (file_size(entry, &size, &mtime) != 0)
        return WO_ENOTFOUND;
    if (p->cache_max_age_s > 0 &&
        difftime(time(NULL), (time_t)mtime) > p->cache_max_age_s)
        return WO_ENOTFOUND;
    if (size > p->max_bytes)
        return WO_ENOTFOUND;
    in = fopen(entry, "rb");
    if (!in)
        return WO_ENOTFOUND;
    if (fflush(part) != 0 || ftruncate(fileno(part), 0) != 0)
        rc = wo_err_set(err, WO_EIO, "cannot truncate the download file: %s",
                        strerror(errno));
    else
        rc = copy_stream(in, part, entry, err);
    fclose(in);
    return rc;
}

/* Add the verified download in part to the cache. Best effort: a cache
 * that cannot be written does not fail the download. */
static void cache_put(const wo_fetch_params *p, const char *entry, FILE *part)
{
    wo_atomic_file a;
    wo_err ignored;
    mkdir(p->cache_dir, 0777);
    if (wo_atomic_open(&a, entry, &ignored) != WO_OK)
        return;
    if (copy_stream(part, a.f, entry, &ignored) == WO_OK)
        wo_atomic_commit(&a, &ignored);
    else
        wo_atomic_abort(&a);
}

/* ---------------------------------------------------------------- curl */

/* Leading decimal digits of s (after blanks and an optional "bytes ");
 * -1 when there are none or too many. */
static long long header_number(const char *s)
{
    long long v = 0;
    int digits = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!strncasecmp(s, "bytes ", 6))
        s += 6;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (++digits > 18)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return digits ? v : -1;
}

void wo_fetch_header_line(wo_fetch_headers *h, const char *data, size_t len)
{
    char line[256];
    size_t k = len < sizeof line - 1 ? len : sizeof line - 1;
    memcpy(line, data, k);
    line[k] = '\0';
    if (!strncmp(line, "HTTP/", 5)) {
        /* A new response (after a redirect or 100-continue): reset. */
        h->range_start = -1;
        h->retry_after_s = 0;
    } else if (!strncasecmp(line, "Content-Range:", 14)) {
        h->range_start = header_number(line + 14);
    } else if (!strncasecmp(line, "Retry-After:", 12)) {
        long long s = header_number(line + 12);
        h->retry_after_s = s > 0 ? (double)s : 0.0;
    }
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    wo_fetch_header_line(&x->hdr, data, size * n);
    return size * n;
}

/* First body byte: decide where the body goes from the final status. */
static int on_first_byte(xfer *x)
{
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &x->status);
    x->started = 1;
    if (x->status < 200 || x->status >= 300)
        return 0;
    if (x->offset > 0 && x->status == 206) {
        if (x->hdr.range_start != (long long)x->offset) {
            x->range_mismatch = 1;
            return -1;
        }
        return 0;
    }
    if (x->offset > 0) {
        /* The server ignored the Range request: start over. */
        if (fflush(x->part) != 0 || ftruncate(fileno(x->part), 0) != 0) {
            x->io_failed = 1;
            x->io_errno = errno;
            return -1;
        }
        x->offset = 0;
    }
    return 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if (!x->started && on_first_byte(x) != 0)
        return 0;
    if (x->status < 200 || x->status >= 300) {
        size_t room = ERRBODY_MAX - x->errbody_len;
        size_t k = len < room ? len : room;
        memcpy(x->errbody + x->errbody_len, data, k);
        x->errbody_len += k;
        x->errbody[x->errbody_len] = '\0';
        return len;
    }
    if (x->offset + x->received + len > x->p->max_bytes) {
        x->too_big = 1;
        return 0;
    }
    if (fwrite(data, 1, len, x->part) != len) {
        x->io_failed = 1;
        x->io_errno = errno;
        return 0;
    }
    x->received += len;
    return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
    const xfer *x = ud;
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    return x->p->cancel && *x->p->cancel ? 1 : 0;
}

static int starts_with_ci(const char *s, const char *prefix)
{
    return !strncasecmp(s, prefix, strlen(prefix));
}

static int setup_curl(CURL *c, xfer *x)
{
    const wo_fetch_params *p = x->p;
    int https = starts_with_ci(p->url, "https://");
    CURLcode e = CURLE_OK;
#define SET(opt, val)                                                          \
    do {                                                                       \
        if (e == CURLE_OK)                                                     \
            e = curl_easy_setopt(c, opt, val);                                 \
    } while (0)
    SET(CURLOPT_URL, p->url);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    /* A redirect never downgrades an https download to plain http. */
    SET(CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)(p->connect_timeout_s * 1000.0));
    SET(CURLOPT_TIMEOUT_MS, (long)(p->transfer_timeout_s * 1000.0));
    if (p->low_speed_time_s > 0) {
        SET(CURLOPT_LOW_SPEED_LIMIT, p->low_speed_bps > 0 ? p->low_speed_bps
                                                          : 1L);
        SET(CURLOPT_LOW_SPEED_TIME, (long)ceil(p->low_speed_time_s));
    }
    SET(CURLOPT_USERAGENT, p->user_agent ? p->user_agent : "wasteopt/0.1");
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, x);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, x);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_XFERINFODATA, x);
    SET(CURLOPT_NOPROGRESS, 0L);
    if (p->post_body) {
        SET(CURLOPT_POSTFIELDS, p->post_body);
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(p->post_body));
    }
#undef SET
    return e == CURLE_OK ? 0 : -1;
}

/* Outcome of one attempt. */
typedef enum attempt_kind {
    ATTEMPT_DONE,      /* body complete in OUT.part                 */
    ATTEMPT_TRANSIENT, /* worth retrying                            */
    ATTEMPT_RESTART,   /* retry at once from byte 0 (bad Range)     */
    ATTEMPT_FATAL      /* give up now                               */
} attempt_kind;

static int is_transient_status(long s)
{
    return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 ||
           s == 504;
}

static int is_transient_curl(CURLcode e)
{
    switch (e) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PARTIAL_FILE:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return 1;
    default:
        return 0;
    }
}

/* Size of the open file f. 0, or -1. */
static int open_size(FILE *f, uint64_t *size)
{
    struct stat st;
    if (fflush(f) != 0 || fstat(fileno(f), &st) != 0)
        return -1;
    *size = (uint64_t)st.st_size;
    return 0;
}

/* Run one request; classify the result, message in err. */
static attempt_kind attempt(xfer *x, const char *part, wo_err *err)
{
    char curl_err[CURL_ERROR_SIZE];
    const wo_fetch_params *p = x->p;
    uint64_t have = 0;
    char range[32];
    CURLcode e;
    curl_err[0] = '\0';
    x->received = 0;
    x->started = 0;
    x->status = 0;
    x->too_big = 0;
    x->io_failed = 0;
    x->range_mismatch = 0;
    x->hdr.range_start = -1;
    x->hdr.retry_after_s = 0;
    x->errbody_len = 0;
    x->errbody[0] = '\0';
    if (p->resume && !p->post_body && open_size(x->part, &have) == 0 &&
        have > 0 && have < p->max_bytes) {
        x->offset = have;
    } else {
        x->offset = 0;
        if (fflush(x->part) != 0 || ftruncate(fileno(x->part), 0) != 0) {
            wo_err_set(err, WO_EIO, "cannot truncate %s: %s", part,
                       strerror(errno));
            return ATTEMPT_FATAL;
        }
    }
    if (x->offset > 0) {
        snprintf(range, sizeof range, "%llu-", (unsigned long long)x->offset);
        curl_easy_setopt(x->curl, CURLOPT_RANGE, range);
    } else {
        curl_easy_setopt(x->curl, CURLOPT_RANGE, (char *)NULL);
    }
    curl_easy_setopt(x->curl, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)(p->max_bytes - x->offset));
    curl_easy_setopt(x->curl, CURLOPT_ERRORBUFFER, curl_err);
    e = curl_easy_perform(x->curl);
    if (fflush(x->part) != 0 && e == CURLE_OK) {
        x->io_failed = 1;
        x->io_errno = errno;
    }
    if (!x->started)
        curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &x->status);
    if (p->cancel && *p->cancel) {
        wo_err_set(err, WO_ECANCELLED, "cancelled");
        return ATTEMPT_FATAL;
    }
    if (x->too_big || e == CURLE_FILESIZE_EXCEEDED) {
        wo_err_set(err, WO_ETOOBIG,
                   "the body is larger than the limit of %llu bytes",
                   (unsigned long long)p->max_bytes);
        return ATTEMPT_FATAL;
    }
    if (x->io_failed) {
        wo_err_set(err, WO_EIO, "cannot write %s: %s", part,
                   strerror(x->io_errno));
        return ATTEMPT_FATAL;
    }
    if (x->range_mismatch) {
        wo_err_set(err, WO_ENET,
                   "the server answered a resume request at byte %llu with "
                   "a different range",
                   (unsigned long long)x->offset);
        return ATTEMPT_RESTART;
    }
    if (e == CURLE_OK && x->status == 416 && x->offset > 0) {
        wo_err_set(err, WO_ENET, "the server refused to resume at byte %llu",
                   (unsigned long long)x->offset);
        return ATTEMPT_RESTART;
    }
    if (e == CURLE_OK && x->status >= 200 && x->status < 300)
        return ATTEMPT_DONE;
    if (e == CURLE_OK) {
        size_t i;
        for (i = 0; i < x->errbody_len; i++)
            if ((unsigned char)x->errbody[i] < 0x20)
                x->errbody[i] = ' ';
        wo_err_set(err, WO_ENET, "HTTP status %ld%s%s", x->status,
                   x->errbody_len ? ": " : "", x->errbody);
        return is_transient_status(x->status) ? ATTEMPT_TRANSIENT
                                              : ATTEMPT_FATAL;
    }
    if (e == CURLE_OPERATION_TIMEDOUT) {
        wo_err_set(err, WO_ETIMEOUT, "timed out (%s)",
                   curl_err[0] ? curl_err : curl_easy_strerror(e));
        return ATTEMPT_TRANSIENT;
    }
    if (e == CURLE_PARTIAL_FILE) {
        wo_err_set(err, WO_ENET,
                   "the connection closed before the end of the body "
                   "(%llu bytes received; %s)",
                   (unsigned long long)(x->offset + x->received),
                   curl_err[0] ? curl_err : curl_easy_strerror(e));
        return ATTEMPT_TRANSIENT;
    }
    if (e == CURLE_PEER_FAILED_VERIFICATION || e == CURLE_SSL_CACERT_BADFILE)
        wo_err_set(err, WO_ENET,
                   "TLS verification failed (%s); the certificate of the "
                   "server is not trusted",
                   curl_err[0] ? curl_err : curl_easy_strerror(e));
    else
        wo_err_set(err, WO_ENET, "%s",
                   curl_err[0] ? curl_err : curl_easy_strerror(e));
    return is_transient_curl(e) ? ATTEMPT_TRANSIENT : ATTEMPT_FATAL;
}

/* Sleep s seconds in small steps, stopping early on cancel. */
static int wait_s(double s, const wo_fetch_params *p)
{
    double end = wo_now_s() + s;
    while (wo_now_s() < end) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        if (p->cancel && *p->cancel)
            return -1;
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* Verify the complete body in x->part, add it to the cache (entry, when
 * not NULL) and publish it as out_path: OUT.part renamed over it, or for
 * a special target (x->anonymous) the body copied into it in place. */
static int finish(xfer *x, const char *part, const char *entry,
                  const char *out_path, wo_fetch_stats *st, wo_err *err)
{
    const wo_fetch_params *p = x->p;
    char hex[WO_SHA256_HEX_LEN + 1];
    uint64_t size = 0;
    struct stat fs;
    int rc = hash_stream(x->part, part, hex, &size, err);
    if (rc != WO_OK)
        return rc;
    if (p->sha256_hex && !hex_equal(hex, p->sha256_hex))
        return wo_err_set(err, WO_ECHECKSUM,
                          "SHA-256 mismatch: expected %s, got %s",
                          p->sha256_hex, hex);
    if (entry)
        cache_put(p, entry, x->part);
    if (x->anonymous) {
        wo_atomic_file a;
        if ((rc = wo_atomic_open(&a, out_path, err)) != WO_OK)
            return rc;
        if ((rc = copy_stream(x->part, a.f, out_path, err)) != WO_OK) {
            wo_atomic_abort(&a);
            return rc;
        }
        if ((rc = wo_atomic_commit(&a, err)) != WO_OK)
            return rc;
    } else {
        if (fsync(fileno(x->part)) != 0 && errno != EINVAL)
            return wo_err_set(err, WO_EIO, "cannot write %s: %s", part,
                              strerror(errno));
        if (fstat(fileno(x->part), &fs) != 0)
            return wo_err_set(err, WO_EIO, "cannot read %s: %s", part,
                              strerror(errno));
        rc = fclose(x->part);
        x->part = NULL;
        if (rc != 0)
            return wo_err_set(err, WO_EIO, "cannot write %s: %s", part,
                              strerror(errno));
        if ((rc = wo_atomic_commit_partial(part, (unsigned long long)fs.st_dev,
                                           (unsigned long long)fs.st_ino,
                                           out_path, err)) != WO_OK)
            return rc;
    }
    if (st) {
        st->bytes = size;
        memcpy(st->sha256_hex, hex, sizeof hex);
    }
    return WO_OK;
}

static int check_params(const wo_fetch_params *p, const char *out_path,
                        wo_err *err)
{
    if (!p->url || !*p->url)
        return wo_err_set(err, WO_EINVAL, "no URL given");
    if (!starts_with_ci(p->url, "http://") &&
        !starts_with_ci(p->url, "https://"))
        return wo_err_set(err, WO_EINVAL,
                          "'%s': only http:// and https:// URLs are "
                          "supported",
                          p->url);
    if (!out_path || !*out_path)
        return wo_err_set(err, WO_EINVAL, "no output file given");
    if (p->sha256_hex && !valid_sha256_hex(p->sha256_hex))
        return wo_err_set(err, WO_EINVAL,
                          "expected SHA-256 '%s' is not 64 hex digits",
                          p->sha256_hex);
    if (p->max_bytes == 0)
        return wo_err_set(err, WO_EINVAL, "max_bytes must be positive");
    if (p->retries < 0 || p->retries > 100)
        return wo_err_set(err, WO_EINVAL, "retries %d: expected 0..100",
                          p->retries);
    if (!(p->connect_timeout_s >= 0) || !(p->transfer_timeout_s >= 0) ||
        !(p->low_speed_time_s >= 0) || !(p->backoff_s >= 0) ||
        !(p->backoff_max_s >= 0) || p->connect_timeout_s > 1e6 ||
        p->transfer_timeout_s > 1e6 || p->low_speed_time_s > 1e6)
        return wo_err_set(err, WO_EINVAL,
                          "timeouts and waits must be between 0 and 1e6 s");
    return WO_OK;
}

/* The download proper, OUT.part already open; the caller cleans up. */
static int download(xfer *x, const char *part, const char *entry,
                    const char *out_path, wo_fetch_stats *st, wo_err *err)
{
    const wo_fetch_params *p = x->p;
    double wait = p->backoff_s;
    int tries = 0, restarts = 0, rc;
    for (;;) {
        attempt_kind k;
        tries++;
        if (st)
            st->attempts++;
        k = attempt(x, part, err);
        if (st) {
            st->http_status = x->status;
            /* offset stays nonzero only when a 206 continued the .part. */
            if (k == ATTEMPT_DONE && x->offset > 0)
                st->resumed = 1;
        }
        if (k == ATTEMPT_DONE)
            break;
        if (k == ATTEMPT_FATAL)
            return err ? err->code : WO_ENET;
        if (k == ATTEMPT_RESTART && restarts++ == 0) {
            /* Drop the .part once and ask for the whole body again. */
            if (ftruncate(fileno(x->part), 0) != 0)
                return wo_err_set(err, WO_EIO, "cannot truncate %s", part);
            tries--;
            continue;
        }
        if (tries > p->retries) {
            if (tries > 1)
                wo_err_prefix(err, "gave up after %d attempts", tries);
            return err ? err->code : WO_ENET;
        }
        {
            double w = wait < p->backoff_max_s ? wait : p->backoff_max_s;
            if (x->hdr.retry_after_s > w)
                w = x->hdr.retry_after_s < p->backoff_max_s
                        ? x->hdr.retry_after_s
                                                        : p->backoff_max_s;
            if (wait_s(w, p) != 0)
                return wo_err_set(err, WO_ECANCELLED, "cancelled");
            wait *= 2.0;
        }
    }
    rc = finish(x, part, entry, out_path, st, err);
    return rc;
}

int wo_fetch_to_file(const wo_fetch_params *params, const char *out_path,
                     wo_err *err)
{
    wo_fetch_stats *st = params->stats;
    wo_buf part, entry;
    xfer x;
    int rc, keep_part = 0, part_ours = 0;
    if (st)
        memset(st, 0, sizeof *st);
    rc = check_params(params, out_path, err);
    if (rc != WO_OK) {
        if (params->url)
            wo_err_prefix(err, "%s", params->url);
        return rc;
    }
    memset(&x, 0, sizeof x);
    x.p = params;
    wo_buf_init(&part, 0);
    wo_buf_init(&entry, 0);
    if (wo_buf_printf(&part, "%s.part", out_path) != WO_OK ||
        (params->cache_dir && cache_path(params, &entry) != WO_OK)) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto done;
    }
    /* A device or FIFO is written in place (base/atomic.h): the body is
     * staged in an unnamed temporary file, there is no OUT.part to resume
     * from. Otherwise OUT.part is opened without following a symlink and
     * only when it is a regular file of ours (wo_atomic_open_partial). */
    x.anonymous = wo_path_is_special(out_path);
    if (x.anonymous) {
        part.len = 0;
        if (wo_buf_printf(&part, "%s", out_path) != WO_OK) {
            rc = wo_err_set(err, WO_ENOMEM, "out of memory");
            goto done;
        }
        x.part = tmpfile();
        if (!x.part) {
            rc = wo_err_set(err, WO_EIO, "cannot create a temporary file: %s",
                            strerror(errno));
            goto done;
        }
    } else {
        if ((rc = wo_atomic_open_partial(part.data, &x.part, err)) != WO_OK)
            goto done;
        part_ours = 1;
    }
    if (params->cache_dir) {
        rc = cache_get(params, entry.data, x.part, err);
        if (rc == WO_OK) {
            rc = finish(&x, part.data, NULL, out_path, st, err);
            if (rc == WO_OK) {
                if (st)
                    st->from_cache = 1;
                goto done;
            }
            if (rc != WO_ECHECKSUM)
                goto done;
            /* A stale or damaged entry: drop it and download again. */
            remove(entry.data);
        } else if (rc != WO_ENOTFOUND) {
            goto done;
        }
        if (fflush(x.part) != 0 || ftruncate(fileno(x.part), 0) != 0) {
            rc = wo_err_set(err, WO_EIO, "cannot truncate %s: %s", part.data,
                            strerror(errno));
            goto done;
        }
    }
    x.curl = curl_easy_init();
    if (!x.curl || setup_curl(x.curl, &x) != 0) {
        rc = wo_err_set(err, WO_EINTERNAL, "libcurl could not be set up");
        goto done;
    }
    rc = download(&x, part.data, params->cache_dir ? entry.data : NULL,
                  out_path, st, err);
    /* Keep a .part worth resuming: only after a transient failure. */
    keep_part = rc != WO_OK && params->resume &&
                (rc == WO_ENET || rc == WO_ETIMEOUT || rc == WO_ECANCELLED);
done:
    if (x.part)
        fclose(x.part);
    if (x.curl)
        curl_easy_cleanup(x.curl);
    if (rc != WO_OK) {
        if (!keep_part && part_ours)
            remove(part.data);
        wo_err_prefix(err, "%s %s", params->post_body ? "POST" : "GET",
                      params->url);
    }
    wo_buf_free(&part);
    wo_buf_free(&entry);
    return rc;
}

/* ---------------------------------------------------------------- Overpass */

int wo_bbox_check(const wo_bbox *b, wo_err *err)
{
    double area;
    if (!isfinite(b->west_deg) || !isfinite(b->south_deg) ||
        !isfinite(b->east_deg) || !isfinite(b->north_deg))
        return wo_err_set(err, WO_EINVAL, "bbox: coordinates must be finite");
    if (b->west_deg < -180.0 || b->east_deg > 180.0)
        return wo_err_set(err, WO_EINVAL,
                          "bbox: longitudes %.9g, %.9g must be within "
                          "-180..180",
                          b->west_deg, b->east_deg);
    if (b->south_deg < -90.0 || b->north_deg > 90.0)
        return wo_err_set(err, WO_EINVAL,
                          "bbox: latitudes %.9g, %.9g must be within -90..90",
                          b->south_deg, b->north_deg);
    if (!(b->west_deg < b->east_deg))
        return wo_err_set(err, WO_EINVAL,
                          "bbox: west %.9g must be less than east %.9g "
                          "(order is W,S,E,N)",
                          b->west_deg, b->east_deg);
    if (!(b->south_deg < b->north_deg))
        return wo_err_set(err, WO_EINVAL,
                          "bbox: south %.9g must be less than north %.9g "
                          "(order is W,S,E,N)",
                          b->south_deg, b->north_deg);
    area = (b->east_deg - b->west_deg) * (b->north_deg - b->south_deg);
    if (area > WO_OVERPASS_MAX_AREA_DEG2)
        return wo_err_set(err, WO_EINVAL,
                          "bbox: %.3g square degrees is more than the %.0f "
                          "allowed in one query; split it into smaller boxes",
                          area, WO_OVERPASS_MAX_AREA_DEG2);
    return WO_OK;
}

int wo_bbox_parse(const char *s, wo_bbox *out, wo_err *err)
{
    static const char *const names[4] = {"west", "south", "east", "north"};
    double v[4];
    char field[64];
    const char *p = s;
    int i;
    if (!s)
        return wo_err_set(err, WO_EINVAL, "bbox: missing");
    for (i = 0; i < 4; i++) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if ((i < 3) != (comma != NULL))
            return wo_err_set(err, WO_EINVAL,
                              "bbox '%s': expected four numbers W,S,E,N", s);
        if (n >= sizeof field)
            return wo_err_set(err, WO_EINVAL, "bbox '%s': %s is too long", s,
                              names[i]);
        memcpy(field, p, n);
        field[n] = '\0';
        if (wo_parse_double(field, &v[i]) != WO_OK)
            return wo_err_set(err, WO_EINVAL,
                              "bbox '%s': %s '%s' is not a number", s,
                              names[i], field);
        p = comma ? comma + 1 : p + n;
    }
    out->west_deg = v[0];
    out->south_deg = v[1];
    out->east_deg = v[2];
    out->north_deg = v[3];
    return wo_bbox_check(out, err);
}

/* Road classes a collection truck may drive on. */
static const char *const drivable =
    "^(motorway|motorway_link|trunk|trunk_link|primary|primary_link|"
    "secondary|secondary_link|tertiary|tertiary_link|unclassified|"
    "residential|living_street|service|road)$";

int wo_overpass_query(const wo_bbox *b, int timeout_s, wo_buf *out,
                      wo_err *err)
{
    int rc = wo_bbox_check(b, err);
    if (rc != WO_OK)
        return rc;
    if (timeout_s <= 0 || timeout_s > 86400)
        return wo_err_set(err, WO_EINVAL,
                          "Overpass timeout %d s: expected 1..86400",
                          timeout_s);
    /* Overpass bboxes are (south,west,north,east). */
    rc = wo_buf_printf(out,
                       "[out:xml][timeout:%d];(way[\"highway\"~\"%s\"]"
                       "(%.7f,%.7f,%.7f,%.7f););(._;>;);out body;",
                       timeout_s, drivable, b->south_deg, b->west_deg,
                       b->north_deg, b->east_deg);
    if (rc != WO_OK)
        return wo_err_set(err, rc, "Overpass query: %s", wo_strerror(rc));
    return WO_OK;
}

int wo_overpass_form(const wo_bbox *b, int timeout_s, wo_buf *out,
                     wo_err *err)
{
    static const char hexd[] = "0123456789ABCDEF";
    wo_buf q;
    size_t i;
    int rc;
    wo_buf_init(&q, 0);
    rc = wo_overpass_query(b, timeout_s, &q, err);
    if (rc == WO_OK)
        rc = wo_buf_append(out, "data=", 5);
    for (i = 0; rc == WO_OK && i < q.len; i++) {
        unsigned char c = (unsigned char)q.data[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
            c == '~') {
            rc = wo_buf_append(out, &q.data[i], 1);
        } else {
            char enc[3] = {'%', hexd[c >> 4], hexd[c & 15]};
            rc = wo_buf_append(out, enc, 3);
        }
    }
    if (rc != WO_OK && (!err || err->code != rc))
        wo_err_set(err, rc, "Overpass query: %s", wo_strerror(rc));
    wo_buf_free(&q);
    return rc;
}
