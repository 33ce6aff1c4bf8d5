/*
 * vrp_wire.c — routing problems and solutions as byte messages
 * (vrp_wire.h).
 */
#include "cli/vrp_wire.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

#define MAGIC_JOB 0x4a50564fu    /* "OVPJ" read little-endian: a problem */
#define MAGIC_RESULT 0x5250564fu /* "OVPR": an answer                   */
#define HEADER_BYTES 16          /* magic, version, total length        */

/* ------------------------------------------------------------- writing */

/* v as n little-endian bytes. */
static int put_le(wo_buf *b, uint64_t v, int n)
{
    unsigned char c[8];
    int i;
    for (i = 0; i < n; i++)
        c[i] = (unsigned char)(v >> (8 * i));
    return wo_buf_append(b, c, (size_t)n);
}

static int put_u32(wo_buf *b, uint32_t v) { return put_le(b, v, 4); }

static int put_u64(wo_buf *b, uint64_t v) { return put_le(b, v, 8); }

static int put_i32(wo_buf *b, int v) { return put_u32(b, (uint32_t)v); }

static int put_i64(wo_buf *b, long v) { return put_u64(b, (uint64_t)v); }

static int put_f64(wo_buf *b, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return put_u64(b, u);
}

/* The header with a length to be filled in by finish_msg. */
static int start_msg(wo_buf *b, uint32_t magic, size_t *at)
{
    *at = b->len;
    if (put_u32(b, magic) || put_u32(b, WO_WIRE_VERSION) || put_u64(b, 0))
        return WO_ENOMEM;
    return WO_OK;
}

static void finish_msg(wo_buf *b, size_t at)
{
    uint64_t n = (uint64_t)(b->len - at);
    int i;
    for (i = 0; i < 8; i++)
        b->data[at + 8 + (size_t)i] = (char)(unsigned char)(n >> (8 * i));
}

/* Any error of a sequence of appends: the buffer's own code. */
#define PUT(call)                                                              \
    do {                                                                       \
        int put_rc_ = (call);                                                  \
        if (put_rc_ != WO_OK)                                                  \
            return put_rc_;                                                    \
    } while (0)

static int put_f64s(wo_buf *b, const double *d, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        PUT(put_f64(b, d[i]));
    return WO_OK;
}

/* n ints, or a 0 alone when d is NULL (a 1 before them otherwise). */
static int put_i32s(wo_buf *b, const int *d, int n)
{
    int i;
    PUT(put_i32(b, d != NULL));
    for (i = 0; d && i < n; i++)
        PUT(put_i32(b, d[i]));
    return WO_OK;
}

static int put_dims(wo_buf *b, const double *d)
{
    return put_f64s(b, d, WO_VRP_DIMS);
}

static int put_stop(wo_buf *b, const wo_vrp_stop *s)
{
    int t;
    PUT(put_i32(b, s->loc));
    PUT(put_i32(b, s->stream));
    PUT(put_dims(b, s->demand));
    PUT(put_f64(b, s->service_s));
    PUT(put_i32(b, s->n_tw));
    for (t = 0; t < WO_VRP_MAX_TW; t++) {
        PUT(put_f64(b, s->tw[t].open_s));
        PUT(put_f64(b, s->tw[t].close_s));
    }
    PUT(put_i32(b, s->optional));
    PUT(put_f64(b, s->penalty));
    return put_i64(b, s->ext_id);
}

static int put_facility(wo_buf *b, const wo_vrp_facility *f)
{
    PUT(put_i32(b, f->loc));
    PUT(put_u64(b, f->streams));
    PUT(put_f64(b, f->unload_s));
    PUT(put_f64(b, f->open_s));
    PUT(put_f64(b, f->close_s));
    PUT(put_dims(b, f->capacity));
    return put_i64(b, f->ext_id);
}

static int put_type(wo_buf *b, const wo_vrp_vehicle_type *t)
{
    PUT(put_i32(b, t->count));
    PUT(put_dims(b, t->capacity));
    PUT(put_dims(b, t->max_load_per_day));
    PUT(put_i32(b, t->max_stops));
    PUT(put_f64(b, t->fixed_cost));
    PUT(put_f64(b, t->cost_per_m));
    PUT(put_f64(b, t->cost_per_s));
    PUT(put_f64(b, t->speed_factor));
    PUT(put_i32(b, t->start_loc));
    PUT(put_i32(b, t->end_loc));
    PUT(put_f64(b, t->shift_open_s));
    PUT(put_f64(b, t->shift_close_s));
    PUT(put_f64(b, t->max_duration_s));
    PUT(put_f64(b, t->break_s));
    PUT(put_f64(b, t->break_earliest_s));
    PUT(put_f64(b, t->break_latest_s));
    PUT(put_u64(b, t->streams));
    return put_i64(b, t->ext_id);
}

int wo_wire_put_job(wo_buf *b, const wo_vrp_problem *pb,
                    const wo_vrp_params *prm)
{
    size_t at, cells = (size_t)pb->n_loc * (size_t)pb->n_loc;
    int k;
    PUT(start_msg(b, MAGIC_JOB, &at));
    PUT(put_f64(b, prm->time_limit_s));
    PUT(put_i64(b, prm->max_iterations));
    PUT(put_i64(b, prm->stall_iterations));
    PUT(put_f64(b, prm->stall_s));
    PUT(put_u64(b, prm->seed));
    PUT(put_i32(b, prm->threads));
    PUT(put_i32(b, pb->lexicographic));
    PUT(put_i32(b, pb->n_loc));
    PUT(put_f64s(b, pb->dist_m, cells));
    PUT(put_f64s(b, pb->dur_s, cells));
    PUT(put_i32(b, pb->n_stops));
    for (k = 0; k < pb->n_stops; k++)
        PUT(put_stop(b, &pb->stops[k]));
    PUT(put_i32(b, pb->n_facilities));
    for (k = 0; k < pb->n_facilities; k++)
        PUT(put_facility(b, &pb->facilities[k]));
    PUT(put_i32(b, pb->n_types));
    for (k = 0; k < pb->n_types; k++)
        PUT(put_type(b, &pb->types[k]));
    /* stability against an earlier plan (--baseline) */
    PUT(put_f64(b, pb->stability_penalty));
    PUT(put_i32(b, pb->warm_start));
    PUT(put_i32s(b, pb->pref_vehicle, pb->n_stops));
    PUT(put_i32s(b, pb->pref_pos, pb->n_stops));
    finish_msg(b, at);
    return WO_OK;
}

static int put_route(wo_buf *b, const wo_vrp_route *r)
{
    int v;
    PUT(put_i32(b, r->type));
    PUT(put_i32(b, r->vehicle));
    PUT(put_i32(b, r->stream));
    PUT(put_f64(b, r->dist_m));
    PUT(put_f64(b, r->dur_s));
    PUT(put_f64(b, r->cost));
    PUT(put_i32(b, r->n_visits));
    for (v = 0; v < r->n_visits; v++) {
        const wo_vrp_visit *x = &r->visits[v];
        PUT(put_i32(b, (int)x->kind));
        PUT(put_i32(b, x->index));
        PUT(put_f64(b, x->arrival_s));
        PUT(put_f64(b, x->start_s));
        PUT(put_f64(b, x->depart_s));
        PUT(put_dims(b, x->load_after));
    }
    return WO_OK;
}

int wo_wire_put_result(wo_buf *b, int rc, const char *msg,
                       const wo_vrp_solution *sol)
{
    size_t at, n = msg ? strlen(msg) : 0;
    int k;
    PUT(start_msg(b, MAGIC_RESULT, &at));
    PUT(put_i32(b, rc));
    PUT(put_u32(b, (uint32_t)n));
    PUT(wo_buf_append(b, msg ? msg : "", n));
    if (rc == WO_OK) {
        PUT(put_i32(b, (int)sol->status));
        PUT(put_f64(b, sol->cost));
        PUT(put_f64(b, sol->dist_m));
        PUT(put_f64(b, sol->dur_s));
        PUT(put_i32(b, sol->vehicles_used));
        PUT(put_f64(b, sol->lower_bound));
        PUT(put_i64(b, sol->iterations));
        PUT(put_f64(b, sol->seconds));
        PUT(put_i32(b, sol->stalled));
        PUT(put_i32(b, sol->n_routes));
        for (k = 0; k < sol->n_routes; k++)
            PUT(put_route(b, &sol->routes[k]));
        PUT(put_i32(b, sol->n_unserved));
        for (k = 0; k < sol->n_unserved; k++) {
            PUT(put_i32(b, sol->unserved[k].stop));
            PUT(put_i32(b, (int)sol->unserved[k].reason));
        }
    }
    finish_msg(b, at);
    return WO_OK;
}

/* ------------------------------------------------------------- reading */

/* A message being read: the first failure is kept in err and every read
 * after it returns zero. */
typedef struct reader {
    const unsigned char *p;    /* the message                               */
    size_t len, at;            /* its length and the read position          */
    const char *kind;          /* "problem" or "answer", for messages       */
    int failed;                /* 1 after the first error                   */
    wo_err *err;
    int code;                  /* the first error's code                    */
} reader;

static int fail(reader *r, int code, const char *field)
{
    if (!r->failed)
        r->code = wo_err_set(r->err, code, "%s message: %s at byte %zu of "
                             "%zu", r->kind, field, r->at, r->len);
    r->failed = 1;
    return code;
}

/* n little-endian bytes; 0 after an error. */
static uint64_t get_le(reader *r, int n, const char *field)
{
    uint64_t v = 0;
    int i;
    if (r->failed)
        return 0;
    if (r->len - r->at < (size_t)n) {
        fail(r, WO_EPARSE, field);
        return 0;
    }
    for (i = 0; i < n; i++)
        v |= (uint64_t)r->p[r->at + (size_t)i] << (8 * i);
    r->at += (size_t)n;
    return v;
}

static uint64_t get_u64(reader *r, const char *field)
{
    return get_le(r, 8, field);
}

static uint32_t get_u32(reader *r, const char *field)
{
    return (uint32_t)get_le(r, 4, field);
}

static int get_i32(reader *r, const char *field)
{
    uint32_t u = get_u32(r, field);
    int32_t v;
    memcpy(&v, &u, sizeof v);
    return (int)v;
}

static long get_i64(reader *r, const char *field)
{
    uint64_t u = get_u64(r, field);
    int64_t v;
    memcpy(&v, &u, sizeof v);
    if (v > LONG_MAX || v < LONG_MIN) {
        fail(r, WO_EPARSE, field);
        return 0;
    }
    return (long)v;
}

static double get_f64(reader *r, const char *field)
{
    uint64_t u = get_u64(r, field);
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* n doubles into d, up to the first error. */
static void get_f64s(reader *r, double *d, size_t n, const char *field)
{
    size_t i;
    for (i = 0; i < n && !r->failed; i++)
        d[i] = get_f64(r, field);
}

static void get_dims(reader *r, double *d, const char *field)
{
    get_f64s(r, d, WO_VRP_DIMS, field);
}

/* An enumeration or bounded count: an int in lo..hi, else a failure
 * "FIELD out of range" at its first byte. */
static int get_i32_in(reader *r, int lo, int hi, const char *field)
{
    char what[64];
    int v = get_i32(r, field);
    if (!r->failed && (v < lo || v > hi)) {
        r->at -= 4;
        snprintf(what, sizeof what, "%s out of range", field);
        fail(r, WO_EPARSE, what);
    }
    return v;
}

/* 1 when the bytes left can hold n elements of elem_bytes each. */
static int room_for(const reader *r, int n, size_t elem_bytes)
{
    return n >= 0 && (size_t)n <= (r->len - r->at) / elem_bytes;
}

/* A count of elements of at least elem_bytes each still to read: >= 0
 * and no more than the bytes left can hold; -1 after an error. */
static int get_count(reader *r, size_t elem_bytes, const char *field)
{
    int n = get_i32(r, field);
    if (r->failed)
        return -1;
    if (!room_for(r, n, elem_bytes)) {
        r->at -= 4;
        fail(r, WO_EPARSE, field);
        return -1;
    }
    return n;
}

/* The header: magic, version, and a length equal to the bytes given. */
static void get_header(reader *r, uint32_t magic)
{
    uint32_t m = get_u32(r, "magic"), v;
    uint64_t n;
    if (!r->failed && m != magic) {
        r->at = 0;
        fail(r, WO_EPARSE, "not a message of this kind (magic)");
        return;
    }
    v = get_u32(r, "version");
    if (!r->failed && v != WO_WIRE_VERSION) {
        r->code = wo_err_set(r->err, WO_EVERSION,
                             "%s message: format version %u, this program "
                             "reads version %d", r->kind, (unsigned)v,
                             WO_WIRE_VERSION);
        r->failed = 1;
        return;
    }
    n = get_u64(r, "length");
    if (!r->failed && n != r->len)
        fail(r, WO_EPARSE, "length differs from the bytes received");
}

/* Allocate n elements of size bytes (NULL for none), zeroed. */
static void *get_array(reader *r, int n, size_t size)
{
    void *p;
    if (r->failed || n <= 0)
        return NULL;
    if (!(p = wo_calloc((size_t)n, size))) {
        r->code = wo_err_set(r->err, WO_ENOMEM, "%s message: out of memory",
                             r->kind);
        r->failed = 1;
    }
    return p;
}

/* What put_i32s wrote for n elements: NULL when absent, else n ints
 * (allocated); the solver checks their values. */
static int *get_i32s(reader *r, int n, const char *field)
{
    int *d, i;
    if (!get_i32_in(r, 0, 1, field) || r->failed)
        return NULL;
    if (!room_for(r, n, 4)) {
        fail(r, WO_EPARSE, field);
        return NULL;
    }
    d = get_array(r, n, sizeof *d);
    for (i = 0; d && i < n && !r->failed; i++)
        d[i] = get_i32(r, field);
    return d;
}

static void get_stop(reader *r, wo_vrp_stop *s)
{
    int t;
    s->loc = get_i32(r, "stop.loc");
    s->stream = get_i32(r, "stop.stream");
    get_dims(r, s->demand, "stop.demand");
    s->service_s = get_f64(r, "stop.service_s");
    s->n_tw = get_i32_in(r, 0, WO_VRP_MAX_TW, "stop.n_tw");
    for (t = 0; t < WO_VRP_MAX_TW; t++) {
        s->tw[t].open_s = get_f64(r, "stop.tw.open_s");
        s->tw[t].close_s = get_f64(r, "stop.tw.close_s");
    }
    s->optional = get_i32(r, "stop.optional");
    s->penalty = get_f64(r, "stop.penalty");
    s->ext_id = get_i64(r, "stop.ext_id");
}

static void get_facility(reader *r, wo_vrp_facility *f)
{
    f->loc = get_i32(r, "facility.loc");
    f->streams = get_u64(r, "facility.streams");
    f->unload_s = get_f64(r, "facility.unload_s");
    f->open_s = get_f64(r, "facility.open_s");
    f->close_s = get_f64(r, "facility.close_s");
    get_dims(r, f->capacity, "facility.capacity");
    f->ext_id = get_i64(r, "facility.ext_id");
}

static void get_type(reader *r, wo_vrp_vehicle_type *t)
{
    t->count = get_i32(r, "type.count");
    get_dims(r, t->capacity, "type.capacity");
    get_dims(r, t->max_load_per_day, "type.max_load_per_day");
    t->max_stops = get_i32(r, "type.max_stops");
    t->fixed_cost = get_f64(r, "type.fixed_cost");
    t->cost_per_m = get_f64(r, "type.cost_per_m");
    t->cost_per_s = get_f64(r, "type.cost_per_s");
    t->speed_factor = get_f64(r, "type.speed_factor");
    t->start_loc = get_i32(r, "type.start_loc");
    t->end_loc = get_i32(r, "type.end_loc");
    t->shift_open_s = get_f64(r, "type.shift_open_s");
    t->shift_close_s = get_f64(r, "type.shift_close_s");
    t->max_duration_s = get_f64(r, "type.max_duration_s");
    t->break_s = get_f64(r, "type.break_s");
    t->break_earliest_s = get_f64(r, "type.break_earliest_s");
    t->break_latest_s = get_f64(r, "type.break_latest_s");
    t->streams = get_u64(r, "type.streams");
    t->ext_id = get_i64(r, "type.ext_id");
}

/* Bytes of one stop, facility and vehicle type on the wire: the least a
 * count of them may take. */
#define STOP_BYTES (4 * 4 + 8 * (WO_VRP_DIMS + 2 + 2 * WO_VRP_MAX_TW + 1))
#define FACILITY_BYTES (4 + 8 * (5 + WO_VRP_DIMS))
#define TYPE_BYTES (4 * 4 + 8 * (12 + 2 * WO_VRP_DIMS))

void wo_wire_job_free(wo_wire_job *job)
{
    if (!job)
        return;
    wo_free(job->dist_m);
    wo_free(job->dur_s);
    wo_free(job->stops);
    wo_free(job->facilities);
    wo_free(job->types);
    wo_free(job->pref_vehicle);
    wo_free(job->pref_pos);
    memset(job, 0, sizeof *job);
}

int wo_wire_get_job(const void *data, size_t len, wo_wire_job *job,
                    wo_err *err)
{
    reader r = {data, len, 0, "problem", 0, err, WO_OK};
    size_t cells = 0;
    int k, n;
    memset(job, 0, sizeof *job);
    get_header(&r, MAGIC_JOB);
    job->prm.time_limit_s = get_f64(&r, "time_limit_s");
    job->prm.max_iterations = get_i64(&r, "max_iterations");
    job->prm.stall_iterations = get_i64(&r, "stall_iterations");
    job->prm.stall_s = get_f64(&r, "stall_s");
    job->prm.seed = get_u64(&r, "seed");
    job->prm.threads = get_i32(&r, "threads");
    job->pb.lexicographic = get_i32(&r, "lexicographic");
    /* Two matrices of n_loc x n_loc doubles must fit in what is left. */
    n = get_i32(&r, "n_loc");
    if (!r.failed) {
        if (n < 0 || (uint64_t)n * (uint64_t)n > (r.len - r.at) / 16) {
            r.at -= 4;
            fail(&r, WO_EPARSE, "n_loc larger than the matrices sent");
        }
        cells = r.failed ? 0 : (size_t)n * (size_t)n;
        job->pb.n_loc = n;
    }
    if (cells > 0) {
        job->dist_m = get_array(&r, 1, cells * sizeof(double));
        job->dur_s = get_array(&r, 1, cells * sizeof(double));
        get_f64s(&r, job->dist_m, cells, "dist_m");
        get_f64s(&r, job->dur_s, cells, "dur_s");
    }
    n = get_count(&r, STOP_BYTES, "n_stops");
    job->stops = get_array(&r, n, sizeof *job->stops);
    for (k = 0; k < n && !r.failed; k++)
        get_stop(&r, &job->stops[k]);
    job->pb.n_stops = n > 0 ? n : 0;
    n = get_count(&r, FACILITY_BYTES, "n_facilities");
    job->facilities = get_array(&r, n, sizeof *job->facilities);
    for (k = 0; k < n && !r.failed; k++)
        get_facility(&r, &job->facilities[k]);
    job->pb.n_facilities = n > 0 ? n : 0;
    n = get_count(&r, TYPE_BYTES, "n_types");
    job->types = get_array(&r, n, sizeof *job->types);
    for (k = 0; k < n && !r.failed; k++)
        get_type(&r, &job->types[k]);
    job->pb.n_types = n > 0 ? n : 0;
    job->pb.stability_penalty = get_f64(&r, "stability_penalty");
    job->pb.warm_start = get_i32_in(&r, 0, 1, "warm_start");
    job->pref_vehicle = get_i32s(&r, job->pb.n_stops, "pref_vehicle");
    job->pref_pos = get_i32s(&r, job->pb.n_stops, "pref_pos");
    if (!r.failed && r.at != r.len)
        fail(&r, WO_EPARSE, "bytes after the last field");
    if (r.failed) {
        wo_wire_job_free(job);
        return r.code;
    }
    job->pb.dist_m = job->dist_m;
    job->pb.dur_s = job->dur_s;
    job->pb.stops = job->stops;
    job->pb.facilities = job->facilities;
    job->pb.types = job->types;
    job->pb.pref_vehicle = job->pref_vehicle;
    job->pb.pref_pos = job->pref_pos;
    return WO_OK;
}

/* Bytes of a route and of a visit on the wire, at least. */
#define ROUTE_BYTES (4 * 4 + 8 * 3)
#define VISIT_BYTES (4 * 2 + 8 * (3 + WO_VRP_DIMS))

static void get_route(reader *r, wo_vrp_route *x)
{
    int v, n;
    x->type = get_i32(r, "route.type");
    x->vehicle = get_i32(r, "route.vehicle");
    x->stream = get_i32(r, "route.stream");
    x->dist_m = get_f64(r, "route.dist_m");
    x->dur_s = get_f64(r, "route.dur_s");
    x->cost = get_f64(r, "route.cost");
    n = get_count(r, VISIT_BYTES, "route.n_visits");
    x->visits = get_array(r, n, sizeof *x->visits);
    x->n_visits = r->failed ? 0 : n;
    for (v = 0; v < x->n_visits && !r->failed; v++) {
        wo_vrp_visit *y = &x->visits[v];
        y->kind = (wo_vrp_visit_kind)get_i32_in(r, WO_VISIT_DEPOT,
                                                WO_VISIT_BREAK, "visit.kind");
        y->index = get_i32(r, "visit.index");
        y->arrival_s = get_f64(r, "visit.arrival_s");
        y->start_s = get_f64(r, "visit.start_s");
        y->depart_s = get_f64(r, "visit.depart_s");
        get_dims(r, y->load_after, "visit.load_after");
    }
}

int wo_wire_get_result(const void *data, size_t len, int *rc, char *msg,
                       size_t msg_cap, wo_vrp_solution *sol, wo_err *err)
{
    reader r = {data, len, 0, "answer", 0, err, WO_OK};
    uint32_t n_msg;
    int k, n, status;
    wo_vrp_solution_init(sol);
    if (msg_cap > 0)
        msg[0] = '\0';
    get_header(&r, MAGIC_RESULT);
    *rc = get_i32(&r, "rc");
    n_msg = get_u32(&r, "message length");
    if (!r.failed && n_msg > r.len - r.at)
        fail(&r, WO_EPARSE, "message longer than the bytes sent");
    if (!r.failed) {
        size_t keep = msg_cap > 0 && n_msg >= msg_cap ? msg_cap - 1 : n_msg;
        if (msg_cap > 0) {
            memcpy(msg, r.p + r.at, keep);
            msg[keep] = '\0';
        }
        r.at += n_msg;
    }
    if (!r.failed && *rc == WO_OK) {
        status = get_i32(&r, "status");
        if (!r.failed && (status < WO_VRP_FEASIBLE || status > WO_VRP_OPTIMAL))
            fail(&r, WO_EPARSE, "status out of range");
        sol->status = (wo_vrp_status)status;
        sol->cost = get_f64(&r, "cost");
        sol->dist_m = get_f64(&r, "dist_m");
        sol->dur_s = get_f64(&r, "dur_s");
        sol->vehicles_used = get_i32(&r, "vehicles_used");
        sol->lower_bound = get_f64(&r, "lower_bound");
        sol->iterations = get_i64(&r, "iterations");
        sol->seconds = get_f64(&r, "seconds");
        sol->stalled = get_i32(&r, "stalled");
        n = get_count(&r, ROUTE_BYTES, "n_routes");
        sol->routes = get_array(&r, n, sizeof *sol->routes);
        /* Counted as read, so that a failure frees what was allocated. */
        for (k = 0; k < n && !r.failed; k++) {
            sol->n_routes = k + 1;
            get_route(&r, &sol->routes[k]);
        }
        n = get_count(&r, 8, "n_unserved");
        sol->unserved = get_array(&r, n, sizeof *sol->unserved);
        sol->n_unserved = r.failed ? 0 : n;
        for (k = 0; k < sol->n_unserved && !r.failed; k++) {
            sol->unserved[k].stop = get_i32(&r, "unserved.stop");
            sol->unserved[k].reason = (wo_vrp_unserved_reason)get_i32_in(
                &r, WO_UNSERVED_PENALTY, WO_UNSERVED_CAPACITY,
                "unserved.reason");
        }
    }
    if (!r.failed && r.at != r.len)
        fail(&r, WO_EPARSE, "bytes after the last field");
    if (r.failed) {
        if (!sol->routes)
            sol->n_routes = 0;
        wo_vrp_solution_free(sol);
        return r.code;
    }
    return WO_OK;
}
