/*
 * cmd_whatif.c — `wasteopt whatif [BASE] --change "..." [--change ...]
 * | --changes FILE`: plan the base scenario and each changed variant with
 * the same seed and limits, and print them side by side: cost, km,
 * vehicle-hours, vehicles, served and unserved tonnes and the annex
 * indicators, as a table, CSV or JSON. With --site each variant is
 * re-sited by the network MIP of solver/flow/network.h instead (costs per
 * day, facilities open, rates). The changes are those of
 * solver/plan/whatif.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"

#include "cli/plan_out.h"
#include "cli/progress.h"
#include "cli/scenario_arg.h"
#include "cli/out.h"
#include "solver/plan/budget.h"
#include "solver/plan/plan.h"
#include "solver/plan/policy.h"
#include "solver/plan/site.h"
#include "solver/plan/whatif.h"

#include "cli/json.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VARIANTS 32

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt whatif [BASE] --change \"CHANGE\" [--change ...]\n"
            "       wasteopt whatif [BASE] --changes FILE\n"
            "                      [--time-limit S] [--iterations N] [--seed N]\n"
            "                      [--days N] [--date D] [--threads N]\n"
            "                      [--site] [--csv | --json] [--map FILE] [--quiet]\n"
            "\n"
            "Plan BASE (a scenario directory; default: the embedded Chongqing "
            "default) and\n"
            "each variant, then compare them. Each --change (or each line of "
            "FILE) is one\n"
            "variant; changes joined by ';' make one variant together:\n"
            "  close FACILITY              open FACILITY\n"
            "  capacity FACILITY T_PER_D   scale STREAM FACTOR\n"
            "  fleet VEHICLE_TYPE|STREAM +N|-N\n"
            "  year YEAR                   date YYYY-MM-DD\n"
            "  add-site ID LON LAT STREAM KG_PER_DAY\n"
            "\n"
            "  --time-limit S  seconds per plan (default: the scenario's limit "
            "shared\n"
            "                  among base and variants, at least 5 s each)\n"
            "  --iterations N  iteration limit per routing problem\n"
            "  --site          re-site instead of re-planning: open, close or "
            "expand\n"
            "                  facilities by the network MIP under the "
            "scenario's rules\n"
            "                  (scenario.json \"policy\"; without one the "
            "annex targets of\n"
            "                  the year) and compare costs, openings, rates; "
            "a rule that\n"
            "                  cannot be kept costs its emergency price "
            "(\"penalty\" rows)\n"
            "  --csv, --json   comparison as CSV or JSON on stdout (default: a "
            "table)\n"
            "  --map FILE      also write FILE, a page for a browser: the base "
            "plan on a\n"
            "                  map with its route list and the comparison "
            "table (the\n"
            "                  page of 'wasteopt plan', map.html)\n"
            "\n"
            "exit status: 0 compared, 1 error, 2 usage or a bad change, 130 "
            "interrupted\n");
}

/* One column of the comparison. */
typedef struct variant {
    char *label;          /* "base" or the change text (owned)          */
    wo_scenario *sc;      /* its scenario                               */
    wo_plan *plan;        /* its plan, NULL when not planned            */
    int borrowed;         /* 1: plan is the base's (a year change only)  */
    wo_json *ind;          /* its indicators report, NULL when none      */
    int done;             /* 1: vals hold its figures                    */
    double vals[24];      /* figures, in the order of the metric table   */
} variant;

/* A numeric row of the comparison. */
typedef struct metric {
    const char *name;     /* row label      */
    int decimals;         /* shown decimals */
} metric;

/* Rows of a re-planning study. */
static const metric plan_metrics[] = {
    {"cost (CNY)", 0},      {"distance (km)", 1}, {"vehicle-hours", 1},
    {"vehicles", 0},        {"routes", 0},        {"served (t)", 2},
    {"unserved (t)", 2},    {"transferred (t)", 2},
    {"cost per t served (CNY/t)", 2},
};
#define N_PLAN_METRICS (sizeof plan_metrics / sizeof plan_metrics[0])

/* Rows of a re-siting study (--site): the network MIP per day. */
static const metric site_metrics[] = {
    {"cost (CNY/d)", 0},           {"fixed cost (CNY/d)", 0},
    {"transport cost (CNY/d)", 0}, {"processing cost (CNY/d)", 0},
    {"revenue (CNY/d)", 0},        {"facilities open", 0},
    {"transfer stations open", 0}, {"unserved (t/d)", 2},
    {"landfill (t/d)", 2},         {"incineration rate (%)", 2},
    {"recycling rate (%)", 2},     {"C&D utilization (%)", 2},
    {"medical disposal (%)", 2},   {"penalty: targets short (CNY/d)", 0},
    {"targets short", 0},          {"raw household landfilled (t/d)", 2},
    {"cost with penalties (CNY/d)", 0},
};
#define N_SITE_METRICS (sizeof site_metrics / sizeof site_metrics[0])

/* Figures of a plan, in the order of plan_metrics. */
static void plan_values(const wo_plan *p, double *vals)
{
    const wo_plan_summary *s = &p->summary;
    int i;
    vals[0] = s->cost_cny;
    vals[1] = s->dist_m / 1000.0;
    vals[2] = s->dur_s / 3600.0;
    vals[3] = s->vehicles_used;
    vals[4] = s->routes;
    vals[5] = vals[6] = vals[7] = 0;
    for (i = 0; i < WO_STREAM_COUNT; i++) {
        vals[5] += s->served_kg[i] / 1000.0;
        vals[6] += s->unserved_kg[i] / 1000.0;
        vals[7] += s->transferred_kg[i] / 1000.0;
    }
    /* A variant that leaves waste unserved costs less in total; per tonne
     * served it compares like with like. */
    vals[8] = vals[5] > 0 ? vals[0] / vals[5] : NAN;
}

/* A rate of the network result in %, NaN when it has no denominator. */
static double rate_pct(double fraction)
{
    return fraction < 0 ? NAN : 100.0 * fraction;
}

/* Site the network of sc (solver/plan/site.h) and keep the figures in
 * site_metrics order. */
static int site_variant(const wo_scenario *sc, double time_limit_s,
                        wo_cancel_flag *cancel, double *vals, wo_err *err)
{
    wo_site_figures f;
    int rc = wo_site_optimise_figures(sc, time_limit_s, cancel, &f, err);
    if (rc != WO_OK)
        return rc;
    vals[0] = f.cost_cny_d;
    vals[1] = f.fixed_cny_d;
    vals[2] = f.transport_cny_d;
    vals[3] = f.processing_cny_d;
    vals[4] = f.revenue_cny_d;
    vals[5] = f.facilities_open;
    vals[6] = f.transfers_open;
    vals[7] = f.unserved_t_d;
    vals[8] = f.landfill_t_d;
    vals[9] = rate_pct(f.incineration_rate);
    vals[10] = rate_pct(f.recycling_rate);
    vals[11] = rate_pct(f.cd_rate);
    vals[12] = rate_pct(f.medical_rate);
    vals[13] = f.penalty_cny_d;
    vals[14] = f.targets_short;
    vals[15] = f.raw_landfill_t_d;
    vals[16] = f.cost_cny_d + f.penalty_cny_d;
    return WO_OK;
}

/* Indicator lines of a report, by index. */
static wo_json *ind_line(const variant *v, size_t i)
{
    return v->ind ? wo_json_array_get(wo_json_object_get(v->ind, "indicators"), i)
                  : NULL;
}

/* "20.60 met" / "20.60 not met" / "n/a" for a table cell. */
static void ind_cell(const wo_json *line, char *buf, size_t n)
{
    const wo_json *val = wo_json_object_get(line, "value_pct");
    const char *status = wo_json_string_value(wo_json_object_get(line, "status"));
    if (!wo_json_is_number(val)) {
        snprintf(buf, n, "n/a");
        return;
    }
    snprintf(buf, n, "%.2f%s", wo_json_number_value(val),
             status && !strcmp(status, "met")       ? " met"
             : status && !strcmp(status, "not_met") ? " NOT met"
                                                    : "");
}

static void print_table(const variant *v, int n, const metric *rows,
                        size_t n_rows)
{
    size_t m, i, n_ind;
    int k;
    char cell[64];
    printf("%-34s", "");
    for (k = 0; k < n; k++)
        printf(" %22.22s", v[k].label);
    printf("\n");
    for (m = 0; m < n_rows; m++) {
        printf("%-34s", rows[m].name);
        for (k = 0; k < n; k++) {
            if (v[k].done && isfinite(v[k].vals[m]))
                printf(" %22.*f", rows[m].decimals, v[k].vals[m]);
            else
                printf(" %22s", "-");
        }
        printf("\n");
    }
    n_ind = v[0].ind ? wo_json_array_size(wo_json_object_get(v[0].ind, "indicators"))
                     : 0;
    for (i = 0; i < n_ind; i++) {
        const wo_json *l0 = ind_line(&v[0], i);
        int any = 0;
        char name[40];
        for (k = 0; k < n; k++)
            any |= wo_json_is_number(
                wo_json_object_get(ind_line(&v[k], i), "value_pct"));
        if (!any)
            continue;
        snprintf(name, sizeof name, "ind %s %s (%%)",
                 wo_json_string_value(wo_json_object_get(l0, "key")),
                 wo_json_string_value(wo_json_object_get(l0, "name_en")));
        printf("%-34.34s", name);
        for (k = 0; k < n; k++) {
            ind_cell(ind_line(&v[k], i), cell, sizeof cell);
            printf(" %22s", cell);
        }
        printf("\n");
    }
    if (n_ind > 0) {
        printf("%-34s", "target year");
        for (k = 0; k < n; k++)
            printf(" %22lld",
                   v[k].ind ? (long long)wo_json_integer_value(
                                  wo_json_object_get(v[k].ind, "year"))
                            : 0LL);
        printf("\n");
    }
}

static void print_csv(const variant *v, int n, const metric *rows,
                      size_t n_rows)
{
    size_t m, i, n_ind;
    int k;
    wo_csvw c;
    wo_csvw_init(&c, stdout, 0);
    wo_csvw_str(&c, "metric");
    for (k = 0; k < n; k++)
        wo_csvw_str(&c, v[k].label);
    wo_csvw_end_row(&c);
    for (m = 0; m < n_rows; m++) {
        wo_csvw_str(&c, rows[m].name);
        for (k = 0; k < n; k++)
            wo_csvw_num(&c, v[k].done ? v[k].vals[m] : NAN,
                       rows[m].decimals + 1);
        wo_csvw_end_row(&c);
    }
    n_ind = v[0].ind ? wo_json_array_size(wo_json_object_get(v[0].ind, "indicators"))
                     : 0;
    for (i = 0; i < n_ind; i++) {
        char name[64];
        snprintf(name, sizeof name, "indicator %s (%%)",
                 wo_json_string_value(wo_json_object_get(ind_line(&v[0], i), "key")));
        wo_csvw_str(&c, name);
        for (k = 0; k < n; k++) {
            const wo_json *val =
                wo_json_object_get(ind_line(&v[k], i), "value_pct");
            wo_csvw_num(&c, wo_json_is_number(val) ? wo_json_number_value(val) : NAN,
                       2);
        }
        wo_csvw_end_row(&c);
    }
}

/* The comparison as a JSON document ({"variants": [...]}: label, the
 * siting figures with --site, summary, indicators), the form of --json
 * and of the page's what-if table. NULL when out of memory. */
static wo_json *comparison_json(const variant *v, int n, int site)
{
    wo_json *root = wo_json_object(), *arr = wo_json_array();
    int k, ok = root && arr;
    for (k = 0; ok && k < n; k++) {
        wo_json *o = wo_json_object();
        ok = o != NULL;
        if (ok && wo_json_object_set_new(o, "label", wo_json_string(v[k].label)))
            ok = 0;
        if (ok && site) {
            wo_json *fig = wo_json_object();
            size_t m;
            ok = fig != NULL;
            for (m = 0; ok && v[k].done && m < N_SITE_METRICS; m++)
                if (wo_json_object_set_new(fig, site_metrics[m].name,
                                           isfinite(v[k].vals[m])
                                               ? wo_json_real(v[k].vals[m])
                                               : wo_json_null()))
                    ok = 0;
            if (wo_json_object_set_new(o, "siting", fig))
                ok = 0;
        }
        if (ok && wo_json_object_set_new(
                      o, "summary",
                      v[k].plan ? wo_plan_summary_json(v[k].sc, v[k].plan)
                                : wo_json_null()))
            ok = 0;
        if (ok && wo_json_object_set(o, "indicators",
                                     v[k].ind ? v[k].ind : wo_json_null()))
            ok = 0;
        if (wo_json_array_append_new(arr, o))
            ok = 0;
    }
    if (wo_json_object_set_new(root, "variants", arr) || !ok) {
        wo_json_decref(root);
        return NULL;
    }
    return root;
}

static int print_json(const variant *v, int n, int site)
{
    wo_json *root = comparison_json(v, n, site);
    if (!root)
        return -1;
    wo_json_dumpf(root, stdout,
               WO_JSON_INDENT(2) | WO_JSON_PRESERVE_ORDER | WO_JSON_REAL_PRECISION(10));
    fputc('\n', stdout);
    wo_json_decref(root);
    return 0;
}

/* --map FILE: the page of the base plan (cli/maphtml.h) with the
 * comparison table, written atomically. With --site there is no plan:
 * the page shows the base scenario and the table. */
static int write_page(const char *path, const variant *v, int n, int site,
                      wo_err *err)
{
    wo_json *root = comparison_json(v, n, site);
    char *text = root ? wo_json_dumps(root, WO_JSON_COMPACT |
                                                WO_JSON_PRESERVE_ORDER |
                                                WO_JSON_REAL_PRECISION(10))
                      : NULL;
    int rc;
    wo_json_decref(root);
    if (!text)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
    rc = wo_plan_write_map_html(path, v[0].sc, v[0].plan, text, NULL, err);
    wo_json_free_text(text);
    return rc;
}

/* Read the variants of a --changes file: one per non-empty line, '#'
 * starts a comment line. */
static int read_changes(const char *path, char **labels, int *n)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int lineno = 0;
    if (!f) {
        fprintf(stderr, "wasteopt whatif: cannot open '%s'\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        char *s = line;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                           line[len - 1] == ' '))
            line[--len] = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            continue;
        if (*n >= MAX_VARIANTS - 1) {
            fprintf(stderr, "wasteopt whatif: %s:%d: more than %d variants\n",
                    path, lineno, MAX_VARIANTS - 1);
            fclose(f);
            return -1;
        }
        labels[(*n)++] = wo_strdup(s);
    }
    fclose(f);
    return 0;
}

int wo_cmd_whatif(int argc, char **argv)
{
    const char *base = NULL, *date = NULL, *map_path = NULL;
    char *labels[MAX_VARIANTS];
    variant v[MAX_VARIANTS];
    long days = 0, iterations = -1, seed = -1, threads = wo_cli_default_threads();
    double time_limit = 0;
    int n = 0, fmt = 0, quiet = 0, site = 0, i, k, status = WO_EXIT_OK;
    wo_cancel_flag cancel = 0;
    wo_cli_progress prog;
    wo_err err;

    memset(v, 0, sizeof v);
    labels[n++] = wo_strdup("base");
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = !strcmp(a, "--change") || !strcmp(a, "--changes") ||
                    !strcmp(a, "--time-limit") || !strcmp(a, "--iterations") ||
                    !strcmp(a, "--seed") || !strcmp(a, "--days") ||
                    !strcmp(a, "--date") || !strcmp(a, "--threads") ||
                    !strcmp(a, "--map");
        if (takes && !val) {
            fprintf(stderr, "wasteopt whatif: %s needs a value\n", a);
            status = WO_EXIT_USAGE;
            goto done;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            goto done;
        } else if (!strcmp(a, "--change")) {
            if (n >= MAX_VARIANTS) {
                fprintf(stderr, "wasteopt whatif: too many variants\n");
                status = WO_EXIT_USAGE;
                goto done;
            }
            labels[n++] = wo_strdup(val);
            i++;
        } else if (!strcmp(a, "--changes")) {
            if (read_changes(val, labels, &n) != 0) {
                status = WO_EXIT_USAGE;
                goto done;
            }
            i++;
        } else if (!strcmp(a, "--time-limit")) {
            if (wo_parse_double(val, &time_limit) != WO_OK ||
                !(time_limit > 0)) {
                fprintf(stderr, "wasteopt whatif: --time-limit: '%s' is not "
                                "a number of seconds > 0\n", val);
                status = WO_EXIT_USAGE;
                goto done;
            }
            i++;
        } else if (!strcmp(a, "--iterations") || !strcmp(a, "--seed") ||
                   !strcmp(a, "--days") || !strcmp(a, "--threads")) {
            long x;
            long hi = !strcmp(a, "--days") ? 28 : !strcmp(a, "--threads") ? 64
                                                                       : 2147483647L;
            long lo = !strcmp(a, "--seed") ? 0 : 1;
            if (wo_parse_long(val, &x) != WO_OK || x < lo || x > hi) {
                fprintf(stderr, "wasteopt whatif: %s: '%s' is not an integer "
                                "in [%ld, %ld]\n", a, val, lo, hi);
                status = WO_EXIT_USAGE;
                goto done;
            }
            if (!strcmp(a, "--iterations"))
                iterations = x;
            else if (!strcmp(a, "--seed"))
                seed = x;
            else if (!strcmp(a, "--days"))
                days = x;
            else
                threads = x;
            i++;
        } else if (!strcmp(a, "--date")) {
            date = val;
            i++;
        } else if (!strcmp(a, "--map")) {
            map_path = val;
            i++;
        } else if (!strcmp(a, "--site")) {
            site = 1;
        } else if (!strcmp(a, "--csv")) {
            fmt = 1;
        } else if (!strcmp(a, "--json")) {
            fmt = 2;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "wasteopt whatif: unknown option '%s'\n", a);
            usage(stderr);
            status = WO_EXIT_USAGE;
            goto done;
        } else if (base) {
            fprintf(stderr, "wasteopt whatif: more than one BASE\n");
            status = WO_EXIT_USAGE;
            goto done;
        } else {
            base = a;
        }
    }
    for (k = 0; k < n; k++)
        if (!labels[k]) {
            fprintf(stderr, "wasteopt whatif: out of memory\n");
            status = WO_EXIT_ERROR;
            goto done;
        }
    if (n < 2) {
        fprintf(stderr, "wasteopt whatif: no variant: give --change or "
                        "--changes\n");
        usage(stderr);
        status = WO_EXIT_USAGE;
        goto done;
    }

    /* An unwritable --map fails before any planning. */
    if (map_path) {
        wo_outfile probe;
        wo_err_clear(&err);
        if (wo_out_open(&probe, map_path, &err) != WO_OK) {
            fprintf(stderr, "wasteopt whatif: --map: %s\n", err.msg);
            status = WO_EXIT_ERROR;
            goto done;
        }
        wo_out_abort(&probe);
    }

    /* Load and change every variant first: a bad change fails before any
     * planning. */
    for (k = 0; k < n; k++) {
        v[k].label = labels[k];
        labels[k] = NULL;
        wo_err_clear(&err);
        if (wo_cli_load_scenario(base, &v[k].sc, &err) != WO_OK) {
            fprintf(stderr, "wasteopt whatif: %s\n", err.msg);
            status = WO_EXIT_ERROR;
            goto done;
        }
        if ((date && wo_cli_set_date(v[k].sc, date, &err) != WO_OK) ||
            (k > 0 && wo_plan_apply_change(v[k].sc, v[k].label, &err) !=
                          WO_OK)) {
            fprintf(stderr, "wasteopt whatif: %s\n", err.msg);
            status = WO_EXIT_USAGE;
            goto done;
        }
    }

    wo_cli_progress_init(&prog, stderr, quiet, -1);
    wo_cli_signals_install(&cancel);
    for (k = 0; k < n && !cancel; k++) {
        wo_plan_params prm;
        double limit_s;
        if (site) {
            double limit = time_limit > 0
                               ? time_limit
                               : wo_plan_budget_variant_s(
                                     v[k].sc->plan.time_limit_s, n);
            wo_cli_progress_note(&prog, "whatif %d/%d: siting %s (%.0f s)",
                                 k + 1, n, v[k].label, limit);
            wo_err_clear(&err);
            if (site_variant(v[k].sc, limit, &cancel, v[k].vals, &err) !=
                WO_OK) {
                wo_cli_progress_finish(&prog);
                fprintf(stderr, "wasteopt whatif: %s: %s\n", v[k].label,
                        err.msg);
                status = WO_EXIT_ERROR;
                wo_cli_signals_restore();
                goto done;
            }
            v[k].done = 1;
            continue;
        }
        if (k > 0 && v[0].plan && !wo_plan_change_replans(v[k].label)) {
            /* Only the targets change: the base plan is this plan too. */
            v[k].plan = v[0].plan;
            v[k].borrowed = 1;
            v[k].ind = wo_plan_indicators_json(v[k].sc, v[k].plan, &err);
            plan_values(v[k].plan, v[k].vals);
            v[k].done = 1;
            continue;
        }
        wo_plan_params_init(&prm, v[k].sc);
        wo_plan_use_vrp(&prm);
        limit_s =
            time_limit > 0
                ? time_limit
                : wo_plan_budget_variant_s(wo_plan_budget_limit_s(v[k].sc), n);
        if (days > 0)
            prm.days = (int)days;
        if (iterations > 0)
            prm.max_iterations = iterations;
        if (seed >= 0)
            prm.seed = (uint64_t)seed;
        prm.threads = (int)threads;
        if (wo_cli_plan_solver)
            wo_cli_plan_solver(&prm);
        prm.progress = wo_cli_progress_report;
        prm.progress_ud = &prog;
        prm.cancel = &cancel;
        wo_cli_progress_note(&prog, "whatif %d/%d: %s (%.0f s)", k + 1, n,
                             v[k].label, limit_s);
        wo_err_clear(&err);
        prm.deadline = wo_deadline_in(limit_s);
        if (wo_plan_run(v[k].sc, &prm, &v[k].plan, &err) != WO_OK) {
            wo_cli_progress_finish(&prog);
            fprintf(stderr, "wasteopt whatif: %s: %s\n", v[k].label, err.msg);
            status = WO_EXIT_ERROR;
            wo_cli_signals_restore();
            goto done;
        }
        v[k].ind = wo_plan_indicators_json(v[k].sc, v[k].plan, &err);
        plan_values(v[k].plan, v[k].vals);
        v[k].done = 1;
    }
    wo_cli_progress_finish(&prog);
    wo_cli_signals_restore();
    if (fmt == 1)
        print_csv(v, n, site ? site_metrics : plan_metrics,
                  site ? N_SITE_METRICS : N_PLAN_METRICS);
    else if (fmt == 0)
        print_table(v, n, site ? site_metrics : plan_metrics,
                    site ? N_SITE_METRICS : N_PLAN_METRICS);
    else if (print_json(v, n, site) != 0) {
        fprintf(stderr, "wasteopt whatif: out of memory\n");
        status = WO_EXIT_ERROR;
        goto done;
    }
    if (map_path) {
        wo_err_clear(&err);
        if (write_page(map_path, v, n, site, &err) != WO_OK) {
            fprintf(stderr, "wasteopt whatif: --map: %s\n", err.msg);
            status = WO_EXIT_ERROR;
            goto done;
        }
    }
    if (cancel)
        status = WO_EXIT_INTERRUPTED;
done:
    for (k = 0; k < MAX_VARIANTS; k++) {
        if (k < n)
            wo_free(labels[k]);
        wo_free(v[k].label);
        if (!v[k].borrowed)
            wo_plan_free(v[k].plan);
        wo_scenario_free(v[k].sc);
        wo_json_decref(v[k].ind);
    }
    return status;
}
