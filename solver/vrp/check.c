/*
 * check.c — wo_vrp_check: an independent feasibility checker for routing
 * solutions. It shares no code with the solvers' own evaluation: it walks
 * every route visit by visit, recomputes loads, times, distances and costs
 * from the problem alone and compares them with what the solution claims.
 *
 * Conventions it enforces (the reading of vrp.h's rules):
 *  - visits[0] and visits[n-1] are the depot visits; no depot in between;
 *  - a break visit stays at the previous visit's location (no travel),
 *    starts in [break_earliest_s, break_latest_s] and lasts break_s; a type
 *    with break_s > 0 takes exactly one break per route, a type without
 *    none;
 *  - the route duration is visits[n-1].arrival_s - visits[0].depart_s;
 *  - a stop with a release date is served on a trip that left its start
 *    (the start depot's or the last unload's departure) at or after it;
 *  - arrival >= previous departure + travel (waiting allowed), arrival <=
 *    start, start + duration <= departure;
 *  - when a route serves any stop, the last visit before the end depot
 *    other than a break is an unload and the vehicle arrives empty,
 *    unless the problem has no facility at all (a classical CVRP: the end
 *    depot takes the load);
 *  - route cost = fixed_cost + cost_per_m * dist_m + cost_per_s * dur_s;
 *    solution cost = sum of route costs + penalties of unserved stops;
 *    vehicles_used = number of routes.
 * Times and loads are compared with a tolerance of 1e-6 relative (at least
 * 1e-6 absolute); costs, distances and durations likewise.
 */
#include "solver/vrp/vrp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHK_TOL 1e-6

/* Scratch state of one check. */
typedef struct chk {
    const wo_vrp_problem *pb;  /* problem checked                       */
    wo_err *err;               /* where the first violation goes        */
    int *served_by;            /* [n_stops] route serving it, -1 none   */
    int *unserved_seen;        /* [n_stops] listed as unserved          */
    double *fac_amount;        /* [n_facilities * WO_VRP_DIMS] unloaded */
    int *vehicle_used;         /* per (type, vehicle) flag, flattened   */
    int *type_offset;          /* [n_types] offset into vehicle_used    */
} chk;

static int near(double a, double b)
{
    double s = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= CHK_TOL * s;
}

/* a <= b up to the tolerance */
static int le(double a, double b)
{
    double s = fmax(1.0, fmax(fabs(a), fabs(b)));
    return a <= b + CHK_TOL * s;
}

static const char *kind_name(wo_vrp_visit_kind k)
{
    switch (k) {
    case WO_VISIT_DEPOT:
        return "depot";
    case WO_VISIT_STOP:
        return "stop";
    case WO_VISIT_UNLOAD:
        return "unload";
    case WO_VISIT_BREAK:
        return "break";
    }
    return "unknown";
}

/* Report a violation at route r, visit v (v < 0: the route as a whole). */
static int viol(chk *c, const wo_vrp_route *rt, int r, int v,
                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static int viol(chk *c, const wo_vrp_route *rt, int r, int v,
                const char *fmt, ...)
{
    char what[700];
    char where[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (!rt) {
        wo_strlcpy(where, "solution", sizeof where);
    } else if (v < 0) {
        snprintf(where, sizeof where, "route %d (type %d, vehicle %d)", r,
                 rt->type, rt->vehicle);
    } else {
        const wo_vrp_visit *vi = &rt->visits[v];
        if (vi->kind == WO_VISIT_STOP && vi->index >= 0 &&
            vi->index < c->pb->n_stops)
            snprintf(where, sizeof where,
                     "route %d (type %d, vehicle %d) visit %d (stop %d, id %ld)",
                     r, rt->type, rt->vehicle, v, vi->index,
                     c->pb->stops[vi->index].ext_id);
        else if (vi->kind == WO_VISIT_UNLOAD && vi->index >= 0 &&
                 vi->index < c->pb->n_facilities)
            snprintf(where, sizeof where,
                     "route %d (type %d, vehicle %d) visit %d (unload at "
                     "facility %d, id %ld)",
                     r, rt->type, rt->vehicle, v, vi->index,
                     c->pb->facilities[vi->index].ext_id);
        else
            snprintf(where, sizeof where,
                     "route %d (type %d, vehicle %d) visit %d (%s)", r,
                     rt->type, rt->vehicle, v, kind_name(vi->kind));
    }
    return wo_err_set(c->err, WO_EINFEASIBLE, "%s: %s", where, what);
}

static double travel_s(const wo_vrp_problem *pb, const wo_vrp_vehicle_type *t,
                       int a, int b)
{
    double f = t->speed_factor > 0 ? t->speed_factor : 1.0;
    return pb->dur_s[(size_t)a * (size_t)pb->n_loc + (size_t)b] * f;
}

static double dist_of(const wo_vrp_problem *pb, int a, int b)
{
    return pb->dist_m[(size_t)a * (size_t)pb->n_loc + (size_t)b];
}

static int in_some_window(const wo_vrp_stop *s, double t)
{
    int w;
    if (s->n_tw <= 0)
        return 1;
    for (w = 0; w < s->n_tw && w < WO_VRP_MAX_TW; w++)
        if (le(s->tw[w].open_s, t) && le(t, s->tw[w].close_s))
            return 1;
    return 0;
}

/* Check route r; adds its recomputed cost, distance and duration to
 * *cost, *dist and *dur. */
static int check_route(chk *c, const wo_vrp_route *rt, int r, double *cost,
                       double *dist, double *dur)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_vehicle_type *t;
    double load[WO_VRP_DIMS] = {0, 0};
    double sum_collected[WO_VRP_DIMS] = {0, 0};
    double rdist = 0, rdur, rcost, prev_depart, trip_leave;
    int loc, n_stops = 0, n_breaks = 0, last_real = 0, trip_v = 0, v, d, n;

    if (rt->type < 0 || rt->type >= pb->n_types)
        return viol(c, rt, r, -1, "vehicle type %d does not exist (%d types)",
                    rt->type, pb->n_types);
    t = &pb->types[rt->type];
    if (rt->vehicle < 0 || rt->vehicle >= t->count)
        return viol(c, rt, r, -1,
                    "vehicle %d out of range: type %d has %d vehicles",
                    rt->vehicle, rt->type, t->count);
    if (c->vehicle_used[c->type_offset[rt->type] + rt->vehicle])
        return viol(c, rt, r, -1, "vehicle used by two routes");
    c->vehicle_used[c->type_offset[rt->type] + rt->vehicle] = 1;
    n = rt->n_visits;
    if (n < 2 || !rt->visits)
        return viol(c, rt, r, -1, "%d visits; a route has at least its two "
                    "depot visits", n);
    if (rt->stream >= 64 || rt->stream < -1)
        return viol(c, rt, r, -1, "stream %d out of range", rt->stream);
    if (rt->stream >= 0 && !((t->streams >> rt->stream) & 1u))
        return viol(c, rt, r, -1, "type %d may not carry stream %d",
                    rt->type, rt->stream);

    /* start depot */
    {
        const wo_vrp_visit *v0 = &rt->visits[0];
        if (v0->kind != WO_VISIT_DEPOT)
            return viol(c, rt, r, 0, "first visit is a %s, not the depot",
                        kind_name(v0->kind));
        if (!le(v0->arrival_s, v0->start_s) || !le(v0->start_s, v0->depart_s))
            return viol(c, rt, r, 0, "times out of order: arrival %.3f, "
                        "start %.3f, departure %.3f", v0->arrival_s,
                        v0->start_s, v0->depart_s);
        if (!le(t->shift_open_s, v0->depart_s))
            return viol(c, rt, r, 0, "departs at %.3f before the shift opens "
                        "at %.3f", v0->depart_s, t->shift_open_s);
        for (d = 0; d < WO_VRP_DIMS; d++)
            if (!near(v0->load_after[d], 0))
                return viol(c, rt, r, 0, "leaves the depot with load %.6g in "
                            "dimension %d", v0->load_after[d], d);
    }
    loc = t->start_loc;
    prev_depart = trip_leave = rt->visits[0].depart_s;

    for (v = 1; v < n; v++) {
        const wo_vrp_visit *vi = &rt->visits[v];
        double tr = 0, expect;
        int nloc = loc;
        if (!le(vi->arrival_s, vi->start_s) || !le(vi->start_s, vi->depart_s))
            return viol(c, rt, r, v, "times out of order: arrival %.3f, "
                        "start %.3f, departure %.3f", vi->arrival_s,
                        vi->start_s, vi->depart_s);
        switch (vi->kind) {
        case WO_VISIT_DEPOT:
            if (v != n - 1)
                return viol(c, rt, r, v, "depot visit inside the route");
            nloc = t->end_loc;
            break;
        case WO_VISIT_STOP: {
            const wo_vrp_stop *s;
            if (vi->index < 0 || vi->index >= pb->n_stops)
                return viol(c, rt, r, v, "stop index %d out of range (%d "
                            "stops)", vi->index, pb->n_stops);
            s = &pb->stops[vi->index];
            if (c->served_by[vi->index] >= 0)
                return viol(c, rt, r, v, "stop already served by route %d",
                            c->served_by[vi->index]);
            c->served_by[vi->index] = r;
            if (s->stream != rt->stream)
                return viol(c, rt, r, v, "stop of stream %d on a route "
                            "carrying stream %d", s->stream, rt->stream);
            nloc = s->loc;
            break;
        }
        case WO_VISIT_UNLOAD: {
            const wo_vrp_facility *f;
            if (vi->index < 0 || vi->index >= pb->n_facilities)
                return viol(c, rt, r, v, "facility index %d out of range (%d "
                            "facilities)", vi->index, pb->n_facilities);
            f = &pb->facilities[vi->index];
            if (rt->stream >= 0 && !((f->streams >> rt->stream) & 1u))
                return viol(c, rt, r, v, "facility does not accept stream %d",
                            rt->stream);
            nloc = f->loc;
            break;
        }
        case WO_VISIT_BREAK:
            if (vi->index != -1)
                return viol(c, rt, r, v, "break visit with index %d, "
                            "expected -1", vi->index);
            if (v == 0)
                return viol(c, rt, r, v, "break before the first visit");
            break;
        default:
            return viol(c, rt, r, v, "unknown visit kind %d", (int)vi->kind);
        }
        if (nloc != loc) {
            tr = travel_s(pb, t, loc, nloc);
            rdist += dist_of(pb, loc, nloc);
        }
        if (!le(prev_depart + tr, vi->arrival_s))
            return viol(c, rt, r, v, "arrives at %.3f but cannot arrive "
                        "before %.3f (departure %.3f + travel %.3f)",
                        vi->arrival_s, prev_depart + tr, prev_depart, tr);
        loc = nloc;

        switch (vi->kind) {
        case WO_VISIT_DEPOT:
            if (!le(vi->arrival_s, t->shift_close_s))
                return viol(c, rt, r, v, "returns at %.3f after the shift "
                            "closes at %.3f", vi->arrival_s, t->shift_close_s);
            /* without any facility (a classical CVRP) the end depot
             * takes the load */
            for (d = 0; d < WO_VRP_DIMS && pb->n_facilities > 0; d++)
                if (!near(load[d], 0))
                    return viol(c, rt, r, v, "returns with load %.6g in "
                                "dimension %d; the vehicle must return empty",
                                load[d], d);
            if (pb->n_facilities > 0 && n_stops > 0 &&
                rt->visits[last_real].kind != WO_VISIT_UNLOAD)
                return viol(c, rt, r, v, "the last visit before the end "
                            "depot (visit %d) is a %s, not an unload",
                            last_real, kind_name(rt->visits[last_real].kind));
            break;
        case WO_VISIT_STOP: {
            const wo_vrp_stop *s = &pb->stops[vi->index];
            if (!in_some_window(s, vi->start_s))
                return viol(c, rt, r, v, "service starts at %.3f outside "
                            "every time window of the stop", vi->start_s);
            if (!le(vi->start_s + s->service_s, vi->depart_s))
                return viol(c, rt, r, v, "departs at %.3f before service "
                            "(start %.3f + %.3f s) ends", vi->depart_s,
                            vi->start_s, s->service_s);
            if (s->release_s > 0 && !le(s->release_s, trip_leave))
                return viol(c, rt, r, v, "stop released at %.3f but its trip "
                            "left its start (visit %d) at %.3f",
                            s->release_s, trip_v, trip_leave);
            for (d = 0; d < WO_VRP_DIMS; d++) {
                expect = load[d] + s->demand[d];
                if (!near(vi->load_after[d], expect))
                    return viol(c, rt, r, v, "load_after %.6g in dimension "
                                "%d, expected %.6g", vi->load_after[d], d,
                                expect);
                load[d] = expect;
                sum_collected[d] += s->demand[d];
                if (t->capacity[d] >= 0 && !le(load[d], t->capacity[d]))
                    return viol(c, rt, r, v, "load %.6g exceeds the vehicle "
                                "capacity %.6g in dimension %d", load[d],
                                t->capacity[d], d);
                if (t->max_load_per_day[d] >= 0 &&
                    !le(sum_collected[d], t->max_load_per_day[d]))
                    return viol(c, rt, r, v, "collected %.6g exceeds the "
                                "maximum load per day %.6g in dimension %d",
                                sum_collected[d], t->max_load_per_day[d], d);
            }
            n_stops++;
            if (t->max_stops > 0 && n_stops > t->max_stops)
                return viol(c, rt, r, v, "more than the %d stops allowed per "
                            "route", t->max_stops);
            last_real = v;
            break;
        }
        case WO_VISIT_UNLOAD: {
            const wo_vrp_facility *f = &pb->facilities[vi->index];
            if (!le(f->open_s, vi->start_s) || !le(vi->start_s, f->close_s))
                return viol(c, rt, r, v, "unload starts at %.3f outside the "
                            "opening hours %.3f-%.3f", vi->start_s, f->open_s,
                            f->close_s);
            if (!le(vi->start_s + f->unload_s, vi->depart_s))
                return viol(c, rt, r, v, "departs at %.3f before the unload "
                            "(start %.3f + %.3f s) ends", vi->depart_s,
                            vi->start_s, f->unload_s);
            for (d = 0; d < WO_VRP_DIMS; d++) {
                if (!near(vi->load_after[d], 0))
                    return viol(c, rt, r, v, "load_after %.6g in dimension "
                                "%d after an unload, expected 0",
                                vi->load_after[d], d);
                c->fac_amount[vi->index * WO_VRP_DIMS + d] += load[d];
                load[d] = 0;
            }
            trip_v = v;
            trip_leave = vi->depart_s;
            last_real = v;
            break;
        }
        case WO_VISIT_BREAK:
            if (t->break_s <= 0)
                return viol(c, rt, r, v, "break on a vehicle type without "
                            "breaks");
            n_breaks++;
            if (!le(t->break_earliest_s, vi->start_s) ||
                !le(vi->start_s, t->break_latest_s))
                return viol(c, rt, r, v, "break starts at %.3f outside its "
                            "window %.3f-%.3f", vi->start_s,
                            t->break_earliest_s, t->break_latest_s);
            if (!le(vi->start_s + t->break_s, vi->depart_s))
                return viol(c, rt, r, v, "departs at %.3f before the break "
                            "(start %.3f + %.3f s) ends", vi->depart_s,
                            vi->start_s, t->break_s);
            for (d = 0; d < WO_VRP_DIMS; d++)
                if (!near(vi->load_after[d], load[d]))
                    return viol(c, rt, r, v, "load_after %.6g in dimension "
                                "%d changed during a break (was %.6g)",
                                vi->load_after[d], d, load[d]);
            break;
        }
        prev_depart = vi->depart_s;
    }
    if (rt->visits[n - 1].kind != WO_VISIT_DEPOT)
        return viol(c, rt, r, n - 1, "last visit is a %s, not the depot",
                    kind_name(rt->visits[n - 1].kind));
    if (t->break_s > 0 && n_breaks != 1)
        return viol(c, rt, r, -1, "%d breaks; the type requires exactly one",
                    n_breaks);
    if (n_stops == 0 && rt->stream != -1)
        return viol(c, rt, r, -1, "no stops but stream %d (expected -1)",
                    rt->stream);
    rdur = rt->visits[n - 1].arrival_s - rt->visits[0].depart_s;
    if (t->max_duration_s > 0 && !le(rdur, t->max_duration_s))
        return viol(c, rt, r, -1, "duration %.3f s exceeds the shift length "
                    "%.3f s", rdur, t->max_duration_s);
    rcost = t->fixed_cost + t->cost_per_m * rdist + t->cost_per_s * rdur;
    if (!near(rt->dist_m, rdist))
        return viol(c, rt, r, -1, "claims %.6f m, recomputed %.6f m",
                    rt->dist_m, rdist);
    if (!near(rt->dur_s, rdur))
        return viol(c, rt, r, -1, "claims %.6f s, recomputed %.6f s",
                    rt->dur_s, rdur);
    if (!near(rt->cost, rcost))
        return viol(c, rt, r, -1, "claims cost %.6f, recomputed %.6f",
                    rt->cost, rcost);
    *cost += rcost;
    *dist += rdist;
    *dur += rdur;
    return WO_OK;
}

int wo_vrp_check(const wo_vrp_problem *pb, const wo_vrp_solution *sol,
                 double *cost_out, wo_err *err)
{
    chk c;
    double cost = 0, dist = 0, dur = 0;
    int rc = WO_OK, i, r, d, nveh = 0;

    memset(&c, 0, sizeof c);
    if (!pb || !sol)
        return wo_err_set(err, WO_EINVAL, "wo_vrp_check: NULL argument");
    if (pb->n_stops < 0 || pb->n_facilities < 0 || pb->n_types < 0 ||
        (pb->n_stops > 0 && !pb->stops) ||
        (pb->n_facilities > 0 && !pb->facilities) ||
        (pb->n_types > 0 && !pb->types) || pb->n_loc <= 0 || !pb->dist_m ||
        !pb->dur_s)
        return wo_err_set(err, WO_EINVAL, "wo_vrp_check: malformed problem");
    if (sol->n_routes < 0 || (sol->n_routes > 0 && !sol->routes) ||
        sol->n_unserved < 0 || (sol->n_unserved > 0 && !sol->unserved))
        return wo_err_set(err, WO_EINVAL, "wo_vrp_check: malformed solution");
    for (i = 0; i < pb->n_types; i++) {
        if (pb->types[i].count < 0)
            return wo_err_set(err, WO_EINVAL, "type %d: negative count", i);
        nveh += pb->types[i].count;
    }
    c.pb = pb;
    c.err = err;
    c.served_by = wo_malloc(sizeof(int) * (size_t)(pb->n_stops + 1));
    c.unserved_seen = wo_calloc((size_t)pb->n_stops + 1, sizeof(int));
    c.fac_amount = wo_calloc((size_t)pb->n_facilities * WO_VRP_DIMS + 1,
                             sizeof(double));
    c.vehicle_used = wo_calloc((size_t)nveh + 1, sizeof(int));
    c.type_offset = wo_calloc((size_t)pb->n_types + 1, sizeof(int));
    if (!c.served_by || !c.unserved_seen || !c.fac_amount || !c.vehicle_used ||
        !c.type_offset) {
        rc = wo_err_set(err, WO_ENOMEM, "wo_vrp_check: out of memory");
        goto out;
    }
    for (i = 0; i < pb->n_stops; i++)
        c.served_by[i] = -1;
    for (i = 1; i < pb->n_types; i++)
        c.type_offset[i] = c.type_offset[i - 1] + pb->types[i - 1].count;

    for (r = 0; r < sol->n_routes; r++) {
        rc = check_route(&c, &sol->routes[r], r, &cost, &dist, &dur);
        if (rc != WO_OK)
            goto out;
    }
    for (i = 0; i < sol->n_unserved; i++) {
        int s = sol->unserved[i].stop;
        if (s < 0 || s >= pb->n_stops) {
            rc = viol(&c, NULL, -1, -1, "unserved entry %d: stop index %d out "
                      "of range", i, s);
            goto out;
        }
        if (c.unserved_seen[s]) {
            rc = viol(&c, NULL, -1, -1, "stop %d (id %ld) listed twice as "
                      "unserved", s, pb->stops[s].ext_id);
            goto out;
        }
        c.unserved_seen[s] = 1;
        if (c.served_by[s] >= 0) {
            rc = viol(&c, NULL, -1, -1, "stop %d (id %ld) is served by route "
                      "%d and listed as unserved", s, pb->stops[s].ext_id,
                      c.served_by[s]);
            goto out;
        }
        if (!pb->stops[s].optional && sol->status != WO_VRP_PARTIAL) {
            rc = viol(&c, NULL, -1, -1, "mandatory stop %d (id %ld) is "
                      "unserved but the status is not partial", s,
                      pb->stops[s].ext_id);
            goto out;
        }
        cost += pb->stops[s].penalty;
    }
    for (i = 0; i < pb->n_stops; i++)
        if (c.served_by[i] < 0 && !c.unserved_seen[i]) {
            rc = viol(&c, NULL, -1, -1, "stop %d (id %ld) is neither served "
                      "nor listed as unserved", i, pb->stops[i].ext_id);
            goto out;
        }
    for (i = 0; i < pb->n_facilities; i++)
        for (d = 0; d < WO_VRP_DIMS; d++) {
            double cap = pb->facilities[i].capacity[d];
            double got = c.fac_amount[i * WO_VRP_DIMS + d];
            if (cap >= 0 && !le(got, cap)) {
                rc = viol(&c, NULL, -1, -1, "facility %d (id %ld) receives "
                          "%.6g in dimension %d, above its daily capacity "
                          "%.6g", i, pb->facilities[i].ext_id, got, d, cap);
                goto out;
            }
        }
    if (sol->vehicles_used != sol->n_routes) {
        rc = viol(&c, NULL, -1, -1, "claims %d vehicles used, has %d routes",
                  sol->vehicles_used, sol->n_routes);
        goto out;
    }
    if (!near(sol->dist_m, dist)) {
        rc = viol(&c, NULL, -1, -1, "claims %.6f m in total, recomputed %.6f "
                  "m", sol->dist_m, dist);
        goto out;
    }
    if (!near(sol->dur_s, dur)) {
        rc = viol(&c, NULL, -1, -1, "claims %.6f s in total, recomputed %.6f "
                  "s", sol->dur_s, dur);
        goto out;
    }
    if (!near(sol->cost, cost)) {
        rc = viol(&c, NULL, -1, -1, "claims cost %.6f, recomputed %.6f",
                  sol->cost, cost);
        goto out;
    }
    if (cost_out)
        *cost_out = cost;
out:
    wo_free(c.served_by);
    wo_free(c.unserved_seen);
    wo_free(c.fac_amount);
    wo_free(c.vehicle_used);
    wo_free(c.type_offset);
    return rc;
}
