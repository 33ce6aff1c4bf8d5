/*
 * vroomcheck.c — the independent checker of VROOM-format solutions (see
 * vroomcheck.h). Reads both documents with jansson and walks every route
 * step by step.
 */
#include "tests/support/vroomcheck.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CK_DIMS 8 /* amount dimensions the checker follows */

typedef struct ck {
    char *msg;
    size_t msg_len;
    json_t *pb, *sol;
    json_t *jobs, *vehicles, *facs;
    json_t *dur, *dist, *cost; /* matrices of the profile, or NULL */
    int n_dims;
    char *job_seen;            /* [jobs] times served or unassigned */
    double *fac_load;          /* [facilities * CK_DIMS] unloaded */
} ck;

static int bad(ck *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, c->msg_len, fmt, ap);
    va_end(ap);
    return 1;
}

static double num(const json_t *o, const char *k, double def)
{
    const json_t *j = json_object_get(o, k);
    return json_is_number(j) ? json_number_value(j) : def;
}

/* Index of the object with this id in arr, -1 when none. */
static long find_id(const json_t *arr, json_int_t id)
{
    size_t i;
    for (i = 0; i < json_array_size(arr); i++)
        if (json_integer_value(json_object_get(json_array_get(arr, i), "id")) ==
            id)
            return (long)i;
    return -1;
}

static double amount(const json_t *o, const char *k, int d)
{
    return json_number_value(json_array_get(json_object_get(o, k), (size_t)d));
}

/* Every skill of need is in have. */
static int subset(const json_t *need, const json_t *have)
{
    size_t i, j;
    for (i = 0; i < json_array_size(need); i++) {
        int hit = 0;
        for (j = 0; j < json_array_size(have) && !hit; j++)
            hit = json_integer_value(json_array_get(need, i)) ==
                  json_integer_value(json_array_get(have, j));
        if (!hit)
            return 0;
    }
    return 1;
}

static int intersects(const json_t *a, const json_t *b)
{
    size_t i, j;
    for (i = 0; i < json_array_size(a); i++)
        for (j = 0; j < json_array_size(b); j++)
            if (json_integer_value(json_array_get(a, i)) ==
                json_integer_value(json_array_get(b, j)))
                return 1;
    return 0;
}

/* Start in one of the windows (none: always). */
static int in_windows(const json_t *tws, double t)
{
    size_t i;
    if (json_array_size(tws) == 0)
        return 1;
    for (i = 0; i < json_array_size(tws); i++) {
        const json_t *w = json_array_get(tws, i);
        if (t >= json_number_value(json_array_get(w, 0)) &&
            t <= json_number_value(json_array_get(w, 1)))
            return 1;
    }
    return 0;
}

/* The matrix index of a place, -1 when the problem has no matrices or
 * the place is "nowhere" (an open start or end). */
static long place_index(const ck *c, const json_t *o, const char *key)
{
    const json_t *j = json_object_get(o, key);
    if (!c->dur || !json_is_integer(j))
        return -1;
    return (long)json_integer_value(j);
}

static double cell(const json_t *m, long i, long j)
{
    if (!m || i < 0 || j < 0)
        return 0;
    return json_number_value(json_array_get(json_array_get(m, (size_t)i),
                                            (size_t)j));
}

/* The step reports the place of object o (coordinates and/or index). */
static int same_place(const json_t *o, const char *ckey, const char *ikey,
                      const json_t *step)
{
    const json_t *a = json_object_get(o, ckey), *b = json_object_get(step, "location");
    const json_t *ia = json_object_get(o, ikey),
                 *ib = json_object_get(step, "location_index");
    if (a && (!b || fabs(json_number_value(json_array_get(a, 0)) -
                         json_number_value(json_array_get(b, 0))) > 1e-9 ||
              fabs(json_number_value(json_array_get(a, 1)) -
                   json_number_value(json_array_get(b, 1))) > 1e-9))
        return 0;
    if (ia && (!ib || json_integer_value(ia) != json_integer_value(ib)))
        return 0;
    return 1;
}

static int has_place(const json_t *o, const char *ckey, const char *ikey)
{
    return json_object_get(o, ckey) || json_object_get(o, ikey);
}

/* The route's load per dimension must match the step's "load". */
static int load_matches(const ck *c, const json_t *step, const double *load)
{
    int d;
    const json_t *l = json_object_get(step, "load");
    if (c->n_dims == 0)
        return 1;
    if (json_array_size(l) != (size_t)c->n_dims)
        return 0;
    for (d = 0; d < c->n_dims; d++)
        if (fabs(json_number_value(json_array_get(l, (size_t)d)) - load[d]) > 1e-6)
            return 0;
    return 1;
}

/* A job's or facility's step: its service, started in one of its
 * windows. */
static int task_times(ck *c, size_t ri, int k, const json_t *o,
                      const char *what, double sv, double start)
{
    if (fabs(sv - num(o, "service", 0)) > 1e-9)
        return bad(c, "routes[%zu].steps[%d]: service %.0f, the %s has %.0f",
                   ri, k, sv, what, num(o, "service", 0));
    if (!in_windows(json_object_get(o, "time_windows"), start))
        return bad(c, "routes[%zu].steps[%d]: starts at %.0f outside the "
                      "%s's time windows",
                   ri, k, start, what);
    return 0;
}

typedef struct ck_tot {
    double cost, service, waiting, duration, distance, priority;
} ck_tot;

static int check_route(ck *c, const json_t *r, size_t ri, char *veh_seen,
                       ck_tot *all)
{
    json_int_t vid = json_integer_value(json_object_get(r, "vehicle"));
    long vi = find_id(c->vehicles, vid), fi;
    const json_t *ve, *steps = json_object_get(r, "steps"), *cap, *brk = NULL;
    double load[CK_DIMS] = {0}, since_unload = 0, free_t = 0, cum = 0,
           cum_d = 0, tr_acc = 0, ds_acc = 0, start;
    double service = 0, waiting = 0, prio = 0, speed;
    long prev_loc = -1, loc;
    int has_start, has_end, k, d, n, jobs = 0, breaks = 0;
    size_t j;
    const json_t *since_jobs[4096];
    int n_since = 0;
    if (vi < 0)
        return bad(c, "routes[%zu]: vehicle %lld is not in the problem", ri,
                   (long long)vid);
    if (veh_seen[vi]++)
        return bad(c, "routes[%zu]: vehicle %lld has a second route", ri,
                   (long long)vid);
    ve = json_array_get(c->vehicles, (size_t)vi);
    cap = json_object_get(ve, "capacity");
    speed = num(ve, "speed_factor", 1);
    if (json_array_size(json_object_get(ve, "breaks")) > 0)
        brk = json_array_get(json_object_get(ve, "breaks"), 0);
    if (brk && num(brk, "service", 0) <= 0)
        brk = NULL;
    has_start = has_place(ve, "start", "start_index");
    has_end = has_place(ve, "end", "end_index");
    n = (int)json_array_size(steps);
    if (n == 0)
        return bad(c, "routes[%zu]: no steps", ri);
    if (has_start != !strcmp(json_string_value(json_object_get(
                                 json_array_get(steps, 0), "type")),
                             "start"))
        return bad(c, "routes[%zu]: a start step must be first exactly when "
                      "the vehicle has a start",
                   ri);
    if (has_end != !strcmp(json_string_value(json_object_get(
                               json_array_get(steps, (size_t)n - 1), "type")),
                           "end"))
        return bad(c, "routes[%zu]: an end step must be last exactly when the "
                      "vehicle has an end",
                   ri);
    for (k = 0; k < n; k++) {
        const json_t *s = json_array_get(steps, (size_t)k);
        const char *t = json_string_value(json_object_get(s, "type"));
        if (t && !strcmp(t, "job")) {
            long ji = find_id(c->jobs, json_integer_value(json_object_get(s, "id")));
            for (d = 0; ji >= 0 && d < c->n_dims; d++)
                load[d] += amount(json_array_get(c->jobs, (size_t)ji), "delivery", d);
        }
    }
    if (has_start)
        prev_loc = place_index(c, ve, "start_index");
    for (k = 0; k < n; k++) {
        const json_t *s = json_array_get(steps, (size_t)k), *o = NULL;
        const char *t = json_string_value(json_object_get(s, "type"));
        double a = num(s, "arrival", NAN), w = num(s, "waiting_time", NAN),
               sv = num(s, "service", NAN), cu = num(s, "duration", NAN),
               di = num(s, "distance", 0), tr;
        if (!t || isnan(a) || isnan(w) || isnan(sv) || isnan(cu))
            return bad(c, "routes[%zu].steps[%d]: type, arrival, "
                          "waiting_time, service or duration missing",
                       ri, k);
        if (w < 0 || sv < 0)
            return bad(c, "routes[%zu].steps[%d]: negative waiting or service",
                       ri, k);
        tr = cu - cum;
        if (tr < 0 || di < cum_d)
            return bad(c, "routes[%zu].steps[%d]: cumulative duration or "
                          "distance decreases",
                       ri, k);
        if (k > 0 && fabs(a - (free_t + tr)) > 1e-6)
            return bad(c, "routes[%zu].steps[%d]: arrival %.0f, expected "
                          "%.0f (previous end %.0f + travel %.0f)",
                       ri, k, a, free_t + tr, free_t, tr);
        tr_acc += tr;
        ds_acc += di - cum_d;
        cum = cu;
        cum_d = di;
        start = a + w;
        loc = -2; /* -2: a break, no place of its own */
        if (!strcmp(t, "start")) {
            if (k != 0 || !same_place(ve, "start", "start_index", s))
                return bad(c, "routes[%zu].steps[%d]: start misplaced", ri, k);
            if (json_object_get(ve, "time_window") &&
                a < json_number_value(json_array_get(
                        json_object_get(ve, "time_window"), 0)))
                return bad(c, "routes[%zu]: starts at %.0f before the "
                              "vehicle's time window",
                           ri, a);
            loc = prev_loc;
            free_t = a;
        } else if (!strcmp(t, "job")) {
            json_int_t id = json_integer_value(json_object_get(s, "id"));
            long ji = find_id(c->jobs, id);
            if (ji < 0)
                return bad(c, "routes[%zu].steps[%d]: job %lld is not in the "
                              "problem",
                           ri, k, (long long)id);
            o = json_array_get(c->jobs, (size_t)ji);
            if (c->job_seen[ji]++)
                return bad(c, "job %lld is served twice", (long long)id);
            if (!same_place(o, "location", "location_index", s))
                return bad(c, "routes[%zu].steps[%d]: job %lld reported at "
                              "another place",
                           ri, k, (long long)id);
            if (!subset(json_object_get(o, "skills"), json_object_get(ve, "skills")))
                return bad(c, "routes[%zu]: vehicle %lld lacks a skill of job "
                              "%lld",
                           ri, (long long)vid, (long long)id);
            if (task_times(c, ri, k, o, "job", sv, start))
                return 1;
            for (d = 0; d < c->n_dims; d++) {
                load[d] += amount(o, "pickup", d) - amount(o, "delivery", d);
                since_unload += amount(o, "pickup", d);
            }
            if (n_since < 4096)
                since_jobs[n_since++] = o;
            prio += num(o, "priority", 0);
            loc = place_index(c, o, "location_index");
            jobs++;
        } else if (!strcmp(t, "unload")) {
            json_int_t id = json_integer_value(json_object_get(s, "id"));
            fi = find_id(c->facs, id);
            if (fi < 0)
                return bad(c, "routes[%zu].steps[%d]: facility %lld is not in "
                              "the problem",
                           ri, k, (long long)id);
            o = json_array_get(c->facs, (size_t)fi);
            if (!same_place(o, "location", "location_index", s))
                return bad(c, "routes[%zu].steps[%d]: unload reported away "
                              "from facility %lld",
                           ri, k, (long long)id);
            if (task_times(c, ri, k, o, "facility", sv, start))
                return 1;
            for (j = 0; json_object_get(o, "skills") && j < (size_t)n_since; j++)
                if (!intersects(json_object_get(o, "skills"),
                                json_object_get(since_jobs[j], "skills")))
                    return bad(c, "routes[%zu].steps[%d]: facility %lld does "
                                  "not take job %lld's load",
                               ri, k, (long long)id,
                               (long long)json_integer_value(
                                   json_object_get(since_jobs[j], "id")));
            for (d = 0; d < c->n_dims; d++) {
                c->fac_load[fi * CK_DIMS + d] += load[d];
                load[d] = 0;
            }
            n_since = 0;
            since_unload = 0;
            loc = place_index(c, o, "location_index");
        } else if (!strcmp(t, "break")) {
            if (!brk || json_integer_value(json_object_get(s, "id")) !=
                            json_integer_value(json_object_get(brk, "id")))
                return bad(c, "routes[%zu].steps[%d]: a break the vehicle "
                              "does not have",
                           ri, k);
            if (fabs(sv - num(brk, "service", 0)) > 1e-9 ||
                !in_windows(json_object_get(brk, "time_windows"), start))
                return bad(c, "routes[%zu].steps[%d]: break of %.0f s at "
                              "%.0f: not its length or outside its window",
                           ri, k, sv, start);
            breaks++;
        } else if (!strcmp(t, "end")) {
            if (k != n - 1 || !same_place(ve, "end", "end_index", s))
                return bad(c, "routes[%zu].steps[%d]: end misplaced", ri, k);
            if (json_object_get(ve, "time_window") &&
                a > json_number_value(json_array_get(
                        json_object_get(ve, "time_window"), 1)))
                return bad(c, "routes[%zu]: ends at %.0f after the vehicle's "
                              "time window",
                           ri, a);
            loc = place_index(c, ve, "end_index");
        } else {
            return bad(c, "routes[%zu].steps[%d]: unknown type '%s'", ri, k, t);
        }
        for (d = 0; d < c->n_dims; d++)
            if (load[d] < -1e-9 ||
                (json_array_size(cap) > (size_t)d &&
                 load[d] > json_number_value(json_array_get(cap, (size_t)d)) + 1e-9))
                return bad(c, "routes[%zu].steps[%d]: load %.0f in dimension "
                              "%d outside [0, capacity]",
                           ri, k, load[d], d);
        if (!load_matches(c, s, load))
            return bad(c, "routes[%zu].steps[%d]: reported load differs from "
                          "the recomputed one",
                       ri, k);
        if (loc != -2) {
            /* the travel since the last place is the matrix's */
            if (c->dur && k > 0) {
                double want = round(cell(c->dur, prev_loc, loc) / speed);
                if (fabs(tr_acc - want) > 1e-6)
                    return bad(c, "routes[%zu].steps[%d]: travel %.0f, the "
                                  "matrix says %.0f",
                               ri, k, tr_acc, want);
                if (c->dist && fabs(ds_acc - cell(c->dist, prev_loc, loc)) > 1e-6)
                    return bad(c, "routes[%zu].steps[%d]: distance %.0f, the "
                                  "matrix says %.0f",
                               ri, k, ds_acc, cell(c->dist, prev_loc, loc));
            }
            prev_loc = loc;
            tr_acc = ds_acc = 0;
        }
        if (strcmp(t, "start") && strcmp(t, "end")) {
            service += sv;
            waiting += w;
        }
        free_t = start + sv;
    }
    if (json_array_size(c->facs) > 0 && since_unload > 0)
        return bad(c, "routes[%zu]: ends with a load picked up after its last "
                      "unload",
                   ri);
    if (breaks != (brk && jobs > 0 ? 1 : 0))
        return bad(c, "routes[%zu]: %d break(s), the vehicle has %d", ri,
                   breaks, brk ? 1 : 0);
    if (json_object_get(ve, "max_tasks") && jobs > num(ve, "max_tasks", 0))
        return bad(c, "routes[%zu]: %d jobs, max_tasks is %.0f", ri, jobs,
                   num(ve, "max_tasks", 0));
    if (fabs(num(r, "service", -1) - service) > 1e-6 ||
        fabs(num(r, "waiting_time", -1) - waiting) > 1e-6 ||
        fabs(num(r, "duration", -1) - cum) > 1e-6 ||
        (json_object_get(r, "distance") && fabs(num(r, "distance", -1) - cum_d) > 1e-6))
        return bad(c, "routes[%zu]: service, waiting_time, duration or "
                      "distance is not the sum of its steps",
                   ri);
    {
        const json_t *co = json_object_get(ve, "costs");
        double want = num(co, "fixed", 0);
        if (c->cost) {
            long p = has_start ? place_index(c, ve, "start_index") : -1;
            for (k = 0; k < n; k++) {
                const json_t *s = json_array_get(steps, (size_t)k);
                const json_t *li = json_object_get(s, "location_index");
                const char *t = json_string_value(json_object_get(s, "type"));
                if (!li || !strcmp(t, "break"))
                    continue;
                if (p >= 0)
                    want += cell(c->cost, p, (long)json_integer_value(li));
                p = (long)json_integer_value(li);
            }
        } else {
            want += num(co, "per_hour", 3600) * cum / 3600.0 +
                    num(co, "per_km", 0) * cum_d / 1000.0;
        }
        if (fabs(num(r, "cost", -1) - want) > 1.0)
            return bad(c, "routes[%zu]: cost %.0f, VROOM's formula gives %.1f",
                       ri, num(r, "cost", -1), want);
    }
    if (fabs(num(r, "priority", -1) - prio) > 1e-9)
        return bad(c, "routes[%zu]: priority is not the sum of its jobs'", ri);
    all->cost += num(r, "cost", 0);
    all->service += service;
    all->waiting += waiting;
    all->duration += cum;
    all->distance += cum_d;
    all->priority += prio;
    return 0;
}

static int check(ck *c)
{
    const json_t *routes = json_object_get(c->sol, "routes"),
                 *un = json_object_get(c->sol, "unassigned"),
                 *sum = json_object_get(c->sol, "summary"), *ms, *pm, *caps;
    const char *profile;
    char *veh_seen;
    ck_tot all;
    size_t i;
    int d, rc = 0;
    memset(&all, 0, sizeof all);
    if (num(c->sol, "code", -1) != 0 || !json_is_array(routes) ||
        !json_is_array(un) || !json_is_object(sum))
        return bad(c, "solution: code 0, summary, routes and unassigned "
                      "expected");
    c->jobs = json_object_get(c->pb, "jobs");
    c->vehicles = json_object_get(c->pb, "vehicles");
    c->facs = json_object_get(c->pb, "facilities");
    profile = json_string_value(
        json_object_get(json_array_get(c->vehicles, 0), "profile"));
    ms = json_object_get(c->pb, "matrices");
    pm = json_object_get(ms, profile ? profile : "car");
    c->dur = json_object_get(pm, "durations");
    c->dist = json_object_get(pm, "distances");
    c->cost = json_object_get(pm, "costs");
    if (!c->dur)
        c->dur = json_object_get(c->pb, "matrix");
    for (i = 0; i < json_array_size(c->vehicles); i++) {
        caps = json_object_get(json_array_get(c->vehicles, i), "capacity");
        if ((int)json_array_size(caps) > c->n_dims)
            c->n_dims = (int)json_array_size(caps);
    }
    for (i = 0; i < json_array_size(c->jobs); i++) {
        const json_t *jb = json_array_get(c->jobs, i);
        if ((int)json_array_size(json_object_get(jb, "pickup")) > c->n_dims)
            c->n_dims = (int)json_array_size(json_object_get(jb, "pickup"));
        if ((int)json_array_size(json_object_get(jb, "delivery")) > c->n_dims)
            c->n_dims = (int)json_array_size(json_object_get(jb, "delivery"));
    }
    if (c->n_dims > CK_DIMS)
        return bad(c, "problem: more than %d amount dimensions", CK_DIMS);
    c->job_seen = calloc(json_array_size(c->jobs) + 1, 1);
    c->fac_load = calloc((json_array_size(c->facs) + 1) * CK_DIMS, sizeof(double));
    veh_seen = calloc(json_array_size(c->vehicles) + 1, 1);
    if (!c->job_seen || !c->fac_load || !veh_seen) {
        free(veh_seen);
        return bad(c, "out of memory");
    }
    for (i = 0; i < json_array_size(routes) && !rc; i++)
        rc = check_route(c, json_array_get(routes, i), i, veh_seen, &all);
    free(veh_seen);
    if (rc)
        return rc;
    for (i = 0; i < json_array_size(un); i++) {
        json_int_t id = json_integer_value(json_object_get(json_array_get(un, i), "id"));
        long ji = find_id(c->jobs, id);
        if (ji < 0)
            return bad(c, "unassigned[%zu]: job %lld is not in the problem", i,
                       (long long)id);
        if (c->job_seen[ji]++)
            return bad(c, "job %lld is both served and unassigned (or listed "
                          "twice)",
                       (long long)id);
    }
    for (i = 0; i < json_array_size(c->jobs); i++)
        if (c->job_seen[i] != 1)
            return bad(c, "job %lld is neither served nor unassigned",
                       (long long)json_integer_value(
                           json_object_get(json_array_get(c->jobs, i), "id")));
    for (i = 0; i < json_array_size(c->facs); i++) {
        const json_t *cp = json_object_get(json_array_get(c->facs, i), "capacity");
        for (d = 0; d < c->n_dims && cp; d++)
            if (c->fac_load[i * CK_DIMS + (size_t)d] >
                json_number_value(json_array_get(cp, (size_t)d)) + 1e-6)
                return bad(c, "facilities[%zu]: takes %.0f in dimension %d, "
                              "over its capacity",
                           i, c->fac_load[i * CK_DIMS + (size_t)d], d);
    }
    if (num(sum, "routes", -1) != (double)json_array_size(routes) ||
        num(sum, "unassigned", -1) != (double)json_array_size(un) ||
        fabs(num(sum, "cost", -1) - all.cost) > 1e-6 ||
        fabs(num(sum, "service", -1) - all.service) > 1e-6 ||
        fabs(num(sum, "waiting_time", -1) - all.waiting) > 1e-6 ||
        fabs(num(sum, "duration", -1) - all.duration) > 1e-6 ||
        fabs(num(sum, "priority", -1) - all.priority) > 1e-6 ||
        (json_object_get(sum, "distance") &&
         fabs(num(sum, "distance", -1) - all.distance) > 1e-6))
        return bad(c, "summary: not the sum of the routes");
    return 0;
}

int wo_vroomcheck(const char *problem, size_t problem_len,
                  const char *solution, size_t solution_len, char *msg,
                  size_t msg_len)
{
    ck c;
    json_error_t e;
    int rc;
    memset(&c, 0, sizeof c);
    c.msg = msg;
    c.msg_len = msg_len;
    c.pb = json_loadb(problem, problem_len, 0, &e);
    if (!c.pb)
        return bad(&c, "problem: line %d: %s", e.line, e.text);
    c.sol = json_loadb(solution, solution_len, 0, &e);
    if (!c.sol) {
        json_decref(c.pb);
        return bad(&c, "solution: line %d: %s", e.line, e.text);
    }
    rc = check(&c);
    free(c.job_seen);
    free(c.fac_load);
    json_decref(c.pb);
    json_decref(c.sol);
    if (!rc && msg_len)
        msg[0] = '\0';
    return rc;
}
