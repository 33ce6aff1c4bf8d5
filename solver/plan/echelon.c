/*
 * echelon.c — the second echelon of a day: what transfer and storage
 * processes and the medical storage nodes received, and the slurry of the
 * day, goes on in truckloads to the facilities that treat it, by the
 * transfer MIP of solver/flow/transfer.h (the nearest plant with room
 * first when the MIP finds no solution); then the residues the plants
 * yield from what they took (ash, sludge, rejects, digestate) go the same
 * way to their sinks. The loads are carried on the scenario's vehicles
 * (haul.c): transfer-role types from the stations, the slurry tankers
 * from the sites, haul-role types from the plants; what they cannot carry
 * stays unserved ("fleet_capacity", "shift", "no_vehicle").
 */
#include "solver/plan/internal.h"

#include "geo/graph.h"
#include "solver/flow/transfer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Treatment of stream s at facility f: the first process accepting it
 * (-1: none). */
int plan_process_for(const wo_scenario *sc, int f, int s)
{
    const wo_facility *fa = &sc->facilities[f];
    int p;
    for (p = fa->process_first; p < fa->process_first + fa->process_count; p++)
        if (sc->processes[p].streams & WO_STREAM_BIT(s))
            return p;
    return -1;
}

int plan_is_intermediate(const wo_scenario *sc, int proc)
{
    const wo_treatment_info *ti =
        wo_treatment_get(sc->processes[proc].treatment);
    return ti && ti->intermediate;
}

/* A place where waste waits for the second echelon: a facility with a
 * transfer or storage process, or a medical storage-node site. */
typedef struct station {
    int facility;              /* facility index, -1: a site          */
    int site;                  /* site index when facility < 0        */
    int demand;                /* demand row (slurry at a site), -1   */
    double load_kg;            /* received today                      */
    double load_s;             /* time to load one vehicle there      */
} station;

/* Fill st: facility `facility` or else site `site` (its demand row
 * `demand`, -1: none) with kg to send on, load_s to load a vehicle. */
static void set_station(station *st, int facility, int site, int demand,
                        double kg, double load_s)
{
    st->facility = facility;
    st->site = site;
    st->demand = demand;
    st->load_kg = kg;
    st->load_s = load_s;
}

/* Rounds of residues at most: a residue feeding a plant that yields
 * residues again (sludge burnt, its ash) takes a round more; yields that
 * feed each other in a cycle stop after this many. */
#define RESIDUE_ROUNDS 8

/* The vehicles that carry stream s onward: slurry in tankers from the
 * sites and residues from the plants on haul types (haul.c keeps residues
 * to role haul), everything else on transfer-role types. */
static wo_vehicle_role onward_role(int s)
{
    return s == WO_STREAM_CD_SLURRY || s >= WO_STREAM_PRIMARY_COUNT
               ? WO_ROLE_HAUL
               : WO_ROLE_TRANSFER;
}

static const wo_point *station_pos(const wo_scenario *sc, const station *st)
{
    return st->facility >= 0 ? &sc->facilities[st->facility].pos
                             : &sc->sites[st->site].pos;
}

static const char *station_id(const wo_scenario *sc, const station *st)
{
    return st->facility >= 0 ? sc->facilities[st->facility].id
                             : sc->sites[st->site].id;
}

/* Waste a station could not send on, for `reason` (detail: its sentence,
 * "" for the reason's own). */
static int leave_unsent(plan_asm *a, const wo_scenario *sc, int day,
                        const station *st, int s, double kg,
                        const char *reason, const char *detail)
{
    a->p->summary.served_kg[s] -= kg;
    return plan_haul_unserved(a, sc, st->demand, day, kg,
                              st->demand >= 0 ? NULL : station_id(sc, st),
                              (wo_stream)s, reason, detail);
}

/* The movement of stream s from station st to facility g. */
static void station_haul(const wo_scenario *sc, const station *st, int s,
                         int g, plan_haul *h)
{
    memset(h, 0, sizeof *h);
    h->stream = (wo_stream)s;
    h->role = onward_role(s);
    h->from_facility = st->facility;
    h->from_site = st->site;
    h->from_demand = st->demand;
    h->to_facility = g;
    h->to_site = -1;
    h->load_s = st->load_s;
    h->unload_s = sc->facilities[g].unload_s;
}

/* Carry `kg` of stream s from station st to facility g (process proc) on
 * the vehicles of fl and record what they carry as a transfer; the rest
 * stays at the station, unserved. */
static int add_transfer(plan_asm *a, const wo_scenario *sc, int day,
                        const station *st, int g, int proc, int s, double kg,
                        double per_km, double *used, plan_fleet *fl)
{
    wo_plan *p = a->p;
    const wo_point *from = station_pos(sc, st);
    wo_plan_transfer *tr;
    plan_haul h;
    char detail[400];
    const char *why;
    double moved;
    int trips, rc;
    station_haul(sc, st, s, g, &h);
    rc = plan_haul_carry(a, fl, &h, kg, &moved, &trips, &why, detail,
                         sizeof detail);
    if (rc == WO_OK && kg - moved > 1e-6)
        rc = leave_unsent(a, sc, day, st, s, kg - moved, why, detail);
    if (rc != WO_OK || moved <= 1e-6)
        return rc;
    kg = moved;
    if (WO_RESERVE(p->transfers, a->cap_transfers,
                   (size_t)p->n_transfers + 1) != WO_OK)
        return WO_ENOMEM;
    tr = &p->transfers[p->n_transfers++];
    tr->from = plan_str(p, station_id(sc, st));
    tr->to = plan_str(p, sc->facilities[g].id);
    if (!tr->from || !tr->to)
        return WO_ENOMEM;
    tr->from_facility = st->facility;
    tr->to_facility = g;
    tr->from_lon_deg = from->lon_deg;
    tr->from_lat_deg = from->lat_deg;
    tr->to_lon_deg = sc->facilities[g].pos.lon_deg;
    tr->to_lat_deg = sc->facilities[g].pos.lat_deg;
    tr->stream = (wo_stream)s;
    tr->day = day;
    tr->trips = trips;
    tr->tonnes = kg / 1000.0;
    tr->dist_m = plan_estimated_road_m(sc, from, &sc->facilities[g].pos);
    tr->cost_cny = tr->trips * 2 * tr->dist_m / 1000.0 * per_km;
    /* the routes carrying the trips count their cost and distance */
    used[proc] += kg;
    p->summary.transferred_kg[s] += kg;
    p->summary.treated_kg[s][sc->processes[proc].treatment] += kg;
    return WO_OK;
}

/* Plants for stream s: usable facilities treating it (not passing it on)
 * with room left; proc[] receives their process. Returns how many. */
static int plants_for(const wo_scenario *sc, int s, const double *used,
                      int *fac, int *proc)
{
    int g, n = 0;
    for (g = 0; g < sc->n_facilities; g++) {
        int pg;
        if (!plan_facility_usable(&sc->facilities[g]) ||
            (pg = plan_process_for(sc, g, s)) < 0 ||
            plan_is_intermediate(sc, pg) ||
            sc->processes[pg].capacity_kg_per_d - used[pg] <= 1e-6)
            continue;
        fac[n] = g;
        proc[n] = pg;
        n++;
    }
    return n;
}

/* Greedy fallback: the nearest plant with room first, a plant the city's
 * enforced rules keep the stream out of only when no other has room (and
 * then named, as the MIP's emergencies are). */
static int send_greedy(plan_asm *a, const wo_scenario *sc, int day,
                       const station *st, int s, double *used,
                       double per_km, plan_fleet *fl)
{
    double left = st->load_kg;
    int *fac = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *fac);
    int *proc = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *proc);
    int rc = WO_OK;
    if (!fac || !proc) {
        rc = WO_ENOMEM;
        goto done;
    }
    while (left > 1e-6 && rc == WO_OK) {
        const wo_point *from = station_pos(sc, st);
        int k, n = plants_for(sc, s, used, fac, proc), best = -1, pass;
        double best_d = HUGE_VAL, moved;
        /* pass 0: the plants the rules allow; pass 1: any (emergency) */
        for (pass = 0; pass < 2 && best < 0; pass++) {
            for (k = 0; k < n; k++) {
                double d;
                if (fac[k] == st->facility ||
                    (pass == 0 && plan_rules_enforced(sc, proc[k], s)))
                    continue;
                d = wo_haversine_m(from->lon_deg, from->lat_deg,
                                   sc->facilities[fac[k]].pos.lon_deg,
                                   sc->facilities[fac[k]].pos.lat_deg);
                if (d < best_d) {
                    best_d = d;
                    best = k;
                }
            }
        }
        if (best < 0) {
            rc = leave_unsent(a, sc, day, st, s, left, "treatment_capacity",
                              "");
            break;
        }
        moved = fmin(left, sc->processes[proc[best]].capacity_kg_per_d -
                               used[proc[best]]);
        rc = add_transfer(a, sc, day, st, fac[best], proc[best], s, moved,
                          per_km, used, fl);
        if (rc == WO_OK)
            rc = plan_rules_fallback(a, sc, day, fac[best], proc[best], s,
                                     moved);
        left -= moved;
    }
done:
    wo_free(fac);
    wo_free(proc);
    return rc;
}

/* Send what the stations received of stream s on to the plants by the
 * truckload transfer MIP (solver/flow/transfer.h): fewest trip plus
 * processing costs less revenue, plant intakes respected, the city's rules
 * obeyed (rules.c: the plants a rule keeps the stream out of only as a
 * priced emergency, the incineration share of residual waste; what binds
 * is recorded by name); the greedy rule when the MIP finds nothing. */
static int send_on(plan_asm *a, const wo_scenario *sc, int day,
                   const station *sts, int n_st, int s, double *used,
                   plan_fleet *fl)
{
    wo_transfer_problem tp;
    wo_transfer_result tr;
    double trailer_kg, per_km;
    plan_move *arcs = NULL;
    int n_arcs = 0, n_veh;
    double *load = NULL, *intake = NULL, *dist = NULL, *pcost = NULL;
    unsigned char *incin = NULL, *restr = NULL;
    const char **pid = NULL;
    int *fac = NULL, *proc = NULL, n_pl, i, k, rc = WO_OK, mrc;
    char name[64], lp_path[4096], mps_path[4096];
    memset(&tr, 0, sizeof tr);
    fac = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *fac);
    proc = wo_malloc(((size_t)sc->n_facilities + 1) * sizeof *proc);
    if (!fac || !proc) {
        rc = WO_ENOMEM;
        goto done;
    }
    n_pl = plants_for(sc, s, used, fac, proc);
    if (n_pl == 0) {
        for (i = 0; rc == WO_OK && i < n_st; i++)
            rc = leave_unsent(a, sc, day, &sts[i], s, sts[i].load_kg,
                              "treatment_capacity", "");
        goto done;
    }
    plan_fleet_largest(fl, s, onward_role(s), &trailer_kg, &per_km, &n_veh);
    if (n_veh == 0) {
        char why[300];
        snprintf(why, sizeof why,
                 "no vehicle of a type with role %s carries %s onward "
                 "(vehicle_types.csv: role, streams, count)",
                 wo_vehicle_role_name(onward_role(s)),
                 wo_stream_get(s) ? wo_stream_get(s)->code : "?");
        for (i = 0; rc == WO_OK && i < n_st; i++)
            rc = leave_unsent(a, sc, day, &sts[i], s, sts[i].load_kg,
                              "no_vehicle", why);
        goto done;
    }
    load = wo_malloc((size_t)n_st * sizeof *load);
    intake = wo_malloc((size_t)n_pl * sizeof *intake);
    dist = wo_malloc((size_t)n_st * (size_t)n_pl * sizeof *dist);
    pcost = wo_malloc((size_t)n_pl * sizeof *pcost);
    incin = wo_malloc((size_t)n_pl * sizeof *incin);
    pid = wo_malloc((size_t)n_pl * sizeof *pid);
    restr = wo_malloc((size_t)n_pl);
    if (!load || !intake || !dist || !pcost || !incin || !pid || !restr) {
        rc = WO_ENOMEM;
        goto done;
    }
    /* Movements no vehicle can make within its shift, even alone, are not
     * offered to the MIP; a station with none left keeps its load
     * ("shift"). */
    for (i = 0; rc == WO_OK && i < n_st; i++) {
        const wo_point *from = station_pos(sc, &sts[i]);
        int reach = 0;
        load[i] = sts[i].load_kg / 1000.0;
        for (k = 0; k < n_pl; k++) {
            double *d = &dist[(size_t)i * (size_t)n_pl + (size_t)k];
            plan_haul h;
            station_haul(sc, &sts[i], s, fac[k], &h);
            *d = fac[k] == sts[i].facility || !plan_fleet_reaches(fl, &h)
                     ? -1.0
                     : plan_estimated_road_m(sc, from,
                                             &sc->facilities[fac[k]].pos) /
                           1000.0;
            reach |= *d >= 0;
        }
        if (!reach) {
            char why[300];
            snprintf(why, sizeof why,
                     "no vehicle with role %s carrying %s can take a load "
                     "from %s to any plant treating it and return within "
                     "its shift",
                     wo_vehicle_role_name(onward_role(s)),
                     wo_stream_get(s) ? wo_stream_get(s)->code : "?",
                     station_id(sc, &sts[i]));
            rc = leave_unsent(a, sc, day, &sts[i], s, sts[i].load_kg, "shift",
                              why);
            load[i] = 0;
        }
    }
    if (rc != WO_OK)
        goto done;
    for (k = 0; k < n_pl; k++) {
        const wo_process *pr = &sc->processes[proc[k]];
        const wo_treatment_info *ti = wo_treatment_get(pr->treatment);
        intake[k] = (pr->capacity_kg_per_d - used[proc[k]]) / 1000.0;
        pcost[k] = pr->cost_cny_per_t - pr->revenue_cny_per_t;
        incin[k] = ti && ti->incineration;
        pid[k] = sc->facilities[fac[k]].id;
    }
    wo_transfer_problem_init(&tp);
    tp.nstations = n_st;
    tp.nplants = n_pl;
    tp.load_t = load;
    tp.intake_t = intake;
    tp.dist_km = dist;
    tp.trailer_t = trailer_kg / 1000.0;
    tp.cost_per_km = per_km;
    wo_plan_budget_next_mip(a->end, a->mip_limit_s,
                            a->prm->max_iterations > 0, &tp.time_limit_s,
                            &tp.node_limit);
    tp.proc_cost_per_t = pcost;
    tp.incinerates = incin;
    plan_rules_transfer(sc, s, proc, n_pl, restr, &tp);
    tp.stream = wo_stream_get(s) ? wo_stream_get(s)->code : NULL;
    tp.plant_id = pid;
    snprintf(name, sizeof name, "transfer_d%d_%s", day + 1,
             wo_stream_get(s) ? wo_stream_get(s)->code : "stream");
    plan_model_paths(a->prm, name, lp_path, mps_path, sizeof lp_path,
                     &tp.write_lp, &tp.write_mps);
    mrc = wo_transfer_solve(&tp, &tr, NULL);
    if ((tp.write_lp || tp.write_mps) &&
        (rc = plan_add_model(a, name, "transfer", day, s, mrc, tr.status,
                             tr.obj)) != WO_OK)
        goto done;
    if (mrc != WO_OK || !tr.q_t) {
        for (i = 0; rc == WO_OK && i < n_st; i++)
            if (load[i] > 0) /* not already left for "shift" */
                rc = send_greedy(a, sc, day, &sts[i], s, used, per_km, fl);
        goto done;
    }
    /* the MIP's arcs onto the vehicles, the longest first */
    arcs = wo_malloc(((size_t)n_st * (size_t)n_pl + 1) * sizeof *arcs);
    if (!arcs) {
        rc = WO_ENOMEM;
        goto done;
    }
    for (i = 0; i < n_st; i++)
        for (k = 0; k < n_pl; k++) {
            size_t at = (size_t)i * (size_t)n_pl + (size_t)k;
            if (tr.q_t[at] <= 1e-9)
                continue;
            arcs[n_arcs].from = i;
            arcs[n_arcs].to = k;
            arcs[n_arcs].t = tr.q_t[at];
            arcs[n_arcs].dist_km = dist[at];
            n_arcs++;
        }
    plan_moves_sort(arcs, n_arcs);
    for (k = 0; rc == WO_OK && k < n_arcs; k++) {
        size_t at = (size_t)arcs[k].from * (size_t)n_pl + (size_t)arcs[k].to;
        rc = add_transfer(a, sc, day, &sts[arcs[k].from], fac[arcs[k].to],
                          proc[arcs[k].to], s, tr.q_t[at] * 1000.0, per_km,
                          used, fl);
    }
    for (i = 0; rc == WO_OK && i < n_st; i++)
        if (tr.unshipped_t[i] > 1e-9)
            rc = leave_unsent(a, sc, day, &sts[i], s,
                              tr.unshipped_t[i] * 1000.0,
                              "treatment_capacity", "");
    for (i = 0; rc == WO_OK && i < tr.nviol; i++)
        rc = plan_add_binding(a, day, tr.viol[i].text);
done:
    wo_free(restr);
    wo_free(arcs);
    wo_free(pcost);
    wo_free(incin);
    wo_free(pid);
    wo_transfer_result_free(&tr);
    wo_free(load);
    wo_free(intake);
    wo_free(dist);
    wo_free(fac);
    wo_free(proc);
    return rc;
}

/* Slurry (cd_slurry) of one day: every site with slurry due is a station
 * whose tanker loads go straight to the dewatering plants (truckload trips
 * by the transfer MIP, no routes); appended to sts. What is due counts as
 * served until the MIP leaves some of it unshipped. */
static int slurry_stations(plan_asm *a, const plan_run *r, int day,
                           station *sts, int *n_st) {
    const wo_scenario *sc = r->sc;
    const int s = WO_STREAM_CD_SLURRY;
    int i, t, every, carried = 0, rc = WO_OK;
    for (t = 0; t < sc->n_vehicle_types; t++)
        carried |= wo_vehicle_loads_at_sites(&sc->vehicle_types[t], s);
    for (i = 0; rc == WO_OK && i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        double kg;
        if (d->stream != s ||
            !wo_calendar_demand_due(sc, d, r->day0 + day, &every))
            continue;
        kg = d->kg_per_day * every;
        if (!carried) {
            rc = plan_add_unserved(a, sc, i, day, kg, NULL, (wo_stream)s,
                                   "no_vehicle");
            continue;
        }
        set_station(&sts[(*n_st)++], -1, d->site, i, kg, d->service_s);
        a->p->summary.served_kg[s] += kg;
    }
    return rc;
}

/* 1 when residue stream s feeds a process that yields residues itself
 * (sludge or rejects burnt): its round goes before the others', so the
 * ash of what it feeds is counted in the same round. */
static int feeds_yield(const wo_scenario *sc, int s)
{
    int p;
    for (p = 0; p < sc->n_processes; p++)
        if ((sc->processes[p].streams & WO_STREAM_BIT(s)) &&
            sc->processes[p].n_residues > 0 && !plan_is_intermediate(sc, p) &&
            plan_facility_usable(&sc->facilities[sc->processes[p].facility]))
            return 1;
    return 0;
}

/* What facility f yields of residue stream s from what its processes
 * took (used[]) since based[] (per process and residue slot), which then
 * moves up to used[]. */
static double yield_since(const wo_scenario *sc, int f, int s,
                          const double *used, double *based)
{
    const wo_facility *fa = &sc->facilities[f];
    double kg = 0;
    int q, r;
    for (q = fa->process_first; q < fa->process_first + fa->process_count;
         q++)
        for (r = 0; r < sc->processes[q].n_residues; r++) {
            const wo_residue *res = &sc->processes[q].residues[r];
            double *b = &based[(size_t)q * WO_MAX_RESIDUES + (size_t)r];
            if ((int)res->stream != s)
                continue;
            kg += (used[q] - *b) * res->fraction;
            *b = used[q];
        }
    return kg;
}

/* The residues of one day: every plant whose processes yield residues is
 * a station of used[p] x fraction of each residue stream, sent on to the
 * processes that accept it by send_on (haul-role vehicles, the sinks'
 * intake left, fly ash only where fly_ash is accepted). The streams that
 * feed a yielding process go first; a round sends only the yield of what
 * the plants took since the previous one (based[]), and rounds repeat
 * until no plant yields more (at most RESIDUE_ROUNDS). What is yielded is
 * the stream's due and counts as served until send_on leaves some of it
 * at the plant. sts has room for one station per facility. */
static int send_residues(plan_asm *a, const wo_scenario *sc, int day,
                         double *used, station *sts, plan_fleet *fl)
{
    wo_plan *p = a->p;
    double *based = wo_calloc((size_t)sc->n_processes * WO_MAX_RESIDUES + 1,
                              sizeof *based);
    int order[WO_STREAM_COUNT], n_order = 0, pass, round, k, s, f;
    int rc = WO_OK, more = 1;
    if (!based)
        return WO_ENOMEM;
    for (pass = 0; pass < 2; pass++)
        for (s = WO_STREAM_PRIMARY_COUNT; s < WO_STREAM_COUNT; s++)
            if (feeds_yield(sc, s) == (pass == 0))
                order[n_order++] = s;
    for (round = 0; rc == WO_OK && more && round < RESIDUE_ROUNDS; round++) {
        more = 0;
        for (k = 0; rc == WO_OK && k < n_order; k++) {
            int n_st = 0;
            double kg_all = 0;
            s = order[k];
            for (f = 0; f < sc->n_facilities; f++) {
                double kg = yield_since(sc, f, s, used, based);
                if (kg <= 1e-6)
                    continue;
                set_station(&sts[n_st++], f, -1, -1, kg,
                            sc->facilities[f].unload_s);
                kg_all += kg;
            }
            if (n_st == 0)
                continue;
            more = 1;
            p->summary.due_kg[s] += kg_all;
            p->summary.served_kg[s] += kg_all;
            rc = send_on(a, sc, day, sts, n_st, s, used, fl);
        }
    }
    wo_free(based);
    return rc;
}

/* Second echelon of one day: what transfer and storage processes and the
 * medical storage nodes received goes on to treatment, then the residues
 * of the plants to their sinks (send_residues). */
int plan_second_echelon(plan_asm *a, const plan_run *r, int day,
                        int first_route, plan_fleet *fl)
{
    const wo_scenario *sc = r->sc;
    wo_plan *p = a->p;
    size_t nf = (size_t)sc->n_facilities;
    double *inflow = NULL, *used = NULL, *stored = NULL;
    station *sts = NULL;
    int q, v, f, s, rc = WO_OK;
    inflow = wo_calloc(nf * WO_STREAM_COUNT + 1, sizeof *inflow);
    used = wo_calloc((size_t)sc->n_processes + 1, sizeof *used);
    stored = wo_calloc((size_t)sc->n_sites + 1, sizeof *stored);
    if (!inflow || !used || !stored) {
        rc = WO_ENOMEM;
        goto done;
    }
    for (q = first_route; q < p->n_routes; q++) {
        const wo_plan_route *ro = &p->routes[q];
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            int proc, site;
            if (x->kind != WO_PLAN_UNLOAD)
                continue;
            if ((f = x->facility) < 0) { /* a medical storage node */
                if ((site = wo_scenario_find_site(sc, x->site)) >= 0)
                    stored[site] += x->amount_kg;
                continue;
            }
            if ((proc = plan_process_for(sc, f, (int)ro->stream)) < 0)
                continue;
            if (plan_is_intermediate(sc, proc)) {
                inflow[(size_t)f * WO_STREAM_COUNT + ro->stream] +=
                    x->amount_kg;
            } else {
                used[proc] += x->amount_kg;
                p->summary
                    .treated_kg[ro->stream][sc->processes[proc].treatment] +=
                    x->amount_kg;
            }
        }
    }
    if ((rc = plan_rules_routes(a, r, day, first_route)) != WO_OK)
        goto done;
    sts = wo_malloc(((size_t)sc->n_facilities + (size_t)sc->n_sites +
                     (size_t)sc->n_demands + 1) *
                    sizeof *sts);
    if (!sts) {
        rc = WO_ENOMEM;
        goto done;
    }
    for (s = 0; rc == WO_OK && s < WO_STREAM_COUNT; s++) {
        int n_st = 0, k;
        for (f = 0; f < sc->n_facilities; f++)
            if (inflow[(size_t)f * WO_STREAM_COUNT + (size_t)s] > 1e-6)
                set_station(&sts[n_st++], f, -1, -1,
                            inflow[(size_t)f * WO_STREAM_COUNT + (size_t)s],
                            sc->facilities[f].unload_s);
        if (s == WO_STREAM_MEDICAL)
            for (k = 0; k < sc->n_sites; k++)
                if (stored[k] > 1e-6)
                    set_station(&sts[n_st++], -1, k, -1, stored[k],
                                sc->sites[k].service_s);
        if (s == WO_STREAM_CD_SLURRY) {
            rc = slurry_stations(a, r, day, sts, &n_st);
            if (rc != WO_OK)
                break;
        }
        if (n_st > 0)
            rc = send_on(a, sc, day, sts, n_st, s, used, fl);
    }
    if (rc == WO_OK)
        rc = send_residues(a, sc, day, used, sts, fl);
done:
    wo_free(inflow);
    wo_free(used);
    wo_free(stored);
    wo_free(sts);
    return rc;
}
