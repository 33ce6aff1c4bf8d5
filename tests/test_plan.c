/* Unit tests of solver/plan/: dates and due days (data/calendar.h), routing
 * units and the problems built for them, the assembled plan (routes,
 * transfers, unserved with reasons), the medical horizon, earthwork
 * balance, cancellation and determinism. The routing core is replaced by a simple solver written
 * here (one stop per route), so these tests check the plan layer only. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/calendar.h"
#include "solver/plan/budget.h"
#include "solver/plan/plan.h"
#include "tests/support/one_stop.h"

/* ------------------------------------------------------------ the scenario */

/* A small town: one depot, a transfer station, an incinerator, a kitchen
 * plant, a medical disposal centre, a remote spoil site; collection points,
 * hospitals, two construction sites (one needing fill). */
typedef struct town {
    wo_scenario sc;
    wo_facility fac[8];
    wo_process proc[8];
    wo_depot depot[3];
    wo_vehicle_type vt[10];
    wo_district dist[2];
    wo_site site[10];
    wo_demand dem[16];
} town;

static void add_fac(town *t, const char *id, wo_facility_kind kind,
                    wo_treatment treat, wo_stream_mask streams, double cap_t,
                    double lon, double lat)
{
    int i = t->sc.n_facilities++;
    wo_facility *f = &t->fac[i];
    wo_process *p = &t->proc[i];
    f->id = (char *)id;
    f->name = (char *)id;
    f->kind = kind;
    f->status = WO_FSTATUS_OPERATING;
    f->district = -1;
    f->pos.lon_deg = lon;
    f->pos.lat_deg = lat;
    f->open_s = 0;
    f->close_s = 86400;
    f->unload_s = 600;
    f->process_first = i;
    f->process_count = 1;
    f->streams = streams;
    p->id = "main";
    p->facility = i;
    p->treatment = treat;
    p->streams = streams;
    p->capacity_kg_per_d = cap_t * 1000;
    t->sc.n_processes++;
}

static void add_type(town *t, const char *id, wo_stream_mask streams,
                     int count, double cap_kg)
{
    wo_vehicle_type *v = &t->vt[t->sc.n_vehicle_types++];
    v->id = (char *)id;
    v->name = (char *)id;
    v->streams = streams;
    v->count = count;
    v->start_depot = 0;
    v->end_depot = 0;
    v->capacity_kg = cap_kg;
    v->capacity_m3 = cap_kg / 100;
    v->speed_kmh = 30;
    v->speed_factor = 1;
    v->cost_cny_per_km = 5;
    v->cost_cny_per_h = 60;
    v->fixed_cost_cny = 300;
    v->shift_start_s = 5 * 3600;
    v->shift_end_s = 14 * 3600;
}

static int add_site(town *t, const char *id, wo_site_kind kind, double lon,
                    double lat)
{
    int i = t->sc.n_sites++;
    wo_site *s = &t->site[i];
    s->id = (char *)id;
    s->name = (char *)id;
    s->kind = kind;
    s->district = -1;
    s->pos.lon_deg = lon;
    s->pos.lat_deg = lat;
    s->service_s = 300;
    s->demand_first = t->sc.n_demands;
    return i;
}

static wo_demand *add_demand(town *t, int site, wo_stream s, double kg)
{
    wo_demand *d = &t->dem[t->sc.n_demands++];
    d->site = site;
    d->stream = s;
    d->kg_per_day = kg;
    d->m3_per_day = kg / 250;
    d->frequency_d = 1;
    d->service_s = 300;
    d->months = 0xfff;
    t->site[site].demand_count++;
    return d;
}

static town *make_town(void)
{
    town *t = calloc(1, sizeof *t);
    int s;
    wo_demand *d;
    t->sc.name = "town";
    t->sc.year = 2025;
    wo_strlcpy(t->sc.date, "2026-11-24", sizeof t->sc.date);
    t->sc.month = 11;
    t->sc.circuity_factor = 1.4;
    t->sc.days_per_year = 365;
    t->sc.plan.time_limit_s = 10;
    t->sc.plan.seed = 1;
    t->sc.plan.horizon_d = 1;
    t->sc.plan.threads = 1;
    t->sc.facilities = t->fac;
    t->sc.processes = t->proc;
    t->sc.depots = t->depot;
    t->sc.vehicle_types = t->vt;
    t->sc.sites = t->site;
    t->sc.demands = t->dem;
    t->depot[0].id = "D1";
    t->depot[0].name = "D1";
    t->depot[0].pos.lon_deg = 106.50;
    t->depot[0].pos.lat_deg = 29.55;
    t->sc.n_depots = 1;
    add_fac(t, "TS", WO_FAC_TRANSFER_STATION, WO_TREAT_TRANSFER,
            WO_STREAM_BIT(WO_STREAM_HH_OTHER), 100, 106.52, 29.56);
    add_fac(t, "INC", WO_FAC_INCINERATOR, WO_TREAT_INCINERATION,
            WO_STREAM_BIT(WO_STREAM_HH_OTHER), 5, 106.70, 29.70);
    add_fac(t, "KWP", WO_FAC_KITCHEN_WASTE_PLANT, WO_TREAT_DIGESTION,
            WO_STREAM_BIT(WO_STREAM_HH_KITCHEN), 100, 106.45, 29.60);
    add_fac(t, "MED", WO_FAC_MEDICAL_DISPOSAL, WO_TREAT_HARMLESS_DISPOSAL,
            WO_STREAM_BIT(WO_STREAM_MEDICAL), 10, 106.46, 29.65);
    add_fac(t, "SPOIL", WO_FAC_SPOIL_SITE, WO_TREAT_LANDFILL,
            WO_STREAM_BIT(WO_STREAM_CD_SPOIL), 1000, 106.90, 29.90);
    add_type(t, "compactor", WO_STREAM_BIT(WO_STREAM_HH_OTHER), 10, 8000);
    add_type(t, "tanker", WO_STREAM_BIT(WO_STREAM_HH_KITCHEN), 10, 5000);
    add_type(t, "medvan", WO_STREAM_BIT(WO_STREAM_MEDICAL), 4, 1000);
    add_type(t, "dumper", WO_STREAM_BIT(WO_STREAM_CD_SPOIL), 10, 20000);
    add_fac(t, "SLP", WO_FAC_SLURRY_PLANT, WO_TREAT_DEWATERING,
            WO_STREAM_BIT(WO_STREAM_CD_SLURRY), 500, 106.60, 29.60);
    add_type(t, "tanker15", WO_STREAM_BIT(WO_STREAM_CD_SLURRY), 2, 15000);
    /* the second echelon's own trucks: from TS, and from storage nodes */
    add_type(t, "hooklift", WO_STREAM_BIT(WO_STREAM_HH_OTHER), 2, 20000);
    t->vt[t->sc.n_vehicle_types - 1].role = WO_ROLE_TRANSFER;
    add_type(t, "medtruck", WO_STREAM_BIT(WO_STREAM_MEDICAL), 1, 2000);
    t->vt[t->sc.n_vehicle_types - 1].role = WO_ROLE_TRANSFER;
    for (s = 0; s < 4; s++) {
        static const char *ids[4] = {"C1", "C2", "C3", "C4"};
        int i = add_site(t, ids[s], WO_SITE_COLLECTION_POINT,
                         106.48 + 0.01 * s, 29.54 + 0.005 * s);
        add_demand(t, i, WO_STREAM_HH_OTHER, 3000);
        add_demand(t, i, WO_STREAM_HH_KITCHEN, 1000);
        if (s == 0)
            add_demand(t, i, WO_STREAM_HH_RECYCLABLE, 500); /* no vehicle */
    }
    s = add_site(t, "H1", WO_SITE_HOSPITAL, 106.47, 29.58);
    d = add_demand(t, s, WO_STREAM_MEDICAL, 200);
    d->storage_limit_d = 2;
    d->frequency_d = 2;
    s = add_site(t, "H2", WO_SITE_TOWNSHIP_HEALTH_CENTRE, 106.55, 29.52);
    d = add_demand(t, s, WO_STREAM_MEDICAL, 50);
    d->storage_limit_d = 2;
    d->frequency_d = 2;
    s = add_site(t, "K1", WO_SITE_CONSTRUCTION_SITE, 106.51, 29.55);
    add_demand(t, s, WO_STREAM_CD_SPOIL, 30000);
    add_demand(t, s, WO_STREAM_CD_SLURRY, 18000);
    s = add_site(t, "K2", WO_SITE_CONSTRUCTION_SITE, 106.52, 29.555);
    d = add_demand(t, s, WO_STREAM_CD_SPOIL, 0);
    d->need_kg_per_day = 20000;
    return t;
}

static wo_plan *plan_town(town *t, int days, wo_cancel_flag *cancel)
{
    wo_plan_params prm;
    wo_plan *p = NULL;
    wo_err err;
    wo_err_clear(&err);
    wo_plan_params_init(&prm, &t->sc);
    prm.solve = wo_test_one_stop_solve;
    prm.release = wo_test_one_stop_release;
    prm.days = days;
    prm.cancel = cancel;
    prm.max_iterations = 100;
    assert_int_equal(wo_plan_run(&t->sc, &prm, &p, &err), WO_OK);
    assert_non_null(p);
    return p;
}

/* ------------------------------------------------------------ the tests */

static void test_dates(void **state)
{
    long d, d2;
    char buf[11];
    int month;
    (void)state;
    assert_int_equal(wo_calendar_parse("1970-01-01", &d, NULL), WO_OK);
    assert_int_equal(d, 0);
    assert_int_equal(wo_calendar_parse("2026-11-24", &d, NULL), WO_OK);
    wo_calendar_format(d, buf, &month);
    assert_string_equal(buf, "2026-11-24");
    assert_int_equal(month, 11);
    wo_calendar_format(d + 38, buf, &month);
    assert_string_equal(buf, "2027-01-01");
    assert_int_equal(month, 1);
    assert_int_equal(wo_calendar_parse("2024-02-29", &d2, NULL), WO_OK);
    assert_int_equal(wo_calendar_parse("2026-02-29", &d2, NULL), WO_EPARSE);
    assert_int_equal(wo_calendar_parse("2026-13-01", &d2, NULL), WO_EPARSE);
    assert_int_equal(wo_calendar_parse("2026-1-01", &d2, NULL), WO_EPARSE);
    assert_int_equal(wo_calendar_parse("abcd-ef-gh", &d2, NULL), WO_EPARSE);
}

static void test_demand_due(void **state)
{
    town *t = make_town();
    wo_demand d = t->dem[0];
    long day0;
    int k, n, every;
    double total = 0;
    (void)state;
    assert_int_equal(wo_calendar_parse("2026-11-24", &day0, NULL), WO_OK);
    assert_true(wo_calendar_demand_due(&t->sc, &d, day0, &every));
    assert_int_equal(every, 1);
    /* weekly: due once in any 7 consecutive days, collecting 7 days */
    d.frequency_d = 7;
    for (k = 0, n = 0; k < 7; k++)
        if (wo_calendar_demand_due(&t->sc, &d, day0 + k, &every)) {
            n++;
            assert_int_equal(every, 7);
        }
    assert_int_equal(n, 1);
    /* storage limit shorter than the frequency wins (medical) */
    d.frequency_d = 3;
    d.storage_limit_d = 2;
    for (k = 0, n = 0; k < 8; k++)
        if (wo_calendar_demand_due(&t->sc, &d, day0 + k, &every)) {
            n++;
            total += every;
            assert_int_equal(every, 2);
        }
    assert_int_equal(n, 4);
    assert_true(total == 8);
    /* season: straw only in May-June and September-October */
    d = t->dem[0];
    d.months = (1u << 4) | (1u << 5) | (1u << 8) | (1u << 9);
    assert_false(wo_calendar_demand_due(&t->sc, &d, day0, &every));
    assert_int_equal(wo_calendar_parse("2026-06-01", &day0, NULL), WO_OK);
    assert_true(wo_calendar_demand_due(&t->sc, &d, day0, &every));
    /* a reservation counts on its date only */
    d = t->dem[0];
    wo_strlcpy(d.date, "2026-06-02", sizeof d.date);
    assert_false(wo_calendar_demand_due(&t->sc, &d, day0, &every));
    assert_true(wo_calendar_demand_due(&t->sc, &d, day0 + 1, &every));
    free(t);
}

/* The time shares of budget.h: MIP limits within their bounds, a job's
 * share of the time left, and "no limit" kept finite for the routing
 * core. */
static void test_budget(void **state)
{
    wo_deadline none = wo_deadline_none(), past;
    double mip_s;
    long nodes;
    (void)state;
    assert_true(wo_plan_budget_mip_s(3600, 1) == WO_PLAN_MIP_MAX_S);
    assert_true(wo_plan_budget_mip_s(1, 1) == WO_PLAN_MIP_MIN_S);
    assert_true(fabs(wo_plan_budget_mip_s(40, 2) - 1.0) < 1e-12);
    assert_true(wo_plan_budget_mip_s(none.at_s, 3) == WO_PLAN_MIP_MAX_S);
    wo_plan_budget_next_mip(none, 4.0, 0, &mip_s, &nodes);
    assert_true(mip_s == 4.0 && nodes == 0);
    /* a MIP never runs past the deadline by its floor */
    past.at_s = wo_now_s() - 1;
    wo_plan_budget_next_mip(past, 4.0, 0, &mip_s, &nodes);
    assert_true(mip_s == WO_PLAN_JOB_MIN_S && nodes == 0);
    /* under an iteration budget: a node limit, the time only a cap */
    wo_plan_budget_next_mip(none, 4.0, 1, &mip_s, &nodes);
    assert_true(mip_s == WO_PLAN_NO_LIMIT_S && nodes == WO_PLAN_MIP_NODES);
    assert_true(wo_plan_budget_job_s(10, 2, 1, 4, 0) == 5);
    assert_true(wo_plan_budget_job_s(10, 2, 3, 4, 0) == 10);
    assert_true(wo_plan_budget_job_s(0, 2, 1, 4, 0) == WO_PLAN_JOB_MIN_S);
    assert_true(wo_plan_budget_job_s(10, 2, 1, 4, 1) == 10);
    assert_true(wo_deadline_left(wo_plan_budget_phase(none, 0.8)) >
                0.99 * WO_PLAN_NO_LIMIT_S);
    assert_true(wo_deadline_left(wo_plan_budget_command(past, 1)) > 0.4);
    assert_true(wo_plan_budget_variant_s(60, 3) == 20);
    assert_true(wo_plan_budget_variant_s(60, 30) == WO_PLAN_VARIANT_MIN_S);
    assert_true(wo_plan_budget_limit_s(NULL) == WO_PLAN_DEFAULT_LIMIT_S);
}

/* Sum of collected + unserved kg equals what was due, per stream. */
static void check_balance(const town *t, const wo_plan *p)
{
    double due[WO_STREAM_COUNT] = {0};
    long day0;
    int i, k, every;
    assert_int_equal(wo_calendar_parse(t->sc.date, &day0, NULL), WO_OK);
    for (k = 0; k < p->days; k++)
        for (i = 0; i < t->sc.n_demands; i++)
            if (wo_calendar_demand_due(&t->sc, &t->dem[i], day0 + k, &every))
                due[t->dem[i].stream] += t->dem[i].kg_per_day * every;
    for (i = 0; i < WO_STREAM_PRIMARY_COUNT; i++) {
        assert_true(fabs(p->summary.served_kg[i] + p->summary.unserved_kg[i] -
                         due[i]) < 1e-6);
        assert_true(fabs(p->summary.due_kg[i] - due[i]) < 1e-6);
    }
}

static void test_plan_one_day(void **state)
{
    town *t = make_town();
    wo_plan *p = plan_town(t, 1, NULL);
    int r, v, k, found_rec = 0, to_k2 = 0, to_dump = 0, fac_unload = 0;
    double moved = 0;
    (void)state;
    check_balance(t, p);
    assert_string_equal(p->date, "2026-11-24");
    assert_true(p->n_routes > 0);
    for (r = 0; r < p->n_routes; r++) {
        const wo_plan_route *ro = &p->routes[r];
        const wo_vehicle_type *vt = &t->vt[ro->type];
        /* a vehicle carries one stream, one its type allows */
        assert_true(vt->streams & WO_STREAM_BIT(ro->stream));
        assert_string_equal(ro->vehicle_type, vt->id);
        assert_int_equal(ro->visits[0].kind, WO_PLAN_DEPOT);
        assert_int_equal(ro->visits[ro->n_visits - 1].kind, WO_PLAN_DEPOT);
        assert_true(ro->visits[ro->n_visits - 1].load_after_kg < 1e-9);
        assert_string_equal(ro->depot, "D1");
        if (ro->stream == WO_STREAM_MEDICAL)
            assert_string_equal(ro->vehicle_type, "medvan");
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            if (x->kind == WO_PLAN_STOP)
                assert_int_equal(t->dem[x->demand].stream, ro->stream);
            if (x->kind == WO_PLAN_UNLOAD && x->facility >= 0)
                fac_unload++;
        }
    }
    assert_true(fac_unload > 0);
    /* earthwork balance: the 30 t of K1 fill K2 first (need 20 t, one
     * 20 t load), the rest goes to the spoil site, in full loads on the
     * dumpers' haul routes */
    for (r = 0; r < p->n_routes; r++)
        if (p->routes[r].stream == WO_STREAM_CD_SPOIL) {
            assert_int_equal(p->routes[r].kind, WO_PLAN_ROUTE_HAUL);
            assert_string_equal(p->routes[r].vehicle_type, "dumper");
        }
    for (k = 0; k < p->n_transfers; k++) {
        const wo_plan_transfer *tr = &p->transfers[k];
        if (tr->stream != WO_STREAM_CD_SPOIL)
            continue;
        assert_string_equal(tr->from, "K1");
        assert_int_equal(tr->from_facility, -1);
        assert_int_equal(tr->trips, 1);
        if (!strcmp(tr->to, "K2")) {
            assert_true(fabs(tr->tonnes - 20) < 1e-6 * 20);
            assert_int_equal(tr->to_facility, -1);
            to_k2++;
        } else {
            assert_string_equal(tr->to, "SPOIL");
            assert_true(fabs(tr->tonnes - 10) < 1e-6);
            to_dump++;
        }
    }
    assert_int_equal(to_k2, 1);
    assert_int_equal(to_dump, 1);
    /* slurry: tanker loads from the site to the dewatering plant */
    for (k = 0, moved = 0; k < p->n_transfers; k++)
        if (p->transfers[k].stream == WO_STREAM_CD_SLURRY) {
            assert_string_equal(p->transfers[k].from, "K1");
            assert_string_equal(p->transfers[k].to, "SLP");
            assert_int_equal(p->transfers[k].trips, 2);
            moved += p->transfers[k].tonnes;
        }
    assert_true(fabs(moved - 18) < 1e-6);
    /* recyclables: no vehicle type carries them */
    for (k = 0; k < p->n_unserved; k++)
        if (p->unserved[k].stream == WO_STREAM_HH_RECYCLABLE) {
            found_rec = 1;
            assert_string_equal(p->unserved[k].reason, "no_vehicle");
            assert_string_equal(p->unserved[k].site, "C1");
            assert_true(p->unserved[k].amount_kg == 500);
            assert_non_null(strstr(p->unserved[k].detail, "vehicle"));
        }
    assert_true(found_rec);
    /* second echelon: 12 t of hh_other went to TS; INC takes 5 t */
    for (k = 0, moved = 0; k < p->n_transfers; k++) {
        if (p->transfers[k].stream != WO_STREAM_HH_OTHER)
            continue;
        assert_string_equal(p->transfers[k].from, "TS");
        assert_string_equal(p->transfers[k].to, "INC");
        assert_int_equal(p->transfers[k].stream, WO_STREAM_HH_OTHER);
        assert_int_equal(p->transfers[k].trips, 1);
        moved += p->transfers[k].tonnes;
    }
    assert_true(fabs(moved - 5.0) < 1e-9);
    for (k = 0, moved = 0; k < p->n_unserved; k++)
        if (!strcmp(p->unserved[k].reason, "treatment_capacity")) {
            assert_string_equal(p->unserved[k].site, "TS");
            moved += p->unserved[k].amount_kg;
        }
    assert_true(fabs(moved - 7000) < 1e-6);
    /* what the indicators see: treated tonnage by treatment class */
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_HH_OTHER]
                                          [WO_TREAT_INCINERATION] - 5000) < 1e-6);
    assert_true(p->summary.treated_kg[WO_STREAM_HH_OTHER][WO_TREAT_TRANSFER] == 0);
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_CD_SPOIL]
                                          [WO_TREAT_BACKFILL] - 20000) < 1e-3);
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_CD_SPOIL]
                                          [WO_TREAT_LANDFILL] - 10000) < 1e-3);
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_HH_KITCHEN]
                                          [WO_TREAT_DIGESTION] - 4000) < 1e-6);
    assert_true(p->summary.cost_cny > 0);
    assert_true(p->summary.dist_m > 0);
    assert_int_equal(p->summary.routes, p->n_routes);
    assert_true(p->summary.vehicles_used > 0);
    assert_false(p->summary.interrupted);
    wo_plan_free(p);
    free(t);
}

static void test_medical_horizon(void **state)
{
    town *t = make_town();
    wo_plan *p;
    int r, v, visits[2] = {0, 0}, last_day[2] = {-9, -9};
    (void)state;
    p = plan_town(t, 4, NULL);
    check_balance(t, p);
    for (r = 0; r < p->n_routes; r++) {
        const wo_plan_route *ro = &p->routes[r];
        assert_true(ro->day >= 0 && ro->day < 4);
        if (ro->stream != WO_STREAM_MEDICAL)
            continue;
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            int h;
            if (x->kind != WO_PLAN_STOP)
                continue;
            h = !strcmp(x->site, "H1") ? 0 : 1;
            visits[h]++;
            /* storage limit of 2 days: never more than 2 days apart */
            if (last_day[h] >= 0)
                assert_true(ro->day - last_day[h] <= 2);
            last_day[h] = ro->day;
            assert_true(fabs(x->amount_kg - (h ? 100 : 400)) < 1e-9);
        }
    }
    assert_int_equal(visits[0], 2);
    assert_int_equal(visits[1], 2);
    wo_plan_free(p);
    free(t);
}

/* A hospital with storage is a transfer-storage node: the township health
 * centre's waste is left there and goes on to disposal by transfer. */
static void test_medical_storage_node(void **state)
{
    town *t = make_town();
    wo_plan *p;
    int k, r, v, via_h1 = 0, moved = 0;
    (void)state;
    t->site[4].storage_capacity_kg = 1000; /* H1 */
    p = plan_town(t, 1, NULL);
    check_balance(t, p);
    for (r = 0; r < p->n_routes; r++)
        for (v = 0; v < p->routes[r].n_visits; v++)
            if (p->routes[r].visits[v].kind == WO_PLAN_UNLOAD &&
                !strcmp(p->routes[r].visits[v].site, "H1")) {
                assert_int_equal(p->routes[r].stream, WO_STREAM_MEDICAL);
                assert_int_equal(p->routes[r].visits[v].facility, -1);
                via_h1++;
            }
    assert_true(via_h1 > 0);
    for (k = 0; k < p->n_transfers; k++)
        if (!strcmp(p->transfers[k].from, "H1")) {
            assert_string_equal(p->transfers[k].to, "MED");
            assert_int_equal(p->transfers[k].stream, WO_STREAM_MEDICAL);
            assert_int_equal(p->transfers[k].from_facility, -1);
            moved++;
        }
    assert_true(moved > 0);
    /* everything collected was harmlessly disposed of in the end */
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_MEDICAL]
                                          [WO_TREAT_HARMLESS_DISPOSAL] -
                     p->summary.served_kg[WO_STREAM_MEDICAL]) < 1e-6);
    wo_plan_free(p);
    free(t);
}

/* Medical kg unloaded at site `id` over the plan's routes. */
static double unloaded_at(const wo_plan *p, const char *id)
{
    double kg = 0;
    int r, v;
    for (r = 0; r < p->n_routes; r++)
        for (v = 0; v < p->routes[r].n_visits; v++)
            if (p->routes[r].visits[v].kind == WO_PLAN_UNLOAD &&
                !strcmp(p->routes[r].visits[v].site, id))
                kg += p->routes[r].visits[v].amount_kg;
    return kg;
}

/* Medical waste district-run: H1 (district A, a storage node) and H2
 * (district B) each have 250 kg due and H1 is the nearest unload place of
 * both, each district's vans at their own depot. The two districts'
 * problems share H1's room (in proportion to the waste due nearest to
 * it), so together they never leave more there than it holds. */
static town *two_district_town(double room_kg)
{
    town *t = make_town();
    int k;
    t->dist[0].id = "A";
    t->dist[0].name = "A";
    t->dist[1].id = "B";
    t->dist[1].name = "B";
    t->sc.districts = t->dist;
    t->sc.n_districts = 2;
    t->sc.fleet_scope[WO_STREAM_MEDICAL] = WO_FLEET_DISTRICT;
    for (k = 1; k <= 2; k++) {
        static const char *ids[3] = {"D1", "DA", "DB"};
        t->depot[k].id = (char *)ids[k];
        t->depot[k].name = (char *)ids[k];
        t->depot[k].district = k - 1;
        t->depot[k].pos.lon_deg = k == 1 ? 106.48 : 106.54;
        t->depot[k].pos.lat_deg = k == 1 ? 29.57 : 29.53;
        add_type(t, ids[k], WO_STREAM_BIT(WO_STREAM_MEDICAL), 2, 1000);
        t->vt[t->sc.n_vehicle_types - 1].start_depot = k;
        t->vt[t->sc.n_vehicle_types - 1].end_depot = k;
    }
    t->sc.n_depots = 3;
    t->depot[0].district = -1;
    t->site[4].district = 0; /* H1 */
    t->site[5].district = 1; /* H2 */
    t->site[4].storage_capacity_kg = room_kg;
    for (k = 0; k < t->sc.n_demands; k++)
        if (t->dem[k].stream == WO_STREAM_MEDICAL) {
            t->dem[k].kg_per_day = 250;
            t->dem[k].frequency_d = 1;
        }
    return t;
}

static void test_medical_node_room_shared(void **state)
{
    town *t = two_district_town(300);
    wo_plan *p = plan_town(t, 1, NULL);
    (void)state;
    check_balance(t, p);
    assert_true(p->summary.served_kg[WO_STREAM_MEDICAL] > 499.999);
    /* each district's problem got 150 kg of the 300: neither 250 kg load
     * fits (each problem given the whole room left 500 kg there) */
    assert_true(unloaded_at(p, "H1") <= 300 + 1e-6);
    assert_true(unloaded_at(p, "MED") > 499.999);
    wo_plan_free(p);
    free(t);
    /* with 600 kg of room each district's share (300) holds its load */
    t = two_district_town(600);
    p = plan_town(t, 1, NULL);
    check_balance(t, p);
    assert_true(fabs(unloaded_at(p, "H1") - 500) < 1e-6);
    wo_plan_free(p);
    free(t);
}

static void test_deterministic(void **state)
{
    town *t = make_town();
    wo_plan *a = plan_town(t, 2, NULL), *b = plan_town(t, 2, NULL);
    int r;
    (void)state;
    assert_int_equal(a->n_routes, b->n_routes);
    assert_true(a->summary.cost_cny == b->summary.cost_cny);
    for (r = 0; r < a->n_routes; r++) {
        assert_string_equal(a->routes[r].vehicle, b->routes[r].vehicle);
        assert_int_equal(a->routes[r].n_visits, b->routes[r].n_visits);
    }
    wo_plan_free(a);
    wo_plan_free(b);
    free(t);
}

static void test_cancelled_before_start(void **state)
{
    town *t = make_town();
    wo_cancel_flag flag = 1;
    wo_plan *p = plan_town(t, 1, &flag);
    int k, interrupted = 0;
    (void)state;
    assert_true(p->summary.interrupted);
    for (k = 0; k < p->n_routes; k++) /* only the full loads' routes */
        assert_int_not_equal(p->routes[k].kind, WO_PLAN_ROUTE_COLLECTION);
    for (k = 0; k < p->n_unserved; k++)
        interrupted += !strcmp(p->unserved[k].reason, "interrupted");
    assert_true(interrupted > 0);
    check_balance(t, p);
    wo_plan_free(p);
    free(t);
}

static void test_bad_params(void **state)
{
    town *t = make_town();
    wo_plan_params prm;
    wo_plan *p = NULL;
    wo_err err;
    (void)state;
    wo_err_clear(&err);
    wo_plan_params_init(&prm, &t->sc);
    assert_int_equal(wo_plan_run(&t->sc, &prm, &p, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "solver"));
    prm.solve = wo_test_one_stop_solve;
    prm.release = wo_test_one_stop_release;
    prm.days = 0;
    assert_int_equal(wo_plan_run(&t->sc, &prm, &p, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "days"));
    prm.days = 1;
    wo_strlcpy(t->sc.date, "2026-02-30", sizeof t->sc.date);
    assert_int_equal(wo_plan_run(&t->sc, &prm, &p, &err), WO_EINVAL);
    assert_non_null(strstr(err.msg, "2026-02-30"));
    assert_null(p);
    free(t);
}

static void test_visit_kind_names(void **state)
{
    (void)state;
    assert_string_equal(wo_plan_visit_kind_name(WO_PLAN_DEPOT), "depot");
    assert_string_equal(wo_plan_visit_kind_name(WO_PLAN_STOP), "stop");
    assert_string_equal(wo_plan_visit_kind_name(WO_PLAN_UNLOAD), "unload");
    assert_string_equal(wo_plan_visit_kind_name(WO_PLAN_BREAK), "break");
}

/* The routing core's breaks as the plan takes them: inside the route or
 * right after the end depot; anything else is the core's error, named. */
static void test_vrp_route_breaks(void **state)
{
    wo_vrp_vehicle_type vt;
    wo_vrp_visit vis[5];
    wo_vrp_route r;
    wo_err err;
    int after = -1, k;
    static const wo_vrp_visit_kind tail[5] = {WO_VISIT_DEPOT, WO_VISIT_STOP,
                                              WO_VISIT_UNLOAD, WO_VISIT_DEPOT,
                                              WO_VISIT_BREAK};
    (void)state;
    memset(&vt, 0, sizeof vt);
    memset(vis, 0, sizeof vis);
    memset(&r, 0, sizeof r);
    vt.break_s = 1800;
    vt.break_earliest_s = 86400;
    vt.break_latest_s = 93600;
    for (k = 0; k < 5; k++) {
        vis[k].kind = tail[k];
        vis[k].arrival_s = vis[k].start_s = vis[k].depart_s = 80000 + k;
    }
    vis[4].start_s = 86400;
    vis[4].depart_s = 88200;
    r.n_visits = 5;
    r.visits = vis;
    wo_err_clear(&err);
    assert_int_equal(wo_plan_vrp_route_breaks(&vt, &r, &after, &err), WO_OK);
    assert_int_equal(after, 1);
    /* the same break inside the route */
    vis[3].kind = WO_VISIT_BREAK;
    vis[3].start_s = 86400;
    vis[3].depart_s = 88200;
    vis[4].kind = WO_VISIT_DEPOT;
    assert_int_equal(wo_plan_vrp_route_breaks(&vt, &r, &after, &err), WO_OK);
    assert_int_equal(after, 0);
    /* too short */
    vis[3].depart_s = 87000;
    assert_int_equal(wo_plan_vrp_route_breaks(&vt, &r, &after, &err),
                     WO_EINTERNAL);
    assert_non_null(strstr(err.msg, "routing core"));
    /* missing */
    vis[3].kind = WO_VISIT_UNLOAD;
    assert_int_equal(wo_plan_vrp_route_breaks(&vt, &r, &after, &err),
                     WO_EINTERNAL);
    assert_non_null(strstr(err.msg, "no break"));
    /* two */
    vis[1].kind = vis[3].kind = WO_VISIT_BREAK;
    vis[3].depart_s = 88200;
    assert_int_equal(wo_plan_vrp_route_breaks(&vt, &r, &after, &err),
                     WO_EINTERNAL);
    assert_non_null(strstr(err.msg, "second break"));
    /* a type without a break rule takes none */
    vt.break_s = 0;
    vis[1].kind = WO_VISIT_STOP;
    assert_int_equal(wo_plan_vrp_route_breaks(&vt, &r, &after, &err),
                     WO_EINTERNAL);
    vis[3].kind = WO_VISIT_UNLOAD;
    assert_int_equal(wo_plan_vrp_route_breaks(&vt, &r, &after, &err), WO_OK);
}

/* A site beyond any tanker's shift (about 250 km away) is not routed:
 * it is listed as "shift" with the trip's hours, the rest is planned. */
static void test_unservable_shift(void **state)
{
    town *t = make_town();
    wo_plan *p;
    int i, s, found = 0;
    (void)state;
    s = add_site(t, "FAR", WO_SITE_COLLECTION_POINT, 108.6, 30.9);
    add_demand(t, s, WO_STREAM_HH_KITCHEN, 1000);
    p = plan_town(t, 1, NULL);
    for (i = 0; i < p->n_unserved; i++) {
        const wo_plan_unserved *u = &p->unserved[i];
        if (strcmp(u->site, "FAR") != 0) {
            assert_true(u->stream != WO_STREAM_HH_KITCHEN);
            continue;
        }
        found = 1;
        assert_string_equal(u->reason, "shift");
        assert_non_null(strstr(u->detail, "tanker"));
        assert_non_null(strstr(u->detail, "9.0 h shift"));
        assert_true(fabs(u->amount_kg - 1000) < 1e-6);
    }
    assert_true(found);
    wo_plan_free(p);
    free(t);
}

/* A demand heavier than every vehicle allowed to carry it (12 t of kitchen
 * waste a day, 5 t tankers) is served by several visits, each within one
 * load, that together collect all of it; nothing of it is unserved. */
static void test_split_visits(void **state)
{
    town *t = make_town();
    wo_plan *p;
    int r, v, i, s, visits = 0, big;
    double kg = 0;
    (void)state;
    s = add_site(t, "MARKET", WO_SITE_COLLECTION_POINT, 106.49, 29.55);
    add_demand(t, s, WO_STREAM_HH_KITCHEN, 12000);
    big = t->sc.n_demands - 1;
    p = plan_town(t, 1, NULL);
    for (r = 0; r < p->n_routes; r++)
        for (v = 0; v < p->routes[r].n_visits; v++) {
            const wo_plan_visit *x = &p->routes[r].visits[v];
            if (x->kind != WO_PLAN_STOP || x->demand != big)
                continue;
            assert_true(x->amount_kg <= 5000 + 1e-6);
            assert_true(x->load_after_kg <= 5000 + 1e-6);
            kg += x->amount_kg;
            visits++;
        }
    assert_int_equal(visits, 3); /* ceil(12 t / 5 t) */
    assert_true(fabs(kg - 12000) < 1e-6);
    for (i = 0; i < p->n_unserved; i++)
        assert_true(strcmp(p->unserved[i].site, "MARKET") != 0);
    wo_plan_free(p);
    free(t);
}

/* A routing core that leaves the last kitchen stop of the first kitchen
 * problem out "for time" (as the real one may on big problems). */
static int kitchen_calls;
static int drop_last_solve(const wo_vrp_problem *pb, const wo_vrp_params *prm,
                           wo_vrp_solution *sol, wo_err *err)
{
    wo_vrp_problem q = *pb;
    int rc;
    if (pb->n_stops == 0 || pb->stops[0].stream != WO_STREAM_HH_KITCHEN ||
        kitchen_calls++ > 0 || pb->n_stops < 2)
        return wo_test_one_stop_solve(pb, prm, sol, err);
    q.n_stops--;
    rc = wo_test_one_stop_solve(&q, prm, sol, err);
    sol->unserved[sol->n_unserved].stop = pb->n_stops - 1;
    sol->unserved[sol->n_unserved].reason = WO_UNSERVED_TIME;
    sol->n_unserved++;
    return rc;
}

/* The rescue pass gives the stop left out to a vehicle the first solution
 * did not use: every kitchen stop is served, each route by its own
 * vehicle. */
static void test_rescue_pass(void **state)
{
    town *t = make_town();
    wo_plan_params prm;
    wo_plan *p = NULL;
    wo_err err;
    int i, k, routes = 0;
    (void)state;
    wo_err_clear(&err);
    wo_plan_params_init(&prm, &t->sc);
    prm.solve = drop_last_solve;
    prm.release = wo_test_one_stop_release;
    prm.threads = 1;
    prm.max_iterations = 100;
    kitchen_calls = 0;
    assert_int_equal(wo_plan_run(&t->sc, &prm, &p, &err), WO_OK);
    assert_int_equal(kitchen_calls, 2); /* the problem and its rescue */
    for (i = 0; i < p->n_unserved; i++)
        assert_true(p->unserved[i].stream != WO_STREAM_HH_KITCHEN);
    assert_true(fabs(p->summary.served_kg[WO_STREAM_HH_KITCHEN] - 4000) < 1e-6);
    for (i = 0; i < p->n_routes; i++) {
        if (p->routes[i].stream != WO_STREAM_HH_KITCHEN)
            continue;
        routes++;
        for (k = 0; k < i; k++)
            assert_true(strcmp(p->routes[i].vehicle, p->routes[k].vehicle) != 0);
    }
    assert_int_equal(routes, 4);
    wo_plan_free(p);
    free(t);
}

/* Road geometry on a street grid over the town: drawn without a deadline;
 * with one already past, every route keeps straight lines (n_path 0) and
 * the call still succeeds. */
static void test_road_geometry_deadline(void **state)
{
    enum { N = 6 };
    town *t = make_town();
    double lon[N * N], lat[N * N];
    wo_arc arcs[4 * N * N];
    wo_graph *g = NULL;
    wo_plan *p;
    wo_deadline past;
    wo_err err;
    size_t na = 0;
    int i, j, drawn = 0;
    (void)state;
    wo_err_clear(&err);
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            lon[i * N + j] = 106.40 + 0.11 * j;
            lat[i * N + j] = 29.45 + 0.10 * i;
        }
    for (i = 0; i < N * N; i++)
        for (j = 0; j < N * N; j++) {
            double d;
            if (!((j == i + 1 && (i % N) + 1 < N) || j == i + N ||
                  (i == j + 1 && (j % N) + 1 < N) || i == j + N))
                continue;
            d = wo_haversine_m(lon[i], lat[i], lon[j], lat[j]);
            arcs[na].tail = (uint32_t)i;
            arcs[na].head = (uint32_t)j;
            arcs[na].dist_mm = (uint32_t)(d * 1000);
            arcs[na].dur_ms = (uint32_t)(d / 30 * 3600);
            arcs[na++].flags = 0;
        }
    assert_int_equal(wo_graph_build(N * N, lon, lat, na, arcs, &g, &err),
                     WO_OK);
    p = plan_town(t, 1, NULL);
    assert_true(p->n_routes > 0);
    assert_int_equal(
        wo_plan_road_geometry(p, g, NULL, wo_deadline_none(), &err), WO_OK);
    for (i = 0; i < p->n_routes; i++)
        drawn += p->routes[i].n_path > p->routes[i].n_visits;
    assert_true(drawn > 0);
    for (i = 0; i < p->n_routes; i++) {
        wo_free(p->routes[i].path_lonlat);
        p->routes[i].path_lonlat = NULL;
        p->routes[i].n_path = 0;
    }
    past.at_s = wo_now_s() - 1;
    assert_int_equal(wo_plan_road_geometry(p, g, NULL, past, &err), WO_OK);
    for (i = 0; i < p->n_routes; i++)
        assert_int_equal(p->routes[i].n_path, 0);
    wo_plan_free(p);
    wo_graph_free(g);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_demand_due),
        cmocka_unit_test(test_plan_one_day),
        cmocka_unit_test(test_medical_horizon),
        cmocka_unit_test(test_medical_storage_node),
        cmocka_unit_test(test_medical_node_room_shared),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_cancelled_before_start),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_visit_kind_names),
        cmocka_unit_test(test_vrp_route_breaks),
        cmocka_unit_test(test_unservable_shift),
        cmocka_unit_test(test_split_visits),
        cmocka_unit_test(test_rescue_pass),
        cmocka_unit_test(test_road_geometry_deadline),
        cmocka_unit_test(test_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
