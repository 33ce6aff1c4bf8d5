/*
 * earthwork.c — the spoil of a day (土方平衡): surplus at construction
 * sites goes in whole truckloads to sites that need fill first, then to
 * spoil facilities, by the earthwork MIP of solver/flow/earthwork.h; the
 * loads are carried on the spoil trucks of the scenario (haul.c), and what
 * they cannot carry within their shifts stays unserved ("fleet_capacity").
 */
#include "solver/plan/internal.h"

#include "solver/flow/earthwork.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define EW_UNPLACED_PRICE 1e6   /* price of unplaced spoil in the earthwork
                                   MIP's cost stage (solver/flow)           */

/* The movement of spoil from demand row `from` to the fill site of demand
 * row `fill_dem` (reuse) or to facility `dump_fac`. */
static void spoil_haul(const wo_scenario *sc, int from, int reuse,
                       int fill_dem, int dump_fac, plan_haul *h)
{
    memset(h, 0, sizeof *h);
    h->stream = WO_STREAM_CD_SPOIL;
    h->role = WO_ROLE_HAUL;
    h->from_facility = -1;
    h->from_site = sc->demands[from].site;
    h->from_demand = from;
    h->to_facility = reuse ? -1 : dump_fac;
    h->to_site = reuse ? sc->demands[fill_dem].site : -1;
    h->load_s = sc->demands[from].service_s;
    h->unload_s = reuse ? sc->demands[fill_dem].service_s
                        : sc->facilities[dump_fac].unload_s;
}

/* Spoil of one day (土方平衡): surplus at construction sites goes in whole
 * truckloads to sites that need fill first, then to disposal (spoil)
 * facilities, by the earthwork MIP of solver/flow/earthwork.h; the loads
 * go on the vehicles of fl, the longest movements first; recorded as
 * transfers from the site, what finds no place or no vehicle as
 * unserved. */
int plan_earthwork_day(plan_asm *a, const plan_run *r, int day,
                       plan_fleet *fl)
{
    const wo_scenario *sc = r->sc;
    wo_plan *p = a->p;
    const int s = WO_STREAM_CD_SPOIL;
    wo_earthwork_problem ep;
    wo_earthwork_result er;
    double truck_kg, per_km, *surplus = NULL, *need = NULL, *cap = NULL,
                              *fee = NULL, *dr = NULL, *dd = NULL;
    int *src = NULL, *fill = NULL, *dump = NULL, *proc = NULL;
    int n_src = 0, n_fill = 0, n_dump = 0, i, k, rc = WO_OK, every, mrc,
        n_veh, n_arcs = 0;
    plan_move *arcs = NULL;
    char name[64], lp_path[4096], mps_path[4096];
    size_t nd = (size_t)sc->n_demands + 1, nf = (size_t)sc->n_facilities + 1;
    char date[11];
    int month;
    memset(&er, 0, sizeof er);
    wo_calendar_format(r->day0 + day, date, &month);
    src = wo_malloc(nd * sizeof *src);
    fill = wo_malloc(nd * sizeof *fill);
    surplus = wo_malloc(nd * sizeof *surplus);
    need = wo_malloc(nd * sizeof *need);
    dump = wo_malloc(nf * sizeof *dump);
    proc = wo_malloc(nf * sizeof *proc);
    cap = wo_malloc(nf * sizeof *cap);
    fee = wo_malloc(nf * sizeof *fee);
    if (!src || !fill || !surplus || !need || !dump || !proc || !cap || !fee)
        goto oom;
    for (i = 0; i < sc->n_demands; i++) {
        const wo_demand *d = &sc->demands[i];
        if (d->stream != s)
            continue;
        if (wo_calendar_demand_due(sc, d, r->day0 + day, &every)) {
            src[n_src] = i;
            surplus[n_src++] = d->kg_per_day * every / 1000.0;
        }
        if (d->need_kg_per_day > 0 && (d->months & (1u << (month - 1)))) {
            fill[n_fill] = i;
            need[n_fill++] = d->need_kg_per_day / 1000.0;
        }
    }
    if (n_src == 0)
        goto done;
    plan_fleet_largest(fl, s, WO_ROLE_HAUL, &truck_kg, &per_km, &n_veh);
    if (n_veh == 0) {
        for (i = 0; rc == WO_OK && i < n_src; i++)
            rc = plan_add_unserved(a, sc, src[i], day, surplus[i] * 1000.0,
                                   NULL, (wo_stream)s, "no_vehicle");
        goto done;
    }
    for (k = 0; k < sc->n_facilities; k++) {
        int pk;
        if (!plan_facility_usable(&sc->facilities[k]) ||
            (pk = plan_process_for(sc, k, s)) < 0 ||
            plan_is_intermediate(sc, pk))
            continue;
        dump[n_dump] = k;
        proc[n_dump] = pk;
        cap[n_dump] = sc->processes[pk].capacity_kg_per_d / 1000.0;
        fee[n_dump++] = sc->processes[pk].cost_cny_per_t;
    }
    dr = wo_malloc(((size_t)n_src * (size_t)n_fill + 1) * sizeof *dr);
    dd = wo_malloc(((size_t)n_src * (size_t)n_dump + 1) * sizeof *dd);
    if (!dr || !dd)
        goto oom;
    /* Movements no truck can make within its shift, even alone, are not
     * offered to the MIP; a site with none left is unserved ("shift"). */
    for (i = 0; i < n_src; i++) {
        const wo_point *a_pos = &sc->sites[sc->demands[src[i]].site].pos;
        int reach = 0;
        plan_haul h;
        for (k = 0; k < n_fill; k++) {
            const wo_point *b = &sc->sites[sc->demands[fill[k]].site].pos;
            double *d = &dr[(size_t)i * (size_t)n_fill + (size_t)k];
            spoil_haul(sc, src[i], 1, fill[k], -1, &h);
            *d = sc->demands[fill[k]].site == sc->demands[src[i]].site ||
                         !plan_fleet_reaches(fl, &h)
                     ? -1.0
                     : plan_estimated_road_m(sc, a_pos, b) / 1000.0;
            reach |= *d >= 0;
        }
        for (k = 0; k < n_dump; k++) {
            const wo_point *b = &sc->facilities[dump[k]].pos;
            double *d = &dd[(size_t)i * (size_t)n_dump + (size_t)k];
            spoil_haul(sc, src[i], 0, -1, dump[k], &h);
            *d = plan_fleet_reaches(fl, &h)
                     ? plan_estimated_road_m(sc, a_pos, b) / 1000.0
                     : -1.0;
            reach |= *d >= 0;
        }
        if (!reach && (n_fill > 0 || n_dump > 0) && surplus[i] > 0) {
            char why[300];
            snprintf(why, sizeof why,
                     "no vehicle with role collection or haul carrying "
                     "cd_spoil can take a load from %s to any fill site or "
                     "spoil facility and return within its shift",
                     sc->sites[sc->demands[src[i]].site].id);
            if ((rc = plan_haul_unserved(a, sc, src[i], day,
                                         surplus[i] * 1000.0, NULL,
                                         (wo_stream)s, "shift", why)) !=
                WO_OK)
                goto done;
            surplus[i] = 0;
        }
    }
    wo_earthwork_problem_init(&ep);
    ep.nsurplus = n_src;
    ep.nneed = n_fill;
    ep.ndump = n_dump;
    ep.surplus_t = surplus;
    ep.need_t = need;
    ep.dump_cap_t = cap;
    ep.dump_fee_per_t = fee;
    ep.dist_reuse_km = dr;
    ep.dist_dump_km = dd;
    ep.truck_t = truck_kg / 1000.0;
    ep.cost_per_km = per_km;
    wo_plan_budget_next_mip(a->end, a->mip_limit_s,
                            a->prm->max_iterations > 0, &ep.time_limit_s,
                            &ep.node_limit);
    snprintf(name, sizeof name, "earthwork_d%d", day + 1);
    plan_model_paths(a->prm, name, lp_path, mps_path, sizeof lp_path,
                     &ep.write_lp, &ep.write_mps);
    mrc = wo_earthwork_solve(&ep, &er, NULL);
    /* the cost stage's objective: trips and fees, unplaced spoil at the
     * price its row carries there */
    if ((ep.write_lp || ep.write_mps) &&
        (rc = plan_add_model(a, name, "earthwork", day, s, mrc, er.status,
                             er.cost + EW_UNPLACED_PRICE * er.unplaced_t)) !=
            WO_OK)
        goto done;
    if (mrc != WO_OK || !er.reuse_t) {
        for (i = 0; rc == WO_OK && i < n_src; i++)
            rc = plan_add_unserved(a, sc, src[i], day, surplus[i] * 1000.0,
                                   NULL, (wo_stream)s, "capacity");
        goto done;
    }
    arcs = wo_malloc(((size_t)n_src * (size_t)(n_fill + n_dump) + 1) *
                     sizeof *arcs);
    if (!arcs)
        goto oom;
    for (i = 0; i < n_src; i++) {
        double unplaced = fmax(er.unplaced_site_t[i], 0.0), total, scale;
        /* The MIP's tonnes carry solver rounding (a slack of -2e-8 t):
         * scale them so that a site's shipments and its unplaced rest add
         * up to its surplus exactly. */
        total = unplaced;
        for (k = 0; k < n_fill; k++)
            total += fmax(er.reuse_t[(size_t)i * (size_t)n_fill + (size_t)k],
                          0.0);
        for (k = 0; k < n_dump; k++)
            total += fmax(er.dump_t[(size_t)i * (size_t)n_dump + (size_t)k],
                          0.0);
        scale = total > 0 ? surplus[i] / total : 1.0;
        for (k = 0; k < n_fill + n_dump; k++) {
            int reuse = k < n_fill, kk = reuse ? k : k - n_fill;
            size_t at = (size_t)i * (size_t)(reuse ? n_fill : n_dump) +
                        (size_t)kk;
            double q = scale * (reuse ? er.reuse_t[at] : er.dump_t[at]);
            if (q <= 1e-9)
                continue;
            arcs[n_arcs].from = i;
            arcs[n_arcs].to = k;
            arcs[n_arcs].t = q;
            arcs[n_arcs].dist_km = (reuse ? dr : dd)[at];
            n_arcs++;
        }
        if (unplaced > 1e-9 &&
            (rc = plan_add_unserved(a, sc, src[i], day,
                                    scale * unplaced * 1000.0, NULL,
                                    (wo_stream)s, "capacity")) != WO_OK)
            goto done;
    }
    plan_moves_sort(arcs, n_arcs);
    for (k = 0; rc == WO_OK && k < n_arcs; k++) {
        const plan_move *e = &arcs[k];
        const wo_demand *dm = &sc->demands[src[e->from]];
        const wo_site *from = &sc->sites[dm->site];
        int reuse = e->to < n_fill, kk = reuse ? e->to : e->to - n_fill;
        double q, moved_kg;
        int trips;
        char detail[400];
        const char *why;
        plan_haul h;
        const wo_point *to;
        wo_plan_transfer *tr;
        spoil_haul(sc, src[e->from], reuse, reuse ? fill[kk] : -1,
                   reuse ? -1 : dump[kk], &h);
        if ((rc = plan_haul_carry(a, fl, &h, e->t * 1000.0, &moved_kg, &trips,
                                  &why, detail, sizeof detail)) != WO_OK)
            goto done;
        if (e->t * 1000.0 - moved_kg > 1e-6 &&
            (rc = plan_haul_unserved(a, sc, src[e->from], day,
                                     e->t * 1000.0 - moved_kg, NULL,
                                     (wo_stream)s, why, detail)) != WO_OK)
            goto done;
        if (moved_kg <= 1e-6)
            continue;
        q = moved_kg / 1000.0;
        to = reuse ? &sc->sites[h.to_site].pos : &sc->facilities[dump[kk]].pos;
        if (WO_RESERVE(p->transfers, a->cap_transfers,
                       (size_t)p->n_transfers + 1) != WO_OK)
            goto oom;
        tr = &p->transfers[p->n_transfers++];
        tr->from = plan_str(p, from->id);
        tr->to = plan_str(p, reuse ? sc->sites[h.to_site].id
                                   : sc->facilities[dump[kk]].id);
        if (!tr->from || !tr->to)
            goto oom;
        tr->from_facility = -1;
        tr->to_facility = reuse ? -1 : dump[kk];
        tr->from_lon_deg = from->pos.lon_deg;
        tr->from_lat_deg = from->pos.lat_deg;
        tr->to_lon_deg = to->lon_deg;
        tr->to_lat_deg = to->lat_deg;
        tr->stream = (wo_stream)s;
        tr->day = day;
        tr->trips = trips;
        tr->tonnes = q;
        tr->dist_m = 1000.0 * e->dist_km;
        tr->cost_cny = trips * 2 * tr->dist_m / 1000.0 * per_km +
                       (reuse ? 0 : q * fee[kk]);
        p->summary.served_kg[s] += moved_kg;
        p->summary
            .treated_kg[s][reuse ? WO_TREAT_BACKFILL
                                 : sc->processes[proc[kk]].treatment] +=
            moved_kg;
        /* the routes count the trips; the fees are counted here */
        p->summary.cost_cny += reuse ? 0 : q * fee[kk];
    }
    goto done;
oom:
    rc = WO_ENOMEM;
done:
    wo_earthwork_result_free(&er);
    wo_free(src);
    wo_free(fill);
    wo_free(surplus);
    wo_free(need);
    wo_free(dump);
    wo_free(proc);
    wo_free(cap);
    wo_free(fee);
    wo_free(dr);
    wo_free(dd);
    wo_free(arcs);
    return rc;
}
