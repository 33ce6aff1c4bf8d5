/*
 * plancheck.c — independent checker of plan.json (see plancheck.h). It
 * shares no code with solver/plan/ nor data/calendar.c: dates, due days
 * and loads are recomputed here from the scenario.
 */
#include "tests/support/plancheck.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS_S 1e-3   /* time tolerance, seconds   */
#define EPS_KG 1e-3  /* load tolerance, kg        */

/* Full loads carried by transfer and haul routes, per movement: what the
 * routes carry must be what the transfers list. */
typedef struct mv {
    int day;                /* 0-based day                       */
    int stream;             /* stream                            */
    const char *from, *to;  /* place ids (point into the document) */
    int trips;              /* loads                             */
    double kg;              /* kg                                */
} mv;

typedef struct chk {
    const wo_scenario *sc;  /* the scenario                      */
    char *msg;              /* first violation                   */
    size_t msg_size;        /* its buffer size                   */
    long day0;              /* plan date, days since 1970-01-01  */
    int days;               /* days planned                      */
    double *dem;            /* [n_demands * days] kg accounted   */
    double *fac;            /* [n_facilities * days] kg unloaded */
    double *store;          /* [n_sites * days] kg left at medical
                               storage nodes                     */
    double *fac_in;         /* [n_facilities * days * streams] kg
                               unloaded, per stream              */
    double *fac_out;        /* the same loaded (transfer routes) */
    mv *mv_routes;          /* movements of the routes           */
    int n_mv_routes;
    mv *mv_trs;             /* movements of the transfers        */
    int n_mv_trs;
} chk;

/* Add a trip (trips loads, kg) of a movement to list l (n entries,
 * room for enough). */
static void mv_add(mv *l, int *n, int day, int stream, const char *from,
                   const char *to, int trips, double kg)
{
    int i;
    for (i = 0; i < *n; i++)
        if (l[i].day == day && l[i].stream == stream &&
            !strcmp(l[i].from, from) && !strcmp(l[i].to, to))
            break;
    if (i == *n) {
        l[i].day = day;
        l[i].stream = stream;
        l[i].from = from;
        l[i].to = to;
        l[i].trips = 0;
        l[i].kg = 0;
        (*n)++;
    }
    l[i].trips += trips;
    l[i].kg += kg;
}

/* 1 when facility fa may take an unload or start a load at st_s: within
 * its hours (00:00-24:00 means round the clock, night shifts too). */
static int fac_open(const wo_facility *fa, double st_s)
{
    if (fa->open_s <= 0 && fa->close_s >= 86400)
        return 1;
    return st_s >= fa->open_s - EPS_S && st_s <= fa->close_s + EPS_S;
}

#define FS(c, f, day, s)                                                      \
    (((size_t)(f) * (size_t)(c)->days + (size_t)(day)) * WO_STREAM_COUNT +   \
     (size_t)(s))

static int fail(chk *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, c->msg_size, fmt, ap);
    va_end(ap);
    return -1;
}

/* Days since 1970-01-01 by counting years and months (a different method
 * from the planner's). -1 on a malformed date. */
static long civil_days(const char *s)
{
    static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, k;
    long n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1970 ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    for (k = 1970; k < y; k++)
        n += 365 + ((k % 4 == 0 && k % 100 != 0) || k % 400 == 0);
    for (k = 1; k < m; k++)
        n += md[k - 1] + (k == 2 && ((y % 4 == 0 && y % 100 != 0) ||
                                     y % 400 == 0));
    return n + d - 1;
}

/* Month (1..12) of day number n. */
static int month_of(long n)
{
    int y = 1970, m = 1;
    for (;;) {
        long len = 365 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
        if (n < len)
            break;
        n -= len;
        y++;
    }
    for (;;) {
        static const int md[12] = {31, 28, 31, 30, 31, 30,
                                   31, 31, 30, 31, 30, 31};
        long len = md[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
                                           y % 400 == 0));
        if (n < len)
            return m;
        n -= len;
        m++;
    }
}

static int active_on(const wo_demand *d, long day)
{
    if (!(d->months & (1u << (month_of(day) - 1))))
        return 0;
    if (d->date[0])
        return civil_days(d->date) == day;
    return 1;
}

/* The demand row of (site, stream) a stop or unserved entry of day `day`
 * belongs to, preferring a reservation of that date whose amount matches;
 * -1 when none. */
static int find_demand(const chk *c, int site, int stream, long day,
                       double amount)
{
    const wo_site *s = &c->sc->sites[site];
    int k, any = -1;
    for (k = s->demand_first; k < s->demand_first + s->demand_count; k++) {
        const wo_demand *d = &c->sc->demands[k];
        if ((int)d->stream != stream || !active_on(d, day))
            continue;
        if (d->date[0] && fabs(d->kg_per_day - amount) < EPS_KG)
            return k;
        if (any < 0 || (c->sc->demands[any].date[0] && !d->date[0]))
            any = k;
    }
    return any;
}

static int in_windows(int n_tw, const wo_tw *tw, double t)
{
    int w;
    if (n_tw == 0)
        return 1;
    for (w = 0; w < n_tw; w++)
        if (t >= tw[w].open_s - EPS_S && t <= tw[w].close_s + EPS_S)
            return 1;
    return 0;
}

static double num(const wo_json *o, const char *key)
{
    wo_json *v = wo_json_object_get(o, key);
    return wo_json_is_number(v) ? wo_json_number_value(v) : NAN;
}

static const char *str(const wo_json *o, const char *key)
{
    const char *s = wo_json_string_value(wo_json_object_get(o, key));
    return s ? s : "";
}

/* Vehicles seen: name -> stream and days used. */
typedef struct vseen {
    const char *name;   /* vehicle name (points into the document) */
    int stream;         /* stream of its first route               */
    unsigned days;      /* bit d: a route on day d                 */
} vseen;

/* The residue stream s that facility f yields from what was unloaded
 * there (in[s2]: kg of each stream, NULL: only whether it yields s): for
 * each stream, the fraction of s of the first process taking it (the one
 * the plan treats it by), times what came in. */
static double yield_of(const wo_scenario *sc, int f, int s, const double *in)
{
    const wo_facility *fa = &sc->facilities[f];
    double kg = 0;
    int s2, q, r, any = 0;
    for (s2 = 0; s2 < WO_STREAM_COUNT; s2++)
        for (q = fa->process_first; q < fa->process_first + fa->process_count;
             q++) {
            const wo_process *pr = &sc->processes[q];
            if (!(pr->streams & WO_STREAM_BIT(s2)))
                continue;
            for (r = 0; r < pr->n_residues; r++)
                if ((int)pr->residues[r].stream == s) {
                    any = 1;
                    if (in)
                        kg += pr->residues[r].fraction * in[s2];
                }
            break;
        }
    return in ? kg : any;
}

/* A break visit of type vt starting at st_s and ending at dep_s: of the
 * type's duration, starting in its window. A night shift's window written
 * as the next morning's clock time (shift 22:00-30:00, break 01:00-03:00)
 * lies a day later. Overlap with other visits is ruled out by the time
 * order of the visits. */
static int check_break(chk *c, const wo_vehicle_type *vt, int ri,
                       const char *vname, int v, double st_s, double dep_s)
{
    double lo = vt->break_earliest_s, hi = vt->break_latest_s;
    if (vt->break_s <= 0)
        return 0;
    if (hi < vt->shift_start_s && lo + 86400 < vt->shift_end_s) {
        lo += 86400;
        hi += 86400;
    }
    if (fabs(dep_s - st_s - vt->break_s) > EPS_S)
        return fail(c, "route %d (%s): break at visit %d lasts %.0f s, the "
                    "type's break is %.0f s", ri, vname, v, dep_s - st_s,
                    vt->break_s);
    if (st_s < lo - EPS_S || st_s > hi + EPS_S)
        return fail(c, "route %d (%s): break at visit %d starts at %.0f s, "
                    "outside its window [%.0f, %.0f]", ri, vname, v, st_s, lo,
                    hi);
    return 0;
}

static int check_route(chk *c, const wo_json *r, int ri, vseen *vs, int *n_vs)
{
    const wo_scenario *sc = c->sc;
    const wo_json *visits = wo_json_object_get(r, "visits");
    const char *vname = str(r, "vehicle");
    wo_stream stream;
    int t, day = (int)num(r, "day") - 1, n = (int)wo_json_array_size(visits);
    int v, k, last_real = -1, n_breaks = 0, rc, full_loads, open_load = -1;
    const wo_vehicle_type *vt;
    const char *rkind = str(r, "kind");
    double load = 0, prev_depart = -1e18, collected = 0;
    t = wo_scenario_find_vehicle_type(sc, str(r, "vehicle_type"));
    if (t < 0)
        return fail(c, "route %d: unknown vehicle type '%s'", ri,
                    str(r, "vehicle_type"));
    vt = &sc->vehicle_types[t];
    if (wo_stream_parse(str(r, "stream"), &stream) != WO_OK)
        return fail(c, "route %d: unknown stream '%s'", ri, str(r, "stream"));
    if (!(vt->streams & WO_STREAM_BIT(stream)))
        return fail(c, "route %d (%s): type %s may not carry %s", ri, vname,
                    vt->id, str(r, "stream"));
    /* collection routes on collection types; full loads from stations on
     * transfer types, from sites (spoil, slurry) on the others */
    full_loads = !strcmp(rkind, "transfer") || !strcmp(rkind, "haul");
    if (!full_loads && strcmp(rkind, "collection"))
        return fail(c, "route %d (%s): kind '%s'", ri, vname, rkind);
    if ((!strcmp(rkind, "transfer")) != (vt->role == WO_ROLE_TRANSFER) ||
        (!full_loads && vt->role != WO_ROLE_COLLECTION))
        return fail(c, "route %d (%s): a %s route on type %s of role %s", ri,
                    vname, rkind, vt->id, wo_vehicle_role_name(vt->role));
    if (day < 0 || day >= c->days)
        return fail(c, "route %d: day %d outside the plan", ri, day + 1);
    if (n < 2)
        return fail(c, "route %d: fewer than 2 visits", ri);
    /* one stream per vehicle over the plan, one route per vehicle a day */
    for (k = 0; k < *n_vs; k++)
        if (!strcmp(vs[k].name, vname))
            break;
    if (k == *n_vs) {
        vs[k].name = vname;
        vs[k].stream = (int)stream;
        vs[k].days = 0;
        (*n_vs)++;
    }
    /* Medical waste has a dedicated fleet: a vehicle that carries it on
     * one day carries nothing else on any other. */
    if (vs[k].stream != (int)stream &&
        (vs[k].stream == WO_STREAM_MEDICAL || stream == WO_STREAM_MEDICAL))
        return fail(c, "vehicle %s carries %s and %s", vname,
                    wo_stream_get(vs[k].stream)->code, str(r, "stream"));
    if (vs[k].days & (1u << day))
        return fail(c, "vehicle %s has two routes on day %d", vname, day + 1);
    vs[k].days |= 1u << day;

    for (v = 0; v < n; v += n - 1)
        if (!strcmp(str(wo_json_array_get(visits, v), "kind"), "break"))
            return fail(c, "route %d (%s): break at visit %d, outside the "
                        "route (before its start or after its end depot)",
                        ri, vname, v);
    for (v = 0; v < n; v++) {
        const wo_json *x = wo_json_array_get(visits, v);
        const char *kind = str(x, "kind"), *site = str(x, "site");
        double arr = num(x, "arrival_s"), st = num(x, "start_s"),
               dep = num(x, "depart_s"), amt = num(x, "amount_kg"),
               after = num(x, "load_after_kg");
        if (!strcmp(kind, "break")) {
            if (++n_breaks > 1)
                return fail(c, "route %d (%s): a second break at visit %d",
                            ri, vname, v);
            if ((rc = check_break(c, vt, ri, vname, v, st, dep)))
                return rc;
        }
        if (!(arr >= prev_depart - EPS_S && arr <= st + EPS_S &&
              st <= dep + EPS_S))
            return fail(c, "route %d (%s) visit %d: times out of order", ri,
                        vname, v);
        prev_depart = dep;
        if (v == 0 || v == n - 1) {
            int dep_i = v == 0 ? vt->start_depot : vt->end_depot;
            if (strcmp(kind, "depot") || strcmp(site, sc->depots[dep_i].id))
                return fail(c, "route %d (%s): visit %d is not depot %s", ri,
                            vname, v, sc->depots[dep_i].id);
        } else if (!strcmp(kind, "stop")) {
            int s = wo_scenario_find_site(sc, site), d;
            if (s < 0)
                return fail(c, "route %d: stop at unknown site '%s'", ri, site);
            d = find_demand(c, s, (int)stream, c->day0 + day, amt);
            if (d < 0)
                return fail(c, "route %d (%s): %s has no %s demand on day %d",
                            ri, vname, site, str(r, "stream"), day + 1);
            if (!in_windows(sc->demands[d].n_tw, sc->demands[d].tw, st))
                return fail(c, "route %d (%s): service at %s starts at %.0f s, "
                            "outside its time windows", ri, vname, site, st);
            c->dem[(size_t)d * (size_t)c->days + (size_t)day] += amt;
            load += amt;
            collected += amt;
            last_real = v;
        } else if (!strcmp(kind, "load")) {
            int f = wo_scenario_find_facility(sc, site), s, d;
            if (!full_loads || open_load >= 0 || load > EPS_KG)
                return fail(c, "route %d (%s) visit %d: a load on a %s "
                            "route, or on a vehicle not empty", ri, vname, v,
                            rkind);
            if (f >= 0) {
                if (!(sc->facilities[f].streams & WO_STREAM_BIT(stream)) &&
                    !yield_of(sc, f, (int)stream, NULL))
                    return fail(c, "route %d (%s): loads %s at %s, which "
                                "neither takes nor yields it", ri, vname,
                                str(r, "stream"), site);
                if (!fac_open(&sc->facilities[f], st))
                    return fail(c, "route %d (%s): load at %s at %.0f s, "
                                "outside its hours", ri, vname, site, st);
                c->fac_out[FS(c, f, day, stream)] += amt;
            } else if ((s = wo_scenario_find_site(sc, site)) < 0) {
                return fail(c, "route %d: load at unknown place '%s'", ri,
                            site);
            } else if (stream == WO_STREAM_CD_SPOIL ||
                       stream == WO_STREAM_CD_SLURRY) {
                d = find_demand(c, s, (int)stream, c->day0 + day, -1);
                if (d < 0)
                    return fail(c, "route %d (%s): %s has no %s on day %d",
                                ri, vname, site, str(r, "stream"), day + 1);
                if (!in_windows(sc->demands[d].n_tw, sc->demands[d].tw, st))
                    return fail(c, "route %d (%s): load at %s at %.0f s, "
                                "outside its time windows", ri, vname, site,
                                st);
            } else if (!(stream == WO_STREAM_MEDICAL &&
                         sc->sites[s].storage_capacity_kg > 0)) {
                return fail(c, "route %d (%s): load at %s, neither a station "
                            "nor a site of spoil, slurry or stored medical "
                            "waste", ri, vname, site);
            }
            load += amt;
            open_load = v;
            last_real = v;
        } else if (!strcmp(kind, "unload")) {
            int f = wo_scenario_find_facility(sc, site);
            if (full_loads) {
                const wo_json *lx = open_load >= 0
                                        ? wo_json_array_get(visits, open_load)
                                        : NULL;
                if (!lx || fabs(num(lx, "amount_kg") - amt) > EPS_KG)
                    return fail(c, "route %d (%s) visit %d: an unload that "
                                "is not the whole load before it", ri, vname,
                                v);
                mv_add(c->mv_routes, &c->n_mv_routes, day, (int)stream,
                       str(lx, "site"), site, 1, amt);
                open_load = -1;
            }
            if (f >= 0) {
                const wo_facility *fa = &sc->facilities[f];
                if (!(fa->streams & WO_STREAM_BIT(stream)))
                    return fail(c, "route %d (%s): %s does not accept %s", ri,
                                vname, site, str(r, "stream"));
                if (!fac_open(fa, st))
                    return fail(c, "route %d (%s): unload at %s at %.0f s, "
                                "outside its hours", ri, vname, site, st);
                c->fac[(size_t)f * (size_t)c->days + (size_t)day] += amt;
                c->fac_in[FS(c, f, day, stream)] += amt;
            } else {
                int s = wo_scenario_find_site(sc, site), need = 0;
                if (s >= 0 && stream == WO_STREAM_CD_SPOIL)
                    for (k = sc->sites[s].demand_first;
                         k < sc->sites[s].demand_first +
                                 sc->sites[s].demand_count; k++)
                        need |= sc->demands[k].need_kg_per_day > 0;
                if (s >= 0 && stream == WO_STREAM_MEDICAL &&
                    sc->sites[s].storage_capacity_kg > 0) {
                    need = 1;
                    c->store[(size_t)s * (size_t)c->days + (size_t)day] += amt;
                }
                if (!need)
                    return fail(c, "route %d (%s): unload at '%s', neither a "
                                "facility, a site needing fill nor a medical "
                                "storage node", ri, vname, site);
            }
            load -= amt;
            last_real = v;
        } else if (strcmp(kind, "break")) {
            return fail(c, "route %d: visit %d has kind '%s'", ri, v, kind);
        }
        if (fabs(load - after) > EPS_KG + 1e-9 * fabs(load))
            return fail(c, "route %d (%s) visit %d: load %.3f kg, plan says "
                        "%.3f", ri, vname, v, load, after);
        if (load < -EPS_KG || load > vt->capacity_kg + EPS_KG)
            return fail(c, "route %d (%s) visit %d: load %.1f kg outside [0, "
                        "%.1f]", ri, vname, v, load, vt->capacity_kg);
    }
    if (vt->break_s > 0 && n_breaks == 0)
        return fail(c, "route %d (%s): no break, type %s takes one of %.0f s",
                    ri, vname, vt->id, vt->break_s);
    if (vt->break_s <= 0 && n_breaks > 0)
        return fail(c, "route %d (%s): a break, type %s has no break rule",
                    ri, vname, vt->id);
    if (fabs(load) > EPS_KG)
        return fail(c, "route %d (%s): returns with %.1f kg on board", ri,
                    vname, load);
    if (collected > 0 &&
        strcmp(str(wo_json_array_get(visits, last_real), "kind"), "unload"))
        return fail(c, "route %d (%s): last visit before the depot is not an "
                    "unload", ri, vname);
    {
        double t0 = num(wo_json_array_get(visits, 0), "depart_s");
        double t1 = num(wo_json_array_get(visits, n - 1), "arrival_s");
        if (t0 < vt->shift_start_s - EPS_S || t1 > vt->shift_end_s + EPS_S)
            return fail(c, "route %d (%s): [%.0f, %.0f] s outside the shift "
                        "[%.0f, %.0f]", ri, vname, t0, t1, vt->shift_start_s,
                        vt->shift_end_s);
        if (vt->shift_max_s > 0 && t1 - t0 > vt->shift_max_s + EPS_S)
            return fail(c, "route %d (%s): %.0f s, longer than the shift "
                        "length %.0f s", ri, vname, t1 - t0, vt->shift_max_s);
    }
    return 0;
}

/* Largest payload (t) of a vehicle type carrying stream s. */
static double truck_max_t(const wo_scenario *sc, wo_stream s)
{
    double m = 0;
    int t;
    for (t = 0; t < sc->n_vehicle_types; t++)
        if ((sc->vehicle_types[t].streams & WO_STREAM_BIT(s)) &&
            sc->vehicle_types[t].capacity_kg > m)
            m = sc->vehicle_types[t].capacity_kg;
    return m / 1000.0;
}

/* The full loads: a station loads no more of a stream on a day than the
 * collection unloaded there, a plant no more of a residue than its yield
 * of what was unloaded there; the transfer and haul routes carry, per
 * movement (day, stream, from, to), exactly the trips and tonnes the
 * transfers list, and the other way round. */
static int check_full_loads(chk *c, const wo_json *trs)
{
    const wo_scenario *sc = c->sc;
    size_t r;
    int f, day, s, i, k;
    for (f = 0; f < sc->n_facilities; f++)
        for (day = 0; day < c->days; day++)
            for (s = 0; s < WO_STREAM_COUNT; s++) {
                double made = yield_of(sc, f, s, &c->fac_in[FS(c, f, day, 0)]);
                if (c->fac_out[FS(c, f, day, s)] >
                    c->fac_in[FS(c, f, day, s)] + made + EPS_KG +
                        1e-9 * made)
                    return fail(c, "%s day %d: %.1f kg of %s loaded, %.1f kg "
                                "unloaded there, %.1f kg yielded there",
                                sc->facilities[f].id, day + 1,
                                c->fac_out[FS(c, f, day, s)],
                                wo_stream_get(s)->code,
                                c->fac_in[FS(c, f, day, s)], made);
            }
    for (r = 0; r < wo_json_array_size(trs); r++) {
        const wo_json *t = wo_json_array_get(trs, r);
        wo_stream ts;
        if (wo_stream_parse(str(t, "stream"), &ts) != WO_OK)
            return fail(c, "transfer %d: unknown stream", (int)r);
        mv_add(c->mv_trs, &c->n_mv_trs, (int)num(t, "day") - 1, (int)ts,
               str(t, "from"), str(t, "to"), (int)num(t, "trips"),
               1000.0 * num(t, "tonnes"));
    }
    for (i = 0; i < c->n_mv_trs; i++) {
        const mv *a = &c->mv_trs[i];
        for (k = 0; k < c->n_mv_routes; k++) {
            const mv *b = &c->mv_routes[k];
            if (a->day == b->day && a->stream == b->stream &&
                !strcmp(a->from, b->from) && !strcmp(a->to, b->to))
                break;
        }
        if (k == c->n_mv_routes || a->trips != c->mv_routes[k].trips ||
            fabs(a->kg - c->mv_routes[k].kg) > 1.0 + 1e-9 * a->kg)
            return fail(c, "transfers %s -> %s (%s, day %d): %d trips, %.3f "
                        "t; the routes carry %d trips, %.3f t", a->from,
                        a->to, wo_stream_get(a->stream)->code, a->day + 1,
                        a->trips, a->kg / 1000.0,
                        k < c->n_mv_routes ? c->mv_routes[k].trips : 0,
                        k < c->n_mv_routes ? c->mv_routes[k].kg / 1000.0 : 0);
    }
    if (c->n_mv_routes != c->n_mv_trs)
        return fail(c, "%d movements on transfer and haul routes, %d in the "
                    "transfers", c->n_mv_routes, c->n_mv_trs);
    return 0;
}

/* Demand accounting of one row over the horizon. */
static int check_demand(chk *c, int k)
{
    const wo_demand *d = &c->sc->demands[k];
    const char *site = c->sc->sites[d->site].id;
    int every = d->frequency_d > 0 ? d->frequency_d : 1, day, first = -1,
        last = -1, prev = -1, all_active = 1;
    double full;
    if (d->storage_limit_d > 0 && d->storage_limit_d < every)
        every = d->storage_limit_d;
    if (d->date[0])
        every = 1;
    full = d->kg_per_day * every;
    for (day = 0; day < c->days; day++) {
        double a = c->dem[(size_t)k * (size_t)c->days + (size_t)day];
        int act = active_on(d, c->day0 + day);
        all_active &= act;
        if (a <= EPS_KG)
            continue;
        if (!act)
            return fail(c, "%s %s: %.1f kg on day %d, when it has no demand",
                        site, wo_stream_get(d->stream)->code, a, day + 1);
        if (fabs(a - full) > EPS_KG + 1e-6 * full)
            return fail(c, "%s %s day %d: served + unserved = %.3f kg, one "
                        "visit is %.3f kg", site,
                        wo_stream_get(d->stream)->code, day + 1, a, full);
        if (prev >= 0 && !d->date[0] && day - prev != every)
            return fail(c, "%s %s: visits on days %d and %d, not %d days "
                        "apart", site, wo_stream_get(d->stream)->code,
                        prev + 1, day + 1, every);
        if (first < 0)
            first = day;
        last = day;
        prev = day;
    }
    /* A horizon shorter than the interval need not hold a visit. */
    if (d->date[0] || !all_active || d->kg_per_day <= 0 || c->days < every)
        return 0;
    if (first < 0 || first >= every || last < c->days - every)
        return fail(c, "%s %s: visit days %d..%d do not cover the horizon "
                    "of %d days every %d days", site,
                    wo_stream_get(d->stream)->code, first + 1, last + 1,
                    c->days, every);
    return 0;
}

int ts_plan_check(const wo_scenario *sc, const wo_json *doc, char *msg,
                  size_t msg_size)
{
    chk c;
    const wo_json *routes = wo_json_object_get(doc, "routes");
    const wo_json *uns = wo_json_object_get(doc, "unserved");
    const wo_json *trs = wo_json_object_get(doc, "transfers");
    const wo_json *sum = wo_json_object_get(doc, "summary");
    vseen *vs = NULL;
    int n_vs = 0, rc = 0, i, f;
    size_t r;
    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.msg = msg;
    c.msg_size = msg_size;
    msg[0] = '\0';
    c.day0 = civil_days(str(sum, "date"));
    c.days = (int)num(sum, "days");
    if (c.day0 < 0 || c.days < 1 || c.days > 28 || !wo_json_is_array(routes) ||
        !wo_json_is_array(uns))
        return fail(&c, "plan.json: summary.date/days, routes or unserved "
                    "missing");
    c.dem = calloc((size_t)sc->n_demands * (size_t)c.days + 1, sizeof *c.dem);
    c.fac = calloc((size_t)sc->n_facilities * (size_t)c.days + 1,
                   sizeof *c.fac);
    c.store = calloc((size_t)sc->n_sites * (size_t)c.days + 1,
                     sizeof *c.store);
    vs = calloc(wo_json_array_size(routes) + 1, sizeof *vs);
    {
        size_t n_mv = wo_json_array_size(trs) + 1;
        for (r = 0; r < wo_json_array_size(routes); r++)
            n_mv += wo_json_array_size(
                wo_json_object_get(wo_json_array_get(routes, r), "visits"));
        c.mv_routes = calloc(n_mv, sizeof *c.mv_routes);
        c.mv_trs = calloc(n_mv, sizeof *c.mv_trs);
    }
    c.fac_in = calloc((size_t)sc->n_facilities * (size_t)c.days *
                              WO_STREAM_COUNT + 1,
                      sizeof *c.fac_in);
    c.fac_out = calloc((size_t)sc->n_facilities * (size_t)c.days *
                               WO_STREAM_COUNT + 1,
                       sizeof *c.fac_out);
    if (!c.dem || !c.fac || !c.store || !vs || !c.mv_routes || !c.mv_trs ||
        !c.fac_in || !c.fac_out) {
        rc = fail(&c, "out of memory");
        goto done;
    }
    for (r = 0; rc == 0 && r < wo_json_array_size(routes); r++)
        rc = check_route(&c, wo_json_array_get(routes, r), (int)r, vs, &n_vs);
    for (r = 0; rc == 0 && r < wo_json_array_size(uns); r++) {
        const wo_json *u = wo_json_array_get(uns, r);
        wo_stream s;
        int site = wo_scenario_find_site(sc, str(u, "site")), day, d;
        day = (int)num(u, "day") - 1;
        if ((site < 0 && wo_scenario_find_facility(sc, str(u, "site")) >= 0) ||
            wo_json_is_true(wo_json_object_get(u, "onward")))
            continue; /* second echelon: already counted on the routes */
        if (site < 0 || wo_stream_parse(str(u, "stream"), &s) != WO_OK ||
            day < 0 || day >= c.days || !*str(u, "reason")) {
            rc = fail(&c, "unserved %d: bad site, stream, day or reason",
                      (int)r);
            break;
        }
        d = find_demand(&c, site, (int)s, c.day0 + day, num(u, "amount_kg"));
        if (d < 0) {
            rc = fail(&c, "unserved %d: %s has no %s demand on day %d",
                      (int)r, str(u, "site"), str(u, "stream"), day + 1);
            break;
        }
        c.dem[(size_t)d * (size_t)c.days + (size_t)day] += num(u, "amount_kg");
    }
    /* spoil and slurry move in truckloads from the site (earthwork
     * balance, tanker trips) */
    for (r = 0; rc == 0 && r < wo_json_array_size(trs); r++) {
        const wo_json *t = wo_json_array_get(trs, r);
        int site = wo_scenario_find_site(sc, str(t, "from")), day, d;
        wo_stream ts;
        if (wo_stream_parse(str(t, "stream"), &ts) != WO_OK ||
            (ts != WO_STREAM_CD_SPOIL && ts != WO_STREAM_CD_SLURRY) ||
            site < 0)
            continue;
        day = (int)num(t, "day") - 1;
        if (day < 0 || day >= c.days ||
            (d = find_demand(&c, site, (int)ts, c.day0 + day, -1)) < 0) {
            rc = fail(&c, "transfer %d: %s has no %s on day %d", (int)r,
                      str(t, "from"), str(t, "stream"), day + 1);
            break;
        }
        if (wo_scenario_find_facility(sc, str(t, "to")) < 0 &&
            wo_scenario_find_site(sc, str(t, "to")) < 0) {
            rc = fail(&c, "transfer %d: unknown destination '%s'", (int)r,
                      str(t, "to"));
            break;
        }
        if (num(t, "trips") * truck_max_t(sc, ts) + 1e-6 < num(t, "tonnes")) {
            rc = fail(&c, "transfer %d: %.3f t in %d trips of at most %.1f t",
                      (int)r, num(t, "tonnes"), (int)num(t, "trips"),
                      truck_max_t(sc, ts));
            break;
        }
        c.dem[(size_t)d * (size_t)c.days + (size_t)day] +=
            1000.0 * num(t, "tonnes");
    }
    rc = rc ? rc : check_full_loads(&c, trs);
    for (i = 0; rc == 0 && i < sc->n_demands; i++)
        rc = check_demand(&c, i);
    for (f = 0; rc == 0 && f < sc->n_facilities; f++) {
        const wo_facility *fa = &sc->facilities[f];
        double cap = 0;
        int p, day;
        for (p = fa->process_first; p < fa->process_first + fa->process_count;
             p++)
            cap += sc->processes[p].capacity_kg_per_d;
        for (day = 0; day < c.days; day++)
            if (c.fac[(size_t)f * (size_t)c.days + (size_t)day] >
                cap * (1 + 1e-9) + EPS_KG) {
                rc = fail(&c, "%s day %d: %.1f kg unloaded, capacity %.1f kg",
                          fa->id, day + 1,
                          c.fac[(size_t)f * (size_t)c.days + (size_t)day], cap);
                break;
            }
    }
    for (i = 0; rc == 0 && i < sc->n_sites; i++) {
        int day;
        for (day = 0; day < c.days; day++)
            if (c.store[(size_t)i * (size_t)c.days + (size_t)day] >
                sc->sites[i].storage_capacity_kg + EPS_KG) {
                rc = fail(&c, "%s day %d: %.1f kg left for storage, which "
                          "holds %.1f kg", sc->sites[i].id, day + 1,
                          c.store[(size_t)i * (size_t)c.days + (size_t)day],
                          sc->sites[i].storage_capacity_kg);
                break;
            }
    }
    if (rc == 0 && (int)num(sum, "routes") != (int)wo_json_array_size(routes))
        rc = fail(&c, "summary.routes %d, %d routes listed",
                  (int)num(sum, "routes"), (int)wo_json_array_size(routes));
    if (rc == 0 && (int)num(sum, "vehicles_used") != n_vs)
        rc = fail(&c, "summary.vehicles_used %d, %d vehicles listed",
                  (int)num(sum, "vehicles_used"), n_vs);
done:
    free(c.dem);
    free(c.fac);
    free(c.store);
    free(c.fac_in);
    free(c.fac_out);
    free(c.mv_routes);
    free(c.mv_trs);
    free(vs);
    return rc;
}

int ts_plan_check_file(const wo_scenario *sc, const char *path, char *msg,
                       size_t msg_size)
{
    wo_json_error je;
    wo_json *doc = wo_json_load_file(path, 0, &je);
    int rc;
    if (!doc) {
        snprintf(msg, msg_size, "%s:%d: %s", path, je.line, je.text);
        return -1;
    }
    rc = ts_plan_check(sc, doc, msg, msg_size);
    wo_json_decref(doc);
    return rc;
}
