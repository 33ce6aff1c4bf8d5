/* Unit tests of the domain model, the scenario loader and validation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/indicators.h"
#include "data/model.h"
#include "data/validate.h"
#include "tests/support/failalloc.h"
#include "tests/support/files.h"

static char small_dir[4096];

static wo_scenario *load_small(void)
{
    wo_scenario *sc = NULL;
    wo_err err;
    if (wo_scenario_load_dir(small_dir, &sc, &err) != WO_OK)
        fail_msg("load: %s", err.msg);
    return sc;
}

/* The small scenario with some files replaced by the given texts. */
static int load_variant(const char *const *names, const char *const *texts,
                        int n, wo_scenario **sc, wo_err *err)
{
    ts_files files;
    int i, rc;
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, small_dir, NULL), 0);
    for (i = 0; i < n; i++)
        assert_int_equal(
            ts_files_put(&files, names[i], texts[i], strlen(texts[i])), 0);
    rc = wo_scenario_load_files(files.f, "variant", sc, err);
    ts_files_free(&files);
    return rc;
}

/* Replace the first occurrence of `from` in a file of the small scenario
 * and load the result. */
static int load_edit(const char *file, const char *from, const char *to,
                     wo_scenario **sc, wo_err *err)
{
    char path[4200], *text, *out;
    const char *at;
    size_t len;
    int rc;
    snprintf(path, sizeof path, "%s/%s", small_dir, file);
    text = ts_slurp(path, &len);
    assert_non_null(text);
    at = strstr(text, from);
    assert_non_null(at);
    out = malloc(len + strlen(to) + 1);
    assert_non_null(out);
    memcpy(out, text, (size_t)(at - text));
    memcpy(out + (at - text), to, strlen(to));
    memcpy(out + (at - text) + strlen(to), at + strlen(from),
           strlen(at + strlen(from)) + 1);
    rc = load_variant(&file, (const char *const *)&out, 1, sc, err);
    free(out);
    free(text);
    return rc;
}

static void test_streams(void **state)
{
    wo_stream s;
    int i, primary = 0;
    char buf[512];
    (void)state;
    for (i = 0; i < WO_STREAM_COUNT; i++) {
        const wo_stream_info *si = wo_stream_get(i);
        assert_non_null(si);
        assert_int_equal(si->id, i);
        assert_int_equal(wo_stream_parse(si->code, &s), WO_OK);
        assert_int_equal(s, i);
        assert_true(si->density_kg_per_m3 > 0);
        if (si->family != WO_FAMILY_RESIDUE)
            primary++;
    }
    assert_int_equal(primary, WO_STREAM_PRIMARY_COUNT);
    assert_true(WO_STREAM_COUNT <= 64);
    assert_null(wo_stream_get(WO_STREAM_COUNT));
    assert_int_equal(wo_stream_parse("hh_kitchen", &s), WO_OK);
    assert_int_equal(s, WO_STREAM_HH_KITCHEN);
    assert_string_equal(wo_stream_get(s)->name_zh, "厨余垃圾");
    assert_int_equal(wo_stream_parse("HH_KITCHEN", &s), WO_ENOTFOUND);
    assert_string_equal(wo_stream_get(WO_STREAM_AG_PESTICIDE_PACK)->code,
                        "ag_pesticide_pack");
    assert_string_equal(wo_family_name(WO_FAMILY_MEDICAL), "medical");
    assert_string_equal(wo_site_kind_name(WO_SITE_TOWNSHIP_HEALTH_CENTRE),
                        "township_health_centre");
    assert_string_equal(wo_site_kind_name(WO_SITE_MARKET), "market");
    assert_string_equal(wo_site_kind_name(WO_SITE_CANTEEN), "canteen");
    assert_string_equal(wo_facility_status_name(WO_FSTATUS_CANDIDATE),
                        "candidate");
    assert_string_equal(wo_facility_kind_name(WO_FAC_KIND_COUNT), "?");
    assert_int_equal(wo_vocab_parse(WO_VOCAB_TREATMENT, "landfill"),
                     WO_TREAT_LANDFILL);
    assert_int_equal(wo_vocab_parse(WO_VOCAB_SITE_KIND, "farmland"), -1);
    assert_string_equal(
        wo_vocab_list(WO_VOCAB_FACILITY_STATUS, buf, sizeof buf),
        "operating, closed, planned, candidate");
    assert_string_equal(wo_vocab_list(WO_VOCAB_FACILITY_STATUS, buf, 12),
                        "operating, ");
    assert_true(wo_treatment_get(WO_TREAT_INCINERATION)->incineration);
    assert_true(wo_treatment_get(WO_TREAT_TRANSFER)->intermediate);
    assert_true(wo_treatment_get(WO_TREAT_SORTING)->recovery);
    assert_null(wo_treatment_get(-1));
}

static void test_load_small(void **state)
{
    wo_scenario *sc = load_small();
    const wo_facility *inc;
    const wo_process *p;
    const wo_site *h1;
    const wo_demand *d;
    const wo_vehicle_type *v;
    int i;
    (void)state;
    assert_string_equal(sc->name, "small-test");
    assert_int_equal(sc->year, 2025);
    assert_string_equal(sc->date, "2025-06-16");
    assert_int_equal(sc->month, 6);
    assert_true(fabs(sc->circuity_factor - 1.45) < 1e-12);
    assert_true(fabs(sc->days_per_year - 365) < 1e-12);
    assert_int_equal(sc->plan.seed, 7);
    assert_int_equal(sc->plan.horizon_d, 1);
    assert_int_equal(sc->n_districts, 2);
    assert_int_equal(sc->n_facilities, 9);
    assert_int_equal(sc->n_processes, 9);
    assert_int_equal(sc->n_levels, 2);
    assert_int_equal(sc->n_depots, 2);
    assert_int_equal(sc->n_vehicle_types, 10);
    /* role: collection when not given; the hook-lift truck is a transfer
     * vehicle; the residue trucks haul, one type for two residues */
    assert_int_equal(sc->vehicle_types[0].role, WO_ROLE_COLLECTION);
    assert_string_equal(sc->vehicle_types[5].id, "hooklift");
    assert_int_equal(sc->vehicle_types[5].role, WO_ROLE_TRANSFER);
    assert_string_equal(sc->vehicle_types[9].id, "resdump");
    assert_int_equal(sc->vehicle_types[9].role, WO_ROLE_HAUL);
    assert_true(sc->vehicle_types[9].streams ==
                (WO_STREAM_BIT(WO_STREAM_DIGESTATE) |
                 WO_STREAM_BIT(WO_STREAM_REJECT)));
    assert_int_equal(sc->n_sites, 6);
    assert_int_equal(sc->n_demands, 11);
    assert_int_equal(sc->n_warnings, 0);
    assert_string_equal(sc->stats_file, "");
    /* districts: integer id becomes a string; the closing vertex dropped */
    assert_string_equal(sc->districts[1].id, "500105");
    assert_int_equal(sc->districts[0].n_rings, 1);
    assert_int_equal(sc->districts[0].ring_start[1], 4);
    assert_int_equal(sc->districts[1].n_rings, 2);
    assert_true(sc->districts[1].urban);
    /* facilities and processes: units converted, grouped */
    i = wo_scenario_find_facility(sc, "INC");
    assert_true(i >= 0);
    inc = &sc->facilities[i];
    assert_int_equal(inc->kind, WO_FAC_INCINERATOR);
    assert_int_equal(inc->status, WO_FSTATUS_OPERATING);
    assert_int_equal(inc->process_count, 1);
    assert_true(fabs(inc->close_s - 86400) < 1e-9);
    assert_true(fabs(inc->unload_s - 900) < 1e-9);
    p = &sc->processes[inc->process_first];
    assert_int_equal(p->facility, i);
    assert_true(fabs(p->capacity_kg_per_d - 2e6) < 1e-6);
    assert_true(fabs(p->min_load_kg_per_d - 8e5) < 1e-6);
    assert_true(p->streams == (WO_STREAM_BIT(WO_STREAM_HH_OTHER) |
                               WO_STREAM_BIT(WO_STREAM_SLUDGE)));
    assert_int_equal(p->n_residues, 2);
    assert_int_equal(p->residues[1].stream, WO_STREAM_FLY_ASH);
    assert_true(fabs(p->residues[1].fraction - 0.03) < 1e-12);
    assert_int_equal(
        sc->levels[1].process,
        sc->facilities[wo_scenario_find_facility(sc, "CAND")].process_first);
    assert_true(fabs(sc->levels[1].capacity_kg_per_d - 6e5) < 1e-6);
    assert_int_equal(
        sc->facilities[wo_scenario_find_facility(sc, "CAND")].status,
        WO_FSTATUS_CANDIDATE);
    /* vehicle types */
    v = &sc->vehicle_types[wo_scenario_find_vehicle_type(sc, "compactor")];
    assert_int_equal(v->count, 4);
    assert_int_equal(v->start_depot, wo_scenario_find_depot(sc, "D1"));
    assert_int_equal(v->end_depot, v->start_depot);
    assert_true(fabs(v->shift_end_s - 30 * 3600) < 1e-9);
    assert_true(fabs(v->shift_max_s - 8 * 3600) < 1e-9);
    assert_true(fabs(v->break_s - 1800) < 1e-9);
    assert_true(fabs(v->speed_factor - 1) < 1e-12);
    assert_int_equal(v->trips_per_day, 2);
    assert_true(sc->depots[0].pos.uncertainty_m == 20);
    /* sites and demand */
    i = wo_scenario_find_site(sc, "H1");
    h1 = &sc->sites[i];
    assert_int_equal(h1->kind, WO_SITE_HOSPITAL);
    assert_int_equal(h1->district, wo_scenario_find_district(sc, "500103"));
    assert_int_equal(h1->n_tw, 1);
    assert_true(fabs(h1->tw[0].open_s - 8 * 3600) < 1e-9);
    assert_true(fabs(h1->storage_capacity_kg - 2000) < 1e-9);
    assert_int_equal(h1->demand_count, 2);
    d = &sc->demands[h1->demand_first];
    assert_int_equal(d->site, i);
    assert_int_equal(d->stream, WO_STREAM_MEDICAL);
    assert_int_equal(d->storage_limit_d, 2); /* national default */
    assert_int_equal(d->n_tw, 1);            /* inherited from the site */
    assert_true(fabs(d->service_s - 600) < 1e-9);
    assert_true(fabs(d->m3_per_day - 600.0 / 150.0) < 1e-9); /* density */
    assert_int_equal(d->months, 0xFFF);
    assert_true(wo_demand_active(sc, d));
    d = &sc->demands[h1->demand_first + 1];
    assert_int_equal(d->stream, WO_STREAM_HH_OTHER);
    assert_true(fabs(d->tw[0].open_s - 20 * 3600) < 1e-9); /* overridden */
    assert_int_equal(wo_scenario_find_site(sc, "nope"), -1);
    /* point in polygon, with the hole of 500105 */
    assert_true(wo_district_contains(&sc->districts[0], 106.56, 29.55));
    assert_false(wo_district_contains(&sc->districts[0], 106.66, 29.55));
    assert_true(wo_district_contains(&sc->districts[1], 106.60, 29.60));
    assert_false(wo_district_contains(&sc->districts[1], 106.71, 29.66));
    wo_scenario_free(sc);
}

static void test_load_options(void **state)
{
    const char *names[3] = {"scenario.json", "demand.csv", "stats.csv"};
    const char *texts[3] = {
        "\xEF\xBB\xBF{\"format\": \"wasteopt-scenario\", \"version\": 1,"
        " \"name\": \"v\", \"year\": 2027, \"date\": \"2027-10-01\","
        " \"datum\": \"GCJ02\", \"datums\": {\"districts\": \"wgs84\"},"
        " \"files\": {\"districts\": \"districts.geojson\","
        " \"facilities\": \"facilities.csv\", \"processes\": "
        "\"processes.csv\","
        " \"depots\": \"depots.csv\", \"vehicle_types\": "
        "\"vehicle_types.csv\","
        " \"sites\": \"sites.csv\", \"demand\": \"demand.csv\","
        " \"stats\": \"stats.csv\"},"
        " \"plan\": {\"lexicographic\": true, \"horizon_d\": 7},"
        " \"colour\": \"green\"}",
        "site_id,stream,kg_per_day,months,date,extra\n"
        "P1,hh_other,100,9-10,,x\n"
        "P2,hh_other,100,11-2,,x\n"
        "P3,hh_other,100,,2027-10-01,x\n"
        "P3,hh_other,100,,2027-10-02,x\n",
        "metric,value,unit\nyear,2026,\nmedical_generated_t,12.5,kt\n"};
    wo_scenario *sc = NULL;
    wo_err err;
    wo_check c;
    (void)state;
    assert_int_equal(load_variant(names, texts, 3, &sc, &err), WO_OK);
    assert_int_equal(sc->datum, WO_DATUM_GCJ02);
    assert_string_equal(sc->stats_file, "stats.csv");
    assert_non_null(sc->stats);
    assert_true(sc->stats->present[WO_IND_M_MED_GEN]);
    assert_true(fabs(sc->stats->value[WO_IND_M_MED_GEN] - 12500) < 1e-9);
    assert_int_equal(sc->datums[WO_TABLE_SITES], WO_DATUM_GCJ02);
    assert_int_equal(sc->datums[WO_TABLE_DISTRICTS], WO_DATUM_WGS84);
    assert_int_equal(sc->sites[0].pos.datum, WO_DATUM_GCJ02);
    assert_int_equal(sc->n_levels, 0);
    assert_string_equal(sc->files[WO_TABLE_CAPACITY_LEVELS], "");
    assert_true(sc->plan.lexicographic);
    assert_int_equal(sc->plan.horizon_d, 7);
    assert_int_equal(sc->n_warnings, 2);
    assert_string_equal(sc->warnings[0],
                        "scenario.json: unknown key 'colour' ignored");
    assert_string_equal(sc->warnings[1],
                        "demand.csv:1: unknown column 'extra' ignored");
    assert_int_equal(sc->demands[0].months, 0x300u); /* Sep, Oct */
    assert_int_equal(sc->demands[1].months, 0xC03u); /* Nov-Feb  */
    assert_true(wo_demand_active(sc, &sc->demands[0]));
    assert_false(wo_demand_active(sc, &sc->demands[1]));
    assert_true(wo_demand_active(sc, &sc->demands[2]));
    assert_false(wo_demand_active(sc, &sc->demands[3]));
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    assert_int_equal(c.n_inactive_rows, 2);
    assert_int_equal(c.streams[WO_STREAM_HH_OTHER].n_rows, 2);
    wo_check_free(&c);
    wo_scenario_free(sc);
}

static const wo_issue *find_issue(const wo_check *c, const char *code)
{
    int i;
    for (i = 0; i < c->n_issues; i++)
        if (!strcmp(c->issues[i].code, code))
            return &c->issues[i];
    return NULL;
}

/* Construction, medical and agricultural streams, all in GCJ-02. */
static void test_mixed(void **state)
{
    char dir[4200];
    wo_scenario *sc = NULL;
    const wo_stream_summary *m;
    const wo_demand *d;
    wo_check c;
    wo_err err;
    double lon, lat;
    int i;
    (void)state;
    snprintf(dir, sizeof dir, "%s/tests/data/scenarios/mixed", ts_top());
    if (wo_scenario_load_dir(dir, &sc, &err) != WO_OK)
        fail_msg("load: %s", err.msg);
    assert_int_equal(sc->datums[WO_TABLE_DISTRICTS], WO_DATUM_GCJ02);
    assert_int_equal(sc->districts[0].datum, WO_DATUM_GCJ02);
    assert_int_equal(sc->facilities[0].pos.datum, WO_DATUM_GCJ02);
    /* the boundary, written in GCJ-02, is held in WGS84 */
    assert_int_equal(wo_coord_to_wgs84(WO_DATUM_GCJ02, 107.0, 29.0, &lon,
                                       &lat, &err),
                     WO_OK);
    assert_true(sc->districts[0].lon_deg[0] == lon);
    assert_true(sc->districts[0].lat_deg[0] == lat);
    assert_true(sc->districts[0].min_lon_deg <= lon);
    assert_true(sc->districts[0].min_lat_deg <= lat);
    assert_true(sc->districts[0].min_lon_deg < 107.0 - 0.001); /* moved */
    assert_true(fabs(sc->facilities[0].pos.uncertainty_m - 50) < 1e-9);
    assert_int_equal(sc->plan.horizon_d, 7);
    i = wo_scenario_find_site(sc, "TH1");
    assert_int_equal(sc->sites[i].kind, WO_SITE_TOWNSHIP_HEALTH_CENTRE);
    assert_true(sc->sites[i].rural);
    i = wo_scenario_find_site(sc, "CS2");
    d = &sc->demands[sc->sites[i].demand_first];
    assert_int_equal(d->stream, WO_STREAM_CD_SPOIL);
    assert_true(fabs(d->need_kg_per_day - 150000) < 1e-9);
    i = wo_scenario_find_site(sc, "V1");
    d = &sc->demands[sc->sites[i].demand_first];
    assert_int_equal(d->stream, WO_STREAM_AG_FILM);
    assert_int_equal(d->frequency_d, 7);
    assert_int_equal(d->months, 0x71Cu); /* Mar-May, Sep-Nov */
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    assert_int_equal(c.n_errors, 0);
    assert_int_equal(c.n_inactive_rows, 1); /* the reservation of the 13th */
    assert_null(find_issue(&c, "outside_districts"));
    assert_null(find_issue(&c, "wrong_district"));
    m = &c.streams[WO_STREAM_CD_SPOIL];
    assert_true(fabs(m->need_kg_per_day - 150000) < 1e-9);
    assert_int_equal(m->n_need_sites, 1);
    m = &c.streams[WO_STREAM_AG_STRAW];
    assert_int_equal(m->n_facilities, 2); /* storage + planned plant */
    assert_true(fabs(m->treat_kg_per_day - 300000) < 1e-6);
    m = &c.streams[WO_STREAM_SLUDGE];
    assert_true(fabs(m->kg_per_day - 60000 * 0.4) < 1e-6);
    wo_check_free(&c);
    wo_scenario_free(sc);
}

static void test_embedded(void **state)
{
    wo_scenario *sc = NULL;
    wo_err err;
    int rc = wo_scenario_load_embedded(&sc, &err);
    (void)state;
    if (wo_embedded_find("scenario.json")) {
        if (rc != WO_OK)
            fail_msg("embedded default: %s", err.msg);
        assert_non_null(sc);
        assert_string_equal(sc->source, "<embedded>");
    } else {
        assert_int_equal(rc, WO_ENOTFOUND);
        assert_null(sc);
        assert_non_null(strstr(err.msg, "no default scenario is embedded"));
    }
    wo_scenario_free(sc);
}

static void test_check_small(void **state)
{
    wo_scenario *sc = load_small();
    const wo_stream_summary *m;
    wo_check c;
    wo_err err;
    (void)state;
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    assert_int_equal(c.n_errors, 0);
    assert_int_equal(c.n_warnings, 0);
    assert_int_equal(c.n_sites_outside, 0);
    m = &c.streams[WO_STREAM_HH_OTHER];
    assert_int_equal(m->n_sites, 5);
    assert_int_equal(m->n_rows, 5);
    assert_true(fabs(m->kg_per_day - 15800) < 1e-6);
    assert_int_equal(m->n_vehicles, 4);
    assert_true(fabs(m->fleet_kg_per_day - 4 * 8000 * 2) < 1e-6);
    assert_int_equal(m->n_facilities, 3); /* TS1, INC, LF; CAND is candidate */
    assert_true(fabs(m->facility_kg_per_day - 3.5e6) < 1e-3);
    assert_true(fabs(m->treat_kg_per_day - 3.0e6) < 1e-3);
    /* residues at the expected load: 15.8 t of hh_other through INC */
    m = &c.streams[WO_STREAM_BOTTOM_ASH];
    assert_true(fabs(m->kg_per_day - 15800 * 0.22) < 1e-6);
    wo_check_free(&c);
    wo_scenario_free(sc);
}

static void test_check_findings(void **state)
{
    wo_scenario *sc = NULL;
    const wo_issue *is;
    wo_check c;
    wo_err err;
    (void)state;
    /* the only medical plant closed: no facility for medical */
    assert_int_equal(load_edit("facilities.csv", "medical_disposal,operating",
                               "medical_disposal,closed", &sc, &err),
                     WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "no_facility");
    assert_non_null(is);
    assert_int_equal(is->severity, WO_SEV_ERROR);
    assert_int_equal(is->stream, WO_STREAM_MEDICAL);
    assert_string_equal(is->msg, "stream medical: 0.6 t/d of demand but no "
                                 "operating or planned facility accepts it");
    wo_check_free(&c);
    wo_scenario_free(sc);

    /* demand above all capacity */
    assert_int_equal(load_edit("demand.csv", "H1,medical,600,",
                               "H1,medical,60000,", &sc, &err),
                     WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "facility_capacity");
    assert_non_null(is);
    assert_string_equal(is->msg, "stream medical: demand 60.0 t/d is above "
                                 "the 50.0 t/d that usable facilities can "
                                 "treat");
    assert_non_null(find_issue(&c, "fleet_capacity"));
    assert_non_null(find_issue(&c, "visit_above_capacity"));
    wo_check_free(&c);
    wo_scenario_free(sc);

    /* a site outside every district, one in the wrong district */
    assert_int_equal(
        load_edit("sites.csv", "106.530,29.580", "107.530,29.580", &sc, &err),
        WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    assert_int_equal(c.n_sites_outside, 1);
    is = find_issue(&c, "outside_districts");
    assert_non_null(is);
    assert_int_equal(is->severity, WO_SEV_WARNING);
    assert_string_equal(is->msg, "site P3 (sites.csv:4) at 107.530000, "
                                 "29.580000 lies outside every district");
    assert_int_equal(c.n_errors, 0);
    wo_check_free(&c);
    wo_scenario_free(sc);

    assert_int_equal(
        load_edit("sites.csv", "P4,北滨路收集点,collection_point,500105",
                  "P4,北滨路收集点,collection_point,500103", &sc, &err),
        WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "wrong_district");
    assert_non_null(is);
    assert_string_equal(is->msg, "site P4 (sites.csv:5) is declared in "
                                 "district 500103 but lies in 500105");
    wo_check_free(&c);
    wo_scenario_free(sc);

    /* no vehicle may carry a stream; a type with no vehicles */
    assert_int_equal(load_edit("vehicle_types.csv", "hh_hazardous,1,",
                               "hh_hazardous,0,", &sc, &err),
                     WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "no_vehicle");
    assert_non_null(is);
    assert_int_equal(is->stream, WO_STREAM_HH_HAZARDOUS);
    assert_non_null(find_issue(&c, "no_vehicles"));
    wo_check_free(&c);
    wo_scenario_free(sc);

    /* a residue nobody accepts */
    assert_int_equal(
        load_edit("processes.csv", "fly_ash;reject", "reject", &sc, &err),
        WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "no_residue_sink");
    assert_non_null(is);
    assert_int_equal(is->stream, WO_STREAM_FLY_ASH);
    wo_check_free(&c);
    wo_scenario_free(sc);

    /* the hazardous-waste centre closes before the van's shift starts */
    assert_int_equal(
        load_edit("facilities.csv", "08:00,17:00", "05:00,08:30", &sc, &err),
        WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "unload_hours");
    assert_non_null(is);
    assert_int_equal(is->stream, WO_STREAM_HH_HAZARDOUS);
    assert_int_equal(c.n_errors, 1);
    wo_check_free(&c);
    wo_scenario_free(sc);

    /* a time window outside every shift */
    assert_int_equal(
        load_edit("demand.csv", "P2,hh_hazardous,20,,7,,10:00-12:00",
                  "P2,hh_hazardous,20,,7,,18:00-19:00", &sc, &err),
        WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "time_window");
    assert_non_null(is);
    assert_string_equal(is->msg, "stream hh_hazardous: 1 demand row has time "
                                 "windows outside every shift of the vehicles "
                                 "allowed to carry it, e.g. site P2 "
                                 "(demand.csv:6)");
    wo_check_free(&c);
    wo_scenario_free(sc);

    /* a morning window for the night compactors: hint at 24:00+ times */
    assert_int_equal(load_edit("demand.csv",
                               "P1,hh_other,4000,,1,,20:00-23:30",
                               "P1,hh_other,4000,,1,,05:00-07:00", &sc, &err),
                     WO_OK);
    assert_int_equal(wo_scenario_check(sc, &c, &err), WO_OK);
    is = find_issue(&c, "time_window");
    assert_non_null(is);
    assert_non_null(strstr(is->msg, "29:00-31:00"));
    wo_check_free(&c);
    wo_scenario_free(sc);
}

/* Every allocation failure of a load (and a check) is reported cleanly,
 * without leaks (checked under ASan). */
/* Load (from files when not NULL, else small_dir) and check under an
 * allocator failing after every possible count; every failure must be a
 * clean WO_ENOMEM until one run gets through. */
static void oom_loop(const wo_embedded_file *files)
{
    long b;
    int ok = 0;
    for (b = 0; b < 5000 && !ok; b++) {
        wo_scenario *sc = NULL;
        wo_check c;
        wo_err err;
        int rc;
        ts_failalloc_start(b);
        rc = files ? wo_scenario_load_files(files, "oom", &sc, &err)
                   : wo_scenario_load_dir(small_dir, &sc, &err);
        if (rc == WO_OK) {
            rc = wo_scenario_check(sc, &c, &err);
            if (rc == WO_OK) {
                ok = 1;
                wo_check_free(&c);
            }
        }
        ts_failalloc_stop();
        if (rc != WO_OK) {
            assert_int_equal(rc, WO_ENOMEM);
            /* never an empty message or the user's syntax error */
            assert_non_null(strstr(err.msg, "out of memory"));
        }
        wo_scenario_free(sc);
    }
    assert_true(ok);
}

/* One allocation failed and every later one let through: the load either
 * fails with WO_ENOMEM saying so or gives the scenario of an undisturbed
 * load, never a corrupted one (jansson 2.14 loses a byte of a string when
 * one of its allocations fails and still returns the document: the
 * scenario.json 'format' became "wasteopt-scenaio", reported as the
 * user's error). */
static void test_one_allocation_fails(void **state)
{
    long n;
    int done = 0;
    (void)state;
    for (n = 0; n < 20000 && !done; n++) {
        wo_scenario *sc = NULL;
        wo_err err;
        int rc;
        ts_failalloc_once(n);
        rc = wo_scenario_load_dir(small_dir, &sc, &err);
        done = ts_failalloc_unreached();
        ts_failalloc_stop();
        if (rc != WO_OK) {
            if (rc != WO_ENOMEM || !strstr(err.msg, "out of memory"))
                fail_msg("allocation %ld failed: code %d, '%s'", n + 1, rc,
                         err.msg);
        } else {
            assert_string_equal(sc->name, "small-test");
            assert_int_equal(sc->n_districts, 2);
        }
        wo_scenario_free(sc);
    }
    assert_true(done);
}

static void test_out_of_memory(void **state)
{
    static const char *const json =
        "{\"format\": \"wasteopt-scenario\", \"version\": 1,"
        " \"name\": \"v\", \"year\": 2025, \"date\": \"2025-06-16\","
        " \"datums\": {\"sites\": \"gcj02\", \"districts\": \"bd09\"},"
        " \"files\": {\"districts\": \"districts.geojson\","
        " \"facilities\": \"facilities.csv\", \"processes\": "
        "\"processes.csv\", \"depots\": \"depots.csv\", \"vehicle_types\":"
        " \"vehicle_types.csv\", \"sites\": \"sites.csv\", \"demand\":"
        " \"demand.csv\", \"stats\": \"stats.csv\"}}";
    static const char *const stats = "metric,value\nyear,2025\n";
    ts_files files;
    (void)state;
    oom_loop(NULL);
    /* with datum conversion and a statistics file */
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, small_dir, NULL), 0);
    assert_int_equal(ts_files_put(&files, "scenario.json", json, strlen(json)),
                     0);
    assert_int_equal(ts_files_put(&files, "stats.csv", stats, strlen(stats)),
                     0);
    oom_loop(files.f);
    ts_files_free(&files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_load_small),
        cmocka_unit_test(test_load_options),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_embedded),
        cmocka_unit_test(test_check_small),
        cmocka_unit_test(test_check_findings),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_one_allocation_fails),
    };
    snprintf(small_dir, sizeof small_dir, "%s/tests/data/scenarios/small",
             ts_top());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
