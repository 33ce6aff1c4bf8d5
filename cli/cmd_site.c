/*
 * cmd_site.c — `wasteopt site [SCENARIO] --mode current|optimise|compare
 * [--year Y] [--policy LIST] [--keep-open ID,...] [--keep-existing]
 * [--time-limit S] [--out DIR] [--write-lp FILE] [--write-mps FILE]
 * [--quiet]`: the facility-siting
 * benchmark on the flow network of a scenario (solver/plan/site.h); this
 * file parses the arguments, prints the study and writes its files.
 *
 * Prints the chosen sites, the cost breakdown and the annex indicators the
 * flows imply (for compare: both networks and the deltas), each policy
 * rule with its target, what the flows reach and what it costs (the study
 * solved again with that rule relaxed), and names what binds when a study
 * cannot be met. The rules are the scenario's (scenario.json "policy")
 * unless --policy gives others. With --out, writes atomically
 * site_<mode>.geojson (sites and flows), flows_<mode>.csv and
 * summary.json.
 *
 * Exit: 0 ok, 1 error, 2 usage, 3 solved but demand is left unserved or an
 * enforced rule is not kept (an emergency), 4 no solution, 130
 * interrupted.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "cli/out.h"

#include "cli/plan_out.h"
#include "cli/scenario_arg.h"
#include "data/indicators.h"
#include "data/model.h"
#include "solver/plan/policy.h"
#include "solver/plan/site.h"

#include <errno.h>
#include <math.h>
#include "cli/json.h"
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static wo_cancel_flag site_cancel;

static void on_signal(int sig)
{
    (void)sig;
    site_cancel = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt site [SCENARIO] [--mode current|optimise|compare]\n"
            "                     [--year Y] [--policy LIST] [--time-limit S]\n"
            "                     [--keep-open ID[,ID...]] [--keep-existing]\n"
            "                     [--out DIR] [--write-lp FILE] "
            "[--write-mps FILE] [--quiet]\n"
            "\n"
            "Facility-siting benchmark on the multi-stream flow network of a "
            "scenario\n"
            "(a directory with scenario.json; default: the embedded Chongqing "
            "scenario).\n"
            "\n"
            "  --mode current    today's sites fixed, flows optimised (what "
            "the network\n"
            "                    costs now)\n"
            "  --mode optimise   open, close or expand among all sites and "
            "candidates\n"
            "  --mode compare    both, with the deltas (default)\n"
            "  --year Y          targets of year Y (2022, 2025, 2027; default "
            "the\n"
            "                    scenario's year)\n"
            "  --policy LIST     the rules, enforced, instead of the "
            "scenario's (its\n"
            "                    scenario.json \"policy\"): comma list of "
            "incineration[=PCT],\n"
            "                    recycling[=PCT], cd[=PCT], medical, "
            "landfill-cap=T_PER_D,\n"
            "                    no-raw-landfill, annex (the first four at "
            "the year's\n"
            "                    targets), none\n"
            "  --keep-open IDS   these facilities stay open in optimise mode "
            "(comma list;\n"
            "                    may be repeated; a candidate is built)\n"
            "  --keep-existing   every facility and transfer station in "
            "service today\n"
            "                    stays open in optimise mode\n"
            "  --time-limit S    per MIP (default 60)\n"
            "  --out DIR         write site_<mode>.geojson, flows_<mode>.csv, "
            "summary.json\n"
            "  --write-lp FILE   write the MIP as CPLEX-LP (compare: "
            "FILE.current/.optimise)\n"
            "  --write-mps FILE  write the MIP as free MPS (same naming)\n"
            "  --quiet           print only the summary lines\n"
            "\n"
            "Each enforced rule's cost is the difference in total cost "
            "(and objective)\n"
            "between the study and the same study solved again with that "
            "rule relaxed;\n"
            "not a dual value (the MIP has none).\n"
            "\n"
            "exit status: 0 ok, 1 error, 2 usage, 3 demand unserved or an "
            "enforced rule\n"
            "             not kept (an emergency), 4 no solution, 130 "
            "interrupted\n");
}

/* ------------------------------------------------------------ options */

typedef struct site_opts {
    const char *scenario;   /* directory, NULL: embedded               */
    int modes[2];           /* modes to run, in order                  */
    int nmodes;             /* 1 or 2                                  */
    int compare;            /* --mode compare                          */
    int year;               /* 0: scenario year                        */
    const char *policy;     /* --policy text or NULL                   */
    const char *keep[64];   /* --keep-open lists                       */
    int nkeep;              /* how many                                */
    int keep_existing;      /* --keep-existing                         */
    double time_limit_s;    /* per MIP                                 */
    const char *out_dir;    /* or NULL                                 */
    const char *write_lp;   /* or NULL                                 */
    const char *write_mps;  /* or NULL                                 */
    int quiet;              /* fewer lines                             */
} site_opts;

static int parse_args(int argc, char **argv, site_opts *o)
{
    int i;
    memset(o, 0, sizeof *o);
    o->time_limit_s = 60;
    o->compare = 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return -1;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o->quiet = 1;
        } else if (!strcmp(a, "--keep-existing")) {
            o->keep_existing = 1;
        } else if (a[0] == '-' && a[1] && !v) {
            fprintf(stderr, "wasteopt site: option '%s' needs a value or is "
                            "unknown\n", a);
            return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--mode")) {
            i++;
            if (!strcmp(v, "current") || !strcmp(v, "optimise") ||
                !strcmp(v, "optimize")) {
                o->compare = 0;
                o->modes[0] = v[0] == 'c' ? WO_NET_CURRENT : WO_NET_OPTIMISE;
            } else if (!strcmp(v, "compare")) {
                o->compare = 1;
            } else {
                fprintf(stderr, "wasteopt site: --mode '%s': expected "
                                "current, optimise or compare\n", v);
                return WO_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--year")) {
            long y;
            i++;
            if (wo_parse_long(v, &y) != WO_OK || y < 2000 || y > 2100) {
                fprintf(stderr, "wasteopt site: --year '%s': expected a "
                                "year such as 2025\n", v);
                return WO_EXIT_USAGE;
            }
            o->year = (int)y;
        } else if (!strcmp(a, "--policy")) {
            o->policy = argv[++i];
        } else if (!strcmp(a, "--keep-open")) {
            if (o->nkeep >= (int)(sizeof o->keep / sizeof o->keep[0])) {
                fprintf(stderr, "wasteopt site: --keep-open given more than "
                                "%d times\n",
                        (int)(sizeof o->keep / sizeof o->keep[0]));
                return WO_EXIT_USAGE;
            }
            o->keep[o->nkeep++] = argv[++i];
        } else if (!strcmp(a, "--time-limit")) {
            i++;
            if (wo_parse_double(v, &o->time_limit_s) != WO_OK ||
                !(o->time_limit_s > 0)) {
                fprintf(stderr, "wasteopt site: --time-limit '%s': expected "
                                "seconds > 0\n", v);
                return WO_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--out")) {
            o->out_dir = argv[++i];
        } else if (!strcmp(a, "--write-lp")) {
            o->write_lp = argv[++i];
        } else if (!strcmp(a, "--write-mps")) {
            o->write_mps = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "wasteopt site: unknown option '%s'\n", a);
            return WO_EXIT_USAGE;
        } else if (!o->scenario) {
            o->scenario = a;
        } else {
            fprintf(stderr, "wasteopt site: more than one SCENARIO\n");
            return WO_EXIT_USAGE;
        }
    }
    if (o->compare) {
        o->modes[0] = WO_NET_CURRENT;
        o->modes[1] = WO_NET_OPTIMISE;
        o->nmodes = 2;
    } else {
        o->nmodes = 1;
    }
    return 0;
}

/* Parse a percentage "80" or "80%" into a fraction. */
static int parse_pct(const char *s, double *out)
{
    char buf[32];
    size_t n = wo_strlcpy(buf, s, sizeof buf);
    double v;
    if (n >= sizeof buf)
        return WO_EPARSE;
    if (n > 0 && buf[n - 1] == '%')
        buf[n - 1] = '\0';
    if (wo_parse_double(buf, &v) != WO_OK || v < 0 || v > 100)
        return WO_ERANGE;
    *out = v / 100.0;
    return WO_OK;
}

/* --policy LIST into rules (every rule named is enforced; a rate without
 * =PCT takes the annex target of year, which must have one). */
static int parse_policy(const char *list, int year, wo_policy_rules *rules)
{
    wo_net_policy annex;
    wo_err e;
    char buf[512], *p, *next;
    int have_annex = wo_policy_for_year(year, &annex, &e) == WO_OK;
    memset(rules, 0, sizeof *rules);
    rules->given = 1;
    rules->medical_pct = 100;
    rules->incineration_pct = rules->recycling_pct = rules->cd_pct = -1;
    rules->emergency_cny_per_t = WO_POLICY_EMERGENCY_CNY_PER_T;
    if (wo_strlcpy(buf, list, sizeof buf) >= sizeof buf) {
        fprintf(stderr, "wasteopt site: --policy: list too long\n");
        return WO_EXIT_USAGE;
    }
    for (p = buf; p && *p; p = next) {
        char *eq, *comma = strchr(p, ',');
        double *target = NULL;
        wo_rule_mode *mode = NULL;
        next = comma ? comma + 1 : NULL;
        if (comma)
            *comma = '\0';
        eq = strchr(p, '=');
        if (eq)
            *eq++ = '\0';
        if (!strcmp(p, "none")) {
            wo_policy_rules keep = *rules;
            memset(rules, 0, sizeof *rules);
            rules->given = 1;
            rules->medical_pct = 100;
            rules->incineration_pct = rules->recycling_pct = rules->cd_pct =
                -1;
            rules->emergency_cny_per_t = keep.emergency_cny_per_t;
            continue;
        } else if (!strcmp(p, "annex")) {
            if (!have_annex) {
                fprintf(stderr, "wasteopt site: --policy annex: %s\n", e.msg);
                return WO_EXIT_USAGE;
            }
            rules->incineration = rules->recycling = rules->cd =
                rules->medical = WO_RULE_ENFORCE;
            rules->incineration_pct = rules->recycling_pct = rules->cd_pct =
                -1;
            rules->medical_pct = 100;
            continue;
        } else if (!strcmp(p, "medical")) {
            rules->medical = WO_RULE_ENFORCE;
            continue;
        } else if (!strcmp(p, "no-raw-landfill")) {
            rules->no_raw_landfill = WO_RULE_ENFORCE;
            continue;
        } else if (!strcmp(p, "incineration")) {
            mode = &rules->incineration;
            target = &rules->incineration_pct;
        } else if (!strcmp(p, "recycling")) {
            mode = &rules->recycling;
            target = &rules->recycling_pct;
        } else if (!strcmp(p, "cd")) {
            mode = &rules->cd;
            target = &rules->cd_pct;
        } else if (!strcmp(p, "landfill-cap")) {
            if (!eq || wo_parse_double(eq, &rules->landfill_cap_t_d) != WO_OK ||
                rules->landfill_cap_t_d < 0) {
                fprintf(stderr, "wasteopt site: --policy landfill-cap=T: "
                                "expected t/d >= 0, got '%s'\n",
                        eq ? eq : "");
                return WO_EXIT_USAGE;
            }
            rules->landfill_cap = WO_RULE_ENFORCE;
            continue;
        } else {
            fprintf(stderr, "wasteopt site: --policy '%s': expected "
                            "incineration, recycling, cd, medical, "
                            "landfill-cap=T, no-raw-landfill, annex or "
                            "none\n", p);
            return WO_EXIT_USAGE;
        }
        *mode = WO_RULE_ENFORCE;
        if (eq) {
            if (parse_pct(eq, target) != WO_OK) {
                fprintf(stderr, "wasteopt site: --policy %s=%s: expected a "
                                "percentage 0..100\n", p, eq);
                return WO_EXIT_USAGE;
            }
            *target *= 100.0;
        } else if (have_annex) {
            *target = -1;
        } else {
            fprintf(stderr, "wasteopt site: --policy %s: the year has no "
                            "annex target; give %s=PCT\n", p, p);
            return WO_EXIT_USAGE;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ output */

static const char *mode_name(int m)
{
    return m == WO_NET_CURRENT ? "current" : "optimise";
}

/* Write a buffer to path atomically (cli/out.h); -1 on failure. */
static int write_file(const char *path, const char *data, size_t len)
{
    wo_err err;
    return wo_out_write_bytes(path, data, len, &err) == WO_OK ? 0 : -1;
}

static int write_json(const char *dir, const char *name, wo_json *j)
{
    char path[4096];
    char *s;
    int rc;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    s = wo_json_dumps(j, WO_JSON_INDENT(1) | WO_JSON_REAL_PRECISION(12));
    if (!s)
        return -1;
    rc = write_file(path, s, strlen(s));
    wo_json_free_text(s);
    if (rc)
        fprintf(stderr, "wasteopt site: %s: cannot write (%s)\n", path,
                wo_errno_text(errno));
    return rc;
}

static const char *node_id(const wo_net *net, int kind, int idx)
{
    return kind == WO_NODE_SOURCE     ? wo_net_source_id(net, idx)
           : kind == WO_NODE_TRANSFER ? wo_net_transfer_id(net, idx)
                                      : wo_net_facility_id(net, idx);
}

static wo_json *point(double lon, double lat)
{
    return wo_json_pack("{s:s,s:[f,f]}", "type", "Point", "coordinates", lon,
                     lat);
}

/* GeoJSON of the sites (facilities, transfer stations, zones) and flows. */
static wo_json *geojson(const wo_net *net, const wo_net_result *r)
{
    wo_json *fc = wo_json_pack("{s:s,s:[]}", "type", "FeatureCollection",
                           "features");
    wo_json *feats = wo_json_object_get(fc, "features");
    double lon, lat, lon2, lat2;
    int i;
    for (i = 0; i < wo_net_nfacilities(net); i++) {
        wo_net_node_pos(net, WO_NODE_FACILITY, i, &lon, &lat);
        wo_json_array_append_new(
            feats,
            wo_json_pack("{s:s,s:o,s:{s:s,s:s,s:b,s:i,s:f,s:f}}", "type",
                      "Feature", "geometry", point(lon, lat), "properties",
                      "id", wo_net_facility_id(net, i), "role", "facility",
                      "open", r->fac_level[i] >= 0, "level",
                      r->fac_level[i], "capacity_t_per_d", r->fac_cap_t_d[i],
                      "load_t_per_d", r->fac_load_t_d[i]));
    }
    for (i = 0; i < wo_net_ntransfers(net); i++) {
        wo_net_node_pos(net, WO_NODE_TRANSFER, i, &lon, &lat);
        wo_json_array_append_new(
            feats, wo_json_pack("{s:s,s:o,s:{s:s,s:s,s:b,s:f}}", "type",
                             "Feature", "geometry", point(lon, lat),
                             "properties", "id", wo_net_transfer_id(net, i),
                             "role", "transfer_station", "open",
                             r->tr_open[i] != 0, "load_t_per_d",
                             r->tr_load_t_d[i]));
    }
    for (i = 0; i < r->nflows; i++) {
        const wo_net_flow *f = &r->flows[i];
        wo_net_node_pos(net, (int)f->from_kind, f->from, &lon, &lat);
        wo_net_node_pos(net, (int)f->to_kind, f->to, &lon2, &lat2);
        wo_json_array_append_new(
            feats,
            wo_json_pack("{s:s,s:{s:s,s:[[f,f],[f,f]]},s:{s:s,s:s,s:s,s:s,s:f,"
                      "s:f,s:f}}",
                      "type", "Feature", "geometry", "type", "LineString",
                      "coordinates", lon, lat, lon2, lat2, "properties",
                      "role", "flow", "stream",
                      wo_net_stream_code(net, f->stream), "from",
                      node_id(net, (int)f->from_kind, f->from), "to",
                      node_id(net, (int)f->to_kind, f->to), "t_per_d",
                      f->t_d, "dist_km", f->dist_km, "cost_cny_per_d",
                      f->cost_d));
    }
    return fc;
}

/* flows_<mode>.csv: one row per flow, fields by the CSV writer of
 * cli/out.h, rows ended by a bare newline as this file always had. */
static int write_flows_csv(const char *dir, const char *mode,
                           const wo_net *net, const wo_net_result *r)
{
    static const char *const head[] = {"stream",  "from_kind", "from",
                                       "to_kind", "to",        "t_per_d",
                                       "dist_km", "cost_cny_per_d"};
    static const char *kinds[3] = {"zone", "transfer", "facility"};
    wo_outfile out;
    wo_csvw c;
    wo_err err;
    char path[4096];
    size_t h;
    int i, rc;
    snprintf(path, sizeof path, "%s/flows_%s.csv", dir, mode);
    rc = wo_out_open(&out, path, &err);
    if (rc == WO_OK) {
        wo_csvw_init(&c, out.f, 0);
        for (h = 0; h < sizeof head / sizeof head[0]; h++)
            wo_csvw_str(&c, head[h]);
        fputc('\n', out.f);
        for (i = 0; i < r->nflows; i++) {
            const wo_net_flow *f = &r->flows[i];
            wo_csvw_init(&c, out.f, 0);
            wo_csvw_str(&c, wo_net_stream_code(net, f->stream));
            wo_csvw_str(&c, kinds[f->from_kind]);
            wo_csvw_str(&c, node_id(net, (int)f->from_kind, f->from));
            wo_csvw_str(&c, kinds[f->to_kind]);
            wo_csvw_str(&c, node_id(net, (int)f->to_kind, f->to));
            wo_csvw_num(&c, f->t_d, 4);
            wo_csvw_num(&c, f->dist_km, 3);
            wo_csvw_num(&c, f->cost_d, 2);
            fputc('\n', out.f);
        }
        rc = wo_out_commit(&out, &err);
    }
    if (rc)
        fprintf(stderr, "wasteopt site: %s: cannot write\n", path);
    return rc;
}

static wo_json *rate_json(double v)
{
    return v < 0 ? wo_json_null() : wo_json_real(100.0 * v);
}

/* The rules of a run as JSON: rule, mode, target, reached, gap and what
 * the rule costs (NAN costs, for rules not enforced, are null). */
static wo_json *rules_json(const wo_policy_rules *rules, int year,
                           const wo_net_result *r, const double *cost,
                           const double *obj)
{
    wo_pol_line lines[WO_POL_COUNT];
    wo_json *arr = wo_json_array();
    int i, n = wo_policy_lines(rules, year, r, lines);
    for (i = 0; arr && i < n; i++) {
        const wo_pol_line *l = &lines[i];
        int cap = l->rule == WO_POL_LANDFILL_CAP || l->rule == WO_POL_RAW_LANDFILL;
        wo_json *o = wo_json_pack(
            "{s:s,s:s,s:o,s:o,s:f,s:o,s:o}", "rule",
            wo_pol_rule_name(l->rule), "mode", wo_rule_mode_name(l->mode),
            cap ? "target_t_per_d" : "target_pct",
            l->target < 0 ? wo_json_null()
                          : wo_json_real(cap ? l->target : 100 * l->target),
            cap ? "reached_t_per_d" : "reached_pct",
            l->reached < 0 ? wo_json_null()
                           : wo_json_real(cap ? l->reached : 100 * l->reached),
            "gap_t_per_d", l->gap_t_d, "cost_cny_per_d",
            isfinite(cost[l->rule]) ? wo_json_real(cost[l->rule])
                                    : wo_json_null(),
            "objective_cny_per_d",
            isfinite(obj[l->rule]) ? wo_json_real(obj[l->rule])
                                   : wo_json_null());
        wo_json_array_append_new(arr, o);
    }
    return arr;
}

static wo_json *summary_json(const wo_net *net, int mode,
                            const wo_net_result *r, const wo_ind_report *rep,
                            wo_json *rules)
{
    wo_json *sites = wo_json_array(), *viol = wo_json_array(), *j;
    wo_json *ind = wo_plan_ind_report_json(rep, NULL);
    int i;
    for (i = 0; i < wo_net_nfacilities(net); i++)
        wo_json_array_append_new(
            sites, wo_json_pack("{s:s,s:i,s:f,s:f}", "id",
                             wo_net_facility_id(net, i), "level",
                             r->fac_level[i], "capacity_t_per_d",
                             r->fac_cap_t_d[i], "load_t_per_d",
                             r->fac_load_t_d[i]));
    for (i = 0; i < wo_net_ntransfers(net); i++)
        if (r->tr_open[i])
            wo_json_array_append_new(
                sites, wo_json_pack("{s:s,s:s,s:f}", "id",
                                 wo_net_transfer_id(net, i), "role",
                                 "transfer_station", "load_t_per_d",
                                 r->tr_load_t_d[i]));
    for (i = 0; i < r->nviol; i++)
        wo_json_array_append_new(viol, wo_json_string(r->viol[i].text));
    j = wo_json_pack(
        "{s:s,s:s,s:b,s:f,s:f,s:{s:f,s:f,s:f,s:f,s:f,s:f},"
        "s:{s:o,s:o,s:o,s:o,s:f},s:o,s:o}",
        "mode", mode_name(mode), "status", wo_lp_status_name(r->status),
        "feasible", r->feasible, "objective", r->obj, "seconds", r->seconds,
        "cost_cny_per_d", "total", wo_site_total_cost(r), "fixed",
        r->cost_fixed_d, "processing", r->cost_processing_d, "transport",
        r->cost_transport_d, "revenue", r->revenue_d, "penalty", r->penalty_d,
        "indicators_pct", "incineration_rate", rate_json(r->incineration_rate),
        "recycling_rate", rate_json(r->recycling_rate), "cd_utilization_rate",
        rate_json(r->cd_rate), "medical_disposal_rate",
        rate_json(r->medical_rate), "landfill_t_per_d", r->landfill_t_d,
        "sites", sites, "binding", viol);
    if (j && ind)
        wo_json_object_set_new(j, "annex", ind);
    else
        wo_json_decref(ind);
    if (j && rules) {
        wo_json_object_set_new(j, "raw_household_landfill_t_per_d",
                               wo_json_real(r->raw_landfill_t_d));
        wo_json_object_set_new(j, "policy", rules);
    } else {
        wo_json_decref(rules);
    }
    return j;
}

/* ------------------------------------------------------------ printing */

static void print_money(const char *what, const double *v, int nr)
{
    int m;
    printf("  %-30s", what);
    for (m = 0; m < nr; m++)
        printf(" %16.0f", v[m]);
    if (nr == 2)
        printf(" %+16.0f", v[1] - v[0]);
    printf("\n");
}

static const char *ind_mark(const wo_ind_result *l)
{
    switch (l->status) {
    case WO_IND_MET:
        return "met";
    case WO_IND_NOT_MET:
        return "NOT MET";
    case WO_IND_NO_TARGET:
        return "no target";
    case WO_IND_NA:
        return "n/a";
    }
    return "";
}

/* Indicator lines that have a value in some run: value per run, the delta
 * and the target of the last run. */
static void print_indicators(const wo_ind_report *rep, int nr)
{
    int k, m;
    printf("\nannex indicators the flows imply (targets of %ld):\n",
           rep[nr - 1].year);
    for (k = 0; k < WO_IND_COUNT; k++) {
        const wo_ind_result *l = &rep[nr - 1].line[k];
        int any = 0;
        for (m = 0; m < nr; m++)
            any |= rep[m].line[k].has_value;
        if (!any)
            continue;
        printf("  %-2s %-38.38s", l->def->key, l->def->name_en);
        for (m = 0; m < nr; m++) {
            if (rep[m].line[k].has_value)
                printf(" %15.1f%%", rep[m].line[k].value_pct);
            else
                printf(" %16s", "n/a");
        }
        if (nr == 2 && rep[0].line[k].has_value && rep[1].line[k].has_value)
            printf(" %+12.1f pts", rep[1].line[k].value_pct -
                                        rep[0].line[k].value_pct);
        if (l->target.cmp != WO_IND_CMP_NONE)
            printf("  target %s%.0f%%: %s", l->target.cmp == WO_IND_CMP_GT ? ">" : ">=",
                   l->target.pct, ind_mark(l));
        printf("\n");
    }
}

/* The rules of each run: target, what the flows reach, the gap and what
 * the rule costs (re-solved with it relaxed). */
static void print_rules(const wo_policy_rules *rules, int year,
                        const site_opts *o, const wo_net_result *r,
                        double cost[][WO_POL_COUNT],
                        double obj[][WO_POL_COUNT])
{
    int m, i, n;
    wo_pol_line lines[WO_POL_COUNT];
    for (m = 0; m < o->nmodes; m++) {
        n = wo_policy_lines(rules, year, &r[m], lines);
        if (n == 0)
            return;
        printf("\npolicy rules (%s); cost = total cost with the rule - the "
               "study re-solved with it relaxed:\n",
               mode_name(o->modes[m]));
        printf("  %-30s %-8s %10s %10s %10s %14s %14s\n", "rule", "mode",
               "target", "reached", "gap t/d", "cost CNY/d",
               "objective");
        for (i = 0; i < n; i++) {
            const wo_pol_line *l = &lines[i];
            int t = l->rule == WO_POL_LANDFILL_CAP ||
                    l->rule == WO_POL_RAW_LANDFILL;
            char tg[32], re[32], c1[32], c2[32];
            if (l->target < 0)
                snprintf(tg, sizeof tg, "-");
            else
                snprintf(tg, sizeof tg, t ? "%.1f t/d" : "%.1f%%",
                         t ? l->target : 100 * l->target);
            if (l->reached < 0)
                snprintf(re, sizeof re, "n/a");
            else
                snprintf(re, sizeof re, t ? "%.1f t/d" : "%.1f%%",
                         t ? l->reached : 100 * l->reached);
            wo_strlcpy(c1, "-", sizeof c1);
            wo_strlcpy(c2, "-", sizeof c2);
            if (isfinite(cost[m][l->rule]))
                snprintf(c1, sizeof c1, "%+.0f",
                         fabs(cost[m][l->rule]) < 0.5 ? 0.0 : cost[m][l->rule]);
            if (isfinite(obj[m][l->rule]))
                snprintf(c2, sizeof c2, "%+.0f",
                         fabs(obj[m][l->rule]) < 0.5 ? 0.0 : obj[m][l->rule]);
            printf("  %-30s %-8s %10s %10s %10.2f %14s %14s\n",
                   wo_pol_rule_name(l->rule), wo_rule_mode_name(l->mode), tg,
                   re, l->gap_t_d, c1, c2);
        }
    }
}

/* Per stream of the last run: supply, where it goes (the three largest
 * destinations) and its transport cost. */
static void print_streams(const wo_net *net, const wo_net_result *r,
                          const char *mode)
{
    int s, i, k;
    printf("\nflows per stream (%s): t/d -> largest destinations\n",
           mode);
    for (s = 0; s < wo_net_nstreams(net); s++) {
        double supply = 0, best_t[3] = {0, 0, 0};
        int best_i[3] = {-1, -1, -1};
        wo_net_node_kind origin = WO_NODE_SOURCE;
        /* zones' streams from the zones, residues from the facilities */
        for (k = 0; k < 2 && supply <= 0; k++) {
            origin = k ? WO_NODE_FACILITY : WO_NODE_SOURCE;
            for (i = 0; i < r->nflows; i++)
                if (r->flows[i].stream == s && r->flows[i].from_kind == origin)
                    supply += r->flows[i].t_d;
        }
        if (supply <= 0)
            continue;
        /* destinations by total tonnage (zones -> facility or station) */
        for (i = 0; i < r->nflows; i++) {
            const wo_net_flow *f = &r->flows[i];
            double tot = 0;
            int j, dup = 0;
            if (f->stream != s || f->from_kind != origin)
                continue;
            for (j = 0; j < i && !dup; j++)
                dup = r->flows[j].stream == s &&
                      r->flows[j].from_kind == origin &&
                      r->flows[j].to_kind == f->to_kind &&
                      r->flows[j].to == f->to;
            if (dup)
                continue;
            for (j = i; j < r->nflows; j++)
                if (r->flows[j].stream == s &&
                    r->flows[j].from_kind == origin &&
                    r->flows[j].to_kind == f->to_kind && r->flows[j].to == f->to)
                    tot += r->flows[j].t_d;
            for (k = 0; k < 3; k++)
                if (tot > best_t[k]) {
                    int q;
                    for (q = 2; q > k; q--) {
                        best_t[q] = best_t[q - 1];
                        best_i[q] = best_i[q - 1];
                    }
                    best_t[k] = tot;
                    best_i[k] = i;
                    break;
                }
        }
        printf("  %-18s %9.1f %s->", wo_net_stream_code(net, s), supply,
               origin == WO_NODE_SOURCE ? "" : "(residue) ");
        for (k = 0; k < 3 && best_i[k] >= 0; k++) {
            const wo_net_flow *f = &r->flows[best_i[k]];
            printf("%s %s %.1f", k ? "," : "",
                   node_id(net, (int)f->to_kind, f->to), best_t[k]);
        }
        printf("\n");
    }
}

static void print_report(const wo_scenario *sc, const wo_net *net,
                         const site_opts *o, const wo_net_result *r,
                         const wo_ind_report *rep)
{
    int m, i, nr = o->nmodes;
    double v[2] = {0, 0};
    printf("%-32s", "");
    for (m = 0; m < nr; m++)
        printf(" %16s", mode_name(o->modes[m]));
    if (nr == 2)
        printf(" %16s", "delta");
    printf("\n");
    printf("  %-30s", "status");
    for (m = 0; m < nr; m++)
        printf(" %16s", wo_lp_status_name(r[m].status));
    printf("\n");
#define ROW(label, expr)                                                       \
    do {                                                                       \
        for (m = 0; m < nr; m++)                                               \
            v[m] = (expr);                                                     \
        print_money(label, v, nr);                                             \
    } while (0)
    ROW("cost total (CNY/d)", wo_site_total_cost(&r[m]));
    ROW("  fixed (facilities, stations)", r[m].cost_fixed_d);
    ROW("  processing and handling", r[m].cost_processing_d);
    ROW("  transport", r[m].cost_transport_d);
    ROW("  revenue (deducted)", r[m].revenue_d);
    ROW("penalty of unmet (CNY/d)", r[m].penalty_d);
#undef ROW
    printf("  %-30s", "landfill (t/d)");
    for (m = 0; m < nr; m++)
        printf(" %16.1f", r[m].landfill_t_d);
    if (nr == 2)
        printf(" %+16.1f", r[1].landfill_t_d - r[0].landfill_t_d);
    printf("\n");
    print_indicators(rep, nr);
    if (nr == 2 && !o->quiet) {
        int changes = 0;
        printf("\nsite changes (optimise vs current):\n");
        for (i = 0; i < wo_net_nfacilities(net); i++) {
            int a = r[0].fac_level[i], b = r[1].fac_level[i];
            if (a == b)
                continue;
            changes++;
            if (a < 0)
                printf("  open    %-34s level %d, %.0f t/d\n",
                       wo_net_facility_id(net, i), b, r[1].fac_cap_t_d[i]);
            else if (b < 0)
                printf("  close   %-34s (was %.0f t/d)\n",
                       wo_net_facility_id(net, i), r[0].fac_cap_t_d[i]);
            else
                printf("  %-7s %-34s %.0f -> %.0f t/d\n",
                       b > a ? "expand" : "shrink", wo_net_facility_id(net, i),
                       r[0].fac_cap_t_d[i], r[1].fac_cap_t_d[i]);
        }
        for (i = 0; i < wo_net_ntransfers(net); i++) {
            if (r[0].tr_open[i] == r[1].tr_open[i])
                continue;
            changes++;
            printf("  %-7s transfer station %s\n",
                   r[1].tr_open[i] ? "open" : "close",
                   wo_net_transfer_id(net, i));
        }
        if (!changes)
            printf("  none: today's network is already the optimal one\n");
    }
    if (!o->quiet)
        print_streams(net, &r[nr - 1], mode_name(o->modes[nr - 1]));
    if (!o->quiet) {
        const wo_net_result *last = &r[nr - 1];
        printf("\nfacilities (%s): load / capacity t/d\n",
               mode_name(o->modes[nr - 1]));
        for (i = 0; i < wo_net_nfacilities(net); i++)
            if (last->fac_level[i] >= 0)
                printf("  %-36s %9.1f / %9.1f%s\n", wo_net_facility_id(net, i),
                       last->fac_load_t_d[i], last->fac_cap_t_d[i],
                       last->fac_load_t_d[i] >=
                               last->fac_cap_t_d[i] * (1 - 1e-6)
                           ? "  full"
                           : "");
    }
    for (m = 0; m < nr; m++)
        for (i = 0; i < r[m].nviol; i++)
            printf("%sbinds (%s): %s\n", (m == 0 || r[0].nviol == 0) && i == 0
                                               ? "\n"
                                               : "",
                   mode_name(o->modes[m]), r[m].viol[i].text);
    (void)sc;
}

/* FILE -> FILE.<mode> in compare mode. */
static const char *mode_path(const char *path, const site_opts *o, int mode,
                             char *buf, size_t size)
{
    if (!path || !o->compare)
        return path;
    snprintf(buf, size, "%s.%s", path, mode_name(mode));
    return buf;
}

int wo_cmd_site(int argc, char **argv)
{
    site_opts o;
    wo_scenario *sc = NULL;
    wo_site_study study;
    wo_net *net = NULL;
    wo_atomic_set set;
    wo_net_params p;
    wo_net_result r[2];
    wo_ind_report rep[2];
    wo_policy_rules rules;
    double rcost[2][WO_POL_COUNT], robj[2][WO_POL_COUNT];
    unsigned char *keep_fac = NULL, *keep_tr = NULL;
    wo_err err;
    char lpb[4200], mpsb[4200];
    int rc, m, k, status = WO_EXIT_OK, year, solved;
    struct sigaction sa;

    memset(r, 0, sizeof r);
    memset(&study, 0, sizeof study);
    memset(&set, 0, sizeof set);
    rc = parse_args(argc, argv, &o);
    if (rc < 0)
        return WO_EXIT_OK;
    if (rc) {
        usage(stderr);
        return rc;
    }
    wo_err_clear(&err);
    rc = wo_cli_load_scenario(o.scenario, &sc, &err);
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt site: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    year = o.year ? o.year : sc->year;
    wo_net_params_init(&p);
    memset(&rules, 0, sizeof rules);
    for (m = 0; m < 2; m++)
        for (k = 0; k < WO_POL_COUNT; k++)
            rcost[m][k] = robj[m][k] = NAN;
    /* the rules: --policy, else the scenario's, else none */
    if (o.policy) {
        if ((rc = parse_policy(o.policy, year, &rules))) {
            wo_scenario_free(sc);
            return rc;
        }
        if (sc->policy.given)
            rules.emergency_cny_per_t = sc->policy.emergency_cny_per_t;
        rc = wo_policy_net(&rules, year, &p.policy, &err);
    } else if (sc->policy.given) {
        rc = wo_site_policy(sc, year, &p.policy, &rules, &err);
    }
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt site: %s\n", err.msg);
        wo_scenario_free(sc);
        return o.policy ? WO_EXIT_USAGE : WO_EXIT_ERROR;
    }
    if (wo_site_open(sc, &study, &err) != WO_OK) {
        fprintf(stderr, "wasteopt site: %s\n", err.msg);
        wo_scenario_free(sc);
        return WO_EXIT_ERROR;
    }
    net = study.net;
    keep_fac = wo_calloc((size_t)wo_net_nfacilities(net) + 1, 1);
    keep_tr = wo_calloc((size_t)wo_net_ntransfers(net) + 1, 1);
    if (!keep_fac || !keep_tr) {
        fprintf(stderr, "wasteopt site: out of memory\n");
        status = WO_EXIT_ERROR;
        goto out;
    }
    for (k = 0; k < o.nkeep; k++) {
        char ids[1024], *id, *next;
        if (wo_strlcpy(ids, o.keep[k], sizeof ids) >= sizeof ids) {
            fprintf(stderr, "wasteopt site: --keep-open: list too long\n");
            status = WO_EXIT_USAGE;
            goto out;
        }
        for (id = ids; id; id = next) {
            next = strchr(id, ',');
            if (next)
                *next++ = '\0';
            if (!*id)
                continue;
            if (wo_site_keep(&study, id, keep_fac, keep_tr, &err) != WO_OK) {
                fprintf(stderr, "wasteopt site: --keep-open: %s\n", err.msg);
                status = WO_EXIT_USAGE;
                goto out;
            }
        }
    }
    if (o.keep_existing)
        wo_site_keep_existing(&study, keep_fac, keep_tr);
    p.keep_facility = keep_fac;
    p.keep_transfer = keep_tr;
    /* --out DIR is one output set (base/atomic.h): staged beside DIR,
     * swapped in whole at the end. */
    if (o.out_dir && wo_atomic_set_begin(&set, o.out_dir, &err) != WO_OK) {
        fprintf(stderr, "wasteopt site: %s\n", err.msg);
        status = WO_EXIT_ERROR;
        goto out;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    p.cancel = &site_cancel;
    p.time_limit_s = o.time_limit_s;
    if (!o.quiet)
        fprintf(stderr,
                "wasteopt site: scenario %s (%s), year %d: %d zones x "
                "streams, %d facilities, %d transfer options\n",
                sc->name, sc->source, year, wo_net_nsources(net),
                wo_net_nfacilities(net), wo_net_ntransfers(net));
    for (m = 0; m < o.nmodes; m++) {
        p.mode = (wo_net_mode)o.modes[m];
        p.write_lp = mode_path(o.write_lp, &o, o.modes[m], lpb, sizeof lpb);
        p.write_mps = mode_path(o.write_mps, &o, o.modes[m], mpsb, sizeof mpsb);
        if (wo_site_solve(&study, &p, &r[m], &solved, &err) != WO_OK) {
            fprintf(stderr, "wasteopt site: %s: %s\n", mode_name(o.modes[m]),
                    err.msg);
            status = WO_EXIT_ERROR;
            goto out;
        }
        if (!solved) {
            fprintf(stderr, "wasteopt site: %s: no solution (%s)\n",
                    mode_name(o.modes[m]), wo_lp_status_name(r[m].status));
            status = site_cancel ? WO_EXIT_INTERRUPTED : WO_EXIT_INFEASIBLE;
            goto out;
        }
        if (!o.quiet)
            fprintf(stderr, "wasteopt site: %s solved (%s) in %.1f s\n",
                    mode_name(o.modes[m]), wo_lp_status_name(r[m].status),
                    r[m].seconds);
        if (!r[m].feasible)
            status = WO_EXIT_TARGET;
        if (rules.given &&
            wo_site_rule_costs(&study, &p, &rules, year, &r[m], rcost[m],
                               robj[m], &err) != WO_OK) {
            fprintf(stderr, "wasteopt site: %s: rule costs: %s\n",
                    mode_name(o.modes[m]), err.msg);
            status = WO_EXIT_ERROR;
            goto out;
        }
        if (wo_site_run_indicators(&study, &r[m], year, &rep[m], &err) !=
            WO_OK) {
            fprintf(stderr, "wasteopt site: indicators: %s\n", err.msg);
            status = WO_EXIT_ERROR;
            goto out;
        }
    }
    printf("scenario %s, year %d, policy: %s%s%s\n", sc->name, year,
           o.policy          ? o.policy
           : rules.given     ? "the scenario's rules"
                             : "none",
           o.keep_existing ? ", existing sites kept open" : "",
           o.nkeep ? ", --keep-open" : "");
    print_report(sc, net, &o, r, rep);
    print_rules(&rules, year, &o, r, rcost, robj);
    if (o.out_dir) {
        wo_json *sum = wo_json_pack(
            "{s:s,s:i,s:s,s:s,s:[]}", "scenario", sc->name, "year", year,
            "policy",
            o.policy ? o.policy : rules.given ? "scenario" : "none",
            "rule_cost_method",
            "total cost with the rule less the study re-solved with it "
            "relaxed (not a dual value)",
            "runs");
        for (m = 0; m < o.nmodes; m++) {
            char name[64];
            wo_json *g = geojson(net, &r[m]);
            snprintf(name, sizeof name, "site_%s.geojson",
                     mode_name(o.modes[m]));
            if (!g || write_json(set.stage, name, g) ||
                write_flows_csv(set.stage, mode_name(o.modes[m]), net, &r[m]))
                status = WO_EXIT_ERROR;
            wo_json_decref(g);
            wo_json_array_append_new(
                wo_json_object_get(sum, "runs"),
                summary_json(net, o.modes[m], &r[m], &rep[m],
                             rules.given ? rules_json(&rules, year, &r[m],
                                                      rcost[m], robj[m])
                                         : NULL));
        }
        if (o.nmodes == 2)
            wo_json_object_set_new(sum, "delta_cost_cny_per_d",
                                wo_json_real(wo_site_total_cost(&r[1]) -
                                          wo_site_total_cost(&r[0])));
        if (!sum || write_json(set.stage, "summary.json", sum))
            status = WO_EXIT_ERROR;
        wo_json_decref(sum);
        if (status != WO_EXIT_ERROR &&
            wo_atomic_set_commit(&set, &err) != WO_OK) {
            fprintf(stderr, "wasteopt site: %s\n", err.msg);
            status = WO_EXIT_ERROR;
        }
    }
    if (site_cancel && status == WO_EXIT_OK)
        status = WO_EXIT_INTERRUPTED;
    if (fflush(stdout) != 0)
        status = WO_EXIT_ERROR;
out:
    wo_atomic_set_abort(&set);
    wo_free(keep_fac);
    wo_free(keep_tr);
    for (m = 0; m < 2; m++)
        wo_net_result_free(&r[m]);
    wo_site_close(&study);
    wo_scenario_free(sc);
    return status;
}
