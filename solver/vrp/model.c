/*
 * model.c — parameters, solution memory, input validation and the prepared
 * search context of the routing metaheuristic (see internal.h).
 */
#include "solver/vrp/internal.h"

#include <math.h>
#include <string.h>

void wo_vrp_params_init(wo_vrp_params *p)
{
    memset(p, 0, sizeof *p);
    p->time_limit_s = 10.0;
    p->max_iterations = 0;
    p->seed = 1;
    p->threads = 1;
    p->set_partitioning = 1;
    p->sp_time_limit_s = 0.0;
    p->sp_share = 0.1;
    p->sp_share_max = 0.5;
    p->sp_node_limit = 1000;
    p->decompose = WO_VRP_DECOMP_AUTO;
    p->decomp_stops = 400;
    p->decomp_iterations = 500;
    p->decomp_rounds = 0;
}

void wo_vrp_solution_init(wo_vrp_solution *sol)
{
    memset(sol, 0, sizeof *sol);
    sol->lower_bound = NAN;
}

void wo_vrp_solution_free(wo_vrp_solution *sol)
{
    int r;
    if (!sol)
        return;
    for (r = 0; r < sol->n_routes; r++)
        wo_free(sol->routes[r].visits);
    wo_free(sol->routes);
    wo_free(sol->unserved);
    wo_vrp_solution_init(sol);
}

const char *wo_vrp_unserved_reason_name(wo_vrp_unserved_reason r)
{
    switch (r) {
    case WO_UNSERVED_PENALTY:
        return "optional, cheaper to leave out";
    case WO_UNSERVED_NO_VEHICLE:
        return "no vehicle type carries its stream";
    case WO_UNSERVED_TOO_HEAVY:
        return "demand above every allowed vehicle capacity";
    case WO_UNSERVED_NO_FACILITY:
        return "no facility accepts its stream";
    case WO_UNSERVED_TIME:
        return "no reachable time window within a shift";
    case WO_UNSERVED_UNREACHABLE:
        return "unreachable in the travel matrix";
    case WO_UNSERVED_CAPACITY:
        return "fleet or facility capacity exhausted";
    }
    return "unknown reason";
}

/* ------------------------------------------------------------ validation */

static int bad_amount(double v)
{
    return !isfinite(v) || v < 0.0;
}

static int bad_limit(double v)
{
    return !isfinite(v) || (v < 0.0 && v != WO_VRP_UNLIMITED);
}

static int check_matrix(const wo_vrp_problem *pb, const double *m,
                        const char *name, wo_err *err)
{
    size_t i, n = (size_t)pb->n_loc;
    if (!m)
        return wo_err_set(err, WO_EINVAL, "vrp: %s matrix is missing", name);
    for (i = 0; i < n * n; i++)
        if (!isfinite(m[i]) || m[i] < 0.0)
            return wo_err_set(err, WO_EINVAL,
                              "vrp: %s[%zu][%zu] = %g: expected a finite "
                              "value >= 0",
                              name, i / n, i % n, m[i]);
    return WO_OK;
}

static int check_loc(const wo_vrp_problem *pb, int loc, const char *what,
                     int idx, const char *field, wo_err *err)
{
    if (loc < 0 || loc >= pb->n_loc)
        return wo_err_set(err, WO_EINVAL,
                          "vrp: %s %d: %s %d outside the matrix (0..%d)", what,
                          idx, field, loc, pb->n_loc - 1);
    return WO_OK;
}

static int validate_stop(const wo_vrp_problem *pb, int i, wo_err *err)
{
    const wo_vrp_stop *s = &pb->stops[i];
    int d, w;
    if (check_loc(pb, s->loc, "stop", i, "loc", err))
        return WO_EINVAL;
    if (s->stream < 0 || s->stream > 63)
        return wo_err_set(err, WO_EINVAL,
                          "vrp: stop %d (id %ld): stream %d not in 0..63", i,
                          s->ext_id, s->stream);
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (bad_amount(s->demand[d]))
            return wo_err_set(err, WO_EINVAL,
                              "vrp: stop %d (id %ld): demand[%d] = %g: "
                              "expected a finite value >= 0",
                              i, s->ext_id, d, s->demand[d]);
    if (bad_amount(s->service_s))
        return wo_err_set(err, WO_EINVAL,
                          "vrp: stop %d (id %ld): service_s = %g: expected a "
                          "finite value >= 0",
                          i, s->ext_id, s->service_s);
    if (s->n_tw < 0 || s->n_tw > WO_VRP_MAX_TW)
        return wo_err_set(err, WO_EINVAL,
                          "vrp: stop %d (id %ld): n_tw = %d not in 0..%d", i,
                          s->ext_id, s->n_tw, WO_VRP_MAX_TW);
    for (w = 0; w < s->n_tw; w++) {
        if (!isfinite(s->tw[w].open_s) || !isfinite(s->tw[w].close_s))
            return wo_err_set(err, WO_EINVAL,
                              "vrp: stop %d (id %ld): time window %d is not "
                              "finite",
                              i, s->ext_id, w);
        if (s->tw[w].close_s < s->tw[w].open_s)
            return wo_err_set(err, WO_EINVAL,
                              "vrp: stop %d (id %ld): time window %d closes "
                              "(%g s) before it opens (%g s)",
                              i, s->ext_id, w, s->tw[w].close_s,
                              s->tw[w].open_s);
        if (w > 0 && s->tw[w].open_s <= s->tw[w - 1].close_s)
            return wo_err_set(err, WO_EINVAL,
                              "vrp: stop %d (id %ld): time windows %d and %d "
                              "are not sorted and disjoint",
                              i, s->ext_id, w - 1, w);
    }
    if (s->optional && bad_amount(s->penalty))
        return wo_err_set(err, WO_EINVAL,
                          "vrp: stop %d (id %ld): penalty = %g: expected a "
                          "finite value >= 0",
                          i, s->ext_id, s->penalty);
    if (bad_amount(s->release_s))
        return wo_err_set(err, WO_EINVAL,
                          "vrp: stop %d (id %ld): release_s = %g: expected a "
                          "finite value >= 0",
                          i, s->ext_id, s->release_s);
    return WO_OK;
}

static int validate_type(const wo_vrp_problem *pb, int t, wo_err *err)
{
    const wo_vrp_vehicle_type *v = &pb->types[t];
    int d;
    if (v->count < 0)
        return wo_err_set(err, WO_EINVAL, "vrp: vehicle type %d: count %d < 0",
                          t, v->count);
    for (d = 0; d < WO_VRP_DIMS; d++) {
        if (v->capacity[d] == 0.0 || bad_limit(v->capacity[d]))
            return wo_err_set(err, WO_EINVAL,
                              "vrp: vehicle type %d (id %ld): capacity[%d] = "
                              "%g: expected > 0 or WO_VRP_UNLIMITED",
                              t, v->ext_id, d, v->capacity[d]);
        if (v->max_load_per_day[d] == 0.0 || bad_limit(v->max_load_per_day[d]))
            return wo_err_set(err, WO_EINVAL,
                              "vrp: vehicle type %d (id %ld): "
                              "max_load_per_day[%d] = %g: expected > 0 or "
                              "WO_VRP_UNLIMITED",
                              t, v->ext_id, d, v->max_load_per_day[d]);
    }
    if (bad_amount(v->fixed_cost) || bad_amount(v->cost_per_m) ||
        bad_amount(v->cost_per_s) || bad_amount(v->speed_factor))
        return wo_err_set(err, WO_EINVAL,
                          "vrp: vehicle type %d (id %ld): costs and speed "
                          "factor must be finite and >= 0",
                          t, v->ext_id);
    if (check_loc(pb, v->start_loc, "vehicle type", t, "start_loc", err) ||
        check_loc(pb, v->end_loc, "vehicle type", t, "end_loc", err))
        return WO_EINVAL;
    if (!isfinite(v->shift_open_s) || !isfinite(v->shift_close_s) ||
        v->shift_close_s < v->shift_open_s)
        return wo_err_set(err, WO_EINVAL,
                          "vrp: vehicle type %d (id %ld): shift closes (%g s) "
                          "before it opens (%g s)",
                          t, v->ext_id, v->shift_close_s, v->shift_open_s);
    if (!isfinite(v->max_duration_s))
        return wo_err_set(err, WO_EINVAL,
                          "vrp: vehicle type %d: max_duration_s not finite", t);
    if (bad_amount(v->break_s) ||
        (v->break_s > 0 && (!isfinite(v->break_earliest_s) ||
                            !isfinite(v->break_latest_s) ||
                            v->break_latest_s < v->break_earliest_s)))
        return wo_err_set(err, WO_EINVAL,
                          "vrp: vehicle type %d (id %ld): break of %g s with "
                          "window [%g, %g]: expected break_s >= 0 and "
                          "earliest <= latest",
                          t, v->ext_id, v->break_s, v->break_earliest_s,
                          v->break_latest_s);
    return WO_OK;
}

/* The stability fields: a fleet number per stop within the fleet, a
 * penalty >= 0. */
static int validate_pref(const wo_vrp_problem *pb, wo_err *err)
{
    long fleet = 0;
    int i;
    if (!isfinite(pb->stability_penalty) || pb->stability_penalty < 0)
        return wo_err_set(err, WO_EINVAL,
                          "vrp: stability_penalty = %g: expected a finite "
                          "value >= 0",
                          pb->stability_penalty);
    if (!pb->pref_vehicle)
        return WO_OK;
    for (i = 0; i < pb->n_types; i++)
        fleet += pb->types[i].count;
    for (i = 0; i < pb->n_stops; i++)
        if (pb->pref_vehicle[i] < -1 || pb->pref_vehicle[i] >= fleet)
            return wo_err_set(err, WO_EINVAL,
                              "vrp: stop %d (id %ld): pref_vehicle = %d: "
                              "expected -1 or a fleet number below %ld",
                              i, pb->stops[i].ext_id, pb->pref_vehicle[i],
                              fleet);
    return WO_OK;
}

int wo_vrp_validate(const wo_vrp_problem *pb, wo_err *err)
{
    int i, d;
    if (!pb)
        return wo_err_set(err, WO_EINVAL, "vrp: no problem");
    if (pb->n_loc <= 0 || pb->n_stops < 0 || pb->n_facilities < 0 ||
        pb->n_types < 0)
        return wo_err_set(err, WO_EINVAL,
                          "vrp: sizes n_loc=%d n_stops=%d n_facilities=%d "
                          "n_types=%d: expected n_loc > 0 and the rest >= 0",
                          pb->n_loc, pb->n_stops, pb->n_facilities,
                          pb->n_types);
    if ((pb->n_stops && !pb->stops) || (pb->n_facilities && !pb->facilities) ||
        (pb->n_types && !pb->types))
        return wo_err_set(err, WO_EINVAL, "vrp: an array is missing");
    if ((size_t)pb->n_loc > 100000u)
        return wo_err_set(err, WO_ETOOBIG, "vrp: n_loc=%d above 100000",
                          pb->n_loc);
    if (check_matrix(pb, pb->dist_m, "dist_m", err) ||
        check_matrix(pb, pb->dur_s, "dur_s", err))
        return WO_EINVAL;
    for (i = 0; i < pb->n_stops; i++)
        if (validate_stop(pb, i, err))
            return WO_EINVAL;
    for (i = 0; i < pb->n_facilities; i++) {
        const wo_vrp_facility *f = &pb->facilities[i];
        if (check_loc(pb, f->loc, "facility", i, "loc", err))
            return WO_EINVAL;
        if (bad_amount(f->unload_s) || !isfinite(f->open_s) ||
            !isfinite(f->close_s) || f->close_s < f->open_s)
            return wo_err_set(err, WO_EINVAL,
                              "vrp: facility %d (id %ld): hours [%g, %g] or "
                              "unload %g s invalid",
                              i, f->ext_id, f->open_s, f->close_s,
                              f->unload_s);
        for (d = 0; d < WO_VRP_DIMS; d++)
            if (bad_limit(f->capacity[d]))
                return wo_err_set(err, WO_EINVAL,
                                  "vrp: facility %d (id %ld): capacity[%d] = "
                                  "%g: expected >= 0 or WO_VRP_UNLIMITED",
                                  i, f->ext_id, d, f->capacity[d]);
    }
    for (i = 0; i < pb->n_types; i++)
        if (validate_type(pb, i, err))
            return WO_EINVAL;
    return validate_pref(pb, err);
}

/* ------------------------------------------------------------ context */

int vrp_should_stop(vrp_ctx *c)
{
    if (c->stop_flag)
        return 1;
    if (c->prm->cancel && *c->prm->cancel)
        c->stop_flag = 1;
    else if (c->deadline > 0 && wo_now_s() >= c->deadline)
        c->stop_flag = 1;
    return c->stop_flag;
}

static int over(double v, double limit)
{
    return limit != WO_VRP_UNLIMITED && v > limit + 1e-9;
}

/* Earliest feasible service start at stop s reached at arr, or -1. */
static double first_window(const wo_vrp_stop *s, double arr)
{
    int w;
    if (s->n_tw == 0)
        return arr;
    for (w = 0; w < s->n_tw; w++)
        if (arr <= s->tw[w].close_s)
            return arr > s->tw[w].open_s ? arr : s->tw[w].open_s;
    return -1;
}

/* Can type t serve stop i alone? Returns -1 if yes, else a reason. */
static int single_reason(const vrp_ctx *c, int t, int i)
{
    const wo_vrp_problem *pb = c->pb;
    const wo_vrp_stop *s = &pb->stops[i];
    const wo_vrp_vehicle_type *v = &pb->types[t];
    double start, back = INFINITY, end;
    int d, k;
    for (d = 0; d < WO_VRP_DIMS; d++)
        if (over(s->demand[d], v->capacity[d]) ||
            over(s->demand[d], v->max_load_per_day[d]))
            return WO_UNSERVED_TOO_HEAVY;
    start = first_window(s, fmax(v->shift_open_s, s->release_s) +
                                vrp_travel_s(pb, t, v->start_loc, s->loc));
    if (start < 0)
        return WO_UNSERVED_TIME;
    if (pb->n_facilities == 0) {
        back = vrp_travel_s(pb, t, s->loc, v->end_loc);
    } else {
        for (k = 0; k < c->fac_n[s->stream]; k++) {
            const wo_vrp_facility *f =
                &pb->facilities[c->fac_list[s->stream * pb->n_facilities + k]];
            double a = start + s->service_s + vrp_travel_s(pb, t, s->loc, f->loc);
            double b;
            if (a < f->open_s)
                a = f->open_s;
            if (a > f->close_s)
                continue;
            b = a + f->unload_s + vrp_travel_s(pb, t, f->loc, v->end_loc) -
                start - s->service_s;
            if (b < back)
                back = b;
        }
        if (!isfinite(back))
            return WO_UNSERVED_TIME;
    }
    end = start + s->service_s + back;
    if (end > v->shift_close_s + 1e-9)
        return WO_UNSERVED_TIME;
    if (v->max_duration_s > 0 && end - v->shift_open_s > v->max_duration_s + 1e-9 &&
        end - (start - vrp_travel_s(pb, t, v->start_loc, s->loc)) >
            v->max_duration_s + 1e-9)
        return WO_UNSERVED_TIME;
    return -1;
}

static void classify_stops(vrp_ctx *c)
{
    const wo_vrp_problem *pb = c->pb;
    int i, t;
    c->n_act = 0;
    for (i = 0; i < pb->n_stops; i++) {
        int s = pb->stops[i].stream, any = 0, reason = WO_UNSERVED_NO_VEHICLE;
        c->act_of[i] = -1;
        for (t = 0; t < pb->n_types; t++)
            if (vrp_type_allows(pb, t, s))
                any = 1;
        if (any && pb->n_facilities > 0 && c->fac_n[s] == 0) {
            c->pre_reason[i] = WO_UNSERVED_NO_FACILITY;
            continue;
        }
        if (!any) {
            c->pre_reason[i] = WO_UNSERVED_NO_VEHICLE;
            continue;
        }
        for (t = 0; t < pb->n_types; t++) {
            int r;
            if (!vrp_type_allows(pb, t, s))
                continue;
            r = single_reason(c, t, i);
            if (r < 0) {
                reason = -1;
                break;
            }
            if (reason == WO_UNSERVED_NO_VEHICLE || r == WO_UNSERVED_TIME)
                reason = r;
        }
        c->pre_reason[i] = reason;
        if (reason < 0) {
            c->act_of[i] = c->n_act;
            c->act[c->n_act++] = i;
        }
    }
}

/* Granular neighbours: the VRP_NB nearest active stops of the same stream
 * (symmetrised distance, plus a time-window gap term). */
static void build_neighbours(vrp_ctx *c)
{
    const wo_vrp_problem *pb = c->pb;
    size_t n = (size_t)pb->n_loc;
    double key[VRP_NB];
    int a, b, k;
    for (a = 0; a < c->n_act; a++) {
        const wo_vrp_stop *sa = &pb->stops[c->act[a]];
        int *out = &c->nb[(size_t)a * VRP_NB], m = 0;
        for (b = 0; b < c->n_act; b++) {
            const wo_vrp_stop *sb = &pb->stops[c->act[b]];
            double q;
            if (b == a || sb->stream != sa->stream)
                continue;
            q = pb->dist_m[(size_t)sa->loc * n + (size_t)sb->loc] +
                pb->dist_m[(size_t)sb->loc * n + (size_t)sa->loc];
            if (sa->n_tw > 0 && sb->n_tw > 0) {
                double gap = sb->tw[0].open_s - sa->tw[sa->n_tw - 1].close_s;
                double gap2 = sa->tw[0].open_s - sb->tw[sb->n_tw - 1].close_s;
                if (gap2 > gap)
                    gap = gap2;
                if (gap > 0)
                    q += gap;
            }
            if (m == VRP_NB && q >= key[m - 1])
                continue;
            k = m < VRP_NB ? m++ : m - 1;
            while (k > 0 && key[k - 1] > q) {
                key[k] = key[k - 1];
                out[k] = out[k - 1];
                k--;
            }
            key[k] = q;
            out[k] = b;
        }
        /* fewer neighbours on very large instances: each move there is
         * evaluated over long routes */
        c->n_nb[a] = c->n_act > 3000 && m > VRP_NB / 2 ? VRP_NB / 2 : m;
    }
}

static int detect_fast(const vrp_ctx *c)
{
    const wo_vrp_problem *pb = c->pb;
    size_t n = (size_t)pb->n_loc;
    double bound = 0.0, mx;
    int k, t, j;
    if (pb->n_facilities > 0)
        return 0;
    for (k = 0; k < c->n_act; k++) {
        const wo_vrp_stop *s = &pb->stops[c->act[k]];
        if (s->n_tw > 0 || s->release_s > 0 ||
            s->stream != pb->stops[c->act[0]].stream)
            return 0;
        mx = 0;
        for (j = 0; j < pb->n_loc; j++)
            if (pb->dur_s[(size_t)s->loc * n + (size_t)j] > mx)
                mx = pb->dur_s[(size_t)s->loc * n + (size_t)j];
        bound += s->service_s + mx;
    }
    for (t = 0; t < pb->n_types; t++) {
        const wo_vrp_vehicle_type *v = &pb->types[t];
        double f = v->speed_factor > 0 ? v->speed_factor : 1.0;
        mx = 0;
        for (j = 0; j < pb->n_loc; j++)
            if (pb->dur_s[(size_t)v->start_loc * n + (size_t)j] > mx)
                mx = pb->dur_s[(size_t)v->start_loc * n + (size_t)j];
        if (v->break_s > 0 || v->max_duration_s > 0 ||
            v->shift_close_s - v->shift_open_s < (bound + mx) * f * 2 + 1)
            return 0;
    }
    return 1;
}

static void init_penalties(vrp_ctx *c)
{
    const wo_vrp_problem *pb = c->pb;
    size_t n = (size_t)pb->n_loc, i;
    double maxd = 0, maxt = 0, cpm = 0, cps = 0, fixed = 0, maxdem = 0;
    double pens = 0, serv = 0, maxcost;
    int t, d, k;
    for (i = 0; i < n * n; i++) {
        if (pb->dist_m[i] > maxd)
            maxd = pb->dist_m[i];
        if (pb->dur_s[i] > maxt)
            maxt = pb->dur_s[i];
    }
    for (t = 0; t < pb->n_types; t++) {
        const wo_vrp_vehicle_type *v = &pb->types[t];
        double f = v->speed_factor > 0 ? v->speed_factor : 1.0;
        if (v->cost_per_m > cpm)
            cpm = v->cost_per_m;
        if (v->cost_per_s * f > cps)
            cps = v->cost_per_s * f;
        if (v->fixed_cost > fixed)
            fixed = v->fixed_cost;
    }
    for (d = 0; d < WO_VRP_DIMS; d++) {
        double cap = 0, sum = 0;
        for (t = 0; t < pb->n_types; t++)
            if (pb->types[t].capacity[d] > cap)
                cap = pb->types[t].capacity[d];
        for (k = 0; k < c->n_act; k++)
            sum += pb->stops[c->act[k]].demand[d];
        c->cap_ref[d] = cap > 0 ? cap : (sum > 0 ? sum : 1.0);
    }
    for (k = 0; k < c->n_act; k++) {
        const wo_vrp_stop *s = &pb->stops[c->act[k]];
        if (s->demand[0] / c->cap_ref[0] > maxdem)
            maxdem = s->demand[0] / c->cap_ref[0];
        if (s->demand[1] / c->cap_ref[1] > maxdem)
            maxdem = s->demand[1] / c->cap_ref[1];
        if (s->optional)
            pens += s->penalty;
        serv += s->service_s;
    }
    maxcost = cpm * maxd + cps * maxt;
    if (maxcost <= 0)
        maxcost = 1.0;
    if (maxdem <= 0)
        maxdem = 1.0;
    c->pen_load = maxcost / maxdem;
    if (c->pen_load < 0.1)
        c->pen_load = 0.1;
    c->pen_tw = cps + (maxt > 0 ? cpm * maxd / maxt : 0);
    if (c->pen_tw < 1e-3)
        c->pen_tw = 1e-3;
    c->lex_w = pb->lexicographic
                   ? 10.0 * ((double)c->n_act + 1) * (2 * maxcost + fixed + 1) +
                         2 * pens + cps * serv
                   : 0.0;
    c->pen_misc = 1000.0 * (2 * maxcost + fixed + 1) + 10.0 * c->lex_w;
    c->fac_step = 0.1 * maxcost;
}

/* Slots of type t: one per vehicle, at most n_act. */
static int type_slots(const vrp_ctx *c, int t)
{
    return c->pb->types[t].count < c->n_act ? c->pb->types[t].count
                                            : c->n_act;
}

/* c->pref_slot from the problem's pref_vehicle: fleet number -> type and
 * vehicle -> slot (a vehicle beyond the type's slots has none). */
static int init_pref(vrp_ctx *c)
{
    const wo_vrp_problem *pb = c->pb;
    int k, t, first_slot, first_vehicle;
    c->pref_slot = wo_malloc(sizeof(int) * ((size_t)c->n_act + 1));
    if (!c->pref_slot)
        return WO_ENOMEM;
    c->stab_pen = pb->stability_penalty;
    for (k = 0; k < c->n_act; k++) {
        int v = pb->pref_vehicle[c->act[k]];
        c->pref_slot[k] = -1;
        if (v < 0)
            continue;
        first_slot = first_vehicle = 0;
        for (t = 0; t < pb->n_types; t++) {
            int m = type_slots(c, t);
            if (v < first_vehicle + pb->types[t].count) {
                if (v - first_vehicle < m)
                    c->pref_slot[k] = first_slot + v - first_vehicle;
                break;
            }
            first_vehicle += pb->types[t].count;
            first_slot += m;
        }
    }
    return WO_OK;
}

/* Position of active stop k in the warm start (pref_pos, else 0). */
static int pref_pos(const vrp_ctx *c, int k)
{
    return c->pb->pref_pos ? c->pb->pref_pos[c->act[k]] : 0;
}

void vrp_pref_tour(const vrp_ctx *c, int *tour, int *rlen)
{
    int s, k, off = 0, i;
    for (s = 0; s < c->n_slots; s++) {
        int start = off;
        rlen[s] = 0;
        for (k = 0; k < c->n_act; k++) {
            if (c->pref_slot[k] != s)
                continue;
            /* insertion by position (stop order breaks ties): routes are
             * short, and this runs once per search */
            for (i = off; i > start && pref_pos(c, tour[i - 1]) >
                                           pref_pos(c, k); i--)
                tour[i] = tour[i - 1];
            tour[i] = k;
            off++;
            rlen[s]++;
        }
    }
    for (k = 0; k < c->n_act; k++)
        if (c->pref_slot[k] < 0)
            tour[off++] = k;
}

int vrp_ctx_init(vrp_ctx *c, const wo_vrp_problem *pb,
                 const wo_vrp_params *prm, wo_err *err)
{
    int n = pb->n_stops, t, f, s, slots = 0;
    size_t nf = (size_t)(pb->n_facilities > 0 ? pb->n_facilities : 1);
    memset(c, 0, sizeof *c);
    c->pb = pb;
    c->prm = prm;
    c->act = wo_malloc(sizeof(int) * (size_t)(n + 1));
    c->act_of = wo_malloc(sizeof(int) * (size_t)(n + 1));
    c->pre_reason = wo_malloc(sizeof(int) * (size_t)(n + 1));
    c->fac_list = wo_malloc(sizeof(int) * 64 * nf);
    c->fac_n = wo_calloc(64, sizeof(int));
    if (!c->act || !c->act_of || !c->pre_reason || !c->fac_list || !c->fac_n)
        goto nomem;
    for (s = 0; s < 64; s++)
        for (f = 0; f < pb->n_facilities; f++)
            if ((pb->facilities[f].streams >> s) & 1u)
                c->fac_list[(size_t)s * nf + (size_t)c->fac_n[s]++] = f;
    classify_stops(c);
    for (t = 0; t < pb->n_types; t++)
        slots += type_slots(c, t);
    c->n_slots = slots;
    c->slot_type = wo_malloc(sizeof(int) * (size_t)(slots + 1));
    c->slot_vehicle = wo_malloc(sizeof(int) * (size_t)(slots + 1));
    c->nb = wo_malloc(sizeof(int) * (size_t)(c->n_act + 1) * VRP_NB);
    c->n_nb = wo_calloc((size_t)c->n_act + 1, sizeof(int));
    c->seq_a = wo_malloc(sizeof(int) * (size_t)(c->n_act + 1));
    c->seq_b = wo_malloc(sizeof(int) * (size_t)(c->n_act + 1));
    c->plan = wo_malloc(sizeof(int) * (size_t)(c->n_act + 1));
    c->pot = wo_malloc(sizeof(double) * (size_t)(c->n_act + 1));
    c->tmp = wo_malloc(sizeof(int) * ((size_t)c->n_act + 3 * (size_t)slots +
                                        (size_t)pb->n_types + 4));
    if (!c->slot_type || !c->slot_vehicle || !c->nb || !c->n_nb ||
        !c->seq_a || !c->seq_b || !c->plan || !c->pot || !c->tmp)
        goto nomem;
    slots = 0;
    for (t = 0; t < pb->n_types; t++) {
        int m = type_slots(c, t);
        for (s = 0; s < m; s++) {
            c->slot_type[slots] = t;
            c->slot_vehicle[slots++] = s;
        }
    }
    for (f = 0; f < pb->n_facilities && !c->fac_price; f++)
        for (s = 0; s < WO_VRP_DIMS; s++)
            if (pb->facilities[f].capacity[s] != WO_VRP_UNLIMITED) {
                c->fac_price = wo_calloc(nf * (1 + WO_VRP_DIMS), sizeof(double));
                if (!c->fac_price)
                    goto nomem;
                break;
            }
    if (pb->pref_vehicle && init_pref(c))
        goto nomem;
    build_neighbours(c);
    c->fast = c->n_act > 0 && detect_fast(c);
    for (s = 0; s < c->n_act; s++)
        if (pb->stops[c->act[s]].release_s > 0)
            c->has_release = 1;
    init_penalties(c);
    wo_rng_seed(&c->rng, prm->seed);
    return WO_OK;
nomem:
    vrp_ctx_free(c);
    return wo_err_set(err, WO_ENOMEM, "vrp: out of memory preparing %d stops",
                      n);
}

void vrp_ctx_free(vrp_ctx *c)
{
    wo_free(c->act);
    wo_free(c->act_of);
    wo_free(c->pre_reason);
    wo_free(c->fac_list);
    wo_free(c->fac_n);
    wo_free(c->slot_type);
    wo_free(c->slot_vehicle);
    wo_free(c->nb);
    wo_free(c->n_nb);
    wo_free(c->seq_a);
    wo_free(c->seq_b);
    wo_free(c->plan);
    wo_free(c->pot);
    wo_free(c->tmp);
    wo_free(c->fac_rem);
    wo_free(c->fac_price);
    wo_free(c->pref_slot);
    memset(c, 0, sizeof *c);
}
