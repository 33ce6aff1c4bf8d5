/*
 * serve.c — `wasteopt serve`'s HTTP service: routes, the request body
 * limits, the queue of solves and its worker threads, the page of GET /.
 * See serve.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/serve.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/parse.h"
#include "cli/bundle.h"
#include "cli/maphtml.h"
#include "cli/json.h"
#include "cli/plan_out.h"
#include "cli/scenario_arg.h"
#include "cli/vroom.h"
#include "solver/plan/budget.h"
#include "solver/plan/plan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Largest page read by --plan DIR (map.html embeds its data). */
#define PAGE_MAX_BYTES ((size_t)256 << 20)
/* Request bodies held at once: this many times max_body, at least
 * BODIES_MIN_BYTES; beyond it a request is refused with 503. */
#define BODIES_FACTOR 4
#define BODIES_MIN_BYTES ((size_t)64 << 20)
/* A connection idle this long is closed (slow senders). */
#define IDLE_TIMEOUT_S 30

/* What a request asks for. */
typedef enum route {
    ROUTE_SOLVE,     /* POST /              */
    ROUTE_PLAN,      /* POST /plan          */
    ROUTE_ANSWERED   /* answered at once    */
} route;

/* Where a request is. */
typedef enum req_state {
    REQ_READING,     /* its body arrives               */
    REQ_QUEUED,      /* waiting for or on a worker     */
    REQ_DONE         /* the answer is ready to be sent */
} req_state;

/* One request, from its first byte to its answer (the connection's
 * con_cls; freed when libmicrohttpd reports it completed). */
typedef struct req {
    struct MHD_Connection *con;
    route route;
    req_state state;
    double t0_s;              /* when its headers were read                */
    char method[8];           /* for the log line                          */
    char url[64];
    wo_buf body;              /* the body read so far                      */
    size_t held;              /* bytes of body counted in bodies_held      */
    int too_big;              /* 1: the body passed max_body (413)         */
    int busy;                 /* 1: bodies_held passed its cap (503)       */
    /* POST /plan's query: <= 0 / "" when not given */
    long iterations, seed, days;
    double time_limit_s;
    char date[11];
    /* the answer */
    unsigned status;
    const char *content_type;
    char *resp;               /* malloc'd, or NULL when persistent          */
    const char *resp_static;  /* a persistent answer (Leaflet's files)      */
    size_t resp_len;
    const char *allow;        /* Allow header of a 405                      */
    struct req *next;         /* in the queue                               */
} req;

/* One of Leaflet's files, read at start-up. */
typedef struct static_file {
    const char *url;          /* under /leaflet/                           */
    const char *content_type;
    char *data;               /* NULL when it could not be read            */
    size_t len;
} static_file;

struct wo_server {
    wo_serve_opts o;
    struct MHD_Daemon *d;
    int port;
    pthread_mutex_t lock;
    pthread_cond_t wake;      /* a solve was queued, or stop               */
    pthread_t *threads;
    int n_threads;            /* started                                   */
    int stop;                 /* 1: workers end once the queue is empty    */
    int draining;             /* 1: quiesced                               */
    req *q_head, *q_tail;     /* solves waiting for a worker               */
    int queued, running;      /* waiting, being solved                     */
    int in_flight;            /* requests received and not completed       */
    long served, rejected_busy, refused;
    size_t bodies_held, bodies_max; /* only the polling thread uses these  */
    wo_cancel_flag cancel;
    /* the page of GET / and the last plan.json (under lock) */
    char *page;
    size_t page_len;
    char *plan_json;
    size_t plan_json_len;
    static_file leaflet[8];
    int n_leaflet;
};

void wo_serve_opts_init(wo_serve_opts *o)
{
    memset(o, 0, sizeof *o);
    o->bind = "127.0.0.1";
    o->port = 3000;
    o->workers = 2;
    o->queue = 16;
    o->max_body = (size_t)32 << 20;
    o->time_limit_s = 60;
    o->leaflet_dir = WO_SERVE_LEAFLET_DIR;
}

/* ------------------------------------------------------------- answers */

/* The answer when there is no memory for one. */
static const char oom_json[] = "{\"code\": 1, \"error\": \"out of memory\"}\n";

/* Set r's answer to a copy of text[0..len). */
static void answer(req *r, unsigned status, const char *content_type,
                   const char *text, size_t len)
{
    free(r->resp);
    r->resp = malloc(len + 1);
    r->status = status;
    r->content_type = content_type;
    r->resp_static = NULL;
    if (!r->resp) {
        /* no memory for the answer: a fixed one */
        r->status = MHD_HTTP_SERVICE_UNAVAILABLE;
        r->content_type = "application/json";
        r->resp_static = oom_json;
        r->resp_len = sizeof oom_json - 1;
        return;
    }
    memcpy(r->resp, text, len);
    r->resp[len] = '\0';
    r->resp_len = len;
}

/* Answer a JSON document (dumped compact, with a final newline). */
static void answer_json(req *r, unsigned status, const wo_json *doc,
                        size_t flags)
{
    char *text = doc ? wo_json_dumps(doc, flags) : NULL;
    size_t n;
    if (!text) {
        answer(r, MHD_HTTP_SERVICE_UNAVAILABLE, "application/json", oom_json,
               sizeof oom_json - 1);
        return;
    }
    n = strlen(text);
    free(r->resp);
    r->resp = malloc(n + 2);
    if (r->resp) {
        memcpy(r->resp, text, n);
        r->resp[n] = '\n';
        r->resp[n + 1] = '\0';
        r->resp_len = n + 1;
        r->status = status;
        r->content_type = "application/json";
        r->resp_static = NULL;
    } else {
        answer(r, MHD_HTTP_SERVICE_UNAVAILABLE, "application/json", oom_json,
               sizeof oom_json - 1);
    }
    wo_json_free_text(text);
}

/* An error answer {"code": C, "error": "..."}: code 2 (the request is at
 * fault) with a 4xx status, 1 (the server is) with a 5xx, as VROOM's
 * error codes say. */
static void answer_error(req *r, unsigned status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void answer_error(req *r, unsigned status, const char *fmt, ...)
{
    char msg[WO_ERR_MSG_MAX];
    wo_json *doc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    doc = wo_json_pack("{s:i,s:s}", "code", status < 500 ? 2 : 1, "error",
                       msg);
    if (!doc) /* a message that is not UTF-8 (a quoted name of a request) */
        doc = wo_json_pack("{s:i,s:s}", "code", status < 500 ? 2 : 1,
                           "error", "malformed request (the message is not "
                                    "UTF-8)");
    answer_json(r, status, doc, WO_JSON_COMPACT);
    wo_json_decref(doc);
}

/* HTTP status of a library error while handling a request's content. */
static unsigned status_of(int code)
{
    return code == WO_ENOMEM ? MHD_HTTP_SERVICE_UNAVAILABLE
           : code == WO_EINTERNAL || code == WO_EIO || code == WO_ESOLVER
               ? MHD_HTTP_INTERNAL_SERVER_ERROR
               : MHD_HTTP_BAD_REQUEST;
}

/* ------------------------------------------------------------ the page */

/* The page of GET / before any plan. */
static const char no_plan_page[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>wasteopt</title></head><body>\n<h1>wasteopt serve</h1>\n"
    "<p>No plan yet: POST a scenario to <code>/plan</code> (a JSON bundle or "
    "a tar of the scenario directory), or start the server with "
    "<code>--plan DIR</code> on the output of <code>wasteopt plan</code>.</p>\n"
    "<p><a href=\"/health\">/health</a></p>\n</body></html>\n";

/* The page of a plan for GET / (malloc'd into *html): the plan's map page
 * of cli/maphtml.h, with Leaflet from this server's /leaflet/. */
static int page_of_plan(const wo_scenario *sc, const wo_plan *p, char **html,
                        size_t *len)
{
    wo_maphtml_opts o = {"/leaflet/", NULL, NULL};
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    int failed;
    if (!f)
        return WO_ENOMEM;
    failed = wo_maphtml_write(f, sc, p, NULL, &o) != 0;
    failed |= fclose(f) != 0;
    if (failed || !text) {
        free(text);
        return WO_ENOMEM;
    }
    *html = text;
    *len = n;
    return WO_OK;
}

/* Replace *slot (len *slot_len) by the new text, under s->lock. */
static void swap_text(wo_server *s, char **slot, size_t *slot_len, char *text,
                      size_t len)
{
    char *old;
    pthread_mutex_lock(&s->lock);
    old = *slot;
    *slot = text;
    *slot_len = len;
    pthread_mutex_unlock(&s->lock);
    free(old);
}

/* ----------------------------------------------------------- the solves */

/* POST /: the VROOM problem in r's body. */
static void do_solve(wo_server *s, req *r)
{
    wo_vroom_opts vo;
    char err[WO_ERR_MSG_MAX], *out = NULL;
    size_t out_len = 0;
    int rc;
    if (r->body.len == 0) {
        answer_error(r, MHD_HTTP_BAD_REQUEST,
                     "empty body (expected a VROOM problem as JSON)");
        return;
    }
    /* the solver's own defaults, its time capped by the server's */
    wo_vroom_opts_init(&vo);
    if (!(vo.time_limit_s > 0) || vo.time_limit_s > s->o.time_limit_s)
        vo.time_limit_s = s->o.time_limit_s;
    vo.threads = 1;
    err[0] = '\0';
    rc = wo_vroom_solve_text(r->body.data, r->body.len, &vo, &out, &out_len,
                             err, sizeof err);
    if (rc == 0) {
        free(r->resp);
        r->resp = out;
        r->resp_len = out_len;
        r->status = MHD_HTTP_OK;
        r->content_type = "application/json";
        return;
    }
    free(out);
    answer_error(r, rc == 2 ? MHD_HTTP_BAD_REQUEST
                            : MHD_HTTP_INTERNAL_SERVER_ERROR,
                 "%s", err[0] ? err : "the problem could not be solved");
}

/* POST /plan: the scenario in r's body, planned; plan.json answered and
 * the page of GET / replaced. */
static void do_plan(wo_server *s, req *r)
{
    wo_bundle b;
    wo_err err;
    char *dir = NULL, *text = NULL, *page = NULL;
    size_t page_len = 0, n;
    wo_scenario *sc = NULL;
    wo_plan *plan = NULL;
    wo_json *ind = NULL, *doc = NULL;
    wo_plan_params prm;
    wo_deadline deadline;
    double limit_s;
    int rc;
    wo_err_clear(&err);
    if ((rc = wo_bundle_read(r->body.data ? r->body.data : "", r->body.len,
                             &b, &err)) != WO_OK) {
        answer_error(r, status_of(rc), "%s", err.msg);
        return;
    }
    if ((rc = wo_bundle_extract(&b, NULL, &dir, &err)) != WO_OK) {
        answer_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err.msg);
        wo_bundle_free(&b);
        return;
    }
    rc = wo_scenario_load_dir(dir, &sc, &err);
    wo_bundle_remove(&b, dir);
    free(dir);
    wo_bundle_free(&b);
    if (rc != WO_OK) {
        answer_error(r, status_of(rc), "%s", err.msg);
        return;
    }
    if (r->date[0] && wo_cli_set_date(sc, r->date, &err) != WO_OK) {
        answer_error(r, MHD_HTTP_BAD_REQUEST,
                     "query 'date': '%s' is not a date YYYY-MM-DD", r->date);
        goto done;
    }
    wo_plan_params_init(&prm, sc);
    wo_plan_use_vrp(&prm);
    limit_s = wo_plan_budget_limit_s(sc);
    if (r->time_limit_s > 0 && r->time_limit_s < limit_s)
        limit_s = r->time_limit_s;
    if (limit_s > s->o.time_limit_s)
        limit_s = s->o.time_limit_s;
    deadline.at_s = wo_now_s() + limit_s;
    prm.deadline = wo_plan_budget_command(deadline, 0);
    if (r->iterations > 0)
        prm.max_iterations = r->iterations;
    if (r->seed >= 0)
        prm.seed = (uint64_t)r->seed;
    if (r->days > 0)
        prm.days = (int)r->days;
    prm.threads = 1;
    prm.cancel = &s->cancel;
    if ((rc = wo_plan_run(sc, &prm, &plan, &err)) != WO_OK) {
        answer_error(r, rc == WO_EINVAL ? MHD_HTTP_BAD_REQUEST : status_of(rc),
                     "%s", err.msg);
        goto done;
    }
    ind = wo_plan_indicators_json(sc, plan, &err);
    if (!(doc = wo_plan_to_json(sc, plan, ind)) ||
        !(text = wo_json_dumps(doc, WO_JSON_INDENT(2) | WO_JSON_PRESERVE_ORDER |
                                        WO_JSON_REAL_PRECISION(10)))) {
        answer_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
        goto done;
    }
    answer(r, MHD_HTTP_OK, "application/json", text, strlen(text));
    /* plan.json as `wasteopt plan` writes it: with a final newline */
    if (r->resp && r->status == MHD_HTTP_OK) {
        char *t = realloc(r->resp, r->resp_len + 2);
        if (t) {
            r->resp = t;
            t[r->resp_len++] = '\n';
            t[r->resp_len] = '\0';
        }
        n = r->resp_len;
        if ((t = malloc(n + 1))) {
            memcpy(t, r->resp, n + 1);
            swap_text(s, &s->plan_json, &s->plan_json_len, t, n);
        }
    }
    if (page_of_plan(sc, plan, &page, &page_len) == WO_OK)
        swap_text(s, &s->page, &s->page_len, page, page_len);
done:
    wo_json_free_text(text);
    wo_json_decref(doc);
    wo_json_decref(ind);
    wo_plan_free(plan);
    wo_scenario_free(sc);
}

/* While the test hook's file exists, wait (serve.h). */
static void test_gate(void)
{
    const char *gate = getenv("WO_TEST_SERVE_GATE");
    struct stat st;
    struct timespec ts = {0, 20 * 1000 * 1000};
    while (gate && gate[0] && stat(gate, &st) == 0)
        nanosleep(&ts, NULL);
}

static void *worker(void *arg)
{
    wo_server *s = arg;
    for (;;) {
        req *r;
        pthread_mutex_lock(&s->lock);
        while (!s->q_head && !s->stop)
            pthread_cond_wait(&s->wake, &s->lock);
        if (!s->q_head) {
            pthread_mutex_unlock(&s->lock);
            return NULL;
        }
        r = s->q_head;
        s->q_head = r->next;
        if (!s->q_head)
            s->q_tail = NULL;
        s->queued--;
        s->running++;
        pthread_mutex_unlock(&s->lock);

        test_gate();
        if (r->route == ROUTE_SOLVE)
            do_solve(s, r);
        else
            do_plan(s, r);

        pthread_mutex_lock(&s->lock);
        s->running--;
        r->state = REQ_DONE;
        pthread_mutex_unlock(&s->lock);
        MHD_resume_connection(r->con);
    }
}

/* ------------------------------------------------------------ routing */

/* Leaflet's files served under /leaflet/: the only names answered. */
static const struct {
    const char *url, *file, *type;
} leaflet_files[] = {
    {"leaflet.js", "leaflet.js", "application/javascript"},
    {"leaflet.css", "leaflet.css", "text/css"},
    {"images/layers.png", "images/layers.png", "image/png"},
    {"images/layers-2x.png", "images/layers-2x.png", "image/png"},
    {"images/marker-icon.png", "images/marker-icon.png", "image/png"},
    {"images/marker-icon-2x.png", "images/marker-icon-2x.png", "image/png"},
    {"images/marker-shadow.png", "images/marker-shadow.png", "image/png"},
};

/* Read a whole regular file of at most max bytes into *data (malloc'd). */
static int read_file(const char *path, size_t max, char **data, size_t *len,
                     wo_err *err)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *buf;
    if (!f)
        return wo_err_set(err, wo_errno_code(errno), "%s: %s", path,
                          wo_errno_text(errno));
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        (unsigned long long)st.st_size > max) {
        fclose(f);
        return wo_err_set(err, WO_EINVAL,
                          "%s: not a regular file of at most %zu MiB", path,
                          max >> 20);
    }
    if (!(buf = malloc((size_t)st.st_size + 1))) {
        fclose(f);
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    }
    *len = fread(buf, 1, (size_t)st.st_size, f);
    buf[*len] = '\0';
    if (ferror(f) || *len != (size_t)st.st_size) {
        fclose(f);
        free(buf);
        return wo_err_set(err, WO_EIO, "%s: read error", path);
    }
    fclose(f);
    *data = buf;
    return WO_OK;
}

/* Answer 200 with a copy of the text held in *slot (the page or the last
 * plan.json, read under s->lock); 0 when none is held yet. */
static int answer_held(wo_server *s, req *r, char *const *slot,
                       const size_t *len, const char *content_type)
{
    int held;
    pthread_mutex_lock(&s->lock);
    held = *slot != NULL;
    if (held)
        answer(r, MHD_HTTP_OK, content_type, *slot, *len);
    pthread_mutex_unlock(&s->lock);
    return held;
}

/* Answer a GET at once; 0 when the path is not one of the GET routes. */
static int answer_get(wo_server *s, req *r, const char *url)
{
    size_t i;
    if (!strcmp(url, "/health")) {
        wo_json *doc;
        pthread_mutex_lock(&s->lock);
        doc = wo_json_pack(
            "{s:s,s:i,s:i,s:i,s:i,s:I,s:f,s:I,s:I,s:I,s:b}", "status",
            s->draining ? "draining" : "ok", "workers", s->o.workers,
            "running", s->running, "queued", s->queued, "queue_limit",
            s->o.queue, "max_body", (wo_json_int)s->o.max_body,
            "request_time_limit_s", s->o.time_limit_s, "served",
            (wo_json_int)s->served, "rejected_busy",
            (wo_json_int)s->rejected_busy, "refused", (wo_json_int)s->refused,
            "plan", s->plan_json != NULL || s->page != NULL);
        pthread_mutex_unlock(&s->lock);
        answer_json(r, MHD_HTTP_OK, doc, WO_JSON_COMPACT);
        wo_json_decref(doc);
        return 1;
    }
    if (!strcmp(url, "/")) {
        if (!answer_held(s, r, &s->page, &s->page_len,
                         "text/html; charset=utf-8"))
            answer(r, MHD_HTTP_OK, "text/html; charset=utf-8", no_plan_page,
                   sizeof no_plan_page - 1);
        return 1;
    }
    if (!strcmp(url, "/plan.json")) {
        if (!answer_held(s, r, &s->plan_json, &s->plan_json_len,
                         "application/json"))
            answer_error(r, MHD_HTTP_NOT_FOUND,
                         "no plan yet: POST a scenario to /plan first");
        return 1;
    }
    if (!strncmp(url, "/leaflet/", 9)) {
        for (i = 0; i < (size_t)s->n_leaflet; i++)
            if (!strcmp(url + 9, s->leaflet[i].url))
                break;
        if (i == (size_t)s->n_leaflet)
            return 0;
        if (!s->leaflet[i].data) {
            answer_error(r, MHD_HTTP_NOT_FOUND,
                         "%s is not installed (Debian package libjs-leaflet)",
                         url);
            return 1;
        }
        r->status = MHD_HTTP_OK;
        r->content_type = s->leaflet[i].content_type;
        r->resp_static = s->leaflet[i].data;
        r->resp_len = s->leaflet[i].len;
        return 1;
    }
    return 0;
}

/* The value of query argument `key` of r's connection, NULL when absent. */
static const char *query(req *r, const char *key)
{
    return MHD_lookup_connection_value(r->con, MHD_GET_ARGUMENT_KIND, key);
}

/* POST /plan's query (iterations, seed, days, time_limit, date): 0, or
 * -1 with a 400 answer set. */
static int read_plan_query(req *r)
{
    static const char *const known[] = {"iterations", "seed", "days",
                                        "time_limit", "date"};
    const char *v;
    size_t i;
    r->seed = -1;
    for (i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!(v = query(r, known[i])))
            continue;
        if (i == 4) {
            if (strlen(v) != 10) {
                answer_error(r, MHD_HTTP_BAD_REQUEST,
                             "query 'date': expected YYYY-MM-DD");
                return -1;
            }
            wo_strlcpy(r->date, v, sizeof r->date);
        } else if (i == 3) {
            if (wo_parse_double(v, &r->time_limit_s) != WO_OK ||
                !(r->time_limit_s > 0) || r->time_limit_s > 1e6) {
                answer_error(r, MHD_HTTP_BAD_REQUEST,
                             "query 'time_limit': expected seconds > 0");
                return -1;
            }
        } else {
            static const long hi[] = {1000000000L, 2147483647L, 28};
            static const long lo[] = {1, 0, 1};
            long *out = i == 0 ? &r->iterations : i == 1 ? &r->seed : &r->days;
            if (wo_parse_long(v, out) != WO_OK || *out < lo[i] ||
                *out > hi[i]) {
                answer_error(r, MHD_HTTP_BAD_REQUEST,
                             "query '%s': expected an integer in [%ld, %ld]",
                             known[i], lo[i], hi[i]);
                return -1;
            }
        }
    }
    return 0;
}

/* Queue r's answer on its connection. */
static enum MHD_Result send_answer(req *r)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    r->state = REQ_DONE;
    if (r->resp_static)
        resp = MHD_create_response_from_buffer(r->resp_len,
                                               (void *)r->resp_static,
                                               MHD_RESPMEM_PERSISTENT);
    else
        resp = MHD_create_response_from_buffer(r->resp_len, r->resp,
                                               MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->content_type ? r->content_type
                                            : "application/json");
    if (r->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    ret = MHD_queue_response(r->con, r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The first call for a request: route it. Returns 1 when r is answered
 * at once, 0 when its body is to be read. */
static int route_request(wo_server *s, req *r, const char *url,
                         const char *method)
{
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    int post = !strcmp(method, "POST");
    const char *cl;
    if (!strcmp(url, "/") || !strcmp(url, "/plan")) {
        if (!post && !(get && !strcmp(url, "/"))) {
            r->allow = !strcmp(url, "/") ? "GET, HEAD, POST" : "POST";
            answer_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
                         "method %s not allowed on %s (allowed: %s)", method,
                         url, r->allow);
            return 1;
        }
        if (get)
            return answer_get(s, r, url);
    } else {
        if (!get) {
            /* a known GET path, or none at all */
            req probe;
            memset(&probe, 0, sizeof probe);
            probe.con = r->con;
            if (answer_get(s, &probe, url)) {
                free(probe.resp);
                r->allow = "GET, HEAD";
                answer_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
                             "method %s not allowed on %s (allowed: %s)",
                             method, url, r->allow);
            } else {
                answer_error(r, MHD_HTTP_NOT_FOUND, "no such path: %s", url);
            }
            return 1;
        }
        if (!answer_get(s, r, url))
            answer_error(r, MHD_HTTP_NOT_FOUND, "no such path: %s", url);
        return 1;
    }
    r->route = !strcmp(url, "/") ? ROUTE_SOLVE : ROUTE_PLAN;
    cl = MHD_lookup_connection_value(r->con, MHD_HEADER_KIND,
                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end;
        unsigned long long n;
        errno = 0;
        n = strtoull(cl, &end, 10);
        if (errno == 0 && end != cl && !*end && n > s->o.max_body) {
            answer_error(r, MHD_HTTP_CONTENT_TOO_LARGE,
                         "request body of %llu bytes is larger than the "
                         "limit of %zu bytes (--max-body)",
                         n, s->o.max_body);
            return 1;
        }
    }
    if (s->draining) {
        answer_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
                     "the server is shutting down");
        return 1;
    }
    if (r->route == ROUTE_PLAN && read_plan_query(r) != 0)
        return 1;
    wo_buf_init(&r->body, s->o.max_body);
    return 0;
}

/* The end of r's body: queue the solve (connection suspended until a
 * worker has answered), or answer 413 / 503 at once. 1 when answered. */
static int queue_solve(wo_server *s, req *r)
{
    if (r->too_big) {
        answer_error(r, MHD_HTTP_CONTENT_TOO_LARGE,
                     "request body larger than the limit of %zu bytes "
                     "(--max-body)",
                     s->o.max_body);
        return 1;
    }
    if (r->busy) {
        answer_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
                     "server busy: too many request bodies held; retry "
                     "later");
        return 1;
    }
    pthread_mutex_lock(&s->lock);
    if (s->draining || s->queued + s->running >= s->o.workers + s->o.queue) {
        int draining = s->draining, running = s->running, queued = s->queued;
        s->rejected_busy++;
        pthread_mutex_unlock(&s->lock);
        if (draining)
            answer_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
                         "the server is shutting down");
        else
            answer_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
                         "server busy: %d solves running and %d waiting "
                         "(--workers %d, --queue %d); retry later",
                         running, queued, s->o.workers, s->o.queue);
        return 1;
    }
    /* suspended before a worker can see it, so that its resume always
     * follows */
    MHD_suspend_connection(r->con);
    r->state = REQ_QUEUED;
    r->next = NULL;
    if (s->q_tail)
        s->q_tail->next = r;
    else
        s->q_head = r;
    s->q_tail = r;
    s->queued++;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    return 0;
}

/* 1 when the request announces a body (a length above 0, or chunks). */
static int has_body(struct MHD_Connection *con)
{
    const char *cl = MHD_lookup_connection_value(
        con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    return (cl && strcmp(cl, "0") != 0) ||
           MHD_lookup_connection_value(con, MHD_HEADER_KIND,
                                       MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    wo_server *s = cls;
    req *r = *con_cls;
    enum req_state state;
    if (!r) {
        if (!(r = calloc(1, sizeof *r)))
            return MHD_NO;
        r->con = con;
        r->t0_s = wo_now_s();
        r->route = ROUTE_ANSWERED;
        wo_strlcpy(r->method, method, sizeof r->method);
        wo_strlcpy(r->url, url, sizeof r->url);
        *con_cls = r;
        pthread_mutex_lock(&s->lock);
        s->in_flight++;
        pthread_mutex_unlock(&s->lock);
        if (!route_request(s, r, url, method))
            return MHD_YES; /* its body follows */
        r->state = REQ_DONE;
        /* Answered at once. Without a body, the answer goes out on the
         * next call, which keeps the connection open for the next request;
         * with one (413, or a body sent to a path that takes none) it goes
         * out now and the connection is closed after it. */
        if (has_body(con))
            return send_answer(r);
        return MHD_YES;
    }
    pthread_mutex_lock(&s->lock);
    state = r->state;
    pthread_mutex_unlock(&s->lock);
    if (state == REQ_DONE && *upload_size) {
        *upload_size = 0; /* not expected: dropped */
        return MHD_YES;
    }
    if (state == REQ_DONE)
        return send_answer(r);
    if (state == REQ_QUEUED)
        return MHD_YES; /* not reached: suspended until done */
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (r->too_big || r->busy)
            return MHD_YES; /* the rest is read and dropped */
        if (s->bodies_held + n > s->bodies_max) {
            r->busy = 1;
        } else if (wo_buf_append(&r->body, upload, n) != WO_OK) {
            r->too_big = r->body.len + n > s->o.max_body;
            r->busy = !r->too_big;
        } else {
            r->held += n;
            s->bodies_held += n;
        }
        if (r->too_big || r->busy) {
            s->bodies_held -= r->held;
            r->held = 0;
            wo_buf_free(&r->body);
        }
        return MHD_YES;
    }
    if (queue_solve(s, r))
        return send_answer(r);
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *con,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
    wo_server *s = cls;
    req *r = *con_cls;
    (void)con;
    if (!r)
        return;
    *con_cls = NULL;
    if (!s->o.quiet)
        fprintf(stderr, "wasteopt serve: %s %s %u %.1f ms%s\n", r->method,
                r->url, r->status, (wo_now_s() - r->t0_s) * 1000.0,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
                                                           : " (not sent)");
    s->bodies_held -= r->held;
    pthread_mutex_lock(&s->lock);
    s->in_flight--;
    if (r->status >= 200 && r->status < 300)
        s->served++;
    else if (r->status >= 400)
        s->refused++;
    pthread_mutex_unlock(&s->lock);
    wo_buf_free(&r->body);
    free(r->resp);
    free(r);
}

/* ------------------------------------------------------------- life */

/* The socket address of o->bind:o->port into *ss. */
static int parse_bind(const wo_serve_opts *o, struct sockaddr_storage *ss,
                      int *ipv6, wo_err *err)
{
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    memset(ss, 0, sizeof *ss);
    if (inet_pton(AF_INET, o->bind, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((unsigned short)o->port);
        *ipv6 = 0;
        return WO_OK;
    }
    if (inet_pton(AF_INET6, o->bind, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((unsigned short)o->port);
        *ipv6 = 1;
        return WO_OK;
    }
    return wo_err_set(err, WO_EINVAL,
                      "--bind: '%s' is not a numeric IPv4 or IPv6 address",
                      o->bind);
}

int wo_serve_start(const wo_serve_opts *o, wo_server **out, wo_err *err)
{
    struct sockaddr_storage ss;
    const union MHD_DaemonInfo *info;
    wo_server *s;
    int ipv6 = 0, rc = WO_OK, i;
    size_t k;
    unsigned flags;
    *out = NULL;
    if (o->workers < 1 || o->queue < 0 || o->max_body < 1 ||
        !(o->time_limit_s > 0) || o->port < 0 || o->port > 65535)
        return wo_err_set(err, WO_EINVAL, "bad server options");
    if ((rc = parse_bind(o, &ss, &ipv6, err)) != WO_OK)
        return rc;
    if (!(s = calloc(1, sizeof *s)))
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    s->o = *o;
    s->bodies_max = o->max_body > (size_t)-1 / BODIES_FACTOR
                        ? (size_t)-1
                        : o->max_body * BODIES_FACTOR;
    if (s->bodies_max < BODIES_MIN_BYTES)
        s->bodies_max = BODIES_MIN_BYTES;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    if (o->plan_dir) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/map.html", o->plan_dir) >=
                sizeof path ||
            (rc = read_file(path, PAGE_MAX_BYTES, &s->page, &s->page_len,
                            err)) != WO_OK) {
            if (rc == WO_OK)
                rc = wo_err_set(err, WO_EINVAL, "--plan: path too long");
            else
                wo_err_prefix(err, "--plan");
            goto fail;
        }
    }
    /* Leaflet's files: a missing one is answered 404 with the package's
     * name, the server runs without it */
    for (k = 0; k < sizeof leaflet_files / sizeof leaflet_files[0]; k++) {
        static_file *f = &s->leaflet[s->n_leaflet++];
        char path[4096];
        wo_err ignored;
        f->url = leaflet_files[k].url;
        f->content_type = leaflet_files[k].type;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", o->leaflet_dir,
                             leaflet_files[k].file) < sizeof path)
            read_file(path, PAGE_MAX_BYTES, &f->data, &f->len, &ignored);
    }
    if (!(s->threads = calloc((size_t)o->workers, sizeof *s->threads))) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto fail;
    }
    for (i = 0; i < o->workers; i++) {
        if (pthread_create(&s->threads[i], NULL, worker, s) != 0) {
            rc = wo_err_set(err, WO_ENOMEM, "cannot start worker threads");
            goto fail;
        }
        s->n_threads++;
    }
    flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
            MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
            (ipv6 ? MHD_USE_IPv6 : 0);
    s->d = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(4 * (o->workers + o->queue) + 64), MHD_OPTION_END);
    if (!s->d) {
        rc = wo_err_set(err, WO_EIO,
                        "cannot listen on %s port %d (in use, or not an "
                        "address of this machine)",
                        o->bind, o->port);
        goto fail;
    }
    info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    *out = s;
    return WO_OK;
fail:
    wo_serve_stop(s);
    return rc;
}

int wo_serve_port(const wo_server *s) { return s->port; }

void wo_serve_quiesce(wo_server *s)
{
    int fd;
    pthread_mutex_lock(&s->lock);
    s->draining = 1;
    pthread_mutex_unlock(&s->lock);
    fd = MHD_quiesce_daemon(s->d);
    if (fd >= 0)
        close(fd);
}

int wo_serve_busy(wo_server *s)
{
    int n;
    pthread_mutex_lock(&s->lock);
    n = s->in_flight;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void wo_serve_cancel(wo_server *s) { s->cancel = 1; }

void wo_serve_stop(wo_server *s)
{
    int i;
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    pthread_mutex_lock(&s->lock);
    s->stop = 1;
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
    for (i = 0; i < s->n_threads; i++)
        pthread_join(s->threads[i], NULL);
    free(s->threads);
    for (i = 0; i < s->n_leaflet; i++)
        free(s->leaflet[i].data);
    free(s->page);
    free(s->plan_json);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
