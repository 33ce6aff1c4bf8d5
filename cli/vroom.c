/*
 * vroom.c — VROOM's problem JSON onto the routing core and its solution
 * back as VROOM's solution JSON (see vroom.h; the field list is
 * cli/VROOM.md).
 *
 * The mapping, in the order of wo_vroom_solve_text:
 *  - every VROOM vehicle is one core vehicle type of count 1 (its index is
 *    the type's ext_id), every job one stop (ext_id: its index), every
 *    facility of the waste extension one core facility;
 *  - the core's locations are the rows of the problem's matrices, or one
 *    per located object when the problem has none (great circle x
 *    circuity, or the road graph), plus one "anywhere" location at zero
 *    distance from all others for vehicles without a start or an end;
 *  - skills become the core's streams: jobs that the same vehicles may
 *    serve and the same facilities accept share a stream (at most 64);
 *  - VROOM's travel cost (per_hour on travel time, per_km on distance, or
 *    a costs matrix) is the core's per-metre cost on a "cost" matrix when
 *    every vehicle's rates are in the same proportion (exact), else the
 *    core prices distance and the whole route time (a warning says so);
 *  - priorities, when they differ: the jobs of the highest priority are
 *    mandatory (the core serves them first), the others optional with a
 *    penalty of 1 + p times one that exceeds serving a job anywhere.
 * Times are VROOM's integers: matrices are rounded to whole seconds and
 * metres, so the schedule the core computes is whole seconds too.
 */
#include "cli/vroom.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/parse.h"
#include "cli/json.h"
#include "geo/matrix.h"
#include "solver/lp.h"
#include "solver/vrp/vrp.h"

#define VR_DIMS WO_VRP_DIMS   /* amount dimensions supported              */
#define VR_HORIZON 1e10       /* end of time where no window says (s)      */
#define VR_MAX_INT 9007199254740992.0 /* 2^53: integers exact in a double */
#define VR_TIE_PER_S 1e-4     /* cost per second of route time: among
                                 routes of equal travel cost, the one
                                 with less waiting                        */
#define VR_WARN_MAX 65536     /* bytes of warnings kept                   */
#define VR_PATH 160           /* JSON path buffer                         */

/* Where an object is: coordinates and/or a matrix index. */
typedef struct vr_place {
    int given;          /* 1: location or location_index present     */
    int has_coord;      /* 1: location [lon, lat] present            */
    double lon, lat;    /* degrees                                   */
    long long index;    /* location_index, -1 when absent            */
    int loc;            /* the core's location                       */
} vr_place;

typedef struct vr_vehicle {
    wo_json_int id;
    const char *desc;            /* borrowed from the problem, or NULL  */
    const char *profile;         /* borrowed, "car" by default          */
    vr_place start, end;         /* .given 0: open start / end          */
    int has_cap;
    double cap[VR_DIMS];
    wo_json_int *skills;         /* owned                               */
    size_t n_skills;
    double open_s, close_s;      /* working hours                       */
    int has_break;
    wo_json_int break_id;
    const char *break_desc;
    double break_s, break_open_s, break_close_s;
    int max_tasks;               /* 0: none                             */
    double max_travel_s;         /* 0: none                             */
    double fixed, per_hour, per_km;
    double speed;                /* speed_factor                        */
} vr_vehicle;

typedef struct vr_job {
    wo_json_int id;
    const char *desc;
    vr_place at;
    double service_s;
    double delivery[VR_DIMS], pickup[VR_DIMS];
    wo_json_int *skills;         /* owned                               */
    size_t n_skills;
    int priority;
    int n_tw;
    wo_vrp_tw tw[WO_VRP_MAX_TW]; /* sorted, merged                      */
    int stream;
} vr_job;

typedef struct vr_fac {
    wo_json_int id;
    const char *desc;
    vr_place at;
    double service_s;
    double open_s, close_s;
    int has_skills;
    wo_json_int *skills;         /* owned                               */
    size_t n_skills;
    double cap[VR_DIMS];         /* per day, WO_VRP_UNLIMITED when none */
} vr_fac;

/* One call's state: nothing outlives it. */
typedef struct vr {
    const wo_vroom_opts *opt;
    char *msg;                   /* the caller's message buffer         */
    size_t msg_len;
    wo_buf warn;                 /* warnings, one per line              */
    wo_json *root;               /* the problem (owned)                 */
    int n_dims;                  /* amount dimensions, -1 until known   */
    char dims_from[VR_PATH];     /* the path that fixed n_dims          */
    int nv, nj, nf;
    vr_vehicle *veh;
    vr_job *job;
    vr_fac *fac;
    const char *profile;         /* the one profile of the vehicles     */
    long long n_mat;             /* side of the problem's matrices, 0: none */
    double *m_dur, *m_dist, *m_cost; /* [n_mat^2] or NULL              */
    int n_loc;                   /* core locations                      */
    double *dur;                 /* [n_loc^2] travel s (speed applied)  */
    double *dist;                /* [n_loc^2] metres, NULL: unknown     */
    double *cbase;               /* [n_loc^2] the core's "distance"     */
    int open_loc;                /* the "anywhere" location, -1: none   */
    int n_streams;
    int oom;                     /* an allocation failed: rc 1          */
    int top_priority;            /* the highest priority of the jobs:
                                    those jobs are mandatory, the others
                                    optional at a penalty               */
} vr;

/* ------------------------------------------------------------- messages */

/* A bad problem: the message (path first), returns 2. */
static int vr_fail(vr *v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int vr_fail(vr *v, const char *fmt, ...)
{
    va_list ap;
    if (v->msg_len && !v->oom) {
        va_start(ap, fmt);
        vsnprintf(v->msg, v->msg_len, fmt, ap);
        va_end(ap);
    }
    return 2;
}

/* Out of memory: returns 1 (and marks it: the readers above pass any
 * failure up as 2, the entry turns it back into 1). */
static int vr_oom(vr *v)
{
    v->oom = 1;
    if (v->msg_len)
        wo_strlcpy(v->msg, "out of memory", v->msg_len);
    return 1;
}

/* Add a warning line (a failed allocation only loses the warning). */
static void vr_warn(vr *v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void vr_warn(vr *v, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (wo_buf_append(&v->warn, line, strlen(line)) == WO_OK)
        (void)wo_buf_append(&v->warn, "\n", 1);
}

/* ------------------------------------------------------- value readers */

/* A JSON path (or other text) into dst[0..n), cut when too long. */
static void vr_pathf(char *dst, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void vr_pathf(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}



static const char *type_name(const wo_json *j)
{
    return wo_json_is_object(j)    ? "an object"
           : wo_json_is_array(j)   ? "an array"
           : wo_json_is_string(j)  ? "a string"
           : wo_json_is_number(j)  ? "a number"
           : wo_json_is_null(j)    ? "null"
                                   : "a boolean";
}

/* A number in [lo, hi]; integer: it must be whole. */
static int read_num(vr *v, const wo_json *j, const char *path, double lo,
                    double hi, int integer, double *out)
{
    double x;
    if (!wo_json_is_number(j))
        return vr_fail(v, "%s: expected %s, got %s", path,
                       integer ? "an integer" : "a number", type_name(j));
    x = wo_json_number_value(j);
    if (integer && (x != floor(x) || fabs(x) > VR_MAX_INT))
        return vr_fail(v, "%s: %g is not an integer", path, x);
    if (!(x >= lo) || !(x <= hi)) {
        if (lo == 0 && x < 0)
            return vr_fail(v, "%s: %g is negative", path, x);
        return vr_fail(v, "%s: %g is outside [%g, %g]", path, x, lo, hi);
    }
    *out = x;
    return 0;
}

/* An integer identifier >= 0. */
static int read_id(vr *v, const wo_json *obj, const char *path, wo_json_int *out)
{
    char p[VR_PATH];
    const wo_json *j = wo_json_object_get(obj, "id");
    double x;
    vr_pathf(p, sizeof p, "%s.id", path);
    if (!j)
        return vr_fail(v, "%s: missing", p);
    if (read_num(v, j, p, 0, VR_MAX_INT, 1, &x))
        return 2;
    *out = (wo_json_int)x;
    return 0;
}

/* An optional number field; *out unchanged when absent. */
static int opt_num(vr *v, const wo_json *obj, const char *path,
                   const char *key, double lo, double hi, int integer,
                   double *out)
{
    char p[VR_PATH];
    const wo_json *j = wo_json_object_get(obj, key);
    if (!j)
        return 0;
    vr_pathf(p, sizeof p, "%s.%s", path, key);
    return read_num(v, j, p, lo, hi, integer, out);
}

/* An optional string field; *out unchanged when absent. */
static int opt_str(vr *v, const wo_json *obj, const char *path,
                   const char *key, const char **out)
{
    const wo_json *j = wo_json_object_get(obj, key);
    if (!j)
        return 0;
    if (!wo_json_is_string(j))
        return vr_fail(v, "%s.%s: expected a string, got %s", path, key,
                       type_name(j));
    *out = wo_json_string_value(j);
    return 0;
}

/* An array field: NULL when absent, an error when not an array. */
static int opt_array(vr *v, const wo_json *obj, const char *path,
                     const char *key, wo_json **out)
{
    wo_json *j = wo_json_object_get(obj, key);
    *out = NULL;
    if (!j)
        return 0;
    if (!wo_json_is_array(j))
        return vr_fail(v, "%s%s%s: expected an array, got %s", path,
                       *path ? "." : "", key, type_name(j));
    *out = j;
    return 0;
}

/* The fields an object may have: known ones pass; ignored ones (pairs of
 * key and reason) and unknown ones get a warning. */
static void check_keys(vr *v, wo_json *obj, const char *path,
                       const char *const *known, const char *const *ignored)
{
    void *it;
    for (it = wo_json_object_iter(obj); it;
         it = wo_json_object_iter_next(obj, it)) {
        const char *k = wo_json_object_iter_key(it);
        int i, hit = 0;
        for (i = 0; known[i] && !hit; i++)
            hit = !strcmp(known[i], k);
        for (i = 0; ignored && ignored[i] && !hit; i += 2)
            if (!strcmp(ignored[i], k)) {
                vr_warn(v, "%s%s%s: ignored (%s)", path, *path ? "." : "", k,
                        ignored[i + 1]);
                hit = 1;
            }
        if (!hit)
            vr_warn(v, "%s%s%s: unknown field, ignored", path,
                    *path ? "." : "", k);
    }
}

/* Amounts (capacity, delivery, pickup): integers >= 0, one per dimension;
 * every amount array of a problem has the same length. *present: 1 when
 * the field is there. */
static int read_amounts(vr *v, const wo_json *obj, const char *path,
                        const char *key, double out[VR_DIMS], int *present)
{
    char p[VR_PATH], q[VR_PATH + 24];
    wo_json *a;
    size_t i, n;
    if (present)
        *present = 0;
    if (opt_array(v, obj, path, key, &a))
        return 2;
    if (!a)
        return 0;
    vr_pathf(p, sizeof p, "%s.%s", path, key);
    n = wo_json_array_size(a);
    if (n > VR_DIMS)
        return vr_fail(v, "%s[%d]: %zu amount dimensions; at most %d are "
                          "supported",
                       p, VR_DIMS, n, VR_DIMS);
    if (v->n_dims < 0) {
        v->n_dims = (int)n;
        vr_pathf(v->dims_from, sizeof v->dims_from, "%s", p);
    } else if ((int)n != v->n_dims) {
        return vr_fail(v, "%s: %zu value(s), but %s has %d (every amount "
                          "array has the same length)",
                       p, n, v->dims_from, v->n_dims);
    }
    for (i = 0; i < n; i++) {
        vr_pathf(q, sizeof q, "%s[%zu]", p, i);
        if (read_num(v, wo_json_array_get(a, i), q, 0, VR_MAX_INT, 1, &out[i]))
            return 2;
    }
    if (present)
        *present = 1;
    return 0;
}

/* Skills: integers >= 0 (owned copy in *out, NULL when none). */
static int read_skills(vr *v, const wo_json *obj, const char *path,
                       const char *key, wo_json_int **out, size_t *n_out,
                       int *present)
{
    char q[VR_PATH + 24];
    wo_json *a;
    size_t i, n;
    double x;
    *out = NULL;
    *n_out = 0;
    if (present)
        *present = 0;
    if (opt_array(v, obj, path, key, &a))
        return 2;
    if (!a)
        return 0;
    if (present)
        *present = 1;
    n = wo_json_array_size(a);
    if (n == 0)
        return 0;
    *out = wo_malloc(n * sizeof **out);
    if (!*out)
        return vr_oom(v);
    for (i = 0; i < n; i++) {
        vr_pathf(q, sizeof q, "%s.%s[%zu]", path, key, i);
        if (read_num(v, wo_json_array_get(a, i), q, 0, 4294967295.0, 1, &x))
            return 2;
        (*out)[i] = (wo_json_int)x;
    }
    *n_out = n;
    return 0;
}

/* A time window [start, end]: integers >= 0, start <= end. */
static int read_tw(vr *v, const wo_json *j, const char *path, double *open_s,
                   double *close_s)
{
    char q[VR_PATH + 8];
    if (!wo_json_is_array(j) || wo_json_array_size(j) != 2)
        return vr_fail(v, "%s: expected [start, end], got %s", path,
                       wo_json_is_array(j) ? "another array" : type_name(j));
    vr_pathf(q, sizeof q, "%s[0]", path);
    if (read_num(v, wo_json_array_get(j, 0), q, 0, VR_MAX_INT, 1, open_s))
        return 2;
    vr_pathf(q, sizeof q, "%s[1]", path);
    if (read_num(v, wo_json_array_get(j, 1), q, 0, VR_MAX_INT, 1, close_s))
        return 2;
    if (*close_s < *open_s)
        return vr_fail(v, "%s: ends (%.0f) before it starts (%.0f)", path,
                       *close_s, *open_s);
    return 0;
}

/* A place: `coord_key` [lon, lat] and/or `index_key`. */
static int read_place(vr *v, const wo_json *obj, const char *path,
                      const char *coord_key, const char *index_key,
                      vr_place *pl)
{
    char p[VR_PATH + 24];
    const wo_json *c = wo_json_object_get(obj, coord_key);
    double x;
    memset(pl, 0, sizeof *pl);
    pl->index = -1;
    pl->loc = -1;
    if (c) {
        vr_pathf(p, sizeof p, "%s.%s", path, coord_key);
        if (!wo_json_is_array(c) || wo_json_array_size(c) != 2)
            return vr_fail(v, "%s: expected [lon, lat], got %s", p,
                           wo_json_is_array(c) ? "another array"
                                               : type_name(c));
        vr_pathf(p, sizeof p, "%s.%s[0]", path, coord_key);
        if (read_num(v, wo_json_array_get(c, 0), p, -180, 180, 0, &pl->lon))
            return 2;
        vr_pathf(p, sizeof p, "%s.%s[1]", path, coord_key);
        if (read_num(v, wo_json_array_get(c, 1), p, -90, 90, 0, &pl->lat))
            return 2;
        pl->has_coord = pl->given = 1;
    }
    if (wo_json_object_get(obj, index_key)) {
        if (opt_num(v, obj, path, index_key, 0, 1e9, 1, &x))
            return 2;
        pl->index = (long long)x;
        pl->given = 1;
    }
    return 0;
}

/* -------------------------------------------------------------- vehicles */

static const char *const vehicle_known[] = {
    "id", "profile", "description", "start", "start_index", "end",
    "end_index", "capacity", "costs", "skills", "time_window", "breaks",
    "speed_factor", "max_tasks", "max_travel_time", "max_distance", "unload",
    NULL};
static const char *const vehicle_ignored[] = {
    "type", "only used with setup_per_type / service_per_type, which are "
            "refused",
    "steps", "a starting route for the search; the search starts from its "
             "own",
    NULL};

static int read_costs(vr *v, vr_vehicle *ve, const wo_json *obj,
                      const char *path)
{
    static const char *const known[] = {"fixed", "per_hour", "per_km",
                                        "per_task_hour", NULL};
    char p[VR_PATH + 8];
    wo_json *c = wo_json_object_get(obj, "costs");
    double pth = 0;
    ve->fixed = 0;
    ve->per_hour = 3600;
    ve->per_km = 0;
    if (!c)
        return 0;
    vr_pathf(p, sizeof p, "%s.costs", path);
    if (!wo_json_is_object(c))
        return vr_fail(v, "%s: expected an object, got %s", p, type_name(c));
    check_keys(v, c, p, known, NULL);
    if (opt_num(v, c, p, "fixed", 0, VR_MAX_INT, 1, &ve->fixed) ||
        opt_num(v, c, p, "per_hour", 0, VR_MAX_INT, 1, &ve->per_hour) ||
        opt_num(v, c, p, "per_km", 0, VR_MAX_INT, 1, &ve->per_km) ||
        opt_num(v, c, p, "per_task_hour", 0, VR_MAX_INT, 1, &pth))
        return 2;
    if (pth != 0)
        return vr_fail(v, "%s.per_task_hour: not supported (only 0): the "
                          "core prices travel, not task time",
                       p);
    return 0;
}

static int read_break(vr *v, vr_vehicle *ve, const wo_json *obj,
                      const char *path)
{
    static const char *const known[] = {"id", "time_windows", "service",
                                        "description", "max_load", NULL};
    char p[VR_PATH + 16], q[VR_PATH + 40];
    wo_json *brs, *b, *tws;
    double x = 0;
    if (opt_array(v, obj, path, "breaks", &brs))
        return 2;
    if (!brs || wo_json_array_size(brs) == 0)
        return 0;
    if (wo_json_array_size(brs) > 1)
        return vr_fail(v, "%s.breaks[1]: not supported: at most one break "
                          "per vehicle",
                       path);
    vr_pathf(p, sizeof p, "%s.breaks[0]", path);
    b = wo_json_array_get(brs, 0);
    if (!wo_json_is_object(b))
        return vr_fail(v, "%s: expected an object, got %s", p, type_name(b));
    check_keys(v, b, p, known, NULL);
    if (read_id(v, b, p, &ve->break_id) ||
        opt_num(v, b, p, "service", 0, VR_MAX_INT, 1, &x) ||
        opt_str(v, b, p, "description", &ve->break_desc))
        return 2;
    if (wo_json_object_get(b, "max_load"))
        return vr_fail(v, "%s.max_load: not supported", p);
    ve->break_s = x;
    ve->break_open_s = ve->open_s;
    ve->break_close_s = ve->close_s;
    if (opt_array(v, b, p, "time_windows", &tws))
        return 2;
    if (tws && wo_json_array_size(tws) > 1)
        return vr_fail(v, "%s.time_windows[1]: not supported: a break has "
                          "at most one time window",
                       p);
    if (tws && wo_json_array_size(tws) == 1) {
        vr_pathf(q, sizeof q, "%s.time_windows[0]", p);
        if (read_tw(v, wo_json_array_get(tws, 0), q, &ve->break_open_s,
                    &ve->break_close_s))
            return 2;
    }
    if (ve->break_s <= 0) {
        vr_warn(v, "%s: a break of 0 s is not scheduled", p);
        return 0;
    }
    ve->has_break = 1;
    return 0;
}

static int read_vehicle(vr *v, int i, wo_json *obj, int *unload_flag)
{
    vr_vehicle *ve = &v->veh[i];
    char path[VR_PATH], p[VR_PATH + 16];
    const wo_json *tw, *u;
    double x;
    vr_pathf(path, sizeof path, "vehicles[%d]", i);
    if (!wo_json_is_object(obj))
        return vr_fail(v, "%s: expected an object, got %s", path,
                       type_name(obj));
    check_keys(v, obj, path, vehicle_known, vehicle_ignored);
    ve->profile = "car";
    ve->open_s = 0;
    ve->close_s = VR_HORIZON;
    ve->speed = 1;
    if (read_id(v, obj, path, &ve->id) ||
        opt_str(v, obj, path, "description", &ve->desc) ||
        opt_str(v, obj, path, "profile", &ve->profile) ||
        read_place(v, obj, path, "start", "start_index", &ve->start) ||
        read_place(v, obj, path, "end", "end_index", &ve->end) ||
        read_amounts(v, obj, path, "capacity", ve->cap, &ve->has_cap) ||
        read_skills(v, obj, path, "skills", &ve->skills, &ve->n_skills, NULL) ||
        read_costs(v, ve, obj, path))
        return 2;
    if (!ve->start.given && !ve->end.given)
        return vr_fail(v, "%s: neither start nor end (a vehicle needs at "
                          "least one)",
                       path);
    if ((tw = wo_json_object_get(obj, "time_window"))) {
        vr_pathf(p, sizeof p, "%s.time_window", path);
        if (read_tw(v, tw, p, &ve->open_s, &ve->close_s))
            return 2;
    }
    if (read_break(v, ve, obj, path))
        return 2;
    if (opt_num(v, obj, path, "speed_factor", 1e-9, 5, 0, &ve->speed))
        return 2;
    x = 0;
    if (opt_num(v, obj, path, "max_tasks", 0, 1e9, 1, &x))
        return 2;
    if (wo_json_object_get(obj, "max_tasks") && x == 0)
        return vr_fail(v, "%s.max_tasks: 0 is not supported (a vehicle "
                          "that may serve nothing: leave it out)",
                       path);
    ve->max_tasks = (int)x;
    if (opt_num(v, obj, path, "max_travel_time", 0, VR_MAX_INT, 1,
                &ve->max_travel_s))
        return 2;
    if (wo_json_object_get(obj, "max_travel_time"))
        vr_warn(v, "%s.max_travel_time: applied to the whole route time "
                   "(travel, service and waiting), stricter than VROOM",
                path);
    if (wo_json_object_get(obj, "max_distance"))
        return vr_fail(v, "%s.max_distance: not supported", path);
    if ((u = wo_json_object_get(obj, "unload"))) {
        if (!wo_json_is_true(u) && !wo_json_is_false(u))
            return vr_fail(v, "%s.unload: expected true or false, got %s",
                           path, type_name(u));
        if (wo_json_is_false(u))
            unload_flag[i] = -1;
        else
            unload_flag[i] = 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ jobs */

static const char *const job_known[] = {
    "id", "description", "location", "location_index", "setup", "service",
    "setup_per_type", "service_per_type", "amount", "delivery", "pickup",
    "skills", "priority", "time_windows", NULL};

static int tw_cmp(const void *a, const void *b)
{
    const wo_vrp_tw *x = a, *y = b;
    return (x->open_s > y->open_s) - (x->open_s < y->open_s);
}

/* A job's time windows, sorted and merged, at most WO_VRP_MAX_TW. */
static int read_job_tws(vr *v, vr_job *jb, const wo_json *obj,
                        const char *path)
{
    char p[VR_PATH + 32];
    wo_json *a;
    wo_vrp_tw *tw;
    size_t i, n, m = 0;
    if (opt_array(v, obj, path, "time_windows", &a))
        return 2;
    if (!a)
        return 0;
    n = wo_json_array_size(a);
    if (n == 0)
        return vr_fail(v, "%s.time_windows: empty (leave it out for no "
                          "constraint)",
                       path);
    tw = wo_malloc(n * sizeof *tw);
    if (!tw)
        return vr_oom(v);
    for (i = 0; i < n; i++) {
        vr_pathf(p, sizeof p, "%s.time_windows[%zu]", path, i);
        if (read_tw(v, wo_json_array_get(a, i), p, &tw[i].open_s,
                    &tw[i].close_s)) {
            wo_free(tw);
            return 2;
        }
    }
    qsort(tw, n, sizeof *tw, tw_cmp);
    for (i = 0; i < n; i++) {
        if (m > 0 && tw[i].open_s <= tw[m - 1].close_s + 1) {
            if (tw[i].close_s > tw[m - 1].close_s)
                tw[m - 1].close_s = tw[i].close_s;
            continue;
        }
        tw[m++] = tw[i];
    }
    if (m > WO_VRP_MAX_TW) {
        wo_free(tw);
        return vr_fail(v, "%s.time_windows: %zu disjoint windows; at most %d "
                          "are supported",
                       path, m, WO_VRP_MAX_TW);
    }
    memcpy(jb->tw, tw, m * sizeof *tw);
    jb->n_tw = (int)m;
    wo_free(tw);
    return 0;
}

static int read_job(vr *v, int i, wo_json *obj)
{
    vr_job *jb = &v->job[i];
    char path[VR_PATH];
    double x = 0;
    vr_pathf(path, sizeof path, "jobs[%d]", i);
    if (!wo_json_is_object(obj))
        return vr_fail(v, "%s: expected an object, got %s", path,
                       type_name(obj));
    check_keys(v, obj, path, job_known, NULL);
    if (read_id(v, obj, path, &jb->id) ||
        opt_str(v, obj, path, "description", &jb->desc) ||
        read_place(v, obj, path, "location", "location_index", &jb->at) ||
        opt_num(v, obj, path, "service", 0, VR_MAX_INT, 1, &jb->service_s) ||
        opt_num(v, obj, path, "setup", 0, VR_MAX_INT, 1, &x))
        return 2;
    if (x != 0)
        return vr_fail(v, "%s.setup: not supported (only 0); add it to "
                          "service",
                       path);
    if (wo_json_object_get(obj, "setup_per_type"))
        return vr_fail(v, "%s.setup_per_type: not supported", path);
    if (wo_json_object_get(obj, "service_per_type"))
        return vr_fail(v, "%s.service_per_type: not supported", path);
    if (wo_json_object_get(obj, "amount"))
        return vr_fail(v, "%s.amount: not supported (deprecated by VROOM): "
                          "use delivery or pickup",
                       path);
    if (!jb->at.given)
        return vr_fail(v, "%s: no location or location_index", path);
    if (read_amounts(v, obj, path, "delivery", jb->delivery, NULL) ||
        read_amounts(v, obj, path, "pickup", jb->pickup, NULL) ||
        read_skills(v, obj, path, "skills", &jb->skills, &jb->n_skills, NULL))
        return 2;
    x = 0;
    if (opt_num(v, obj, path, "priority", 0, 100, 1, &x))
        return 2;
    jb->priority = (int)x;
    return read_job_tws(v, jb, obj, path);
}

/* ------------------------------------------------------------ facilities */

static const char *const fac_known[] = {"id", "description", "location",
                                        "location_index", "service",
                                        "time_windows", "skills", "capacity",
                                        NULL};

static int read_facility(vr *v, int i, wo_json *obj)
{
    vr_fac *f = &v->fac[i];
    char path[VR_PATH], p[VR_PATH + 32];
    wo_json *tws;
    double cap[VR_DIMS] = {0};
    int has_cap, d;
    vr_pathf(path, sizeof path, "facilities[%d]", i);
    if (!wo_json_is_object(obj))
        return vr_fail(v, "%s: expected an object, got %s", path,
                       type_name(obj));
    check_keys(v, obj, path, fac_known, NULL);
    f->open_s = 0;
    f->close_s = VR_HORIZON;
    if (read_id(v, obj, path, &f->id) ||
        opt_str(v, obj, path, "description", &f->desc) ||
        read_place(v, obj, path, "location", "location_index", &f->at) ||
        opt_num(v, obj, path, "service", 0, VR_MAX_INT, 1, &f->service_s) ||
        read_skills(v, obj, path, "skills", &f->skills, &f->n_skills,
                    &f->has_skills) ||
        read_amounts(v, obj, path, "capacity", cap, &has_cap) ||
        opt_array(v, obj, path, "time_windows", &tws))
        return 2;
    if (!f->at.given)
        return vr_fail(v, "%s: no location or location_index", path);
    for (d = 0; d < VR_DIMS; d++)
        f->cap[d] = WO_VRP_UNLIMITED;
    for (d = 0; has_cap && d < v->n_dims; d++)
        f->cap[d] = cap[d] > 0 ? cap[d] : 0.5; /* 0: nothing whole fits */
    if (tws && wo_json_array_size(tws) > 1)
        return vr_fail(v, "%s.time_windows[1]: not supported: a facility "
                          "has one opening window",
                       path);
    if (tws && wo_json_array_size(tws) == 1) {
        vr_pathf(p, sizeof p, "%s.time_windows[0]", path);
        if (read_tw(v, wo_json_array_get(tws, 0), p, &f->open_s, &f->close_s))
            return 2;
    }
    return 0;
}

/* ---------------------------------------------------------------- matrices */

/* One square matrix of numbers >= 0 into *out (owned); *n: its side (set
 * by the first matrix read, checked for the others). */
static int read_matrix(vr *v, const wo_json *m, const char *path,
                       long long *n, double **out)
{
    char p[VR_PATH + 48];
    size_t r, c, side;
    if (!wo_json_is_array(m))
        return vr_fail(v, "%s: expected an array of rows, got %s", path,
                       type_name(m));
    side = wo_json_array_size(m);
    if (side == 0)
        return vr_fail(v, "%s: empty", path);
    if (*n > 0 && (long long)side != *n)
        return vr_fail(v, "%s: %zu rows, but the durations have %lld", path,
                       side, *n);
    if (side > 46340)
        return vr_fail(v, "%s: %zu rows: too large", path, side);
    *out = wo_malloc(side * side * sizeof **out);
    if (!*out)
        return vr_oom(v);
    for (r = 0; r < side; r++) {
        const wo_json *row = wo_json_array_get(m, r);
        vr_pathf(p, sizeof p, "%s[%zu]", path, r);
        if (!wo_json_is_array(row))
            return vr_fail(v, "%s: expected an array, got %s", p,
                           type_name(row));
        if (wo_json_array_size(row) != side)
            return vr_fail(v, "%s: %zu values, expected %zu (the matrix has "
                              "%zu rows)",
                           p, wo_json_array_size(row), side, side);
        for (c = 0; c < side; c++) {
            vr_pathf(p, sizeof p, "%s[%zu][%zu]", path, r, c);
            if (read_num(v, wo_json_array_get(row, c), p, 0, VR_MAX_INT, 0,
                         &(*out)[r * side + c]))
                return 2;
        }
    }
    *n = (long long)side;
    return 0;
}

static int read_matrices(vr *v)
{
    static const char *const known[] = {"durations", "distances", "costs",
                                        NULL};
    char p[VR_PATH + 64];
    wo_json *ms = wo_json_object_get(v->root, "matrices");
    wo_json *legacy = wo_json_object_get(v->root, "matrix");
    wo_json *pm, *d;
    void *it;
    if (legacy) {
        if (ms)
            return vr_fail(v, "matrix: give either matrices or the "
                              "deprecated matrix, not both");
        vr_warn(v, "matrix: deprecated by VROOM; read as matrices.%s."
                   "durations",
                v->profile);
        return read_matrix(v, legacy, "matrix", &v->n_mat, &v->m_dur);
    }
    if (!ms)
        return 0;
    if (!wo_json_is_object(ms))
        return vr_fail(v, "matrices: expected an object, got %s",
                       type_name(ms));
    for (it = wo_json_object_iter(ms); it;
         it = wo_json_object_iter_next(ms, it))
        if (strcmp(wo_json_object_iter_key(it), v->profile))
            vr_warn(v, "matrices.%s: ignored (no vehicle has this profile)",
                    wo_json_object_iter_key(it));
    pm = wo_json_object_get(ms, v->profile);
    if (!pm)
        return vr_fail(v, "matrices.%s: missing (the vehicles' profile)",
                       v->profile);
    vr_pathf(p, sizeof p, "matrices.%s", v->profile);
    if (!wo_json_is_object(pm))
        return vr_fail(v, "%s: expected an object, got %s", p, type_name(pm));
    check_keys(v, pm, p, known, NULL);
    if (!(d = wo_json_object_get(pm, "durations")))
        return vr_fail(v, "%s.durations: missing (there is no routing "
                          "engine to ask for them)",
                       p);
    vr_pathf(p, sizeof p, "matrices.%s.durations", v->profile);
    if (read_matrix(v, d, p, &v->n_mat, &v->m_dur))
        return 2;
    if ((d = wo_json_object_get(pm, "distances"))) {
        vr_pathf(p, sizeof p, "matrices.%s.distances", v->profile);
        if (read_matrix(v, d, p, &v->n_mat, &v->m_dist))
            return 2;
    }
    if ((d = wo_json_object_get(pm, "costs"))) {
        vr_pathf(p, sizeof p, "matrices.%s.costs", v->profile);
        if (read_matrix(v, d, p, &v->n_mat, &v->m_cost))
            return 2;
    }
    return 0;
}

/* -------------------------------------------------------------- locations */

/* Every place of the problem, in a fixed order: vehicle starts and ends,
 * jobs, facilities. n_out: how many; paths name them in messages. */
static int list_places(vr *v, vr_place ***out, char ***paths, size_t *n_out)
{
    size_t n = 0, cap = (size_t)(2 * v->nv + v->nj + v->nf) + 1;
    char buf[VR_PATH];
    int i;
    *n_out = 0;
    *out = wo_calloc(cap, sizeof **out);
    *paths = wo_calloc(cap, sizeof **paths);
    if (!*out || !*paths)
        return vr_oom(v);
#define VR_ADD(place, ...)                                                     \
    do {                                                                       \
        vr_pathf(buf, sizeof buf, __VA_ARGS__);                                \
        (*out)[n] = (place);                                                   \
        if (!((*paths)[n++] = wo_strdup(buf))) {                               \
            *n_out = n;                                                        \
            return vr_oom(v);                                                  \
        }                                                                      \
    } while (0)
    for (i = 0; i < v->nv; i++) {
        if (v->veh[i].start.given)
            VR_ADD(&v->veh[i].start, "vehicles[%d].start", i);
        if (v->veh[i].end.given)
            VR_ADD(&v->veh[i].end, "vehicles[%d].end", i);
    }
    for (i = 0; i < v->nj; i++)
        VR_ADD(&v->job[i].at, "jobs[%d]", i);
    for (i = 0; i < v->nf; i++)
        VR_ADD(&v->fac[i].at, "facilities[%d]", i);
#undef VR_ADD
    *n_out = n;
    return 0;
}

/* The field of a place named by list_places: a vehicle's "start" /
 * "start_index", a job's or facility's "location" / "location_index". */
static void place_field(const char *path, int index, char *out, size_t n)
{
    int veh = !strncmp(path, "vehicles", 8);
    vr_pathf(out, n, "%s%s", path,
             veh ? (index ? "_index" : "")
                 : (index ? ".location_index" : ".location"));
}

/* The core's travel matrices from the problem's matrices, or computed
 * from the coordinates (great circle x circuity, or the road graph). */
static int build_matrices(vr *v)
{
    vr_place **pl = NULL;
    char **paths = NULL;
    double *lon = NULL, *lat = NULL;
    size_t n = 0, k, i, j, side;
    int rc = 0, open = 0, t;
    double speed = v->veh[0].speed;
    for (t = 0; t < v->nv; t++) {
        if (!v->veh[t].start.given || !v->veh[t].end.given)
            open = 1;
        if (v->veh[t].speed != speed)
            return vr_fail(v, "vehicles[%d].speed_factor: %g differs from "
                              "vehicles[0]'s %g; one speed factor per "
                              "problem is supported",
                           t, v->veh[t].speed, speed);
    }
    if ((rc = list_places(v, &pl, &paths, &n)))
        goto out;
    if (v->n_mat > 0) {
        for (k = 0; k < n; k++) {
            char f[VR_PATH + 24];
            place_field(paths[k], 1, f, sizeof f);
            if (pl[k]->index < 0) {
                rc = vr_fail(v, "%s: missing (the problem has matrices)", f);
                goto out;
            }
            if (pl[k]->index >= v->n_mat) {
                rc = vr_fail(v, "%s: %lld is outside the matrices (0..%lld)",
                             f, pl[k]->index, v->n_mat - 1);
                goto out;
            }
            pl[k]->loc = (int)pl[k]->index;
        }
        side = (size_t)v->n_mat;
    } else {
        wo_matrix_opts mo;
        wo_matrix *m = NULL;
        wo_graph *g = NULL;
        wo_err err;
        lon = wo_malloc((n + 1) * sizeof *lon);
        lat = wo_malloc((n + 1) * sizeof *lat);
        if (!lon || !lat) {
            rc = vr_oom(v);
            goto out;
        }
        for (k = 0; k < n; k++) {
            if (!pl[k]->has_coord) {
                char f[VR_PATH + 24];
                place_field(paths[k], 0, f, sizeof f);
                rc = vr_fail(v, "%s: missing (the problem has no matrices)",
                             f);
                goto out;
            }
            lon[k] = pl[k]->lon;
            lat[k] = pl[k]->lat;
            pl[k]->loc = (int)k;
        }
        wo_matrix_opts_init(&mo);
        mo.algo = WO_MATRIX_GREAT_CIRCLE;
        if (v->opt->circuity >= 1)
            mo.circuity = v->opt->circuity;
        wo_err_clear(&err);
        if (v->opt->graph_path) {
            mo.algo = WO_MATRIX_CH;
            mo.n_threads = v->opt->threads > 0 ? v->opt->threads : 1;
            if (wo_graph_load(v->opt->graph_path, &g, &err)) {
                rc = err.code == WO_ENOMEM ? vr_oom(v)
                                           : (vr_fail(v, "%s", err.msg), 1);
                goto out;
            }
        }
        if (n > 0 &&
            wo_matrix_compute(g, NULL, NULL, &mo, n, lon, lat,
                              (const char *const *)paths, n, lon, lat,
                              (const char *const *)paths, &m, &err)) {
            wo_graph_free(g);
            rc = err.code == WO_ENOMEM ? vr_oom(v) : vr_fail(v, "%s", err.msg);
            goto out;
        }
        wo_graph_free(g);
        v->m_dur = wo_malloc((n * n + 1) * sizeof *v->m_dur);
        v->m_dist = wo_malloc((n * n + 1) * sizeof *v->m_dist);
        if (!v->m_dur || !v->m_dist) {
            wo_matrix_free(m);
            rc = vr_oom(v);
            goto out;
        }
        for (k = 0; k < n * n; k++) {
            if (!isfinite(m->dur_s[k]) || !isfinite(m->dist_m[k])) {
                rc = vr_fail(v, "%s: no road to %s on the graph",
                             paths[k / n], paths[k % n]);
                wo_matrix_free(m);
                goto out;
            }
            v->m_dur[k] = round(m->dur_s[k]);
            v->m_dist[k] = round(m->dist_m[k]);
        }
        wo_matrix_free(m);
        side = n;
    }
    v->open_loc = open ? (int)side : -1;
    v->n_loc = (int)side + open;
    {
        size_t nl = (size_t)v->n_loc;
        v->dur = wo_calloc(nl * nl, sizeof *v->dur);
        v->dist = v->m_dist ? wo_calloc(nl * nl, sizeof *v->dist) : NULL;
        if (!v->dur || (v->m_dist && !v->dist)) {
            rc = vr_oom(v);
            goto out;
        }
        for (i = 0; i < side; i++)
            for (j = 0; j < side; j++) {
                v->dur[i * nl + j] = round(v->m_dur[i * side + j] / speed);
                if (v->dist)
                    v->dist[i * nl + j] = round(v->m_dist[i * side + j]);
            }
    }
    for (t = 0; t < v->nv; t++) {
        if (!v->veh[t].start.given)
            v->veh[t].start.loc = v->open_loc;
        if (!v->veh[t].end.given)
            v->veh[t].end.loc = v->open_loc;
    }
out:
    for (k = 0; paths && k < n; k++)
        wo_free(paths[k]);
    wo_free(paths);
    wo_free(pl);
    wo_free(lon);
    wo_free(lat);
    return rc;
}

/* ---------------------------------------------------------------- streams */

static int has_skill(const wo_json_int *s, size_t n, wo_json_int k)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] == k)
            return 1;
    return 0;
}

/* Vehicle t may serve job j: it has every skill the job needs. */
static int vehicle_serves(const vr_vehicle *ve, const vr_job *jb)
{
    size_t i;
    for (i = 0; i < jb->n_skills; i++)
        if (!has_skill(ve->skills, ve->n_skills, jb->skills[i]))
            return 0;
    return 1;
}

/* Facility f takes job j's load: it lists no skills, or one of the job's. */
static int facility_takes(const vr_fac *f, const vr_job *jb)
{
    size_t i;
    if (!f->has_skills)
        return 1;
    for (i = 0; i < jb->n_skills; i++)
        if (has_skill(f->skills, f->n_skills, jb->skills[i]))
            return 1;
    return 0;
}

/* Jobs with the same vehicles and facilities share a stream; the streams'
 * masks of the vehicles (vmask[nv]) and facilities (fmask[nf]). */
static int assign_streams(vr *v, uint64_t *vmask, uint64_t *fmask)
{
    size_t K = (size_t)(v->nv + v->nf) + 1;
    unsigned char *keys = wo_malloc(64 * K), *key = wo_malloc(K);
    int j, s, t, shared = 0, rc = 0;
    if (!keys || !key) {
        rc = vr_oom(v);
        goto out;
    }
    v->n_streams = 0;
    for (j = 0; j < v->nj; j++) {
        for (t = 0; t < v->nv; t++)
            key[t] = (unsigned char)vehicle_serves(&v->veh[t], &v->job[j]);
        for (t = 0; t < v->nf; t++)
            key[v->nv + t] = (unsigned char)facility_takes(&v->fac[t], &v->job[j]);
        for (s = 0; s < v->n_streams; s++)
            if (!memcmp(keys + (size_t)s * K, key, K - 1))
                break;
        if (s == v->n_streams) {
            if (s == 64) {
                rc = vr_fail(v, "jobs[%d].skills: more than 64 different "
                                "sets of vehicles and facilities fit the "
                                "jobs; at most 64 are supported",
                             j);
                goto out;
            }
            memcpy(keys + (size_t)s * K, key, K - 1);
            v->n_streams++;
        }
        v->job[j].stream = s;
    }
    for (t = 0; t < v->nv; t++) {
        int n = 0;
        vmask[t] = 0;
        for (s = 0; s < v->n_streams; s++)
            if (keys[(size_t)s * K + (size_t)t]) {
                vmask[t] |= (uint64_t)1 << s;
                n++;
            }
        shared |= n > 1;
    }
    for (t = 0; t < v->nf; t++) {
        fmask[t] = 0;
        for (s = 0; s < v->n_streams; s++)
            if (keys[(size_t)s * K + (size_t)(v->nv + t)])
                fmask[t] |= (uint64_t)1 << s;
    }
    if (shared)
        vr_warn(v, "skills: the jobs fall into %d groups by the vehicles "
                   "and facilities that fit them; a route serves one group "
                   "only (stricter than VROOM)",
                v->n_streams);
out:
    wo_free(keys);
    wo_free(key);
    return rc;
}

/* ------------------------------------------------------------------ costs */

/* The core's "distance" matrix and each vehicle's rates on it (see the
 * head of the file). scale[t]: cost per unit of cbase, per_s[t]: cost
 * per second of route time. */
static int build_costs(vr *v, double *scale, double *per_s)
{
    size_t nl = (size_t)v->n_loc, side = (size_t)v->n_mat, i, j;
    double ar = 0, br = 0;
    int t, ref = -1, prop = 1;
    v->cbase = wo_calloc(nl * nl, sizeof *v->cbase);
    if (!v->cbase)
        return vr_oom(v);
    if (v->m_cost) {
        for (t = 0; t < v->nv; t++) {
            if (v->veh[t].per_hour != 3600 || v->veh[t].per_km != 0)
                return vr_fail(v, "vehicles[%d].costs: per_hour or per_km "
                                  "with a costs matrix (matrices.%s.costs): "
                                  "give one or the other",
                               t, v->profile);
            scale[t] = 1;
            per_s[t] = VR_TIE_PER_S;
        }
        for (i = 0; i < side; i++)
            for (j = 0; j < side; j++)
                v->cbase[i * nl + j] = v->m_cost[i * side + j];
        return 0;
    }
    for (t = 0; t < v->nv; t++) {
        const vr_vehicle *ve = &v->veh[t];
        if (ve->per_km > 0 && !v->dist)
            return vr_fail(v, "vehicles[%d].costs.per_km: needs distances "
                              "(matrices.%s.distances, or locations "
                              "without matrices)",
                           t, v->profile);
        if (ref < 0 && (ve->per_hour > 0 || ve->per_km > 0)) {
            ref = t;
            ar = ve->per_hour / 3600.0;
            br = ve->per_km / 1000.0;
        }
    }
    for (t = 0; t < v->nv && ref >= 0; t++) {
        double a = v->veh[t].per_hour / 3600.0, b = v->veh[t].per_km / 1000.0;
        if (fabs(a * br - b * ar) > 1e-12 * (a + b + ar + br))
            prop = 0;
    }
    if (ref < 0) {
        for (t = 0; t < v->nv; t++) {
            scale[t] = 0;
            per_s[t] = VR_TIE_PER_S;
        }
        return 0;
    }
    if (prop) {
        for (i = 0; i < nl * nl; i++)
            v->cbase[i] = ar * v->dur[i] + (v->dist ? br * v->dist[i] : 0);
        for (t = 0; t < v->nv; t++) {
            scale[t] = ar > 0 ? v->veh[t].per_hour / 3600.0 / ar
                              : v->veh[t].per_km / 1000.0 / br;
            per_s[t] = VR_TIE_PER_S * (scale[t] > 0 ? scale[t] : 1);
        }
        return 0;
    }
    vr_warn(v, "costs: the vehicles' per_hour and per_km are not in one "
               "proportion: the search prices each vehicle's distance and "
               "its whole route time (service and waiting too); the costs "
               "reported are VROOM's");
    memcpy(v->cbase, v->dist, nl * nl * sizeof *v->cbase);
    for (t = 0; t < v->nv; t++) {
        scale[t] = v->veh[t].per_km / 1000.0;
        per_s[t] = v->veh[t].per_hour / 3600.0;
    }
    return 0;
}

/* ---------------------------------------------------------------- output */

/* wo_json helpers that remember a failed allocation in *bad. */
static void put(wo_json *obj, const char *key, wo_json *val, int *bad)
{
    if (!val || wo_json_object_set_new(obj, key, val))
        *bad = 1;
}

static wo_json *jint(double x) { return wo_json_integer((wo_json_int)llround(x)); }

static wo_json *amounts_json(const vr *v, const double *a)
{
    wo_json *arr = wo_json_array();
    int d;
    for (d = 0; arr && d < v->n_dims; d++)
        if (wo_json_array_append_new(arr, jint(a[d]))) {
            wo_json_decref(arr);
            return NULL;
        }
    return arr;
}

static void put_place(wo_json *obj, const vr_place *pl, int *bad)
{
    if (pl->has_coord)
        put(obj, "location",
            wo_json_pack("[f,f]", pl->lon, pl->lat), bad);
    if (pl->index >= 0)
        put(obj, "location_index", wo_json_integer(pl->index), bad);
}

/* Totals of a route or of the solution. */
typedef struct vr_tot {
    double cost, service, duration, waiting, priority, distance;
    double delivery[VR_DIMS], pickup[VR_DIMS];
} vr_tot;

/* One step; the caller sets the kind-specific fields. */
static wo_json *step_json(const char *type, double arrival, double cum_dur,
                          double service, double waiting, const double *load,
                          double cum_dist, const vr *v, int *bad)
{
    wo_json *s = wo_json_object();
    if (!s) {
        *bad = 1;
        return NULL;
    }
    put(s, "type", wo_json_string(type), bad);
    put(s, "arrival", jint(arrival), bad);
    put(s, "duration", jint(cum_dur), bad);
    put(s, "setup", wo_json_integer(0), bad);
    put(s, "service", jint(service), bad);
    put(s, "waiting_time", jint(waiting), bad);
    put(s, "violations", wo_json_array(), bad);
    if (v->n_dims > 0)
        put(s, "load", amounts_json(v, load), bad);
    if (v->dist)
        put(s, "distance", jint(cum_dist), bad);
    return s;
}

static void append(wo_json *arr, wo_json *val, int *bad)
{
    if (!val || wo_json_array_append_new(arr, val))
        *bad = 1;
}

/* Append step s of a task (job, unload or break: its place when it has
 * one of its own, id and description) to steps. */
static void append_task(wo_json *steps, wo_json *s, const vr_place *pl,
                        wo_json_int id, const char *desc, int *bad)
{
    if (s) {
        if (pl)
            put_place(s, pl, bad);
        put(s, "id", wo_json_integer(id), bad);
        if (desc)
            put(s, "description", wo_json_string(desc), bad);
    }
    append(steps, s, bad);
}

/* The route of core route r as VROOM's route object; adds to *all. */
static wo_json *route_json(const vr *v, const wo_vrp_route *r, vr_tot *all,
                           int *bad)
{
    const vr_vehicle *ve = &v->veh[r->type];
    size_t nl = (size_t)v->n_loc;
    wo_json *ro = wo_json_object(), *steps = wo_json_array(), *s;
    vr_tot tot;
    double load[VR_DIMS] = {0}, cum_dur = 0, cum_dist = 0, travel_cost = 0;
    double t_free = 0;
    int k, d, prev = ve->start.loc, n = r->n_visits;
    int break_last = n >= 2 && r->visits[n - 1].kind == WO_VISIT_BREAK &&
                     r->visits[n - 2].kind == WO_VISIT_DEPOT;
    memset(&tot, 0, sizeof tot);
    if (!ro || !steps) {
        wo_json_decref(ro);
        wo_json_decref(steps);
        *bad = 1;
        return NULL;
    }
    for (k = 0; k < n; k++)
        if (r->visits[k].kind == WO_VISIT_STOP)
            for (d = 0; d < VR_DIMS; d++)
                load[d] += v->job[r->visits[k].index].delivery[d];
    for (k = 0; k < n; k++) {
        /* a break the core takes at the end depot comes before the end */
        int at = break_last && k == n - 2 ? n - 1
                 : break_last && k == n - 1 ? n - 2
                                            : k;
        const wo_vrp_visit *vi = &r->visits[at];
        int loc = prev;
        double arr, wait, serv = 0, tr, start;
        if (vi->kind == WO_VISIT_DEPOT)
            loc = at == 0 ? ve->start.loc : ve->end.loc;
        else if (vi->kind == WO_VISIT_STOP)
            loc = v->job[vi->index].at.loc;
        else if (vi->kind == WO_VISIT_UNLOAD)
            loc = v->fac[vi->index].at.loc;
        else if (break_last && k == n - 2)
            loc = ve->end.loc; /* the drive to the end comes first */
        tr = v->dur[(size_t)prev * nl + (size_t)loc];
        cum_dur += tr;
        if (v->dist)
            cum_dist += v->dist[(size_t)prev * nl + (size_t)loc];
        if (v->m_cost && prev != v->open_loc && loc != v->open_loc)
            travel_cost += v->m_cost[(size_t)prev * (size_t)v->n_mat +
                                     (size_t)loc];
        prev = loc;
        /* VROOM's clock: a vehicle leaves as soon as it is done, so the
         * arrival is the previous end plus the drive and any time the
         * core spends before a start is waiting */
        if (k == 0)
            t_free = vi->depart_s;
        arr = k == 0 ? vi->depart_s : t_free + tr;
        if (vi->kind == WO_VISIT_STOP)
            serv = v->job[vi->index].service_s;
        else if (vi->kind == WO_VISIT_UNLOAD)
            serv = v->fac[vi->index].service_s;
        else if (vi->kind == WO_VISIT_BREAK)
            serv = ve->break_s;
        start = vi->kind == WO_VISIT_DEPOT ? arr : fmax(vi->start_s, arr);
        wait = start - arr;
        t_free = start + serv;
        switch (vi->kind) {
        case WO_VISIT_DEPOT:
            if (at == 0 && ve->start.given) {
                s = step_json("start", arr, cum_dur, 0, 0, load,
                              cum_dist, v, bad);
                if (s)
                    put_place(s, &ve->start, bad);
                append(steps, s, bad);
            } else if (at == n - 1 - break_last && ve->end.given) {
                s = step_json("end", arr, cum_dur, 0, 0, load, cum_dist, v,
                              bad);
                if (s)
                    put_place(s, &ve->end, bad);
                append(steps, s, bad);
            }
            break;
        case WO_VISIT_STOP: {
            const vr_job *jb = &v->job[vi->index];
            for (d = 0; d < VR_DIMS; d++) {
                load[d] += jb->pickup[d] - jb->delivery[d];
                tot.delivery[d] += jb->delivery[d];
                tot.pickup[d] += jb->pickup[d];
            }
            s = step_json("job", arr, cum_dur, serv, wait, load,
                          cum_dist, v, bad);
            append_task(steps, s, &jb->at, jb->id, jb->desc, bad);
            tot.priority += jb->priority;
            break;
        }
        case WO_VISIT_UNLOAD: {
            const vr_fac *f = &v->fac[vi->index];
            for (d = 0; d < VR_DIMS; d++)
                load[d] = 0;
            s = step_json("unload", arr, cum_dur, serv, wait, load,
                          cum_dist, v, bad);
            append_task(steps, s, &f->at, f->id, f->desc, bad);
            break;
        }
        case WO_VISIT_BREAK:
            s = step_json("break", arr, cum_dur, serv, wait, load,
                          cum_dist, v, bad);
            append_task(steps, s, NULL, ve->break_id, ve->break_desc, bad);
            break;
        }
        if (vi->kind != WO_VISIT_DEPOT) {
            tot.service += serv;
            tot.waiting += wait;
        }
    }
    tot.duration = cum_dur;
    tot.distance = cum_dist;
    if (!v->m_cost)
        travel_cost = ve->per_hour * cum_dur / 3600.0 +
                      ve->per_km * cum_dist / 1000.0;
    tot.cost = round(ve->fixed + travel_cost);
    put(ro, "vehicle", wo_json_integer(ve->id), bad);
    put(ro, "cost", jint(tot.cost), bad);
    put(ro, "setup", wo_json_integer(0), bad);
    put(ro, "service", jint(tot.service), bad);
    put(ro, "duration", jint(tot.duration), bad);
    put(ro, "waiting_time", jint(tot.waiting), bad);
    put(ro, "priority", jint(tot.priority), bad);
    put(ro, "violations", wo_json_array(), bad);
    if (v->n_dims > 0) {
        put(ro, "delivery", amounts_json(v, tot.delivery), bad);
        put(ro, "pickup", amounts_json(v, tot.pickup), bad);
    }
    if (ve->desc)
        put(ro, "description", wo_json_string(ve->desc), bad);
    if (v->dist)
        put(ro, "distance", jint(tot.distance), bad);
    put(ro, "steps", steps, bad);
    all->cost += tot.cost;
    all->service += tot.service;
    all->duration += tot.duration;
    all->waiting += tot.waiting;
    all->priority += tot.priority;
    all->distance += tot.distance;
    for (d = 0; d < VR_DIMS; d++) {
        all->delivery[d] += tot.delivery[d];
        all->pickup[d] += tot.pickup[d];
    }
    return ro;
}

/* Why a job is unassigned, in VROOM's words where the core's differ. */
static const char *reason_text(wo_vrp_unserved_reason r)
{
    switch (r) {
    case WO_UNSERVED_PENALTY:
        return "no room left by the jobs of higher or equal priority "
               "(capacity, time or vehicles)";
    case WO_UNSERVED_NO_VEHICLE:
        return "no vehicle has the job's skills";
    case WO_UNSERVED_NO_FACILITY:
        return "no facility takes the job's load (skills)";
    case WO_UNSERVED_TOO_HEAVY:
    case WO_UNSERVED_TIME:
    case WO_UNSERVED_UNREACHABLE:
    case WO_UNSERVED_CAPACITY:
        break;
    }
    return wo_vrp_unserved_reason_name(r);
}

/* The whole solution JSON (new reference, NULL when out of memory). */
static wo_json *solution_json(const vr *v, const wo_vrp_solution *sol,
                              double load_ms, double solve_ms)
{
    wo_json *root = wo_json_object(), *sum = wo_json_object(),
            *un = wo_json_array(), *routes = wo_json_array(), *u;
    vr_tot all;
    int bad = !root || !sum || !un || !routes, r, i;
    memset(&all, 0, sizeof all);
    for (r = 0; !bad && r < sol->n_routes; r++)
        append(routes, route_json(v, &sol->routes[r], &all, &bad), &bad);
    for (i = 0; !bad && i < sol->n_unserved; i++) {
        const vr_job *jb = &v->job[sol->unserved[i].stop];
        if (!(u = wo_json_object())) {
            bad = 1;
            break;
        }
        put(u, "id", wo_json_integer(jb->id), &bad);
        put(u, "type", wo_json_string("job"), &bad);
        put_place(u, &jb->at, &bad);
        if (jb->desc)
            put(u, "description", wo_json_string(jb->desc), &bad);
        put(u, "reason", wo_json_string(reason_text(sol->unserved[i].reason)),
            &bad);
        append(un, u, &bad);
    }
    if (!bad) {
        put(sum, "cost", jint(all.cost), &bad);
        put(sum, "routes", wo_json_integer(sol->n_routes), &bad);
        put(sum, "unassigned", wo_json_integer(sol->n_unserved), &bad);
        put(sum, "setup", wo_json_integer(0), &bad);
        put(sum, "service", jint(all.service), &bad);
        put(sum, "duration", jint(all.duration), &bad);
        put(sum, "waiting_time", jint(all.waiting), &bad);
        put(sum, "priority", jint(all.priority), &bad);
        put(sum, "violations", wo_json_array(), &bad);
        if (v->n_dims > 0) {
            put(sum, "delivery", amounts_json(v, all.delivery), &bad);
            put(sum, "pickup", amounts_json(v, all.pickup), &bad);
        }
        if (v->dist)
            put(sum, "distance", jint(all.distance), &bad);
        put(sum, "computing_times",
            wo_json_pack("{s:I,s:I}", "loading", (wo_json_int)llround(load_ms),
                         "solving", (wo_json_int)llround(solve_ms)),
            &bad);
    }
    if (!bad) {
        put(root, "code", wo_json_integer(0), &bad);
        put(root, "summary", sum, &bad);
        sum = NULL;
        put(root, "unassigned", un, &bad);
        un = NULL;
        put(root, "routes", routes, &bad);
        routes = NULL;
    }
    wo_json_decref(sum);
    wo_json_decref(un);
    wo_json_decref(routes);
    if (bad) {
        wo_json_decref(root);
        return NULL;
    }
    return root;
}

/* ------------------------------------------------------------------ solve */

void wo_vroom_opts_init(wo_vroom_opts *o)
{
    memset(o, 0, sizeof *o);
    o->time_limit_s = 5.0;
    o->iterations = 2000;
    o->seed = 1;
    o->circuity = WO_CIRCUITY_CHONGQING;
    o->graph_path = NULL;
    o->threads = 1;
}

static int id_cmp(const void *a, const void *b)
{
    const wo_json_int *x = a, *y = b;
    return (*x > *y) - (*x < *y);
}

/* Two objects of one array with one id: an error naming the second. */
static int unique_ids(vr *v, const char *what, int n, size_t stride,
                      const void *first)
{
    wo_json_int *ids;
    int i, rc = 0;
    if (n < 2)
        return 0;
    if (!(ids = wo_malloc((size_t)n * sizeof *ids)))
        return vr_oom(v);
    for (i = 0; i < n; i++)
        ids[i] = *(const wo_json_int *)((const char *)first + (size_t)i * stride);
    qsort(ids, (size_t)n, sizeof *ids, id_cmp);
    for (i = 1; i < n && !rc; i++)
        if (ids[i] == ids[i - 1]) {
            int a, hit = 0;
            for (a = 0; a < n; a++)
                if (*(const wo_json_int *)((const char *)first +
                                           (size_t)a * stride) == ids[i] &&
                    hit++)
                    break;
            rc = vr_fail(v, "%s[%d].id: %lld is used twice", what, a,
                         (long long)ids[i]);
        }
    wo_free(ids);
    return rc;
}

static const char *const top_known[] = {"vehicles", "jobs", "shipments",
                                        "matrices", "matrix", "facilities",
                                        NULL};
static const char *const top_ignored[] = {
    "options", "vroom-express's request options (geometry is not computed)",
    NULL};

/* Read the whole problem into v. */
static int read_problem(vr *v)
{
    wo_json *vs, *js, *fs, *sh;
    int *unload_flag = NULL, i, rc = 0;
    if (!wo_json_is_object(v->root))
        return vr_fail(v, "the problem: expected an object, got %s",
                       type_name(v->root));
    check_keys(v, v->root, "", top_known, top_ignored);
    if (opt_array(v, v->root, "", "vehicles", &vs) ||
        opt_array(v, v->root, "", "jobs", &js) ||
        opt_array(v, v->root, "", "facilities", &fs) ||
        opt_array(v, v->root, "", "shipments", &sh))
        return 2;
    if (!vs || wo_json_array_size(vs) == 0)
        return vr_fail(v, "vehicles: %s", vs ? "empty" : "missing");
    if (sh && wo_json_array_size(sh) > 0)
        return vr_fail(v, "shipments: not supported (pickup-and-delivery "
                          "pairs); give jobs");
    if (wo_json_array_size(vs) > 100000 || wo_json_array_size(js) > 1000000 ||
        wo_json_array_size(fs) > 10000)
        return vr_fail(v, "the problem: too many vehicles, jobs or "
                          "facilities");
    v->nv = (int)wo_json_array_size(vs);
    v->nj = (int)wo_json_array_size(js);
    v->nf = (int)wo_json_array_size(fs);
    v->veh = wo_calloc((size_t)v->nv + 1, sizeof *v->veh);
    v->job = wo_calloc((size_t)v->nj + 1, sizeof *v->job);
    v->fac = wo_calloc((size_t)v->nf + 1, sizeof *v->fac);
    unload_flag = wo_calloc((size_t)v->nv + 1, sizeof *unload_flag);
    if (!v->veh || !v->job || !v->fac || !unload_flag) {
        rc = vr_oom(v);
        goto out;
    }
    for (i = 0; i < v->nv && !rc; i++)
        rc = read_vehicle(v, i, wo_json_array_get(vs, (size_t)i), unload_flag);
    for (i = 0; i < v->nj && !rc; i++)
        rc = read_job(v, i, wo_json_array_get(js, (size_t)i));
    for (i = 0; i < v->nf && !rc; i++)
        rc = read_facility(v, i, wo_json_array_get(fs, (size_t)i));
    if (rc)
        goto out;
    if ((rc = unique_ids(v, "vehicles", v->nv, sizeof *v->veh, &v->veh[0].id)) ||
        (rc = unique_ids(v, "jobs", v->nj, sizeof *v->job, &v->job[0].id)) ||
        (rc = unique_ids(v, "facilities", v->nf, sizeof *v->fac,
                         &v->fac[0].id)))
        goto out;
    v->profile = v->veh[0].profile;
    for (i = 0; i < v->nv; i++) {
        if (strcmp(v->veh[i].profile, v->profile)) {
            rc = vr_fail(v, "vehicles[%d].profile: '%s' differs from "
                            "vehicles[0]'s '%s'; one profile per problem is "
                            "supported",
                         i, v->veh[i].profile, v->profile);
            goto out;
        }
        if (unload_flag[i] > 0 && v->nf == 0) {
            rc = vr_fail(v, "vehicles[%d].unload: true, but the problem has "
                            "no facilities",
                         i);
            goto out;
        }
        if (unload_flag[i] < 0 && v->nf > 0) {
            rc = vr_fail(v, "vehicles[%d].unload: false is not supported "
                            "with facilities (every vehicle unloads)",
                         i);
            goto out;
        }
    }
    for (i = 0; i < v->nj && v->nf > 0; i++)
        if (v->job[i].delivery[0] > 0 || v->job[i].delivery[1] > 0) {
            rc = vr_fail(v, "jobs[%d].delivery: not supported with "
                            "facilities (vehicles collect and unload)",
                         i);
            goto out;
        }
    {
        int del = 0, pick = 0;
        for (i = 0; i < v->nj; i++) {
            del |= v->job[i].delivery[0] > 0 || v->job[i].delivery[1] > 0;
            pick |= v->job[i].pickup[0] > 0 || v->job[i].pickup[1] > 0;
        }
        if (del && pick)
            vr_warn(v, "jobs: deliveries and pickups together: a vehicle's "
                       "capacity holds all it delivers plus all it picks up "
                       "on a route (stricter than VROOM)");
    }
    if (v->n_dims < 0)
        v->n_dims = 0;
    rc = read_matrices(v);
out:
    wo_free(unload_flag);
    return rc;
}

/* The core's problem from v; arrays owned by the caller's locals. */
static void build_problem(vr *v, wo_vrp_problem *pb, wo_vrp_stop *stops,
                         wo_vrp_vehicle_type *types, wo_vrp_facility *facs,
                         const double *scale, const double *per_s,
                         const uint64_t *vmask, const uint64_t *fmask)
{
    double maxc = 0, maxs = 0, fixed = 0, maxarc = 0, big;
    size_t nl = (size_t)v->n_loc, k;
    int i, d, top = 0;
    for (k = 0; k < nl * nl; k++) {
        if (v->cbase[k] > maxc)
            maxc = v->cbase[k];
        if (v->dur[k] > maxs)
            maxs = v->dur[k];
    }
    for (i = 0; i < v->nv; i++) {
        const vr_vehicle *ve = &v->veh[i];
        wo_vrp_vehicle_type *t = &types[i];
        t->count = 1;
        for (d = 0; d < VR_DIMS; d++) {
            t->capacity[d] = WO_VRP_UNLIMITED;
            t->max_load_per_day[d] = WO_VRP_UNLIMITED;
            if (ve->has_cap && d < v->n_dims)
                t->capacity[d] = ve->cap[d] > 0 ? ve->cap[d] : 0.5;
        }
        t->max_stops = ve->max_tasks;
        t->fixed_cost = ve->fixed;
        t->cost_per_m = scale[i];
        t->cost_per_s = per_s[i];
        t->speed_factor = 1;
        t->start_loc = ve->start.loc;
        t->end_loc = ve->end.loc;
        t->shift_open_s = ve->open_s;
        t->shift_close_s = ve->close_s;
        t->max_duration_s = ve->max_travel_s;
        if (ve->has_break) {
            t->break_s = ve->break_s;
            t->break_earliest_s = ve->break_open_s;
            t->break_latest_s = ve->break_close_s;
        }
        t->streams = vmask[i];
        t->ext_id = i;
        fixed += ve->fixed;
        if (scale[i] * maxc + per_s[i] * maxs > maxarc)
            maxarc = scale[i] * maxc + per_s[i] * maxs;
    }
    for (i = 0; i < v->nj; i++)
        if (v->job[i].priority > top)
            top = v->job[i].priority;
    v->top_priority = top;
    /* a job left out costs more than serving it anywhere (a detour there
     * and back from the farthest place and a vehicle of its own), and a job
     * of priority p as much as 1 + p jobs of priority 0 */
    big = 100.0 * (2.0 * maxarc + fixed + 1.0);
    for (i = 0; i < v->nj; i++) {
        const vr_job *jb = &v->job[i];
        wo_vrp_stop *st = &stops[i];
        st->loc = jb->at.loc;
        st->stream = jb->stream;
        for (d = 0; d < VR_DIMS; d++)
            st->demand[d] = jb->delivery[d] + jb->pickup[d];
        st->service_s = jb->service_s;
        st->n_tw = jb->n_tw;
        memcpy(st->tw, jb->tw, sizeof st->tw);
        st->optional = jb->priority < top;
        st->penalty = st->optional ? big * (1.0 + jb->priority) : 0;
        st->ext_id = i;
    }
    for (i = 0; i < v->nf; i++) {
        const vr_fac *f = &v->fac[i];
        wo_vrp_facility *fc = &facs[i];
        fc->loc = f->at.loc;
        fc->streams = fmask[i];
        fc->unload_s = f->service_s;
        fc->open_s = f->open_s;
        fc->close_s = f->close_s;
        for (d = 0; d < VR_DIMS; d++)
            fc->capacity[d] = f->cap[d];
        fc->ext_id = i;
    }
    memset(pb, 0, sizeof *pb);
    pb->n_loc = v->n_loc;
    pb->dist_m = v->cbase;
    pb->dur_s = v->dur;
    pb->n_stops = v->nj;
    pb->stops = stops;
    pb->n_facilities = v->nf;
    pb->facilities = facs;
    pb->n_types = v->nv;
    pb->types = types;
    pb->lexicographic = 0;
}

static void vr_free(vr *v)
{
    int i;
    for (i = 0; v->veh && i < v->nv; i++)
        wo_free(v->veh[i].skills);
    for (i = 0; v->job && i < v->nj; i++)
        wo_free(v->job[i].skills);
    for (i = 0; v->fac && i < v->nf; i++)
        wo_free(v->fac[i].skills);
    wo_free(v->veh);
    wo_free(v->job);
    wo_free(v->fac);
    wo_free(v->m_dur);
    wo_free(v->m_dist);
    wo_free(v->m_cost);
    wo_free(v->dur);
    wo_free(v->dist);
    wo_free(v->cbase);
    wo_json_decref(v->root);
    wo_buf_free(&v->warn);
}

int wo_vroom_solve_text(const char *in, size_t in_len, const wo_vroom_opts *opts,
                        char **out, size_t *out_len, char *err, size_t err_len)
{
    vr v;
    wo_vroom_opts defaults;
    wo_json_error je;
    wo_vrp_problem pb;
    wo_vrp_stop *stops = NULL;
    wo_vrp_vehicle_type *types = NULL;
    wo_vrp_facility *facs = NULL;
    wo_vrp_params prm;
    wo_vrp_solution sol;
    wo_json *res = NULL;
    double *scale = NULL, *per_s = NULL, t0 = wo_now_s(), t1;
    uint64_t *vmask = NULL, *fmask = NULL;
    char *text = NULL;
    wo_err e;
    int rc;
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (err_len)
        err[0] = '\0';
    if (!opts) {
        wo_vroom_opts_init(&defaults);
        opts = &defaults;
    }
    memset(&v, 0, sizeof v);
    v.opt = opts;
    v.msg = err;
    v.msg_len = err_len;
    v.n_dims = -1;
    v.open_loc = -1;
    wo_buf_init(&v.warn, VR_WARN_MAX);
    wo_vrp_solution_init(&sol);
    if (opts->time_limit_s <= 0 && opts->iterations <= 0) {
        rc = vr_fail(&v, "neither a time limit nor an iteration limit");
        goto out;
    }
    wo_alloc_hook_jansson();
    (void)wo_alloc_mark_take();
    v.root = wo_json_loadb(in, in_len, WO_JSON_REJECT_DUPLICATES, &je);
    if (!v.root) {
        rc = wo_alloc_mark_take()
                 ? vr_oom(&v)
                 : vr_fail(&v, "line %d, column %d: %s", je.line, je.column,
                           je.text);
        goto out;
    }
    if ((rc = read_problem(&v)) || (rc = build_matrices(&v)))
        goto out;
    /* as VROOM: a problem without either key is refused (checked last, so
     * that the vehicles' own errors come first); an empty list of jobs is
     * a problem with nothing to do */
    if (!wo_json_object_get(v.root, "jobs") &&
        !wo_json_object_get(v.root, "shipments")) {
        rc = vr_fail(&v, "jobs: missing (a problem has jobs or shipments)");
        goto out;
    }
    scale = wo_calloc((size_t)v.nv, sizeof *scale);
    per_s = wo_calloc((size_t)v.nv, sizeof *per_s);
    vmask = wo_calloc((size_t)v.nv, sizeof *vmask);
    fmask = wo_calloc((size_t)v.nf + 1, sizeof *fmask);
    stops = wo_calloc((size_t)v.nj + 1, sizeof *stops);
    types = wo_calloc((size_t)v.nv, sizeof *types);
    facs = wo_calloc((size_t)v.nf + 1, sizeof *facs);
    if (!scale || !per_s || !vmask || !fmask || !stops || !types || !facs) {
        rc = vr_oom(&v);
        goto out;
    }
    if ((rc = build_costs(&v, scale, per_s)) ||
        (rc = assign_streams(&v, vmask, fmask)))
        goto out;
    build_problem(&v, &pb, stops, types, facs, scale, per_s, vmask, fmask);
    wo_vrp_params_init(&prm);
    prm.time_limit_s = opts->time_limit_s;
    prm.max_iterations = opts->iterations;
    prm.seed = opts->seed;
    prm.threads = opts->threads > 0 ? opts->threads : 1;
    t1 = wo_now_s();
    wo_err_clear(&e);
    if ((rc = wo_vrp_solve(&pb, &prm, &sol, &e)) ||
        (rc = wo_vrp_check(&pb, &sol, NULL, &e))) {
        rc = rc == WO_ENOMEM ? vr_oom(&v)
                             : (vr_fail(&v, "routing core: %s", e.msg), 1);
        goto out;
    }
    res = solution_json(&v, &sol, 1000.0 * (t1 - t0), 1000.0 * (wo_now_s() - t1));
    if (!res || !(text = wo_json_dumps(res, WO_JSON_INDENT(2) |
                                                WO_JSON_PRESERVE_ORDER))) {
        rc = vr_oom(&v);
        goto out;
    }
    {
        size_t n = strlen(text);
        if (!(*out = wo_malloc(n + 1))) {
            rc = vr_oom(&v);
            goto out;
        }
        memcpy(*out, text, n + 1);
        if (out_len)
            *out_len = n;
    }
    if (err_len)
        wo_strlcpy(err, v.warn.len ? wo_buf_cstr(&v.warn) : "", err_len);
    rc = 0;
out:
    if (rc && v.oom)
        rc = 1; /* a reader that met a failed allocation passes 2 up */
    /* the set-partitioning MIP ran on this thread: release GLPK's
     * environment, so that a server's worker threads keep nothing */
    wo_lp_thread_done();
    wo_json_free_text(text);
    wo_json_decref(res);
    wo_vrp_solution_free(&sol);
    wo_free(scale);
    wo_free(per_s);
    wo_free(vmask);
    wo_free(fmask);
    wo_free(stops);
    wo_free(types);
    wo_free(facs);
    vr_free(&v);
    return rc;
}
