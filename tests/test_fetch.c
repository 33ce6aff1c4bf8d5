/*
 * Unit tests of geo/fetch against the HTTP server of tests/support/httpd.c
 * on 127.0.0.1: success, retry after HTTP 500, stalls hitting the
 * timeouts, truncated and oversized bodies, resume with a Range request,
 * checksums, the cache, bad parameters and the Overpass query builder.
 * After every failure neither OUT nor OUT.part may exist.
 *
 * Run with `--serve MODE FILE PORTFILE [FAILS|STATUS]` it is instead a
 * standalone server for tests/e2e_geo.sh: it serves FILE in MODE, writes
 * its port to PORTFILE and runs until killed (at most 60 s).
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "geo/fetch.h"
#include "geo/sha256.h"
#include "tests/support/httpd.h"

#define BODY_LEN 100000

static char body[BODY_LEN];
static char dir[64];
static char out_path[128];
static char part_path[160];

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void remove_outputs(void)
{
    remove(out_path);
    remove(part_path);
}

static int setup(void **state)
{
    (void)state;
    remove_outputs();
    return 0;
}

static int file_equals(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(len + 1);
    size_t n;
    int same;
    if (!f || !buf) {
        if (f)
            fclose(f);
        free(buf);
        return 0;
    }
    n = fread(buf, 1, len + 1, f);
    fclose(f);
    same = n == len && !memcmp(buf, data, len);
    free(buf);
    return same;
}

static void url_of(const wo_httpd *h, char *url, size_t size)
{
    snprintf(url, size, "http://127.0.0.1:%d/extract.osm", wo_httpd_port(h));
}

/* Parameters with short timeouts and waits, for tests. */
static void quick_params(wo_fetch_params *p, const char *url,
                         wo_fetch_stats *st)
{
    wo_fetch_params_init(p);
    p->url = url;
    p->connect_timeout_s = 2.0;
    p->transfer_timeout_s = 5.0;
    p->low_speed_time_s = 0;
    p->retries = 0;
    p->backoff_s = 0.01;
    p->backoff_max_s = 0.05;
    p->stats = st;
}

/* Run a download that must fail with code and a message holding needle,
 * leaving neither OUT nor OUT.part. Returns the server's request count. */
static int expect_failure(wo_fetch_params *p, int code, const char *needle)
{
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_fetch_to_file(p, out_path, &err), code);
    if (!strstr(err.msg, needle))
        fail_msg("message '%s' lacks '%s'", err.msg, needle);
    assert_non_null(strstr(err.msg, p->url));
    assert_false(exists(out_path));
    assert_false(exists(part_path));
    return 0;
}

/* A server and the parameters of a download from it. */
typedef struct fixture {
    wo_httpd *h;       /* the server            */
    char url[128];     /* its URL               */
    wo_fetch_params p; /* quick_params for url  */
    wo_fetch_stats st; /* filled by downloads   */
} fixture;

/* extra is the fail count (FAIL_THEN_OK) or the status (STATUS). */
static void fx_start(fixture *f, wo_httpd_mode mode, int extra)
{
    f->h = wo_httpd_start(mode, body, BODY_LEN, extra, extra);
    assert_non_null(f->h);
    url_of(f->h, f->url, sizeof f->url);
    quick_params(&f->p, f->url, &f->st);
}

static void test_ok(void **state)
{
    fixture f;
    wo_err err;
    char hex[65];
    (void)state;
    fx_start(&f, WO_HTTPD_OK, 0);
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_OK);
    assert_true(file_equals(out_path, body, BODY_LEN));
    assert_false(exists(part_path));
    assert_int_equal(f.st.attempts, 1);
    assert_int_equal(f.st.http_status, 200);
    assert_int_equal((int)f.st.bytes, BODY_LEN);
    wo_sha256_hex_of(body, BODY_LEN, hex);
    assert_string_equal(f.st.sha256_hex, hex);
    assert_int_equal(wo_httpd_requests(f.h), 1);
    wo_httpd_stop(f.h);
}

static void test_500_then_ok(void **state)
{
    fixture f;
    wo_err err;
    (void)state;
    fx_start(&f, WO_HTTPD_FAIL_THEN_OK, 2);
    f.p.retries = 3;
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_OK);
    assert_true(file_equals(out_path, body, BODY_LEN));
    assert_int_equal(f.st.attempts, 3);
    assert_int_equal(wo_httpd_requests(f.h), 3);
    wo_httpd_stop(f.h);
}

/* Downloads that must fail: server mode, retries, timeouts, the expected
 * code, message and number of requests the server saw. */
static const struct failure_case {
    const char *what;
    wo_httpd_mode mode;
    int extra;
    int retries;
    double transfer_timeout_s;
    double low_speed_time_s;
    uint64_t max_bytes;
    int code;
    const char *needle;
    int requests;
} failures[] = {
    {"500 forever", WO_HTTPD_FAIL_THEN_OK, 99, 1, 5, 0, 0, WO_ENET,
     "gave up after 2 attempts: HTTP status 500", 2},
    {"404 is not retried", WO_HTTPD_STATUS, 404, 3, 5, 0, 0, WO_ENET,
     "HTTP status 404: no such extract", 1},
    {"stall, transfer timeout", WO_HTTPD_STALL, 0, 0, 0.5, 0, 0, WO_ETIMEOUT,
     "timed out", 1},
    /* The half body came in a burst: a high threshold trips at once. */
    {"stall, low speed", WO_HTTPD_STALL, 0, 0, 0, 1, 0, WO_ETIMEOUT,
     "timed out", 1},
    {"truncated body", WO_HTTPD_TRUNCATE, 0, 1, 5, 0, 0, WO_ENET,
     "closed before the end of the body", 2},
    {"oversized by Content-Length", WO_HTTPD_OK, 0, 2, 5, 0, BODY_LEN - 1,
     WO_ETOOBIG, "larger than the limit of 99999 bytes", 1},
    {"oversized while streaming", WO_HTTPD_NO_LENGTH, 0, 2, 5, 0, 5000,
     WO_ETOOBIG, "larger than the limit of 5000 bytes", 1},
};

static void test_failures(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof failures / sizeof failures[0]; i++) {
        const struct failure_case *c = &failures[i];
        fixture f;
        print_message("case: %s\n", c->what);
        remove_outputs();
        fx_start(&f, c->mode, c->extra);
        f.p.retries = c->retries;
        f.p.transfer_timeout_s = c->transfer_timeout_s;
        f.p.low_speed_time_s = c->low_speed_time_s;
        f.p.low_speed_bps = 1000000;
        if (c->max_bytes)
            f.p.max_bytes = c->max_bytes;
        expect_failure(&f.p, c->code, c->needle);
        assert_int_equal(wo_httpd_requests(f.h), c->requests);
        wo_httpd_stop(f.h);
    }
}

/* A broken download leaves OUT.part (resume on); the next call sends
 * "Range: bytes=50000-" and completes the file. */
static void test_resume_across_calls(void **state)
{
    fixture f;
    wo_err err;
    char method[16], range[64], rbody[16];
    struct stat sb;
    (void)state;
    fx_start(&f, WO_HTTPD_BREAK_THEN_OK, 0);
    f.p.resume = 1;
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_ENET);
    assert_false(exists(out_path));
    assert_int_equal(stat(part_path, &sb), 0);
    assert_int_equal((int)sb.st_size, BODY_LEN / 2);
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_OK);
    wo_httpd_last(f.h, method, sizeof method, range, sizeof range, rbody,
                  sizeof rbody);
    assert_string_equal(method, "GET");
    assert_string_equal(range, "bytes=50000-");
    assert_true(f.st.resumed);
    assert_int_equal(f.st.http_status, 206);
    assert_true(file_equals(out_path, body, BODY_LEN));
    assert_false(exists(part_path));
    wo_httpd_stop(f.h);
}

/* Within one call, the retry after a break resumes too. */
static void test_resume_within_call(void **state)
{
    fixture f;
    wo_err err;
    char method[16], range[64], rbody[16], hex[65];
    (void)state;
    fx_start(&f, WO_HTTPD_BREAK_THEN_OK, 0);
    f.p.resume = 1;
    f.p.retries = 1;
    wo_sha256_hex_of(body, BODY_LEN, hex);
    f.p.sha256_hex = hex;
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_OK);
    wo_httpd_last(f.h, method, sizeof method, range, sizeof range, rbody,
                  sizeof rbody);
    assert_string_equal(range, "bytes=50000-");
    assert_int_equal(f.st.attempts, 2);
    assert_true(file_equals(out_path, body, BODY_LEN));
    wo_httpd_stop(f.h);
}

static void write_part(const char *data, size_t len)
{
    FILE *fp = fopen(part_path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

/* A server that ignores Range gets the whole body written afresh, and a
 * complete .part (answered 416) is refetched from byte 0. */
static void test_resume_fallbacks(void **state)
{
    fixture f, g;
    wo_err err;
    (void)state;
    fx_start(&f, WO_HTTPD_IGNORE_RANGE, 0);
    f.p.resume = 1;
    write_part("garbage", 7);
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_OK);
    assert_true(file_equals(out_path, body, BODY_LEN));
    assert_false(f.st.resumed);
    remove_outputs();
    fx_start(&g, WO_HTTPD_OK, 0);
    g.p.resume = 1;
    write_part(body, BODY_LEN);
    assert_int_equal(wo_fetch_to_file(&g.p, out_path, &err), WO_OK);
    assert_true(file_equals(out_path, body, BODY_LEN));
    assert_int_equal(wo_httpd_requests(g.h), 2);
    wo_httpd_stop(f.h);
    wo_httpd_stop(g.h);
}

static void test_checksum(void **state)
{
    fixture f;
    wo_err err;
    char hex[65];
    size_t i;
    (void)state;
    fx_start(&f, WO_HTTPD_OK, 0);
    wo_sha256_hex_of(body, BODY_LEN, hex);
    hex[0] = hex[0] == '0' ? '1' : '0';
    f.p.sha256_hex = hex;
    f.p.retries = 2;
    expect_failure(&f.p, WO_ECHECKSUM, "SHA-256 mismatch: expected");
    assert_int_equal(wo_httpd_requests(f.h), 1);
    f.p.sha256_hex = "abc";
    expect_failure(&f.p, WO_EINVAL, "is not 64 hex digits");
    /* Upper-case hex of the right digest is accepted. */
    wo_sha256_hex_of(body, BODY_LEN, hex);
    for (i = 0; hex[i]; i++)
        if (hex[i] >= 'a' && hex[i] <= 'f')
            hex[i] = (char)(hex[i] - 'a' + 'A');
    f.p.sha256_hex = hex;
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_OK);
    wo_httpd_stop(f.h);
}

static void *cancel_later(void *ud)
{
    volatile sig_atomic_t *flag = ud;
    struct timespec ts = {0, 200 * 1000 * 1000};
    nanosleep(&ts, NULL);
    *flag = 1;
    return NULL;
}

/* A cancel during a stalled transfer stops it at once; a resumable .part
 * is kept only with resume on. A permanent failure never keeps it. */
static void test_cancel_and_resume_keep(void **state)
{
    fixture f;
    wo_err err;
    pthread_t t;
    volatile sig_atomic_t cancel = 0;
    char hex[65];
    (void)state;
    fx_start(&f, WO_HTTPD_STALL, 0);
    f.p.transfer_timeout_s = 30;
    f.p.cancel = &cancel;
    assert_int_equal(pthread_create(&t, NULL, cancel_later, (void *)&cancel),
                     0);
    expect_failure(&f.p, WO_ECANCELLED, "cancelled");
    pthread_join(t, NULL);
    cancel = 0;
    f.p.resume = 1;
    assert_int_equal(pthread_create(&t, NULL, cancel_later, (void *)&cancel),
                     0);
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_ECANCELLED);
    pthread_join(t, NULL);
    assert_false(exists(out_path));
    assert_true(exists(part_path));
    wo_httpd_stop(f.h);
    remove_outputs();
    fx_start(&f, WO_HTTPD_OK, 0);
    f.p.resume = 1;
    memset(hex, 'a', 64);
    hex[64] = '\0';
    f.p.sha256_hex = hex;
    write_part(body, 10);
    expect_failure(&f.p, WO_ECHECKSUM, "SHA-256 mismatch");
    wo_httpd_stop(f.h);
}

static void test_cache(void **state)
{
    fixture f;
    wo_err err;
    char cache[96], other[128];
    (void)state;
    fx_start(&f, WO_HTTPD_OK, 0);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    snprintf(other, sizeof other, "%s/second.osm", dir);
    f.p.cache_dir = cache;
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_OK);
    assert_false(f.st.from_cache);
    assert_int_equal(wo_fetch_to_file(&f.p, other, &err), WO_OK);
    assert_true(f.st.from_cache);
    assert_int_equal(f.st.attempts, 0);
    assert_int_equal(wo_httpd_requests(f.h), 1);
    assert_true(file_equals(other, body, BODY_LEN));
    /* A different request (POST body) is a different entry. */
    f.p.post_body = "data=x";
    assert_int_equal(wo_fetch_to_file(&f.p, other, &err), WO_OK);
    assert_int_equal(wo_httpd_requests(f.h), 2);
    remove(other);
    wo_httpd_stop(f.h);
}

static void test_bad_params(void **state)
{
    wo_fetch_params p;
    wo_httpd *h;
    char url[128];
    volatile sig_atomic_t cancel = 1;
    (void)state;
    quick_params(&p, "ftp://127.0.0.1/x", NULL);
    expect_failure(&p, WO_EINVAL, "only http:// and https://");
    quick_params(&p, "file:///etc/passwd", NULL);
    expect_failure(&p, WO_EINVAL, "only http:// and https://");
    /* Nothing listens on a stopped server's port. */
    h = wo_httpd_start(WO_HTTPD_OK, body, BODY_LEN, 0, 0);
    url_of(h, url, sizeof url);
    wo_httpd_stop(h);
    quick_params(&p, url, NULL);
    p.retries = 1;
    expect_failure(&p, WO_ENET, "gave up after 2 attempts");
    /* TLS to a plain-HTTP server fails the handshake. */
    h = wo_httpd_start(WO_HTTPD_OK, body, BODY_LEN, 0, 0);
    snprintf(url, sizeof url, "https://127.0.0.1:%d/x", wo_httpd_port(h));
    quick_params(&p, url, NULL);
    expect_failure(&p, WO_ENET, "https://");
    url_of(h, url, sizeof url);
    quick_params(&p, url, NULL);
    p.cancel = &cancel;
    expect_failure(&p, WO_ECANCELLED, "cancelled");
    wo_httpd_stop(h);
}

static void test_bbox(void **state)
{
    wo_bbox b;
    wo_err err;
    (void)state;
    assert_int_equal(wo_bbox_parse("106.5,29.5,106.6,29.6", &b, &err), WO_OK);
    assert_true(b.west_deg == 106.5 && b.north_deg == 29.6);
    assert_int_equal(wo_bbox_parse("105.3,28.2,110.2,32.2", &b, &err), WO_OK);
    assert_int_equal(wo_bbox_parse("106.6,29.5,106.5,29.6", &b, &err),
                     WO_EINVAL);
    assert_non_null(strstr(err.msg, "west 106.6 must be less than east"));
    assert_int_equal(wo_bbox_parse("106.5,29.6,106.6,29.5", &b, &err),
                     WO_EINVAL);
    assert_non_null(strstr(err.msg, "south"));
    assert_int_equal(wo_bbox_parse("106.5,29.5,190,29.6", &b, &err),
                     WO_EINVAL);
    assert_non_null(strstr(err.msg, "-180..180"));
    assert_int_equal(wo_bbox_parse("100,20,110,30", &b, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "split it"));
    assert_int_equal(wo_bbox_parse("106.5,x,106.6,29.6", &b, &err),
                     WO_EINVAL);
    assert_non_null(strstr(err.msg, "south 'x' is not a number"));
    assert_int_equal(wo_bbox_parse("106.5,29.5,106.6", &b, &err), WO_EINVAL);
    assert_int_equal(wo_bbox_parse("1,2,3,4,5", &b, &err), WO_EINVAL);
    assert_int_equal(wo_bbox_parse("", &b, &err), WO_EINVAL);
}

/* Header lines as libcurl passes them: a status line starts a new
 * response, numbers too long or absent leave the field unset. */
static void test_header_lines(void **state)
{
    static const char *const lines[] = {
        "HTTP/1.1 429 Too Many Requests\r\n", "Retry-After: 120\r\n",
        "content-range:\t bytes 100-199/200\r\n"};
    wo_fetch_headers h = {-1, 0};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof lines / sizeof *lines; i++)
        wo_fetch_header_line(&h, lines[i], strlen(lines[i]));
    assert_int_equal(h.range_start, 100);
    assert_true(h.retry_after_s == 120);
    wo_fetch_header_line(&h, "HTTP/2 200\r\n", 12);
    assert_int_equal(h.range_start, -1);
    assert_true(h.retry_after_s == 0);
    wo_fetch_header_line(&h, "Content-Range: bytes 1234567890123456789-1/2",
                         44);
    assert_int_equal(h.range_start, -1);
    wo_fetch_header_line(&h, "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT",
                         42);
    assert_true(h.retry_after_s == 0);
}

static void test_overpass_post(void **state)
{
    wo_httpd *h = wo_httpd_start(WO_HTTPD_OK, body, 100, 0, 0);
    wo_fetch_params p;
    wo_bbox b = {106.5, 29.5, 106.6, 29.6};
    wo_buf q, form;
    wo_err err;
    char url[128], method[16], range[64], rbody[4096];
    (void)state;
    wo_buf_init(&q, 0);
    wo_buf_init(&form, 0);
    assert_int_equal(wo_overpass_query(&b, 180, &q, &err), WO_OK);
    assert_non_null(strstr(wo_buf_cstr(&q), "[out:xml][timeout:180];"));
    assert_non_null(strstr(wo_buf_cstr(&q), "way[\"highway\"~\"^(motorway|"));
    assert_non_null(strstr(wo_buf_cstr(&q),
                           "(29.5000000,106.5000000,29.6000000,106.6000000)"));
    assert_non_null(strstr(wo_buf_cstr(&q), "(._;>;);out body;"));
    assert_int_equal(wo_overpass_form(&b, 180, &form, &err), WO_OK);
    assert_non_null(strstr(wo_buf_cstr(&form), "data=%5Bout%3Axml%5D"));
    assert_null(strchr(wo_buf_cstr(&form), ' '));
    url_of(h, url, sizeof url);
    quick_params(&p, url, NULL);
    p.post_body = wo_buf_cstr(&form);
    assert_int_equal(wo_fetch_to_file(&p, out_path, &err), WO_OK);
    wo_httpd_last(h, method, sizeof method, range, sizeof range, rbody,
                  sizeof rbody);
    assert_string_equal(method, "POST");
    assert_string_equal(rbody, wo_buf_cstr(&form));
    b.west_deg = 107.0;
    assert_int_equal(wo_overpass_query(&b, 180, &q, &err), WO_EINVAL);
    b.west_deg = 106.5;
    assert_int_equal(wo_overpass_query(&b, 0, &q, &err), WO_EINVAL);
    wo_buf_free(&q);
    wo_buf_free(&form);
    wo_httpd_stop(h);
}

/* Defect 2: a symlink planted at OUT.part is never followed: the download
 * is refused, names the .part, and the file it points to is untouched;
 * so is a .part hard-linked to another file. */
static void test_part_symlink_refused(void **state)
{
    fixture f;
    wo_err err;
    char victim[192];
    FILE *v;
    (void)state;
    snprintf(victim, sizeof victim, "%s/victim", dir);
    v = fopen(victim, "wb");
    assert_non_null(v);
    fputs("precious\n", v);
    fclose(v);
    assert_int_equal(symlink(victim, part_path), 0);
    fx_start(&f, WO_HTTPD_OK, 0);
    wo_err_clear(&err);
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_EIO);
    assert_non_null(strstr(err.msg, "extract.osm.part"));
    assert_true(file_equals(victim, "precious\n", 9));
    assert_false(exists(out_path));
    remove(part_path);
    assert_int_equal(link(victim, part_path), 0);
    f.p.resume = 1;
    assert_int_equal(wo_fetch_to_file(&f.p, out_path, &err), WO_EIO);
    assert_true(file_equals(victim, "precious\n", 9));
    remove(part_path);
    remove(victim);
    wo_httpd_stop(f.h);
}

/* Defect 6: a device target is written in place, never replaced, with no
 * .part beside it (a private device node when we may make one, else
 * /dev/null itself). */
static void test_device_target_in_place(void **state)
{
    fixture f;
    wo_err err;
    char node[192], part[200];
    const char *target = node;
    struct stat st;
    (void)state;
    snprintf(node, sizeof node, "%s/null", dir);
    if (mknod(node, S_IFCHR | 0666, makedev(1, 3)) != 0)
        target = "/dev/null";
    snprintf(part, sizeof part, "%s.part", target);
    fx_start(&f, WO_HTTPD_OK, 0);
    wo_err_clear(&err);
    assert_int_equal(wo_fetch_to_file(&f.p, target, &err), WO_OK);
    assert_int_equal((int)f.st.bytes, BODY_LEN);
    assert_int_equal(stat(target, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_false(exists(part));
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    if (target == node)
        remove(node);
    wo_httpd_stop(f.h);
}

/* Standalone server for the end-to-end test. */
static int serve_main(int argc, char **argv)
{
    wo_httpd *h;
    FILE *f;
    char *data, tmp[512];
    long len;
    long extra = 0;
    int mode, i;
    if (argc < 5 || (mode = wo_httpd_mode_parse(argv[2])) < 0 ||
        (argc > 5 && (wo_parse_long(argv[5], &extra) != WO_OK || extra < 0 ||
                      extra > 1000))) {
        fprintf(stderr, "usage: test_fetch --serve MODE FILE PORTFILE [N]\n");
        return 2;
    }
    f = fopen(argv[3], "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0) {
        fprintf(stderr, "test_fetch: cannot read %s\n", argv[3]);
        return 1;
    }
    rewind(f);
    data = malloc((size_t)len + 1);
    if (!data || fread(data, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        return 1;
    }
    fclose(f);
    h = wo_httpd_start((wo_httpd_mode)mode, data, (size_t)len, (int)extra,
                       (int)extra);
    free(data);
    if (!h)
        return 1;
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[4]);
    f = fopen(tmp, "w");
    if (!f)
        return 1;
    fprintf(f, "%d\n", wo_httpd_port(h));
    fclose(f);
    rename(tmp, argv[4]);
    for (i = 0; i < 600; i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    wo_httpd_stop(h);
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_ok, setup),
        cmocka_unit_test_setup(test_500_then_ok, setup),
        cmocka_unit_test_setup(test_failures, setup),
        cmocka_unit_test_setup(test_resume_across_calls, setup),
        cmocka_unit_test_setup(test_resume_within_call, setup),
        cmocka_unit_test_setup(test_resume_fallbacks, setup),
        cmocka_unit_test_setup(test_checksum, setup),
        cmocka_unit_test_setup(test_cancel_and_resume_keep, setup),
        cmocka_unit_test_setup(test_cache, setup),
        cmocka_unit_test_setup(test_bad_params, setup),
        cmocka_unit_test(test_bbox),
        cmocka_unit_test(test_header_lines),
        cmocka_unit_test_setup(test_overpass_post, setup),
        cmocka_unit_test_setup(test_part_symlink_refused, setup),
        cmocka_unit_test_setup(test_device_target_in_place, setup),
    };
    char cmd[128];
    size_t i;
    int rc;
    if (argc > 1 && !strcmp(argv[1], "--serve"))
        return serve_main(argc, argv);
    for (i = 0; i < BODY_LEN; i++)
        body[i] = (char)('a' + (i * 7919u + i / 13u) % 26u);
    snprintf(dir, sizeof dir, "/tmp/wo_test_fetch.XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    snprintf(out_path, sizeof out_path, "%s/extract.osm", dir);
    snprintf(part_path, sizeof part_path, "%s.part", out_path);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    remove_outputs();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
