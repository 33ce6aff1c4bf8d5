/*
 * cmd_indicators.c — `wasteopt indicators`: the 11 annex indicators of the
 * Chongqing waste-classification plan computed from a statistics file and
 * held against the targets of 2022, 2025 or 2027.
 *
 * Exit status: 0 when every binding indicator (4 city coverage, 11 medical
 * waste) is met, 3 when one is not or cannot be computed, 1 on bad input,
 * 2 on wrong usage.
 */
#include "cli/cli.h"
#include "cli/indicators_out.h"
#include "cli/scenario_arg.h"

#include <stdio.h>
#include <string.h>

#include "data/indicators.h"
#include "base/base.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt indicators [SCENARIO] [--stats FILE] "
            "[--year 2022|2025|2027] [--csv|--json]\n"
            "\n"
            "Compute the annex indicators (重庆市垃圾分类治理工作主要指标) "
            "from one year of\n"
            "statistics and hold each against its target.\n"
            "\n"
            "  SCENARIO        scenario directory whose scenario.json names "
            "the statistics\n"
            "                  file (member \"stats\"); default: the "
            "embedded Chongqing default\n"
            "  --stats FILE    statistics CSV 'metric,value,unit,note' "
            "(format: data/STATS.md)\n"
            "  --year Y        targets of 2022, 2025 or 2027; default: the "
            "first of these not\n"
            "                  before the file's 'year' metric, else 2025\n"
            "  --csv, --json   CSV or JSON instead of the text table\n"
            "\n"
            "exit status: 0 all binding indicators met, 3 a binding "
            "indicator not met or\n"
            "n/a, 1 bad input, 2 usage\n");
}

int wo_cmd_indicators(int argc, char **argv)
{
    const char *stats_path = NULL, *scenario = NULL;
    long year = 0;
    int format = WO_IND_FMT_TEXT, i, rc;
    char source[512];
    wo_ind_stats st;
    wo_ind_report rep;
    wo_err err;
    wo_buf out;

    wo_err_clear(&err);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(a, "--stats")) {
            if (++i >= argc) {
                fprintf(stderr, "wasteopt indicators: --stats needs a FILE\n");
                return WO_EXIT_USAGE;
            }
            stats_path = argv[i];
        } else if (!strcmp(a, "--year")) {
            if (++i >= argc || wo_parse_long(argv[i], &year) != WO_OK ||
                wo_ind_year_index(year) < 0) {
                fprintf(stderr, "wasteopt indicators: --year: expected 2022, "
                                "2025 or 2027\n");
                return WO_EXIT_USAGE;
            }
        } else if (!strcmp(a, "--csv")) {
            format = WO_IND_FMT_CSV;
        } else if (!strcmp(a, "--json")) {
            format = WO_IND_FMT_JSON;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "wasteopt indicators: unknown option '%s'\n", a);
            usage(stderr);
            return WO_EXIT_USAGE;
        } else if (!scenario) {
            scenario = a;
        } else {
            fprintf(stderr, "wasteopt indicators: more than one SCENARIO "
                            "('%s')\n",
                    a);
            return WO_EXIT_USAGE;
        }
    }

    if (stats_path) {
        rc = wo_ind_stats_load(stats_path, &st, &err);
        wo_strlcpy(source, stats_path, sizeof source);
    } else {
        rc = wo_cli_check_scenario(scenario, &err);
        if (rc == WO_OK)
            rc = wo_ind_stats_load_scenario(scenario, &st, source,
                                            sizeof source, &err);
    }
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt indicators: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    if (!year)
        year = st.present[WO_IND_M_YEAR]
                   ? wo_ind_target_year_for((long)st.value[WO_IND_M_YEAR])
                   : 2025;
    rc = wo_ind_compute(&st, year, &rep, &err);
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt indicators: %s\n", err.msg);
        return WO_EXIT_ERROR;
    }
    wo_buf_init(&out, 0);
    rc = wo_ind_report_write(&rep, format, source, &out);
    if (rc == WO_OK && out.len &&
        fwrite(out.data, 1, out.len, stdout) != out.len)
        rc = WO_EIO;
    wo_buf_free(&out);
    if (rc == WO_OK && fflush(stdout) != 0)
        rc = WO_EIO;
    if (rc != WO_OK) {
        fprintf(stderr, "wasteopt indicators: writing the report: %s\n",
                wo_strerror(rc));
        return WO_EXIT_ERROR;
    }
    return rep.binding_unmet ? WO_EXIT_TARGET : WO_EXIT_OK;
}
