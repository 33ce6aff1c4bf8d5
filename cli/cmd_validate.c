/*
 * cmd_validate.c — `wasteopt validate [SCENARIO] [--json] [--quiet]`:
 * load a scenario (a directory, or the embedded default), print per-stream
 * demand against fleet and facility capacity and every infeasibility
 * visible before routing: data/validate.h's checks and the plan's own
 * pre-routing decisions (wo_plan_precheck).
 *
 * Exit: 0 no errors (warnings allowed), 1 the scenario does not load,
 * 2 usage, 3 it loads but has infeasibilities (see cli.h).
 */
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/scenario_arg.h"

#include "data/capacity.h"
#include "data/model.h"
#include "data/validate.h"
#include "solver/plan/haulcheck.h"
#include "solver/plan/plan.h"
#include "solver/plan/servable.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt validate [SCENARIO] [--json] [--quiet]\n"
            "\n"
            "Check a scenario before a run. SCENARIO is a directory with "
            "scenario.json\n"
            "(or the scenario.json file itself); without it the embedded "
            "Chongqing default\n"
            "is checked. Prints, per stream, sites, t/d and m3/d of demand, "
            "fleet capacity\n"
            "and facility capacity, then every problem found: errors (a run "
            "cannot serve\n"
            "everything) and warnings. The plan's own pre-routing checks run "
            "too: a demand\n"
            "no vehicle serves alone within its shift or reaches in a time "
            "window, a\n"
            "site, station or plant whose full-load trips (spoil, slurry, "
            "onward transfer,\n"
            "residues) no vehicle makes alone within its shift, a residue "
            "no haul\n"
            "vehicle carries, and\n"
            "demand above what the fleet (or a district's own fleet, for a "
            "district-run\n"
            "stream) can load in a day, are errors; implausible\n"
            "payloads (under 100 kg, over 60 t) warn. Exit 0 means the plan "
            "has no\n"
            "structural reason to leave mandatory demand.\n"
            "\n"
            "  --json    print the report as JSON on stdout\n"
            "  --quiet   print only errors and the closing line\n"
            "\n"
            "exit status: 0 no errors, 1 the scenario does not load, 2 "
            "usage,\n"
            "             3 the scenario loads but has infeasibilities\n");
}

static const char *sev_name(wo_severity s)
{
    return s == WO_SEV_ERROR ? "error" : "warning";
}

/* Loose density of stream s as its active demand gives it (0: none). */
static double demand_density(const wo_check *c, int s)
{
    const wo_stream_summary *m = &c->streams[s];
    return m->m3_per_day > 0 ? m->kg_per_day / m->m3_per_day : 0;
}

/* What binds a trip of stream s (data/capacity.h) into *b: 1 when the
 * stream has demand and vehicles (a line of the report), else 0. */
static int trip_binding(const wo_scenario *sc, const wo_check *c, int s,
                        wo_trip_binding *b)
{
    if (c->streams[s].kg_per_day <= 0)
        return 0;
    wo_stream_trip_binding(sc, s, demand_density(c, s), b);
    return b->binds != WO_BIND_NONE;
}

/* Per stream with demand and vehicles: which of t or m3 limits a trip
 * (data/capacity.h), and what the fleet carries per trip against its
 * nominal payload. */
static void print_trip_binding(const wo_scenario *sc, const wo_check *c)
{
    int s, head = 0;
    for (s = 0; s < WO_STREAM_COUNT; s++) {
        wo_trip_binding b;
        if (!trip_binding(sc, c, s, &b))
            continue;
        if (!head++)
            printf("what limits a trip (a full load of each vehicle):\n");
        printf("  %-18s %-8s binds: %.1f t of %.1f t nominal per trip of "
               "the fleet (loose %.0f kg/m3)\n",
               wo_stream_get(s)->code, wo_bind_name(b.binds),
               b.payload_kg / 1000, b.nominal_kg / 1000, b.density_kg_per_m3);
    }
    if (head)
        printf("\n");
}

/* The same as a JSON array (NULL when out of memory). */
static wo_json *trip_binding_json(const wo_scenario *sc, const wo_check *c)
{
    wo_json *a = wo_json_array();
    int s;
    for (s = 0; a && s < WO_STREAM_COUNT; s++) {
        wo_trip_binding b;
        if (!trip_binding(sc, c, s, &b))
            continue;
        if (wo_json_array_append_new(
                a, wo_json_pack("{s:s, s:s, s:i, s:i, s:f, s:f, s:f}",
                                "stream", wo_stream_get(s)->code, "binds",
                                wo_bind_name(b.binds), "vehicle_types",
                                b.n_types, "vehicle_types_m3", b.n_types_m3,
                                "payload_kg_per_trip", b.payload_kg,
                                "nominal_kg_per_trip", b.nominal_kg,
                                "density_kg_per_m3",
                                b.density_kg_per_m3)) != 0) {
            wo_json_decref(a);
            return NULL;
        }
    }
    return a;
}

static void print_text(const wo_scenario *sc, const wo_check *c, int quiet)
{
    int s, i, sev;
    if (!quiet) {
        printf("scenario %s (%s), year %d, plan date %s\n", sc->name,
               sc->source, sc->year, sc->date);
        printf("%d districts, %d sites, %d demand rows, %d facilities, %d "
               "processes, %d depots, %d vehicle types\n",
               sc->n_districts, sc->n_sites, sc->n_demands, sc->n_facilities,
               sc->n_processes, sc->n_depots, sc->n_vehicle_types);
        if (c->n_inactive_rows)
            printf("%d demand rows are not active on %s (season or "
                   "reservation date)\n",
                   c->n_inactive_rows, sc->date);
        for (i = 0; i < sc->n_warnings; i++)
            printf("warning: %s\n", sc->warnings[i]);
        printf("\n%-18s %6s %10s %10s %5s %10s %10s %5s %10s %10s\n", "stream",
               "sites", "t/d", "m3/d", "veh", "fleet t/d", "fleet m3/d", "fac",
               "cap t/d", "treat t/d");
        for (s = 0; s < WO_STREAM_COUNT; s++) {
            const wo_stream_summary *m = &c->streams[s];
            if (m->kg_per_day <= 0 && m->n_facilities == 0 &&
                m->n_vehicles == 0)
                continue;
            printf("%-18s %6d %10.2f %10.2f %5d %10.1f ",
                   wo_stream_get(s)->code, m->n_sites, m->kg_per_day / 1000,
                   m->m3_per_day, m->n_vehicles, m->fleet_kg_per_day / 1000);
            /* a compacting fleet has no loose-volume bound */
            if (isfinite(m->fleet_m3_per_day))
                printf("%10.1f", m->fleet_m3_per_day);
            else
                printf("%10s", "compacted");
            printf(" %5d %10.1f %10.1f\n", m->n_facilities,
                   m->facility_kg_per_day / 1000, m->treat_kg_per_day / 1000);
        }
        for (s = 0; s < WO_STREAM_COUNT; s++)
            if (c->streams[s].n_need_sites > 0)
                printf("%s: %.2f t/d backfill need at %d site%s (earthwork "
                       "balance against %.2f t/d excavated)\n",
                       wo_stream_get(s)->code,
                       c->streams[s].need_kg_per_day / 1000,
                       c->streams[s].n_need_sites,
                       c->streams[s].n_need_sites == 1 ? "" : "s",
                       c->streams[s].kg_per_day / 1000);
        printf("\n");
        print_trip_binding(sc, c);
    }
    for (sev = WO_SEV_ERROR; sev >= WO_SEV_WARNING; sev--)
        for (i = 0; i < c->n_issues; i++)
            if ((int)c->issues[i].severity == sev &&
                (!quiet || sev == WO_SEV_ERROR))
                printf("%s: %s\n", sev_name(c->issues[i].severity),
                       c->issues[i].msg);
    printf("%s: %d error%s, %d warning%s\n", c->n_errors ? "INFEASIBLE" : "OK",
           c->n_errors, c->n_errors == 1 ? "" : "s", c->n_warnings,
           c->n_warnings == 1 ? "" : "s");
}

static int print_json(const wo_scenario *sc, const wo_check *c)
{
    wo_json *root = wo_json_object(), *streams = wo_json_array(),
            *issues = wo_json_array(), *warnings = wo_json_array();
    int s, i, rc = WO_EXIT_ERROR;
    if (!root || !streams || !issues || !warnings)
        goto out;
    for (s = 0; s < WO_STREAM_COUNT; s++) {
        const wo_stream_summary *m = &c->streams[s];
        if (m->kg_per_day <= 0 && m->n_facilities == 0 && m->n_vehicles == 0)
            continue;
        /* a compacting fleet has no loose-volume bound: null */
        double fleet_m3 =
            isfinite(m->fleet_m3_per_day) ? m->fleet_m3_per_day : -1;
        wo_json *row = wo_json_pack(
            "{s:s, s:s, s:i, s:f, s:f, s:i, s:i, s:f, s:f, s:i, "
                         "s:f, s:f, s:f}",
                         "stream", wo_stream_get(s)->code, "family",
                         wo_family_name(wo_stream_get(s)->family), "sites",
                         m->n_sites, "kg_per_day", m->kg_per_day, "m3_per_day",
                         m->m3_per_day, "vehicle_types", m->n_vehicle_types,
                         "vehicles", m->n_vehicles, "fleet_kg_per_day",
                         m->fleet_kg_per_day, "fleet_m3_per_day",
                         fleet_m3, "facilities", m->n_facilities,
                         "facility_kg_per_day", m->facility_kg_per_day,
                         "treat_kg_per_day", m->treat_kg_per_day,
                         "need_kg_per_day", m->need_kg_per_day);
        if (row && fleet_m3 < 0)
            wo_json_object_set_new(row, "fleet_m3_per_day", wo_json_null());
        wo_json_array_append_new(streams, row);
    }
    for (i = 0; i < c->n_issues; i++) {
        const wo_issue *is = &c->issues[i];
        wo_json_array_append_new(
            issues,
            wo_json_pack("{s:s, s:s, s:s?, s:s}", "severity",
                         sev_name(is->severity), "code", is->code, "stream",
                         is->stream >= 0 ? wo_stream_get(is->stream)->code
                                         : NULL,
                         "message", is->msg));
    }
    for (i = 0; i < sc->n_warnings; i++)
        wo_json_array_append_new(warnings, wo_json_string(sc->warnings[i]));
    wo_json_object_set_new(root, "scenario", wo_json_string(sc->name));
    wo_json_object_set_new(root, "source", wo_json_string(sc->source));
    wo_json_object_set_new(root, "year", wo_json_integer(sc->year));
    wo_json_object_set_new(root, "date", wo_json_string(sc->date));
    wo_json_object_set_new(root, "sites", wo_json_integer(sc->n_sites));
    wo_json_object_set_new(root, "sites_outside_districts",
                           wo_json_integer(c->n_sites_outside));
    wo_json_object_set_new(root, "facilities",
                           wo_json_integer(sc->n_facilities));
    wo_json_object_set_new(root, "vehicle_types",
                           wo_json_integer(sc->n_vehicle_types));
    wo_json_object_set_new(root, "errors", wo_json_integer(c->n_errors));
    wo_json_object_set_new(root, "warnings", wo_json_integer(c->n_warnings));
    wo_json_object_set_new(root, "ok", wo_json_boolean(c->n_errors == 0));
    wo_json_object_set_new(root, "streams", streams);
    wo_json_object_set_new(root, "issues", issues);
    wo_json_object_set_new(root, "load_warnings", warnings);
    wo_json_object_set_new(root, "trip_binding", trip_binding_json(sc, c));
    streams = issues = warnings = NULL;
    if (wo_json_dumpf(root, stdout, WO_JSON_INDENT(2)) == 0) {
        fputc('\n', stdout);
        rc = WO_EXIT_OK;
    }
out:
    wo_json_decref(streams);
    wo_json_decref(issues);
    wo_json_decref(warnings);
    wo_json_decref(root);
    return rc;
}

/* Demand rows listed one by one before a summary line. */
#define MAX_LISTED 50

/* The plan's own pre-routing decisions (wo_plan_precheck: the same
 * routing problems wo_plan_run builds, over the scenario's horizon) as
 * errors of the check: a demand the plan would leave unserved before any
 * routing, once per row, with the plan's sentence and figures. No vehicle
 * or no facility for a stream is already a stream-level error of the
 * check. WO_OK, WO_ENOMEM, or the precheck's error in err. */
static int plan_findings(const wo_scenario *sc, wo_check *c, wo_err *err)
{
    wo_plan_params prm;
    wo_plan_unservable *u = NULL;
    int n = 0, i, k, listed = 0, rc;
    wo_plan_params_init(&prm, sc);
    prm.threads = (int)wo_cli_default_threads();
    rc = wo_plan_precheck(sc, &prm, &u, &n, err);
    for (i = 0; rc == WO_OK && i < n; i++) {
        const wo_demand *d = &sc->demands[u[i].demand];
        int seen = 0;
        if (!strcmp(u[i].reason, "no_vehicle") ||
            !strcmp(u[i].reason, "no_facility"))
            continue;
        for (k = 0; k < i && !seen; k++)
            seen = u[k].demand == u[i].demand &&
                   !strcmp(u[k].reason, u[i].reason);
        if (seen)
            continue;
        if (listed++ >= MAX_LISTED)
            continue;
        rc = wo_check_add(
            c, WO_SEV_ERROR, !strcmp(u[i].reason, "shift") ? "shift" : "time",
            (int)d->stream,
            "stream %s: site %s (%s:%d) cannot be served, the plan leaves it "
            "before routing (%s): %s",
            wo_stream_get(d->stream)->code, sc->sites[d->site].id,
            sc->files[WO_TABLE_DEMAND], d->line, u[i].reason,
            u[i].detail[0] ? u[i].detail : wo_plan_reason_text(u[i].reason));
    }
    if (rc == WO_OK && listed > MAX_LISTED)
        rc = wo_check_add(c, WO_SEV_ERROR, "shift", -1,
                          "... and %d more demand rows the plan cannot serve "
                          "(shift or time window)",
                          listed - MAX_LISTED);
    wo_free(u);
    if (rc == WO_ENOMEM && !err->msg[0])
        wo_err_set(err, rc, "out of memory");
    return rc;
}

int wo_cmd_validate(int argc, char **argv)
{
    const char *path = NULL;
    int json = 0, quiet = 0, i, rc, status;
    wo_scenario *sc = NULL;
    wo_check c;
    wo_err err;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            quiet = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "wasteopt validate: unknown option '%s'\n",
                    argv[i]);
            usage(stderr);
            return WO_EXIT_USAGE;
        } else if (!path) {
            path = argv[i];
        } else {
            fprintf(stderr, "wasteopt validate: more than one SCENARIO\n");
            usage(stderr);
            return WO_EXIT_USAGE;
        }
    }
    wo_err_clear(&err);
    rc = wo_cli_load_scenario(path, &sc, &err);
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt validate: %s\n", err.msg);
        if (!path && rc == WO_ENOTFOUND)
            fprintf(stderr, "wasteopt validate: give a scenario directory, "
                            "e.g. 'wasteopt validate data/chongqing'\n");
        return WO_EXIT_ERROR;
    }
    if (wo_scenario_check(sc, &c, &err) != WO_OK) {
        fprintf(stderr, "wasteopt validate: %s\n", err.msg);
        wo_scenario_free(sc);
        return WO_EXIT_ERROR;
    }
    /* the plan layer's bounds: the plan's own pre-routing decisions and
     * what each district-run fleet can load (solver/plan/servable.h),
     * the spoil, slurry and onward trips (solver/plan/haulcheck.h) */
    rc = wo_check_district_loads(sc, &c);
    if (rc == WO_OK) /* full-load trips: one alone within a shift */
        rc = wo_check_haul_trips(sc, &c);
    if (rc != WO_OK)
        wo_err_set(&err, rc, "out of memory");
    if (rc != WO_OK || plan_findings(sc, &c, &err) != WO_OK) {
        fprintf(stderr, "wasteopt validate: %s\n", err.msg);
        wo_check_free(&c);
        wo_scenario_free(sc);
        return WO_EXIT_ERROR;
    }
    status = c.n_errors ? WO_EXIT_TARGET : WO_EXIT_OK;
    if (json) {
        if (print_json(sc, &c) != WO_EXIT_OK) {
            fprintf(stderr, "wasteopt validate: cannot write JSON\n");
            status = WO_EXIT_ERROR;
        }
    } else {
        print_text(sc, &c, quiet);
    }
    if (fflush(stdout) != 0)
        status = WO_EXIT_ERROR;
    wo_check_free(&c);
    wo_scenario_free(sc);
    return status;
}
