/*
 * bench_serve — the load test of `wasteopt serve`: C concurrent clients
 * (one thread and one keep-alive libcurl handle each) post R small VROOM
 * problems each to POST / and time every answer.
 *
 * usage: bench_serve URL [--clients C] [--requests R] [--jobs J]
 *                    [--seed N] [--timeout S]
 *
 * Each problem is made from the seed, the client and the request number:
 * J jobs (default 10) around Chongqing's centre with delivery amounts,
 * service times and, for one problem in three, time windows; 2 vehicles
 * with capacity, start and end; every other problem gives the travel
 * times as a `matrices.car.durations` matrix with location indices, the
 * others as coordinates. An answer counts as good when it is HTTP 200
 * with a JSON object whose "code" is 0, with "routes" and "unassigned"
 * arrays and a "summary" object, and every job of the problem appears
 * exactly once, in a route's steps or in "unassigned". Anything else (a
 * status, a transport error, a timeout of S seconds, default 120) is a
 * failure; the first few are printed.
 *
 * Prints requests, failures, latency p50 / p90 / p99 / max in ms, the wall
 * time and requests per second. Exit status 1 when a request failed.
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/parse.h"
#include "base/rng.h"

typedef struct bench {
    const char *url;
    int clients, requests, jobs;
    unsigned long seed;
    long timeout_s;
    double *lat_ms;            /* [clients * requests]                    */
    int failed;                /* under lock                              */
    pthread_mutex_t lock;
} bench;

typedef struct client {
    bench *b;
    int id;
} client;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    wo_buf *buf = ud;
    return wo_buf_append(buf, p, size * n) == 0 ? size * n : 0;
}

/* A problem of `jobs` jobs into buf (text), from the rng. */
static void make_problem(wo_buf *buf, wo_rng *rng, int jobs, int matrix,
                         int windows)
{
    double lon[64], lat[64];
    int i, j, n = jobs + 1; /* location 0: the depot */
    for (i = 0; i < n; i++) {
        lon[i] = 106.45 + 0.25 * wo_rng_unit(rng);
        lat[i] = 29.45 + 0.2 * wo_rng_unit(rng);
    }
    wo_buf_printf(buf, "{\"vehicles\": [");
    for (i = 0; i < 2; i++) {
        if (matrix)
            wo_buf_printf(buf, "%s{\"id\": %d, \"profile\": \"car\", "
                               "\"start_index\": 0, \"end_index\": 0, "
                               "\"capacity\": [%d]}",
                          i ? ", " : "", i + 1, 40 + 10 * jobs);
        else
            wo_buf_printf(buf, "%s{\"id\": %d, \"profile\": \"car\", "
                               "\"start\": [%.6f, %.6f], \"end\": [%.6f, "
                               "%.6f], \"capacity\": [%d]}",
                          i ? ", " : "", i + 1, lon[0], lat[0], lon[0],
                          lat[0], 40 + 10 * jobs);
    }
    wo_buf_printf(buf, "], \"jobs\": [");
    for (i = 1; i < n; i++) {
        wo_buf_printf(buf, "%s{\"id\": %d, \"service\": %d, \"delivery\": [%d]",
                      i > 1 ? ", " : "", 100 + i,
                      60 + (int)(240 * wo_rng_unit(rng)),
                      1 + (int)(9 * wo_rng_unit(rng)));
        if (matrix)
            wo_buf_printf(buf, ", \"location_index\": %d", i);
        else
            wo_buf_printf(buf, ", \"location\": [%.6f, %.6f]", lon[i], lat[i]);
        if (windows)
            wo_buf_printf(buf, ", \"time_windows\": [[0, %d]]",
                          28800 + 3600 * (i % 4));
        wo_buf_printf(buf, "}");
    }
    wo_buf_printf(buf, "]");
    if (matrix) {
        wo_buf_printf(buf, ", \"matrices\": {\"car\": {\"durations\": [");
        for (i = 0; i < n; i++) {
            wo_buf_printf(buf, "%s[", i ? ", " : "");
            for (j = 0; j < n; j++) {
                double dx = (lon[i] - lon[j]) * 97000.0,
                       dy = (lat[i] - lat[j]) * 111000.0;
                /* about 30 km/h over 1.4 x the straight line */
                wo_buf_printf(buf, "%s%d", j ? ", " : "",
                              (int)(1.4 * (dx < 0 ? -dx : dx) +
                                    1.4 * (dy < 0 ? -dy : dy)) /
                                  8);
            }
            wo_buf_printf(buf, "]");
        }
        wo_buf_printf(buf, "]}}");
    }
    wo_buf_printf(buf, "}");
}

/* "" when text is a good answer for a problem of jobs 101..100+jobs, else
 * what is wrong (in why). */
static int check_answer(const char *text, size_t len, int jobs, char *why,
                        size_t why_len)
{
    json_error_t je;
    json_t *doc = json_loadb(text, len, 0, &je), *routes, *un, *r, *st;
    int seen[64] = {0}, ok = 0;
    size_t i, k;
    if (!doc) {
        snprintf(why, why_len, "not JSON: %.100s", je.text);
        return 0;
    }
    routes = json_object_get(doc, "routes");
    un = json_object_get(doc, "unassigned");
    if (!json_is_integer(json_object_get(doc, "code")) ||
        json_integer_value(json_object_get(doc, "code")) != 0 ||
        !json_is_array(routes) || !json_is_array(un) ||
        !json_is_object(json_object_get(doc, "summary"))) {
        snprintf(why, why_len, "no code 0, routes, unassigned and summary");
        goto done;
    }
    json_array_foreach(routes, i, r) {
        json_array_foreach(json_object_get(r, "steps"), k, st) {
            const char *type = json_string_value(json_object_get(st, "type"));
            json_int_t id = json_integer_value(json_object_get(st, "id"));
            if (!type || strcmp(type, "job") != 0)
                continue;
            if (id < 101 || id > 100 + jobs || seen[id - 101]++) {
                snprintf(why, why_len, "job %lld unknown or served twice",
                         (long long)id);
                goto done;
            }
        }
    }
    json_array_foreach(un, i, st) {
        json_int_t id = json_integer_value(json_object_get(st, "id"));
        if (id < 101 || id > 100 + jobs || seen[id - 101]++) {
            snprintf(why, why_len, "unassigned job %lld unknown or twice",
                     (long long)id);
            goto done;
        }
    }
    for (i = 0; i < (size_t)jobs; i++)
        if (!seen[i]) {
            snprintf(why, why_len, "job %zu neither routed nor unassigned",
                     101 + i);
            goto done;
        }
    ok = 1;
done:
    json_decref(doc);
    return ok;
}

static void fail(bench *b, int client_id, int req, const char *what)
{
    pthread_mutex_lock(&b->lock);
    if (b->failed++ < 5)
        fprintf(stderr, "bench_serve: client %d request %d: %s\n", client_id,
                req, what);
    pthread_mutex_unlock(&b->lock);
}

static void *run_client(void *arg)
{
    client *c = arg;
    bench *b = c->b;
    CURL *h = curl_easy_init();
    struct curl_slist *hdr =
        curl_slist_append(NULL, "Content-Type: application/json");
    wo_rng rng;
    int i;
    hdr = curl_slist_append(hdr, "Expect:");
    wo_rng_seed(&rng, b->seed * 1000003UL + (unsigned long)c->id);
    for (i = 0; i < b->requests; i++) {
        wo_buf problem, answer;
        long status = 0;
        double t0;
        CURLcode cc;
        char why[160];
        wo_buf_init(&problem, 0);
        wo_buf_init(&answer, (size_t)64 << 20);
        make_problem(&problem, &rng, b->jobs, i % 2 == 0, i % 3 == 0);
        curl_easy_setopt(h, CURLOPT_URL, b->url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, wo_buf_cstr(&problem));
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)problem.len);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, b->timeout_s);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        t0 = wo_now_s();
        cc = curl_easy_perform(h);
        b->lat_ms[c->id * b->requests + i] = (wo_now_s() - t0) * 1000.0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        if (cc != CURLE_OK) {
            fail(b, c->id, i, curl_easy_strerror(cc));
        } else if (status != 200) {
            snprintf(why, sizeof why, "HTTP %ld: %.100s", status,
                     wo_buf_cstr(&answer));
            fail(b, c->id, i, why);
        } else if (!check_answer(answer.data, answer.len, b->jobs, why,
                                 sizeof why)) {
            fail(b, c->id, i, why);
        }
        wo_buf_free(&problem);
        wo_buf_free(&answer);
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int arg_long(int argc, char **argv, int *i, long lo, long hi,
                    long *out)
{
    if (*i + 1 >= argc || wo_parse_long(argv[*i + 1], out) != 0 ||
        *out < lo || *out > hi) {
        fprintf(stderr, "bench_serve: %s needs an integer in [%ld, %ld]\n",
                argv[*i], lo, hi);
        return -1;
    }
    ++*i;
    return 0;
}

int main(int argc, char **argv)
{
    bench b;
    client *cs;
    pthread_t *th;
    long v;
    int i, n;
    double t0, wall;
    memset(&b, 0, sizeof b);
    b.clients = 8;
    b.requests = 50;
    b.jobs = 10;
    b.seed = 1;
    b.timeout_s = 120;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--clients")) {
            if (arg_long(argc, argv, &i, 1, 256, &v))
                return 2;
            b.clients = (int)v;
        } else if (!strcmp(argv[i], "--requests")) {
            if (arg_long(argc, argv, &i, 1, 100000, &v))
                return 2;
            b.requests = (int)v;
        } else if (!strcmp(argv[i], "--jobs")) {
            if (arg_long(argc, argv, &i, 1, 63, &v))
                return 2;
            b.jobs = (int)v;
        } else if (!strcmp(argv[i], "--seed")) {
            if (arg_long(argc, argv, &i, 0, 2147483647L, &v))
                return 2;
            b.seed = (unsigned long)v;
        } else if (!strcmp(argv[i], "--timeout")) {
            if (arg_long(argc, argv, &i, 1, 86400, &v))
                return 2;
            b.timeout_s = v;
        } else if (argv[i][0] != '-' && !b.url) {
            b.url = argv[i];
        } else {
            fprintf(stderr, "usage: bench_serve URL [--clients C] "
                            "[--requests R] [--jobs J] [--seed N] "
                            "[--timeout S]\n");
            return 2;
        }
    }
    if (!b.url) {
        fprintf(stderr, "bench_serve: no URL (e.g. http://127.0.0.1:3000/)\n");
        return 2;
    }
    n = b.clients * b.requests;
    b.lat_ms = calloc((size_t)n, sizeof *b.lat_ms);
    cs = calloc((size_t)b.clients, sizeof *cs);
    th = calloc((size_t)b.clients, sizeof *th);
    if (!b.lat_ms || !cs || !th || curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
        fprintf(stderr, "bench_serve: out of memory\n");
        return 1;
    }
    pthread_mutex_init(&b.lock, NULL);
    t0 = wo_now_s();
    for (i = 0; i < b.clients; i++) {
        cs[i].b = &b;
        cs[i].id = i;
        if (pthread_create(&th[i], NULL, run_client, &cs[i]) != 0) {
            fprintf(stderr, "bench_serve: cannot start client %d\n", i);
            return 1;
        }
    }
    for (i = 0; i < b.clients; i++)
        pthread_join(th[i], NULL);
    wall = wo_now_s() - t0;
    qsort(b.lat_ms, (size_t)n, sizeof *b.lat_ms, cmp_double);
    printf("bench_serve: %d clients x %d requests of %d jobs to %s\n",
           b.clients, b.requests, b.jobs, b.url);
    printf("requests %d\nfailed %d\n", n, b.failed);
    printf("latency_ms p50 %.1f p90 %.1f p99 %.1f max %.1f\n",
           b.lat_ms[(n - 1) / 2], b.lat_ms[(int)(0.9 * (n - 1))],
           b.lat_ms[(int)(0.99 * (n - 1))], b.lat_ms[n - 1]);
    printf("wall_s %.2f\nrequests_per_s %.1f\n", wall, n / wall);
    pthread_mutex_destroy(&b.lock);
    curl_global_cleanup();
    free(b.lat_ms);
    free(cs);
    free(th);
    return b.failed ? 1 : 0;
}
