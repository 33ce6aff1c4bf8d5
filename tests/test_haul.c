/*
 * Tests of the full-load trips on the scenario's vehicles (solver/plan/
 * haul.c) through wo_plan_run on a small yard built in memory: a depot, a
 * construction site with spoil, a spoil ground, a collection point, a
 * transfer station and an incinerator. Checked: vehicles chain several
 * trips in one route within their shift; no load above a vehicle's
 * payload; unloads only in the ground's opening hours; a smaller fleet
 * carries less and lists the rest with its reason; the second echelon
 * runs on transfer-role vehicles only; the transfers list what the routes
 * carry; the residues of a plant go to their sinks on haul-role vehicles,
 * fly ash only where it is accepted, and a smaller residue fleet leaves
 * the rest at the plant.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/plan/plan.h"
#include "tests/support/one_stop.h"

typedef struct yard {
    wo_scenario sc;
    wo_facility fac[4];
    wo_process proc[4];
    wo_depot depot[1];
    wo_vehicle_type vt[4];
    wo_site site[4];
    wo_demand dem[4];
} yard;

static void add_fac(yard *y, const char *id, wo_treatment treat, wo_stream s,
                    double cap_t, double lon)
{
    int i = y->sc.n_facilities++;
    wo_facility *f = &y->fac[i];
    wo_process *p = &y->proc[i];
    f->id = (char *)id;
    f->name = (char *)id;
    f->status = WO_FSTATUS_OPERATING;
    f->district = -1;
    f->pos.lon_deg = lon;
    f->pos.lat_deg = 29.55;
    f->open_s = 0;
    f->close_s = 86400;
    f->unload_s = 600;
    f->process_first = i;
    f->process_count = 1;
    f->streams = WO_STREAM_BIT(s);
    p->id = "main";
    p->facility = i;
    p->treatment = treat;
    p->streams = WO_STREAM_BIT(s);
    p->capacity_kg_per_d = cap_t * 1000;
    y->sc.n_processes++;
}

static wo_vehicle_type *add_type(yard *y, const char *id, wo_stream s,
                                 wo_vehicle_role role, int count,
                                 double cap_kg)
{
    wo_vehicle_type *v = &y->vt[y->sc.n_vehicle_types++];
    v->id = (char *)id;
    v->name = (char *)id;
    v->streams = WO_STREAM_BIT(s);
    v->role = role;
    v->count = count;
    v->capacity_kg = cap_kg;
    v->capacity_m3 = cap_kg / 100;
    v->speed_kmh = 30;
    v->speed_factor = 1;
    v->cost_cny_per_km = 5;
    v->cost_cny_per_h = 60;
    v->fixed_cost_cny = 300;
    v->shift_start_s = 6 * 3600;
    v->shift_end_s = 14 * 3600;
    return v;
}

static void add_site(yard *y, const char *id, wo_stream s, double kg,
                     double lon)
{
    int i = y->sc.n_sites++;
    wo_site *st = &y->site[i];
    wo_demand *d = &y->dem[y->sc.n_demands++];
    st->id = (char *)id;
    st->name = (char *)id;
    st->district = -1;
    st->pos.lon_deg = lon;
    st->pos.lat_deg = 29.55;
    st->service_s = 600;
    st->demand_first = i;
    st->demand_count = 1;
    d->site = i;
    d->stream = s;
    d->kg_per_day = kg;
    d->m3_per_day = kg / 1000;
    d->frequency_d = 1;
    d->service_s = 600;
    d->months = 0xfff;
}

/* The yard: 200 t of spoil a day at K, 14 km (by road) from the spoil
 * ground SP, 7 km from the depot; `dumpers` trucks of 20 t. Facilities
 * 0 SP; the second echelon's are added by the tests that need them. */
static yard *make_yard(int dumpers)
{
    yard *y = calloc(1, sizeof *y);
    assert_non_null(y);
    y->sc.name = "yard";
    y->sc.year = 2025;
    wo_strlcpy(y->sc.date, "2026-11-24", sizeof y->sc.date);
    y->sc.month = 11;
    y->sc.circuity_factor = 1.4;
    y->sc.days_per_year = 365;
    y->sc.plan.time_limit_s = 10;
    y->sc.plan.seed = 1;
    y->sc.plan.horizon_d = 1;
    y->sc.plan.threads = 1;
    y->sc.facilities = y->fac;
    y->sc.processes = y->proc;
    y->sc.depots = y->depot;
    y->sc.vehicle_types = y->vt;
    y->sc.sites = y->site;
    y->sc.demands = y->dem;
    y->depot[0].id = "D";
    y->depot[0].name = "D";
    y->depot[0].pos.lon_deg = 106.50;
    y->depot[0].pos.lat_deg = 29.55;
    y->sc.n_depots = 1;
    add_fac(y, "SP", WO_TREAT_LANDFILL, WO_STREAM_CD_SPOIL, 10000, 106.65);
    add_type(y, "dumper", WO_STREAM_CD_SPOIL, WO_ROLE_HAUL, dumpers, 20000);
    add_site(y, "K", WO_STREAM_CD_SPOIL, 200000, 106.55);
    return y;
}

static wo_plan *plan_yard(const yard *y)
{
    wo_plan_params prm;
    wo_plan *p = NULL;
    wo_err err;
    wo_err_clear(&err);
    wo_plan_params_init(&prm, &y->sc);
    prm.solve = wo_test_one_stop_solve;
    prm.release = wo_test_one_stop_release;
    prm.max_iterations = 50;
    assert_int_equal(wo_plan_run(&y->sc, &prm, &p, &err), WO_OK);
    assert_non_null(p);
    return p;
}

/* Sum of the unserved kg of stream s for `reason` (NULL: any). */
static double unserved_kg(const wo_plan *p, wo_stream s, const char *reason)
{
    double kg = 0;
    int k;
    for (k = 0; k < p->n_unserved; k++)
        if (p->unserved[k].stream == s &&
            (!reason || !strcmp(p->unserved[k].reason, reason)))
            kg += p->unserved[k].amount_kg;
    return kg;
}

/* Every full-load route: depot first and last, within its type's shift,
 * times in order, loads followed by the unload of all of it, never above
 * the payload; returns the loads of stream s carried in total (kg) and
 * counts them in *n_loads. The transfers of s list the same trips and
 * tonnes. */
static double check_full_loads(const yard *y, const wo_plan *p, wo_stream s,
                               int *n_loads)
{
    double kg = 0, listed = 0, prev;
    int r, v, k, trips = 0;
    *n_loads = 0;
    for (r = 0; r < p->n_routes; r++) {
        const wo_plan_route *ro = &p->routes[r];
        const wo_vehicle_type *vt = &y->vt[ro->type];
        double on_board = 0;
        if (ro->kind == WO_PLAN_ROUTE_COLLECTION || ro->stream != s)
            continue;
        assert_int_equal(ro->visits[0].kind, WO_PLAN_DEPOT);
        assert_int_equal(ro->visits[ro->n_visits - 1].kind, WO_PLAN_DEPOT);
        assert_true(ro->visits[0].depart_s >= vt->shift_start_s - 1e-6);
        assert_true(ro->visits[ro->n_visits - 1].arrival_s <=
                    vt->shift_end_s + 1e-6);
        prev = ro->visits[0].depart_s;
        for (v = 1; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            assert_true(x->arrival_s >= prev - 1e-6);
            assert_true(x->start_s >= x->arrival_s - 1e-6);
            assert_true(x->depart_s >= x->start_s - 1e-6);
            prev = x->depart_s;
            if (x->kind == WO_PLAN_LOAD) {
                assert_true(on_board < 1e-9);
                on_board = x->amount_kg;
                assert_true(on_board <= vt->capacity_kg + 1e-6);
                assert_true(on_board > 0);
                kg += on_board;
                (*n_loads)++;
            } else if (x->kind == WO_PLAN_UNLOAD) {
                assert_true(fabs(x->amount_kg - on_board) < 1e-6);
                on_board = 0;
            }
        }
        assert_true(on_board < 1e-9);
    }
    for (k = 0; k < p->n_transfers; k++)
        if (p->transfers[k].stream == s) {
            trips += p->transfers[k].trips;
            listed += p->transfers[k].tonnes * 1000;
        }
    assert_int_equal(trips, *n_loads);
    assert_true(fabs(listed - kg) < 1e-3);
    return kg;
}

/* Two trucks, ten loads: each truck chains several trips in one route
 * and the 200 t are served. */
static void test_vehicles_chain_trips(void **state)
{
    yard *y = make_yard(2);
    wo_plan *p = plan_yard(y);
    int r, n_loads, n_routes = 0, v;
    (void)state;
    assert_true(fabs(check_full_loads(y, p, WO_STREAM_CD_SPOIL, &n_loads) -
                     200000) < 1e-3);
    assert_int_equal(n_loads, 10);
    for (r = 0; r < p->n_routes; r++) {
        int loads = 0;
        assert_int_equal(p->routes[r].kind, WO_PLAN_ROUTE_HAUL);
        for (v = 0; v < p->routes[r].n_visits; v++)
            loads += p->routes[r].visits[v].kind == WO_PLAN_LOAD;
        assert_true(loads >= 2);
        n_routes++;
    }
    assert_int_equal(n_routes, 2);
    assert_true(unserved_kg(p, WO_STREAM_CD_SPOIL, NULL) < 1e-6);
    assert_true(fabs(p->summary.served_kg[WO_STREAM_CD_SPOIL] - 200000) < 1e-3);
    assert_true(p->summary.cost_cny > 2 * 300);
    wo_plan_free(p);
    free(y);
}

/* A cut fleet's plan: it carried at least min_loads and fewer than
 * max_loads loads of stream s, the rest of due_kg is one unserved entry
 * of s at `site` for fleet_capacity whose sentence holds `word`; served +
 * unserved is still what was due. Returns that entry. */
static const wo_plan_unserved *check_cut(const yard *y, const wo_plan *p,
                                         wo_stream s, double due_kg,
                                         int min_loads, int max_loads,
                                         const char *site, const char *word)
{
    const wo_plan_unserved *u = NULL;
    double carried, left;
    int n_loads, k, found = 0;
    carried = check_full_loads(y, p, s, &n_loads);
    left = unserved_kg(p, s, "fleet_capacity");
    assert_true(n_loads >= min_loads && n_loads < max_loads);
    assert_true(carried > 0 && left > 0);
    assert_true(fabs(carried + left - due_kg) < 1e-3);
    assert_true(fabs(p->summary.served_kg[s] + p->summary.unserved_kg[s] -
                     due_kg) < 1e-3);
    for (k = 0; k < p->n_unserved; k++)
        if (p->unserved[k].stream == s) {
            u = &p->unserved[k];
            assert_string_equal(u->reason, "fleet_capacity");
            assert_string_equal(u->site, site);
            assert_non_null(strstr(u->detail, word));
            found++;
        }
    assert_int_equal(found, 1);
    return u;
}

/* One truck: a smaller fleet carries less, and the rest is listed with
 * its reason and figures. */
static void test_fleet_cut_leaves_a_reasoned_rest(void **state)
{
    yard *y = make_yard(1);
    wo_plan *p = plan_yard(y);
    (void)state;
    assert_int_equal(check_cut(y, p, WO_STREAM_CD_SPOIL, 200000, 2, 10, "K",
                               "shift")
                         ->demand,
                     0);
    wo_plan_free(p);
    free(y);
}

/* The spoil ground takes loads from 08:00 to 10:00 only: every unload
 * starts in those hours, and what does not fit them is left. */
static void test_facility_hours(void **state)
{
    yard *y = make_yard(2);
    wo_plan *p;
    int r, v, n_loads, unloads = 0;
    (void)state;
    y->fac[0].open_s = 8 * 3600;
    y->fac[0].close_s = 10 * 3600;
    p = plan_yard(y);
    for (r = 0; r < p->n_routes; r++)
        for (v = 0; v < p->routes[r].n_visits; v++) {
            const wo_plan_visit *x = &p->routes[r].visits[v];
            if (x->kind != WO_PLAN_UNLOAD)
                continue;
            assert_true(x->start_s >= 8 * 3600 - 1e-6);
            assert_true(x->start_s <= 10 * 3600 + 1e-6);
            unloads++;
        }
    assert_true(unloads > 0);
    assert_true(check_full_loads(y, p, WO_STREAM_CD_SPOIL, &n_loads) <
                200000);
    assert_true(unserved_kg(p, WO_STREAM_CD_SPOIL, "fleet_capacity") > 0);
    wo_plan_free(p);
    free(y);
}

/* A 20 t truck and a 12 t truck: no load above the payload of the truck
 * that carries it. */
static void test_capacity_respected(void **state)
{
    yard *y = make_yard(1);
    wo_plan *p;
    int n_loads, r, v, small = 0;
    (void)state;
    add_type(y, "small", WO_STREAM_CD_SPOIL, WO_ROLE_HAUL, 1, 12000);
    p = plan_yard(y);
    check_full_loads(y, p, WO_STREAM_CD_SPOIL, &n_loads);
    for (r = 0; r < p->n_routes; r++)
        if (!strcmp(p->routes[r].vehicle_type, "small"))
            for (v = 0; v < p->routes[r].n_visits; v++)
                if (p->routes[r].visits[v].kind == WO_PLAN_LOAD) {
                    assert_true(p->routes[r].visits[v].amount_kg <=
                                12000 + 1e-6);
                    small++;
                }
    assert_true(small > 0);
    wo_plan_free(p);
    free(y);
}

/* The second echelon: a collection point delivers 30 t of residual waste
 * to the transfer station TS, from where only transfer-role vehicles take
 * it on to the incinerator; without one it stays at TS (no_vehicle). */
static void test_transfer_role(void **state)
{
    yard *y = make_yard(0);
    wo_plan *p;
    int r, v, n_loads, loaded_at_ts = 0;
    (void)state;
    add_fac(y, "TS", WO_TREAT_TRANSFER, WO_STREAM_HH_OTHER, 500, 106.52);
    add_fac(y, "INC", WO_TREAT_INCINERATION, WO_STREAM_HH_OTHER, 500,
            106.70);
    add_type(y, "compactor", WO_STREAM_HH_OTHER, WO_ROLE_COLLECTION, 4,
             10000);
    add_site(y, "C", WO_STREAM_HH_OTHER, 8000, 106.515);
    /* no transfer vehicle: the compactors do not take it on */
    p = plan_yard(y);
    for (r = 0; r < p->n_routes; r++)
        assert_int_equal(p->routes[r].kind, WO_PLAN_ROUTE_COLLECTION);
    assert_true(unserved_kg(p, WO_STREAM_HH_OTHER, "no_vehicle") > 0);
    for (r = 0; r < p->n_unserved; r++)
        if (p->unserved[r].stream == WO_STREAM_HH_OTHER) {
            assert_string_equal(p->unserved[r].reason, "no_vehicle");
            assert_string_equal(p->unserved[r].site, "TS");
            assert_true(p->unserved[r].onward);
            assert_non_null(strstr(p->unserved[r].detail, "role transfer"));
        }
    wo_plan_free(p);
    /* a hook-lift truck of role transfer takes it on */
    add_type(y, "hooklift", WO_STREAM_HH_OTHER, WO_ROLE_TRANSFER, 1, 20000);
    p = plan_yard(y);
    assert_true(unserved_kg(p, WO_STREAM_HH_OTHER, NULL) < 1e-6);
    for (r = 0; r < p->n_routes; r++) {
        if (p->routes[r].kind != WO_PLAN_ROUTE_TRANSFER)
            continue;
        assert_string_equal(p->routes[r].vehicle_type, "hooklift");
        for (v = 0; v < p->routes[r].n_visits; v++)
            if (p->routes[r].visits[v].kind == WO_PLAN_LOAD) {
                assert_string_equal(p->routes[r].visits[v].site, "TS");
                assert_int_equal(p->routes[r].visits[v].facility, 1);
                loaded_at_ts++;
            }
    }
    assert_true(loaded_at_ts > 0);
    assert_true(fabs(check_full_loads(y, p, WO_STREAM_HH_OTHER, &n_loads) -
                     p->summary.transferred_kg[WO_STREAM_HH_OTHER]) < 1e-3);
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_HH_OTHER]
                                          [WO_TREAT_INCINERATION] -
                     p->summary.transferred_kg[WO_STREAM_HH_OTHER]) < 1e-3);
    wo_plan_free(p);
    free(y);
}

/* The residues: a collection point sends 8 t of residual waste to the
 * incinerator INC, which yields half of it as bottom ash and 5 % as fly
 * ash; the ash plant ASH, 27 km away by road, takes bottom ash only.
 * `trucks` ash trucks of 1 t (role haul, both ashes) carry the ash; the
 * compactors never do. */
static yard *make_ash_yard(int trucks)
{
    yard *y = make_yard(2);
    wo_vehicle_type *ash;
    add_fac(y, "INC", WO_TREAT_INCINERATION, WO_STREAM_HH_OTHER, 500,
            106.70);
    y->proc[1].n_residues = 2;
    y->proc[1].residues[0].stream = WO_STREAM_BOTTOM_ASH;
    y->proc[1].residues[0].fraction = 0.5;
    y->proc[1].residues[1].stream = WO_STREAM_FLY_ASH;
    y->proc[1].residues[1].fraction = 0.05;
    add_fac(y, "ASH", WO_TREAT_RESOURCE_UTILIZATION, WO_STREAM_BOTTOM_ASH,
            500, 106.90);
    add_type(y, "compactor", WO_STREAM_HH_OTHER, WO_ROLE_COLLECTION, 4,
             10000);
    ash = add_type(y, "ashtruck", WO_STREAM_BOTTOM_ASH, WO_ROLE_HAUL, trucks,
                   1000);
    ash->streams |= WO_STREAM_BIT(WO_STREAM_FLY_ASH);
    add_site(y, "C", WO_STREAM_HH_OTHER, 8000, 106.69);
    return y;
}

/* Two ash trucks: the 4 t of bottom ash INC yields from the 8 t it burnt
 * go to ASH in four loads on the ash trucks, loaded at INC; the fly ash,
 * which no sink takes, stays at INC and no truck carries it. */
static void test_residue_on_haul_trucks(void **state)
{
    yard *y = make_ash_yard(2);
    wo_plan *p = plan_yard(y);
    int r, v, n_loads, ash_routes = 0;
    (void)state;
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_HH_OTHER]
                                          [WO_TREAT_INCINERATION] -
                     8000) < 1e-3);
    assert_true(fabs(p->summary.due_kg[WO_STREAM_BOTTOM_ASH] - 4000) < 1e-3);
    assert_true(fabs(check_full_loads(y, p, WO_STREAM_BOTTOM_ASH, &n_loads) -
                     4000) < 1e-3);
    assert_int_equal(n_loads, 4);
    assert_true(fabs(p->summary.served_kg[WO_STREAM_BOTTOM_ASH] - 4000) <
                1e-3);
    assert_true(fabs(p->summary.treated_kg[WO_STREAM_BOTTOM_ASH]
                                          [WO_TREAT_RESOURCE_UTILIZATION] -
                     4000) < 1e-3);
    assert_true(unserved_kg(p, WO_STREAM_BOTTOM_ASH, NULL) < 1e-6);
    for (r = 0; r < p->n_routes; r++) {
        const wo_plan_route *ro = &p->routes[r];
        if (ro->stream != WO_STREAM_BOTTOM_ASH &&
            ro->stream != WO_STREAM_FLY_ASH)
            continue;
        assert_int_equal(ro->stream, WO_STREAM_BOTTOM_ASH);
        assert_int_equal(ro->kind, WO_PLAN_ROUTE_HAUL);
        assert_string_equal(ro->vehicle_type, "ashtruck");
        for (v = 0; v < ro->n_visits; v++) {
            if (ro->visits[v].kind == WO_PLAN_LOAD)
                assert_string_equal(ro->visits[v].site, "INC");
            if (ro->visits[v].kind == WO_PLAN_UNLOAD)
                assert_string_equal(ro->visits[v].site, "ASH");
        }
        ash_routes++;
    }
    assert_true(ash_routes >= 1);
    /* fly ash: 0.4 t yielded, no place takes it */
    assert_true(fabs(p->summary.due_kg[WO_STREAM_FLY_ASH] - 400) < 1e-3);
    assert_true(fabs(unserved_kg(p, WO_STREAM_FLY_ASH, "treatment_capacity") -
                     400) < 1e-3);
    assert_true(p->summary.served_kg[WO_STREAM_FLY_ASH] < 1e-6);
    wo_plan_free(p);
    free(y);
}

/* One ash truck: it chains what trips its shift holds (each about 2 h),
 * fewer than the four loads; the rest of the bottom ash stays at INC as
 * fleet_capacity, and served + unserved is what INC yielded. Without a
 * truck, all of it stays there as no_vehicle. */
static void test_residue_fleet_cut(void **state)
{
    yard *y = make_ash_yard(1);
    wo_plan *p = plan_yard(y);
    int k;
    (void)state;
    assert_true(check_cut(y, p, WO_STREAM_BOTTOM_ASH, 4000, 1, 4, "INC",
                          "role haul")
                    ->onward);
    wo_plan_free(p);
    free(y);
    y = make_ash_yard(0);
    p = plan_yard(y);
    assert_true(fabs(unserved_kg(p, WO_STREAM_BOTTOM_ASH, "no_vehicle") -
                     4000) < 1e-3);
    for (k = 0; k < p->n_routes; k++)
        assert_int_not_equal(p->routes[k].stream, WO_STREAM_BOTTOM_ASH);
    wo_plan_free(p);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vehicles_chain_trips),
        cmocka_unit_test(test_fleet_cut_leaves_a_reasoned_rest),
        cmocka_unit_test(test_facility_hours),
        cmocka_unit_test(test_capacity_respected),
        cmocka_unit_test(test_transfer_role),
        cmocka_unit_test(test_residue_on_haul_trucks),
        cmocka_unit_test(test_residue_fleet_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
