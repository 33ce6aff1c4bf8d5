/*
 * cmd_plan.c — `wasteopt plan [SCENARIO] [options]`: the nightly plan of
 * every stream family, written to --out as plan.json, routes.geojson,
 * sites.geojson, stops.csv, routes.csv, map.svg and map.html
 * (cli/plan_out.h).
 *
 * Order of work: options, then the output directory is checked (an
 * unwritable --out fails before anything is computed), then the scenario
 * is loaded, planned and written. SIGINT/SIGTERM stop the search; the best
 * plan found is still written (exit 130). A second signal ends the process
 * at once; the atomic writes leave either the previous or the new files.
 */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include "cli/cli.h"
#include "cli/args.h"

#include "cli/out.h"
#include "cli/plan_out.h"
#include "cli/progress.h"
#include "cli/svgmap.h"
#include "cli/scenario_arg.h"
#include "geo/graph.h"
#include "solver/plan/budget.h"
#include "solver/plan/plan.h"

#include "cli/json.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_OUT "plan-out"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt plan [SCENARIO] [--graph GRAPH [--allow-far]]\n"
            "                     [--date YYYY-MM-DD]\n"
            "                     [--days N] [--time-limit S] [--iterations N]\n"
            "                     [--stall-iterations N] [--stall-seconds S]\n"
            "                     [--seed N] [--threads N] [--out DIR] [--json]\n"
            "                     [--out-datum wgs84|gcj02|bd09]\n"
            "                     [--write-lp DIR] [--write-mps DIR] [--quiet]\n"
            "                     [--tile-url URL] [--tile-attribution TEXT]\n"
            "                     [--baseline PLAN.json [--stability-cost PCT]]\n"
            "                     [--district ADCODE[,ADCODE...]]... "
            "[--map-lines N]\n"
            "\n"
            "Plan the collection and transfer routes of every waste stream. "
            "SCENARIO is a\n"
            "scenario directory (or its scenario.json); without it the "
            "embedded Chongqing\n"
            "default is planned.\n"
            "\n"
            "  --graph GRAPH   road graph (from 'wasteopt osm import'): travel "
            "times along\n"
            "                  the roads, routes drawn along them (default: "
            "great-circle\n"
            "                  distance x the scenario's circuity factor)\n"
            "  --date D        plan date (default: the scenario's); its month "
            "selects\n"
            "                  seasonal demand such as straw\n"
            "  --days N        days planned, 1-28 (default: scenario, else 1); "
            "medical waste\n"
            "                  is collected within its storage limit over them\n"
            "  --time-limit S  seconds for the whole plan (default: scenario, "
            "else 60)\n"
            "  --iterations N  iteration limit per routing problem; with "
            "--seed, the same\n"
            "                  limit gives a byte-identical plan.json on any "
            "machine load:\n"
            "                  every decision then comes from counts and "
            "--time-limit is\n"
            "                  only a safety cap, to be set well above the "
            "run's time\n"
            "                  (a cap that is reached cuts the run short)\n"
            "  --stall-iterations N\n"
            "                  stop rule: a routing search ends once N "
            "iterations in a row\n"
            "                  found no better plan of its problem (default "
            "%ld; 0: never);\n"
            "                  counted, so runs under --iterations stay "
            "deterministic\n"
            "  --stall-seconds S\n"
            "                  the same in seconds (default %g; 0: never), "
            "only without\n"
            "                  --iterations. A converged run ends before "
            "--time-limit,\n"
            "                  which stays the cap; stderr says how many "
            "searches did\n"
            "  --seed N        random seed (default: scenario, else 1)\n"
            "  --out-datum D   datum of the coordinates in stops.csv, "
            "routes.geojson and\n"
            "                  sites.geojson: wgs84 (default), gcj02 (Amap, "
            "Tencent) or\n"
            "                  bd09 (Baidu); map.svg stays WGS84\n"
            "  --threads N     routing problems solved at once (default: the cores)\n"
            "  --out DIR       output directory (default ./" DEFAULT_OUT ")\n"
            "  --json          print the summary as JSON on stdout, with the "
            "run's wall\n"
            "                  time (\"seconds\"), which plan.json does not "
            "carry\n"
            "  --write-lp DIR  write every flow MIP the plan solves (second "
            "echelon and\n"
            "                  residues transfer_dD_STREAM, spoil "
            "earthwork_dD) as CPLEX\n"
            "                  LP, and DIR/models.csv: each model's status and "
            "the objective\n"
            "                  the plan used (check: glpsol --lp "
            "DIR/NAME.lp)\n"
            "  --write-mps DIR the same as free MPS (glpsol --freemps "
            "DIR/NAME.mps)\n"
            "  --tile-url URL  background tiles of map.html, a template with "
            "{z}/{x}/{y}\n"
            "                  (default: OpenStreetMap's; '' for none); the "
            "district\n"
            "                  boundaries are drawn from the scenario "
            "either way\n"
            "  --tile-attribution TEXT\n"
            "                  the tiles' attribution shown on the map "
            "(default with\n"
            "                  OpenStreetMap's tiles: theirs)\n",
            WO_PLAN_STALL_ITERATIONS, WO_PLAN_STALL_S);
    fprintf(f,
            "  --baseline PLAN.json\n"
            "                  stable territories: keep each stop on the "
            "vehicle (and\n"
            "                  roughly in the order) it had in PLAN.json, a "
            "plan.json of\n"
            "                  this scenario written earlier, unless that "
            "costs more than\n"
            "                  the tolerance: each routing problem is solved "
            "free and\n"
            "                  anchored on half its time; summary.baseline "
            "reports the\n"
            "                  stops compared, those that changed vehicle "
            "and the cost\n"
            "                  against the free solve\n"
            "  --stability-cost PCT\n"
            "                  that tolerance, percent of the free solve's "
            "route cost\n"
            "                  (default 2)\n");
    fprintf(f,
            "  --district ADCODE[,ADCODE...]\n"
            "                  map.svg shows only these districts (repeatable): "
            "zoomed to\n"
            "                  them, with the routes that have a visit in "
            "one and the\n"
            "                  transfers that start or end in one; every "
            "other file stays\n"
            "                  complete. ADCODE is a district code of the "
            "scenario\n"
            "                  (districts.geojson), e.g. 500103 for 渝中区\n"
            "  --map-lines N   routes a panel of map.svg draws as lines at "
            "most (default\n"
            "                  %d); a stream family with more is drawn "
            "aggregated: a hull\n"
            "                  per route around its stops over a heat grid "
            "of the stops\n"
            "  --quiet         no progress, no summary table\n"
            "\n"
            "Outputs (replaced atomically as one set): plan.json, "
            "routes.geojson,\n"
            "sites.geojson, stops.csv (one row per visit) and routes.csv "
            "(one row per\n"
            "vehicle route; both open in Excel, times after midnight as "
            "\"+1 01:10:12\"\n"
            "and ISO 8601), map.svg (a panel per stream family; open in a "
            "browser),\n"
            "map.html (open in a browser: map with a layer per stream, "
            "route list with\n"
            "the visits, unserved stops, indicators; Leaflet from "
            "libjs-leaflet inlined,\n"
            "so it opens offline).\n"
            "\n"
            "exit status: 0 every demand served, 1 error (also: places far "
            "from the\n"
            "             --graph), 2 usage, 3 demand left unserved (listed "
            "with reasons\n"
            "             in plan.json) or far places planned with "
            "--allow-far,\n"
            "             130 interrupted (best plan written)\n",
            WO_SVGMAP_MAX_ROUTE_LINES);
}

/* Most --district options on one command line. */
#define MAX_DISTRICT_OPTS 64

/* The districts of the --district values specs[n_specs] (each one code or
 * a comma list) as indices into sc->districts, each once, into a new array
 * *out (freed by the caller) of *n_out. 0, or -1 with the message (the
 * bad code and every valid one) printed. */
static int resolve_districts(const wo_scenario *sc, const char *const *specs,
                             int n_specs, int **out, int *n_out)
{
    int *idx = calloc((size_t)sc->n_districts + 1, sizeof *idx);
    int i, k, n = 0;
    *out = NULL;
    *n_out = 0;
    if (!idx) {
        fprintf(stderr, "wasteopt plan: out of memory\n");
        return -1;
    }
    for (i = 0; i < n_specs; i++) {
        const char *p = specs[i];
        for (;;) {
            size_t len = strcspn(p, ",");
            char code[64];
            int d = -1;
            if (len > 0 && len < sizeof code) {
                memcpy(code, p, len);
                code[len] = '\0';
                d = wo_scenario_find_district(sc, code);
            }
            if (d < 0) {
                fprintf(stderr, "wasteopt plan: --district: '%.*s' is no "
                                "district code of scenario %s; valid codes:",
                        (int)(len < 64 ? len : 64), p, sc->name);
                for (k = 0; k < sc->n_districts; k++)
                    fprintf(stderr, "%s %s %s", k ? "," : "",
                            sc->districts[k].id, sc->districts[k].name);
                fprintf(stderr, "%s\n", sc->n_districts ? "" : " none");
                free(idx);
                return -1;
            }
            for (k = 0; k < n && idx[k] != d; k++)
                ;
            if (k == n)
                idx[n++] = d;
            if (p[len] != ',')
                break;
            p += len + 1;
        }
    }
    *out = idx;
    *n_out = n;
    return 0;
}

/* The stop rule's options, --stall-iterations N and --stall-seconds S
 * (0: never), into *it and *sec (left as they are when not given, -1).
 * Returns 1 when argv[*i] was one of them (its value consumed), 0 when it
 * is another option, -1 on a bad value (printed). */
static int stall_option(int argc, char **argv, int *i, long *it, double *sec)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--stall-iterations"))
        return wo_cli_opt_long("plan", argc, argv, i, 0, 1000000000L, it)
                   ? -1
                   : 1;
    if (strcmp(a, "--stall-seconds"))
        return 0;
    if (*i + 1 >= argc || wo_parse_double(argv[*i + 1], sec) != WO_OK ||
        !(*sec >= 0) || *sec > 1e6) {
        fprintf(stderr, "wasteopt plan: --stall-seconds needs a number of "
                        "seconds >= 0 (0: never)\n");
        return -1;
    }
    ++*i;
    return 1;
}

/* --out-datum D into *d: 1 when argv[*i] is that option (its value
 * consumed), 0 when it is another, -1 on a bad value (printed). The
 * datums of web maps only: CGCS2000 differs from WGS84 by centimetres. */
static int datum_option(int argc, char **argv, int *i, wo_datum *d)
{
    if (strcmp(argv[*i], "--out-datum"))
        return 0;
    if (*i + 1 >= argc || wo_datum_parse(argv[*i + 1], d) != WO_OK ||
        *d == WO_DATUM_CGCS2000) {
        fprintf(stderr, "wasteopt plan: --out-datum needs wgs84, gcj02 "
                        "(Amap, Tencent) or bd09 (Baidu)%s%s%s\n",
                *i + 1 < argc ? ", not '" : "",
                *i + 1 < argc ? argv[*i + 1] : "", *i + 1 < argc ? "'" : "");
        return -1;
    }
    ++*i;
    return 1;
}

/* Say on stderr when searches ended early by the stop rule. */
static void note_converged(wo_cli_progress *prog, const wo_plan *p,
                           const wo_plan_params *prm)
{
    const wo_plan_summary *s = &p->summary;
    char rule[96];
    if (s->converged <= 0)
        return;
    if (prm->max_iterations > 0 || prm->stall_s <= 0)
        snprintf(rule, sizeof rule, "%ld iterations", prm->stall_iterations);
    else if (prm->stall_iterations <= 0)
        snprintf(rule, sizeof rule, "%g s", prm->stall_s);
    else
        snprintf(rule, sizeof rule, "%ld iterations or %g s",
                 prm->stall_iterations, prm->stall_s);
    wo_cli_progress_note(prog, "converged: %d of %d routing searches stopped "
                         "early, no better plan in %s "
                         "(--stall-iterations, --stall-seconds)",
                         s->converged, s->searches, rule);
}

/* The human summary on stdout. */
static void print_summary(const wo_scenario *sc, const wo_plan *p,
                          const char *out_dir)
{
    const wo_plan_summary *s = &p->summary;
    int i, n_hard = 0;
    printf("plan of %s for %s (%d day%s)%s\n", sc->name, p->date, p->days,
           p->days == 1 ? "" : "s",
           s->interrupted ? " -- interrupted, best plan so far" : "");
    printf("  cost %.2f CNY, %.1f km, %.1f vehicle-hours, %d vehicles, %d "
           "routes, %d transfers\n",
           s->cost_cny, s->dist_m / 1000.0, s->dur_s / 3600.0,
           s->vehicles_used, s->routes, p->n_transfers);
    printf("  %-18s %10s %10s %10s %12s\n", "stream", "due t", "served t",
           "unserved t", "transfer t");
    for (i = 0; i < WO_STREAM_COUNT; i++) {
        if (s->due_kg[i] <= 0 && s->served_kg[i] <= 0 && s->unserved_kg[i] <= 0)
            continue;
        printf("  %-18s %10.2f %10.2f %10.2f %12.2f\n", wo_stream_get(i)->code,
               s->due_kg[i] / 1000.0, s->served_kg[i] / 1000.0,
               s->unserved_kg[i] / 1000.0, s->transferred_kg[i] / 1000.0);
    }
    for (i = 0; i < p->n_unserved; i++)
        n_hard += strcmp(p->unserved[i].reason, "penalty") != 0;
    if (p->n_unserved > 0) {
        printf("  %d unserved (%d mandatory); the first:\n", p->n_unserved,
               n_hard);
        for (i = 0; i < p->n_unserved && i < 5; i++)
            printf("    %s %s day %d: %.1f kg, %s\n", p->unserved[i].site,
                   wo_stream_get(p->unserved[i].stream)->code,
                   p->unserved[i].day + 1, p->unserved[i].amount_kg,
                   p->unserved[i].detail);
    }
    for (i = 0; i < p->n_binding; i++)
        printf("  binding: %s\n", p->binding[i]);
    if (s->has_baseline)
        printf("  baseline: %d stops compared, %d changed vehicle (%.1f %%), "
               "route cost %+.2f %% against the free solve\n",
               s->stops_compared, s->stops_changed_vehicle,
               s->stops_compared > 0 ? 100.0 * s->stops_changed_vehicle /
                                           s->stops_compared
                                     : 0.0,
               s->cost_vs_free_pct);
    printf("outputs in %s/: plan.json routes.geojson sites.geojson stops.csv "
           "routes.csv map.svg map.html\n",
           out_dir);
}

/* DIR/models.csv: one row per flow MIP written (name, kind, 1-based day,
 * stream, status of the plan's solve, the objective it used). */
static int write_models(const char *dir, const wo_plan *p, wo_err *err)
{
    char *path = wo_out_join(dir, "models.csv");
    wo_outfile o;
    wo_csvw c;
    int i, rc;
    if (!path)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    rc = wo_out_open(&o, path, err);
    wo_free(path);
    if (rc != WO_OK)
        return rc;
    wo_csvw_init(&c, o.f, 0);
    wo_csvw_str(&c, "name");
    wo_csvw_str(&c, "kind");
    wo_csvw_str(&c, "day");
    wo_csvw_str(&c, "stream");
    wo_csvw_str(&c, "status");
    wo_csvw_str(&c, "objective");
    wo_csvw_end_row(&c);
    for (i = 0; i < p->n_models; i++) {
        const wo_plan_model *m = &p->models[i];
        wo_csvw_str(&c, m->name);
        wo_csvw_str(&c, m->kind);
        wo_csvw_long(&c, m->day + 1);
        wo_csvw_str(&c, wo_stream_get(m->stream)->code);
        wo_csvw_str(&c, m->status);
        wo_csvw_num(&c, m->objective, 6);
        wo_csvw_end_row(&c);
    }
    return wo_out_commit(&o, err);
}

/* The output sets of a run (base/atomic.h): the plan's directory and the
 * --write-lp / --write-mps directories, one set per distinct directory
 * (the same directory given twice shares one set). */
typedef struct plan_sets {
    wo_atomic_set set[3];
    char *real[3]; /* resolved directory of each set */
    int n;
} plan_sets;

/* The staging directory to write dir's files into, starting a set for dir
 * unless one with the same resolved directory is open. NULL with err. */
static const char *sets_stage(plan_sets *ps, const char *dir, wo_err *err)
{
    char *real = realpath(dir, NULL);
    int i;
    if (!real) {
        wo_err_set(err, WO_EIO, "output directory '%s': %s", dir,
                   wo_errno_text(errno));
        return NULL;
    }
    for (i = 0; i < ps->n; i++)
        if (!strcmp(ps->real[i], real)) {
            free(real);
            return ps->set[i].stage;
        }
    if (wo_atomic_set_begin(&ps->set[ps->n], dir, err) != WO_OK) {
        free(real);
        return NULL;
    }
    ps->real[ps->n] = real;
    return ps->set[ps->n++].stage;
}

/* Commit every set (commit != 0) or drop them all; the first error goes
 * to err. */
static int sets_finish(plan_sets *ps, int commit, wo_err *err)
{
    int i, rc = WO_OK;
    for (i = 0; i < ps->n; i++) {
        if (commit && rc == WO_OK)
            rc = wo_atomic_set_commit(&ps->set[i], err);
        else
            wo_atomic_set_abort(&ps->set[i]);
        free(ps->real[i]);
    }
    ps->n = 0;
    return rc;
}

void (*wo_cli_plan_solver)(struct wo_plan_params *prm) = NULL;

int wo_cmd_plan(int argc, char **argv)
{
    const char *scenario = NULL, *date = NULL, *out_dir = DEFAULT_OUT;
    const char *graph_path = NULL, *lp_dir = NULL, *mps_dir = NULL;
    const char *baseline_path = NULL;
    double stability_pct = -1;
    wo_plan_baseline_file baseline;
    const char *district_specs[MAX_DISTRICT_OPTS];
    int n_district_specs = 0, *map_districts = NULL;
    long map_lines = 0;
    wo_maphtml_opts page = {NULL, NULL, NULL};
    wo_graph *graph = NULL;
    long days = 0, iterations = -1, seed = -1, threads = wo_cli_default_threads();
    long stall_it = -1;
    double time_limit = 0, stall_s = -1;
    int json = 0, quiet = 0, allow_far = 0, i, k, rc, status = WO_EXIT_OK;
    int n_hard = 0;
    wo_scenario *sc = NULL;
    wo_plan *plan = NULL;
    wo_json *indicators = NULL;
    wo_plan_params prm;
    wo_plan_out_opts out_opts;
    plan_sets sets;
    const char *out_stage = NULL, *lp_stage = NULL, *mps_stage = NULL;
    wo_cli_progress prog;
    wo_cancel_flag cancel = 0;
    wo_err err;

    /* The command's clock starts now: the time limit, known once the
     * scenario is loaded, counts from here. */
    double t0 = wo_now_s(), limit_s;
    wo_deadline deadline;
    int drawn = 0;

    wo_err_clear(&err);
    memset(&baseline, 0, sizeof baseline);
    memset(&sets, 0, sizeof sets);
    memset(&out_opts, 0, sizeof out_opts);
    out_opts.map = &page;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
        } else if (!strcmp(a, "--date")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &date))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--out")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &out_dir))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--days")) {
            if (wo_cli_opt_long("plan", argc, argv, &i, 1, 28, &days))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--iterations")) {
            if (wo_cli_opt_long("plan", argc, argv, &i, 1, 1000000000L,
                                &iterations))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--seed")) {
            if (wo_cli_opt_long("plan", argc, argv, &i, 0, 2147483647L, &seed))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--threads")) {
            if (wo_cli_opt_long("plan", argc, argv, &i, 1, 64, &threads))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--time-limit")) {
            if (i + 1 >= argc ||
                wo_parse_double(argv[i + 1], &time_limit) != WO_OK ||
                !(time_limit > 0) || time_limit > 1e6) {
                fprintf(stderr, "wasteopt plan: --time-limit needs a number "
                                "of seconds > 0\n");
                return WO_EXIT_USAGE;
            }
            i++;
        } else if ((k = stall_option(argc, argv, &i, &stall_it,
                                     &stall_s)) != 0) {
            if (k < 0)
                return WO_EXIT_USAGE;
        } else if ((k = datum_option(argc, argv, &i, &out_opts.datum)) !=
                   0) {
            if (k < 0)
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--write-lp")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &lp_dir))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--write-mps")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &mps_dir))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--graph")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &graph_path))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--district")) {
            if (n_district_specs == MAX_DISTRICT_OPTS) {
                fprintf(stderr, "wasteopt plan: more than %d --district "
                                "options (a comma list takes many)\n",
                        MAX_DISTRICT_OPTS);
                return WO_EXIT_USAGE;
            }
            if (wo_cli_opt_str("plan", argc, argv, &i,
                               &district_specs[n_district_specs]))
                return WO_EXIT_USAGE;
            n_district_specs++;
        } else if (!strcmp(a, "--map-lines")) {
            if (wo_cli_opt_long("plan", argc, argv, &i, 1, 1000000000L,
                                &map_lines))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--baseline")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &baseline_path))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--stability-cost")) {
            if (i + 1 >= argc ||
                wo_parse_double(argv[i + 1], &stability_pct) != WO_OK ||
                !(stability_pct >= 0) || stability_pct > 1000) {
                fprintf(stderr, "wasteopt plan: --stability-cost needs a "
                                "percentage from 0 to 1000\n");
                return WO_EXIT_USAGE;
            }
            i++;
        } else if (!strcmp(a, "--allow-far")) {
            allow_far = 1;
        } else if (!strcmp(a, "--tile-url")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &page.tile_url))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--tile-attribution")) {
            if (wo_cli_opt_str("plan", argc, argv, &i, &page.tile_attribution))
                return WO_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "wasteopt plan: unknown option '%s'\n", a);
            usage(stderr);
            return WO_EXIT_USAGE;
        } else if (scenario) {
            fprintf(stderr, "wasteopt plan: more than one SCENARIO ('%s', "
                            "'%s')\n", scenario, a);
            return WO_EXIT_USAGE;
        } else {
            scenario = a;
        }
    }

    if (stability_pct >= 0 && !baseline_path) {
        fprintf(stderr, "wasteopt plan: --stability-cost needs --baseline\n");
        return WO_EXIT_USAGE;
    }
    /* The output directory first: fail before any work. */
    if (wo_out_prepare_dir(out_dir, &err) != WO_OK ||
        (lp_dir && wo_out_prepare_dir(lp_dir, &err) != WO_OK) ||
        (mps_dir && wo_out_prepare_dir(mps_dir, &err) != WO_OK)) {
        fprintf(stderr, "wasteopt plan: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    /* Each directory is replaced as a whole at the end (base/atomic.h
     * sets): the models go to the staging directories as they are solved. */
    if (!(out_stage = sets_stage(&sets, out_dir, &err)) ||
        (lp_dir && !(lp_stage = sets_stage(&sets, lp_dir, &err))) ||
        (mps_dir && !(mps_stage = sets_stage(&sets, mps_dir, &err)))) {
        fprintf(stderr, "wasteopt plan: %s\n", err.msg);
        sets_finish(&sets, 0, NULL);
        return WO_EXIT_ERROR;
    }
    if (wo_cli_load_scenario(scenario, &sc, &err) != WO_OK) {
        fprintf(stderr, "wasteopt plan: %s\n", err.msg);
        sets_finish(&sets, 0, NULL);
        return WO_EXIT_ERROR;
    }
    /* The map's districts are the scenario's: checked once it is loaded,
     * still before any planning. */
    if (n_district_specs > 0 &&
        resolve_districts(sc, district_specs, n_district_specs,
                          &map_districts, &out_opts.n_map_districts) != 0) {
        sets_finish(&sets, 0, NULL);
        wo_scenario_free(sc);
        return WO_EXIT_USAGE;
    }
    out_opts.map_districts = map_districts;
    out_opts.map_max_lines = (int)map_lines;
    if (date && wo_cli_set_date(sc, date, &err) != WO_OK) {
        fprintf(stderr, "wasteopt plan: %s\n", err.msg);
        sets_finish(&sets, 0, NULL);
        wo_scenario_free(sc);
        free(map_districts);
        return WO_EXIT_USAGE;
    }
    /* The baseline is checked against the scenario before any planning;
     * from here on a failure leaves by `done`, which frees what is held. */
    if (baseline_path &&
        wo_plan_baseline_read(sc, baseline_path, &baseline, &err) != WO_OK) {
        fprintf(stderr, "wasteopt plan: %s\n", err.msg);
        status = WO_EXIT_ERROR;
        goto done;
    }
    if (graph_path && wo_graph_load(graph_path, &graph, &err) != WO_OK) {
        fprintf(stderr, "wasteopt plan: --graph: %s\n", err.msg);
        status = WO_EXIT_ERROR;
        goto done;
    }

    wo_plan_params_init(&prm, sc);
    wo_plan_use_vrp(&prm);
    if (days > 0)
        prm.days = (int)days;
    /* The time limit holds for the whole command: one deadline from its
     * start, so loading the scenario and the graph counts; with a graph
     * the road geometry after the plan gets a share of it (budget.h). */
    limit_s = time_limit > 0 ? time_limit : wo_plan_budget_limit_s(sc);
    deadline.at_s = t0 + limit_s;
    prm.deadline = wo_plan_budget_command(deadline, graph != NULL);
    if (iterations > 0)
        prm.max_iterations = iterations;
    if (seed >= 0)
        prm.seed = (uint64_t)seed;
    if (stall_it >= 0)
        prm.stall_iterations = stall_it;
    if (stall_s >= 0)
        prm.stall_s = stall_s;
    prm.threads = (int)threads;
    if (wo_cli_plan_solver)
        wo_cli_plan_solver(&prm);
    prm.graph = graph;
    prm.allow_far = allow_far;
    prm.write_lp_dir = lp_stage;
    prm.write_mps_dir = mps_stage;
    if (baseline_path) {
        prm.baseline = &baseline.bl;
        if (stability_pct >= 0)
            prm.stability_pct = stability_pct;
    }
    wo_cli_progress_init(&prog, stderr, quiet, -1);
    prm.progress = wo_cli_progress_report;
    prm.progress_ud = &prog;
    prm.cancel = &cancel;
    wo_cli_signals_install(&cancel);
    wo_cli_progress_note(&prog,
                         "planning %s for %s: %d day%s, time limit %.0f s, "
                         "seed %lu",
                         sc->name, sc->date, prm.days,
                         prm.days == 1 ? "" : "s", limit_s,
                         (unsigned long)prm.seed);

    rc = wo_plan_run(sc, &prm, &plan, &err);
    if (rc != WO_OK) {
        wo_cli_progress_finish(&prog);
        fprintf(stderr, "wasteopt plan: %s\n", err.msg);
        if (rc == WO_ERANGE && graph && !allow_far)
            fprintf(stderr, "wasteopt plan: check that --graph '%s' covers "
                            "the scenario; --allow-far plans from the "
                            "nearest road and lists these places in "
                            "plan.json\n",
                    graph_path);
        status = WO_EXIT_ERROR;
        goto done;
    }
    /* The run's wall time is no part of the plan (plan.json stays the same
     * for the same seed and iterations): stderr and the --json summary. */
    wo_cli_progress_note(&prog, "planned in %.2f s", plan->summary.seconds);
    note_converged(&prog, plan, &prm);
    if (plan->summary.interrupted)
        wo_cli_progress_note(&prog, "interrupted: writing the best plan found");
    if (plan->n_far > 0)
        wo_cli_progress_note(&prog, "%d places lie more than %.0f m from the "
                             "road graph (the farthest: %s %s, %.0f m); "
                             "routed from the nearest road, listed in "
                             "plan.json far_points",
                             plan->n_far, prm.max_snap_m, plan->far[0].kind,
                             plan->far[0].id, plan->far[0].dist_m);
    /* Routes along the roads for the GeoJSON and the map (straight lines
     * between the visits when this fails or is interrupted). */
    if (graph && !cancel) {
        if (wo_plan_road_geometry(plan, graph, &cancel,
                                  wo_plan_budget_before(
                                      deadline, WO_PLAN_WRITE_MARGIN_S),
                                  &err) != WO_OK)
            wo_cli_progress_note(&prog, "road geometry: %s", err.msg);
        for (i = 0; i < plan->n_routes; i++)
            drawn += plan->routes[i].n_path > 0;
        if (drawn < plan->n_routes)
            wo_cli_progress_note(&prog, "road geometry: %d of %d routes drawn "
                                 "along the roads within the time limit, "
                                 "the others as straight lines",
                                 drawn, plan->n_routes);
    }
    /* Signals stay routed to the flag while writing: a first signal now
     * does not cut the writes short; a second one ends the process, and
     * the atomic writes keep every file whole. */
    indicators = wo_plan_indicators_json(sc, plan, &err);
    if (!indicators && err.code == WO_ENOMEM)
        rc = WO_ENOMEM; /* a plan without its indicators is not written */
    else if (!indicators)
        wo_cli_progress_note(&prog, "indicators not computed: %s", err.msg);
    /* A page without its map is still written, and said even with
     * --quiet: the rest of the page and every other file are whole. */
    if (rc == WO_OK && wo_maphtml_leaflet_check() != 0 && errno != ENOMEM)
        fprintf(stderr, "wasteopt plan: warning: map.html written without "
                        "its map: Leaflet not found in %s (%s); install "
                        "libjs-leaflet or set WO_LEAFLET_DIR\n",
                wo_maphtml_leaflet_dir(), wo_errno_text(errno));
    if (rc == WO_OK)
        rc = wo_plan_write_files(out_stage, sc, plan, indicators, &out_opts,
                                 &err);
    if (rc == WO_OK && lp_stage)
        rc = write_models(lp_stage, plan, &err);
    if (rc == WO_OK && mps_stage)
        rc = write_models(mps_stage, plan, &err);
    if (rc == WO_OK)
        rc = sets_finish(&sets, 1, &err);
    wo_json_decref(indicators);
    wo_cli_progress_finish(&prog);
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt plan: %s\n", err.msg);
        status = WO_EXIT_ERROR;
        goto done;
    }
    for (i = 0; i < plan->n_unserved; i++)
        n_hard += strcmp(plan->unserved[i].reason, "penalty") != 0;
    if (json) {
        wo_json *s = wo_plan_summary_json(sc, plan);
        if (s) {
            wo_json_object_set_new(s, "out", wo_json_string(out_dir));
            wo_json_object_set_new(s, "seconds",
                                   wo_json_num(plan->summary.seconds, 2));
            wo_json_dumpf(s, stdout, WO_JSON_INDENT(2) | WO_JSON_PRESERVE_ORDER |
                                      WO_JSON_REAL_PRECISION(10));
            fputc('\n', stdout);
            wo_json_decref(s);
        }
    } else if (!quiet) {
        print_summary(sc, plan, out_dir);
    }
    if (plan->summary.interrupted || cancel)
        status = WO_EXIT_INTERRUPTED;
    else if (n_hard > 0 || plan->n_far > 0)
        status = WO_EXIT_TARGET;
done:
    sets_finish(&sets, 0, NULL);
    wo_cli_signals_restore();
    wo_plan_free(plan);
    wo_graph_free(graph);
    wo_plan_baseline_file_free(&baseline);
    wo_scenario_free(sc);
    free(map_districts);
    return status;
}
