/* Unit tests of data/indicators: every annex indicator computed by hand,
 * targets at their boundaries (exactly at target, ">90" at 90.0 and 90.1,
 * "—"), zero denominators, the binding count, units, the statistics-file
 * parser (its bad-input corpus, tests/data/bad/stats_<case>/, is run by
 * test_badinput), the statistics a scenario names, indicators from plan
 * flows, the report writers and out-of-memory handling. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/indicators_out.h"
#include "cli/json.h"
#include "data/indicators.h"
#include "tests/support/failalloc.h"

/* Parse `csv` (must succeed) and compute the report for `year`. */
static void run(const char *csv, long year, wo_ind_report *rep)
{
    wo_ind_stats st;
    wo_err err;
    wo_err_clear(&err);
    if (wo_ind_stats_parse(csv, strlen(csv), "t.csv", &st, &err) != WO_OK)
        fail_msg("parse failed: %s", err.msg);
    assert_int_equal(wo_ind_compute(&st, year, rep, &err), WO_OK);
}

/* Parse `csv` expecting failure with exactly `msg`. */
static void parse_fails(const char *csv, int code, const char *msg)
{
    wo_ind_stats st;
    wo_err err;
    wo_err_clear(&err);
    assert_int_equal(wo_ind_stats_parse(csv, strlen(csv), "t.csv", &st, &err),
                     code);
    assert_string_equal(err.msg, msg);
}

static void check(const wo_ind_report *rep, int id, double pct,
                  wo_ind_status status)
{
    const wo_ind_result *r = &rep->line[id];
    if (!r->has_value)
        fail_msg("line %s: no value (%s)", r->def->key, r->na_reason);
    assert_true(fabs(r->value_pct - pct) < 1e-9);
    assert_int_equal(r->status, status);
}

static void check_na(const wo_ind_report *rep, int id, const char *reason)
{
    const wo_ind_result *r = &rep->line[id];
    assert_false(r->has_value);
    assert_int_equal(r->status, WO_IND_NA);
    assert_string_equal(r->na_reason, reason);
}

/* ---------------------------------------------------------------- each indicator */

static void test_ind1_recycling(void **state)
{
    wo_ind_report rep;
    (void)state;
    /* (200 + 170) / 1000 = 37 %: exactly the 2022 target, below 2025's 43 */
    run("metric,value\nhousehold_waste_total_t,1000\n"
        "recyclables_recovered_t,200\nkitchen_resource_utilized_t,170\n",
        2022, &rep);
    check(&rep, WO_IND_RECYCLING, 37.0, WO_IND_MET);
    run("metric,value\nhousehold_waste_total_t,1000\n"
        "recyclables_recovered_t,200\nkitchen_resource_utilized_t,170\n",
        2025, &rep);
    check(&rep, WO_IND_RECYCLING, 37.0, WO_IND_NOT_MET);
    /* 2027: (300 + 150) / 1000 = 45 % exactly */
    run("metric,value\nhousehold_waste_total_t,1000\n"
        "recyclables_recovered_t,300\nkitchen_resource_utilized_t,150\n",
        2027, &rep);
    check(&rep, WO_IND_RECYCLING, 45.0, WO_IND_MET);
    /* one of the two numerator metrics missing: no data */
    run("metric,value\nhousehold_waste_total_t,1000\n"
        "recyclables_recovered_t,300\n",
        2027, &rep);
    check_na(&rep, WO_IND_RECYCLING, "no data");
}

static void test_ind2_accuracy(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value\nsorted_correctly_t,65\nsorting_assessed_t,100\n", 2025,
        &rep);
    check(&rep, WO_IND_ACCURACY, 65.0, WO_IND_MET);
    run("metric,value\nsorted_correctly_t,64.9\nsorting_assessed_t,100\n",
        2025, &rep);
    check(&rep, WO_IND_ACCURACY, 64.9, WO_IND_NOT_MET);
}

static void test_ind3_incineration(void **state)
{
    wo_ind_report rep;
    (void)state;
    /* 2,376 of 2,640 t = 90 % */
    run("metric,value\nother_incinerated_t,2376\nother_treated_t,2640\n", 2027,
        &rep);
    check(&rep, WO_IND_INCINERATION, 90.0, WO_IND_MET);
    run("metric,value\nother_incinerated_t,1795\nother_treated_t,2640\n", 2022,
        &rep);
    check(&rep, WO_IND_INCINERATION, 1795.0 * 100 / 2640, WO_IND_NOT_MET);
}

static void test_ind4_coverage(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value,unit\ncity_units_sorting,3400,count\n"
        "city_units_total,3400,count\nvillages_sorting,465,\n"
        "villages_total,620,\n",
        2025, &rep);
    check(&rep, WO_IND_COVERAGE_CITY, 100.0, WO_IND_MET);
    check(&rep, WO_IND_COVERAGE_VIL, 75.0, WO_IND_MET);
    assert_true(rep.line[WO_IND_COVERAGE_CITY].def->binding);
    assert_false(rep.line[WO_IND_COVERAGE_VIL].def->binding);
    run("metric,value\ncity_units_sorting,3399\ncity_units_total,3400\n"
        "villages_sorting,465\nvillages_total,620\n",
        2027, &rep);
    check(&rep, WO_IND_COVERAGE_CITY, 3399.0 * 100 / 3400, WO_IND_NOT_MET);
    check(&rep, WO_IND_COVERAGE_VIL, 75.0, WO_IND_NOT_MET);
    run("metric,value\nvillages_sorting,310\nvillages_total,620\n", 2022, &rep);
    check(&rep, WO_IND_COVERAGE_VIL, 50.0, WO_IND_MET);
}

static void test_ind5_film(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value\nfilm_recovered_t,920\nfilm_used_t,1000\n", 2025, &rep);
    check(&rep, WO_IND_FILM, 92.0, WO_IND_MET);
    run("metric,value\nfilm_recovered_t,920\nfilm_used_t,1000\n", 2027, &rep);
    check(&rep, WO_IND_FILM, 92.0, WO_IND_NOT_MET);
}

static void test_ind6_straw_strict(void **state)
{
    wo_ind_report rep;
    (void)state;
    /* 2022: "90" is a floor, 90.0 meets it */
    run("metric,value\nstraw_utilized_t,900\nstraw_collectable_t,1000\n", 2022,
        &rep);
    check(&rep, WO_IND_STRAW, 90.0, WO_IND_MET);
    /* 2025 and 2027: ">90" is strictly above: 90.0 fails, 90.1 passes */
    run("metric,value\nstraw_utilized_t,900\nstraw_collectable_t,1000\n", 2025,
        &rep);
    check(&rep, WO_IND_STRAW, 90.0, WO_IND_NOT_MET);
    assert_int_equal(rep.line[WO_IND_STRAW].target.cmp, WO_IND_CMP_GT);
    run("metric,value\nstraw_utilized_t,901\nstraw_collectable_t,1000\n", 2027,
        &rep);
    check(&rep, WO_IND_STRAW, 90.1, WO_IND_MET);
}

static void test_ind7_cd(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value,unit\ncd_resource_utilized_t,1.4,Mt\ncd_total_t,3500,kt\n",
        2025, &rep);
    check(&rep, WO_IND_CD, 40.0, WO_IND_NOT_MET);
    run("metric,value,unit\ncd_resource_utilized_t,1.4,Mt\ncd_total_t,3500,kt\n",
        2022, &rep);
    check(&rep, WO_IND_CD, 40.0, WO_IND_MET);
    assert_true(rep.line[WO_IND_CD].numerator == 1.4e6);
}

static void test_ind8_green(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value,unit\ngreen_new_buildings_m2,1000000,m2\n"
        "new_buildings_m2,1000000,m2\n",
        2027, &rep);
    check(&rep, WO_IND_GREEN, 100.0, WO_IND_MET);
    run("metric,value\ngreen_new_buildings_m2,899999\nnew_buildings_m2,1000000\n",
        2025, &rep);
    check(&rep, WO_IND_GREEN, 89.9999, WO_IND_NOT_MET);
}

static void test_ind9_bulk_no_target(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value\nbulk_industrial_utilized_t,600\n"
        "bulk_industrial_generated_t,1000\n",
        2022, &rep);
    check(&rep, WO_IND_BULK, 60.0, WO_IND_NO_TARGET);
    assert_int_equal(rep.line[WO_IND_BULK].target.cmp, WO_IND_CMP_NONE);
    run("metric,value\nbulk_industrial_utilized_t,700\n"
        "bulk_industrial_generated_t,1000\n",
        2025, &rep);
    check(&rep, WO_IND_BULK, 70.0, WO_IND_MET);
    /* 2027: ">75" */
    run("metric,value\nbulk_industrial_utilized_t,750\n"
        "bulk_industrial_generated_t,1000\n",
        2027, &rep);
    check(&rep, WO_IND_BULK, 75.0, WO_IND_NOT_MET);
}

static void test_ind10_hazardous(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value\nindustrial_hazardous_handled_t,98\n"
        "industrial_hazardous_generated_t,100\n",
        2027, &rep);
    check(&rep, WO_IND_HAZARDOUS, 98.0, WO_IND_MET);
    run("metric,value\nindustrial_hazardous_handled_t,94.99\n"
        "industrial_hazardous_generated_t,100\n",
        2025, &rep);
    check(&rep, WO_IND_HAZARDOUS, 94.99, WO_IND_NOT_MET);
}

static void test_ind11_medical_binding(void **state)
{
    wo_ind_report rep;
    (void)state;
    /* kg and t mixed: 5,211,000 kg = 5,211 t */
    run("metric,value,unit\nmedical_disposed_t,5211000,kg\n"
        "medical_generated_t,5211,t\ncity_units_sorting,10,count\n"
        "city_units_total,10,count\n",
        2025, &rep);
    check(&rep, WO_IND_MEDICAL, 100.0, WO_IND_MET);
    assert_int_equal(rep.binding_unmet, 0);
    run("metric,value\nmedical_disposed_t,5210\nmedical_generated_t,5211\n"
        "city_units_sorting,10\ncity_units_total,10\n",
        2025, &rep);
    check(&rep, WO_IND_MEDICAL, 521000.0 / 5211, WO_IND_NOT_MET);
    assert_int_equal(rep.binding_unmet, 1);
}

static void test_central_recycling(void **state)
{
    wo_ind_report rep;
    (void)state;
    run("metric,value\ncentral_household_waste_total_t,1000\n"
        "central_recyclables_recovered_t,250\n"
        "central_kitchen_resource_utilized_t,150\n",
        2025, &rep);
    check(&rep, WO_IND_CENTRAL_RECYCLING, 40.0, WO_IND_MET);
    assert_false(rep.line[WO_IND_CENTRAL_RECYCLING].def->in_annex);
    run("metric,value\ncentral_household_waste_total_t,1000\n"
        "central_recyclables_recovered_t,250\n"
        "central_kitchen_resource_utilized_t,150\n",
        2022, &rep);
    check(&rep, WO_IND_CENTRAL_RECYCLING, 40.0, WO_IND_NO_TARGET);
}

/* ---------------------------------------------------------------- boundaries */

static void test_zero_denominators(void **state)
{
    wo_ind_report rep;
    wo_buf b;
    int i;
    (void)state;
    run("metric,value\nhousehold_waste_total_t,0\nrecyclables_recovered_t,0\n"
        "kitchen_resource_utilized_t,0\nsorted_correctly_t,0\n"
        "sorting_assessed_t,0\nother_incinerated_t,0\nother_treated_t,0\n"
        "city_units_sorting,0\ncity_units_total,0\nvillages_sorting,0\n"
        "villages_total,0\nfilm_recovered_t,0\nfilm_used_t,0\n"
        "straw_utilized_t,0\nstraw_collectable_t,0\ncd_resource_utilized_t,0\n"
        "cd_total_t,0\ngreen_new_buildings_m2,0\nnew_buildings_m2,0\n"
        "bulk_industrial_utilized_t,0\nbulk_industrial_generated_t,0\n"
        "industrial_hazardous_handled_t,0\n"
        "industrial_hazardous_generated_t,0\nmedical_disposed_t,0\n"
        "medical_generated_t,0\ncentral_household_waste_total_t,0\n"
        "central_recyclables_recovered_t,0\n"
        "central_kitchen_resource_utilized_t,0\n",
        2025, &rep);
    for (i = 0; i < WO_IND_COUNT; i++)
        check_na(&rep, i, "zero denominator");
    /* a binding line without a value is not met */
    assert_int_equal(rep.binding_unmet, 2);
    for (i = WO_IND_FMT_TEXT; i <= WO_IND_FMT_JSON; i++) {
        wo_buf_init(&b, 0);
        assert_int_equal(wo_ind_report_write(&rep, i, "t.csv", &b), WO_OK);
        assert_null(strstr(wo_buf_cstr(&b), "nan"));
        assert_null(strstr(wo_buf_cstr(&b), "NaN"));
        assert_non_null(strstr(wo_buf_cstr(&b), "n/a"));
        wo_buf_free(&b);
    }
}

static void test_no_data(void **state)
{
    wo_ind_report rep;
    int i;
    (void)state;
    run("metric,value\nyear,2023\n", 2025, &rep);
    for (i = 0; i < WO_IND_COUNT; i++)
        check_na(&rep, i, "no data");
    assert_int_equal(rep.binding_unmet, 2);
    assert_int_equal(rep.stats_year, 2023);
}

static void test_meets(void **state)
{
    wo_ind_target ge = {WO_IND_CMP_GE, 37}, gt = {WO_IND_CMP_GT, 90},
                  none = {WO_IND_CMP_NONE, 0};
    (void)state;
    assert_true(wo_ind_meets(37.0, ge));
    assert_true(wo_ind_meets(37.0 - 1e-12, ge)); /* rounding of 100*a/b */
    assert_false(wo_ind_meets(36.99, ge));
    assert_false(wo_ind_meets(90.0, gt));
    assert_false(wo_ind_meets(90.0 + 1e-12, gt));
    assert_true(wo_ind_meets(90.1, gt));
    assert_true(wo_ind_meets(0, none));
    /* 100 * 0.37 / 1 is 37.00000000000001 or 36.99999999999999 */
    assert_true(wo_ind_meets(0.37 * 100.0 / 1.0, ge));
}

static void test_years(void **state)
{
    wo_ind_report rep;
    wo_ind_stats st;
    wo_err err;
    (void)state;
    assert_int_equal(wo_ind_year_index(2022), WO_IND_Y2022);
    assert_int_equal(wo_ind_year_index(2025), WO_IND_Y2025);
    assert_int_equal(wo_ind_year_index(2027), WO_IND_Y2027);
    assert_int_equal(wo_ind_year_index(2026), -1);
    assert_int_equal(wo_ind_target_year_for(2020), 2022);
    assert_int_equal(wo_ind_target_year_for(2022), 2022);
    assert_int_equal(wo_ind_target_year_for(2023), 2025);
    assert_int_equal(wo_ind_target_year_for(2026), 2027);
    assert_int_equal(wo_ind_target_year_for(2030), 2027);
    wo_ind_stats_init(&st);
    wo_err_clear(&err);
    assert_int_equal(wo_ind_compute(&st, 2024, &rep, &err), WO_EINVAL);
    assert_string_equal(err.msg, "target year 2024: expected 2022, 2025 or 2027");
}

static void test_definitions(void **state)
{
    int i, binding = 0, annex = 0;
    (void)state;
    for (i = 0; i < WO_IND_COUNT; i++) {
        const wo_ind_def *d = wo_ind_def_get(i);
        assert_non_null(d);
        assert_int_equal(d->id, i);
        binding += d->binding;
        annex += d->in_annex;
    }
    assert_null(wo_ind_def_get(WO_IND_COUNT));
    assert_int_equal(binding, 2);
    assert_int_equal(annex, 12); /* 11 indicators, 4 in two parts */
    assert_string_equal(wo_ind_def_get(WO_IND_MEDICAL)->key, "11");
    assert_true(wo_ind_def_get(WO_IND_MEDICAL)->binding);
    assert_true(wo_ind_def_get(WO_IND_COVERAGE_CITY)->binding);
    assert_string_equal(wo_ind_metric_name(WO_IND_M_HH_TOTAL),
                        "household_waste_total_t");
    assert_int_equal(wo_ind_metric_unit(WO_IND_M_CITY_ALL), WO_IND_UNIT_COUNT);
    assert_null(wo_ind_metric_name(WO_IND_METRIC_COUNT));
}

/* ---------------------------------------------------------------- parser */

static void test_parse_forms(void **state)
{
    wo_ind_report rep;
    (void)state;
    /* BOM, CRLF, quoted note with comma and quotes, columns in any order,
     * empty lines */
    run("\xEF\xBB\xBFnote,unit,value,metric\r\n"
        "\"10,500 t/d x 365, \"\"derived\"\"\",t,1000,household_waste_total_t\r\n"
        "\r\n"
        ",kg,200000,recyclables_recovered_t\r\n"
        "x, t ,  170 ,kitchen_resource_utilized_t\r\n",
        2022, &rep);
    check(&rep, WO_IND_RECYCLING, 37.0, WO_IND_MET);
    /* no trailing newline, no unit column */
    run("metric,value\nfilm_recovered_t,1\nfilm_used_t,1", 2025, &rep);
    check(&rep, WO_IND_FILM, 100.0, WO_IND_MET);
}

static void test_parse_errors(void **state)
{
    (void)state;
    parse_fails("", WO_EPARSE, "t.csv: file is empty");
    parse_fails("metric,value\nfoo_t,1\n", WO_EPARSE,
                "t.csv:2: column 'metric': 'foo_t' is not a known metric "
                "(see data/STATS.md)");
    parse_fails("metric,value,unit\nfilm_used_t,12,%\n", WO_EPARSE,
                "t.csv:2: column 'unit': '%' is not a unit of metric "
                "'film_used_t' (expected t, kg, kt or Mt)");
    parse_fails("metric,value\nfilm_used_t,abc\n", WO_EPARSE,
                "t.csv:2: column 'value': 'abc' is not a number");
    parse_fails("metric,value\nfilm_used_t,nan\n", WO_EPARSE,
                "t.csv:2: column 'value': 'nan' is not a number");
    parse_fails("metric,value\nfilm_used_t,-1\n", WO_ERANGE,
                "t.csv:2: column 'value': '-1' is negative (expected a value "
                ">= 0)");
    parse_fails("metric,value\nfilm_used_t,1\n\nfilm_used_t,2\n", WO_EDUP,
                "t.csv:4: column 'metric': 'film_used_t' duplicates line 2");
    parse_fails("metric,value\nfilm_used_t,1,t\n", WO_EPARSE,
                "t.csv:2: 3 fields, expected 2 as in the header");
    parse_fails("metric,value,unit,note\nfilm_used_t,1,t,a,b,c\n", WO_EPARSE,
                "t.csv:2: 6 fields, expected 4 as in the header");
    parse_fails("metric,valeu\n", WO_EPARSE,
                "t.csv:1: column 'valeu' is not a column of a statistics "
                "file (expected metric, value, unit, note)");
    parse_fails("metric,note\n", WO_EPARSE,
                "t.csv:1: missing required column 'value'");
    parse_fails("metric,value,metric\n", WO_EPARSE,
                "t.csv:1: header column 'metric' appears twice");
    parse_fails("metric,value\n\"film_used_t,1\n", WO_EPARSE,
                "t.csv:2: quoted field opened here is not closed before the "
                "end of the file");
    parse_fails("metric,value\nyear,2022.5\n", WO_ERANGE,
                "t.csv:2: column 'value': '2022.5' is not a year (expected a "
                "whole number 1990..2100)");
    parse_fails("metric,value\ncity_units_total,3.5\n", WO_EPARSE,
                "t.csv:2: column 'value': '3.5' is not a whole number "
                "(metric 'city_units_total' is a count)");
    parse_fails("metric,value\nmedical_generated_t,10\nmedical_disposed_t,11\n",
                WO_ERANGE,
                "t.csv:3: medical_disposed_t = 11 t exceeds "
                "medical_generated_t = 10 t (line 2): indicator 11 would be "
                "above 100 %");
    parse_fails("metric,value\n\xB3\xC7\xCA\xD0,1\n", WO_EENCODING,
                "t.csv: file is GBK-encoded (Excel's default in China), not "
                "UTF-8; save it as \"CSV UTF-8\"");
    parse_fails("metric,value\nfilm_used_t,1e308,\n", WO_EPARSE,
                "t.csv:2: 3 fields, expected 2 as in the header");
    parse_fails("metric,value,unit\nfilm_used_t,1e308,Mt\n", WO_ERANGE,
                "t.csv:2: column 'value': '1e308' is out of range");
}

static void test_load_missing(void **state)
{
    wo_ind_stats st;
    wo_err err;
    (void)state;
    wo_err_clear(&err);
    assert_int_equal(wo_ind_stats_load("/nonexistent/s.csv", &st, &err),
                     WO_EIO);
    assert_string_equal(err.msg,
                        "/nonexistent/s.csv: cannot open: No such file or "
                        "directory");
}

/* The statistics a scenario names: the embedded default, the same
 * directory given explicitly, and a scenario without statistics. */
static void test_scenario(void **state)
{
    const char *top = getenv("WO_TOP");
    char dir[1024], src[1200];
    wo_ind_stats emb, st;
    wo_err err;
    int m;
    (void)state;
    wo_err_clear(&err);
    if (wo_ind_stats_load_scenario(NULL, &emb, src, sizeof src, &err) !=
        WO_OK)
        fail_msg("embedded default: %s", err.msg);
    assert_string_equal(src, "stats_2022.csv (embedded default)");
    assert_true(emb.present[WO_IND_M_YEAR]);
    assert_true(emb.value[WO_IND_M_YEAR] == 2022);
    snprintf(dir, sizeof dir, "%s/data/chongqing", top ? top : ".");
    if (wo_ind_stats_load_scenario(dir, &st, src, sizeof src, &err) != WO_OK)
        fail_msg("%s: %s", dir, err.msg);
    for (m = 0; m < WO_IND_METRIC_COUNT; m++) {
        assert_int_equal(st.present[m], emb.present[m]);
        assert_true(st.value[m] == emb.value[m]);
    }
    snprintf(dir, sizeof dir, "%s/tests/data/scenarios/small",
             top ? top : ".");
    assert_int_equal(wo_ind_stats_load_scenario(dir, &st, NULL, 0, &err),
                     WO_ENOTFOUND);
    assert_string_equal(err.msg,
                        "scenario.json: no key 'files.stats' naming the "
                        "statistics file (give --stats FILE)");
    assert_int_not_equal(wo_ind_stats_load_scenario("/nonexistent", &st, NULL,
                                                    0, &err),
                         WO_OK);
}

/* ---------------------------------------------------------------- flows */

static void test_from_flows(void **state)
{
    wo_ind_flows f;
    wo_ind_stats st;
    wo_ind_report rep;
    wo_err err;
    (void)state;
    memset(&f, 0, sizeof f);
    f.central_urban = 1;
    /* household: 1000 t generated; 150 recyclables sorted, 50 via transfer
     * (not counted), 200 kitchen digested, 540 other incinerated + 60
     * landfilled */
    f.generated_t[WO_STREAM_HH_RECYCLABLE] = 200;
    f.generated_t[WO_STREAM_HH_KITCHEN] = 200;
    f.generated_t[WO_STREAM_HH_OTHER] = 600;
    f.treated_t[WO_STREAM_HH_RECYCLABLE][WO_TREAT_SORTING] = 150;
    f.treated_t[WO_STREAM_HH_RECYCLABLE][WO_TREAT_TRANSFER] = 50;
    f.treated_t[WO_STREAM_HH_KITCHEN][WO_TREAT_DIGESTION] = 200;
    f.treated_t[WO_STREAM_HH_OTHER][WO_TREAT_INCINERATION] = 540;
    f.treated_t[WO_STREAM_HH_OTHER][WO_TREAT_LANDFILL] = 60;
    f.treated_t[WO_STREAM_HH_OTHER][WO_TREAT_TRANSFER] = 600;
    /* C&D: 100 spoil backfilled of 400, 60 of 100 construction recycled */
    f.generated_t[WO_STREAM_CD_SPOIL] = 400;
    f.generated_t[WO_STREAM_CD_CONSTRUCTION] = 100;
    f.treated_t[WO_STREAM_CD_SPOIL][WO_TREAT_BACKFILL] = 100;
    f.treated_t[WO_STREAM_CD_SPOIL][WO_TREAT_LANDFILL] = 300;
    f.treated_t[WO_STREAM_CD_CONSTRUCTION][WO_TREAT_RESOURCE_UTILIZATION] = 60;
    /* medical 10 t, 9.5 incinerated */
    f.generated_t[WO_STREAM_MEDICAL] = 10;
    f.treated_t[WO_STREAM_MEDICAL][WO_TREAT_INCINERATION] = 9.5;
    /* film 10 t, 9.3 recycled; straw 100 t: 80 utilized + 11 fuel */
    f.generated_t[WO_STREAM_AG_FILM] = 10;
    f.treated_t[WO_STREAM_AG_FILM][WO_TREAT_RESOURCE_UTILIZATION] = 9.3;
    f.generated_t[WO_STREAM_AG_STRAW] = 100;
    f.treated_t[WO_STREAM_AG_STRAW][WO_TREAT_RESOURCE_UTILIZATION] = 80;
    f.treated_t[WO_STREAM_AG_STRAW][WO_TREAT_INCINERATION] = 11;
    wo_err_clear(&err);
    assert_int_equal(wo_ind_stats_from_flows(&f, &st, &err), WO_OK);
    assert_int_equal(wo_ind_compute(&st, 2025, &rep, &err), WO_OK);
    check(&rep, WO_IND_RECYCLING, 35.0, WO_IND_NOT_MET);
    check(&rep, WO_IND_CENTRAL_RECYCLING, 35.0, WO_IND_NOT_MET);
    check(&rep, WO_IND_INCINERATION, 90.0, WO_IND_MET);
    check(&rep, WO_IND_CD, 32.0, WO_IND_NOT_MET);
    check(&rep, WO_IND_MEDICAL, 95.0, WO_IND_NOT_MET);
    check(&rep, WO_IND_FILM, 93.0, WO_IND_MET);
    check(&rep, WO_IND_STRAW, 91.0, WO_IND_MET);
    check_na(&rep, WO_IND_ACCURACY, "no data");
    check_na(&rep, WO_IND_COVERAGE_CITY, "no data");
    assert_int_equal(rep.binding_unmet, 2);
    f.central_urban = 0;
    assert_int_equal(wo_ind_stats_from_flows(&f, &st, &err), WO_OK);
    assert_false(st.present[WO_IND_M_C_HH_TOTAL]);
    f.treated_t[WO_STREAM_MEDICAL][WO_TREAT_INCINERATION] = -1;
    assert_int_equal(wo_ind_stats_from_flows(&f, &st, &err), WO_EINVAL);
    assert_string_equal(err.msg, "flows: stream medical: treated -1 t "
                                 "(incineration) is not a tonnage >= 0");
}

/* ---------------------------------------------------------------- output */

static const char *sample =
    "metric,value\nyear,2022\nhousehold_waste_total_t,1000\n"
    "recyclables_recovered_t,200\nkitchen_resource_utilized_t,170\n"
    "straw_utilized_t,900\nstraw_collectable_t,1000\n"
    "city_units_sorting,5\ncity_units_total,5\n"
    "medical_disposed_t,0\nmedical_generated_t,0\n";

static void test_write_text(void **state)
{
    wo_ind_report rep;
    wo_buf b;
    const char *s;
    (void)state;
    run(sample, 2025, &rep);
    wo_buf_init(&b, 0);
    assert_int_equal(wo_ind_report_write(&rep, WO_IND_FMT_TEXT, "s.csv", &b),
                     WO_OK);
    s = wo_buf_cstr(&b);
    assert_non_null(strstr(s, "targets of 2025, figures of 2022 (s.csv)"));
    assert_non_null(strstr(s, "1           urban household-waste recycling "
                              "rate       37.00 %  >= 43   NOT MET\n"));
    assert_non_null(strstr(s, "6           straw comprehensive utilization   "
                              "         90.00 %  > 90    NOT MET\n"));
    assert_non_null(strstr(s, "4-city *    sorting coverage, city            "
                              "        100.00 %  >= 100  met\n"));
    assert_non_null(strstr(s, "11 *        urban medical-waste harmless "
                              "disposal          n/a  >= 100  n/a (zero "
                              "denominator)\n"));
    assert_non_null(strstr(s, "9           bulk industrial solid-waste "
                              "utilization        n/a  >= 70   n/a (no "
                              "data)\n"));
    assert_non_null(strstr(s, "binding indicators NOT met: 1\n"));
    wo_buf_free(&b);
}

static void test_write_csv_json(void **state)
{
    wo_ind_report rep;
    wo_buf b;
    wo_json *root, *arr, *o;
    wo_json_error je;
    (void)state;
    run(sample, 2027, &rep);
    wo_buf_init(&b, 0);
    assert_int_equal(wo_ind_report_write(&rep, WO_IND_FMT_CSV, NULL, &b),
                     WO_OK);
    assert_non_null(strstr(wo_buf_cstr(&b),
                           "\n4-city,yes,\"sorting coverage, city\","
                           "生活垃圾分类覆盖率(城市),yes,2027,100.00,>=,100,met,"
                           "5,5,\n"));
    assert_non_null(strstr(wo_buf_cstr(&b),
                           "\n11,yes,urban medical-waste harmless disposal,"
                           "城市建成区医疗废物无害化处置率,yes,2027,n/a,>=,100,"
                           "n/a,0,0,zero denominator\n"));
    assert_non_null(strstr(wo_buf_cstr(&b),
                           "\n9,yes,bulk industrial solid-waste utilization,"
                           "大宗工业固体废物资源化利用率,no,2027,n/a,>,75,n/a,,,"
                           "no data\n"));
    wo_buf_free(&b);
    wo_buf_init(&b, 0);
    assert_int_equal(wo_ind_report_write(&rep, WO_IND_FMT_JSON, NULL, &b),
                     WO_OK);
    root = wo_json_loads(wo_buf_cstr(&b), 0, &je);
    assert_non_null(root);
    assert_int_equal(wo_json_integer_value(wo_json_object_get(root, "year")),
                     2027);
    assert_int_equal(
        wo_json_integer_value(wo_json_object_get(root, "stats_year")), 2022);
    assert_int_equal(
        wo_json_integer_value(wo_json_object_get(root, "binding_unmet")), 1);
    arr = wo_json_object_get(root, "indicators");
    assert_int_equal(wo_json_array_size(arr), WO_IND_COUNT);
    o = wo_json_array_get(arr, WO_IND_MEDICAL);
    assert_true(wo_json_is_null(wo_json_object_get(o, "value_pct")));
    assert_string_equal(wo_json_string_value(wo_json_object_get(o, "reason")),
                        "zero denominator");
    assert_true(wo_json_is_true(wo_json_object_get(o, "binding")));
    o = wo_json_array_get(arr, WO_IND_STRAW);
    assert_true(wo_json_real_value(wo_json_object_get(o, "value_pct")) ==
                90.0);
    assert_string_equal(wo_json_string_value(wo_json_object_get(
                            wo_json_object_get(o, "target"), "cmp")),
                        ">");
    assert_string_equal(wo_json_string_value(wo_json_object_get(o, "status")),
                        "not_met");
    o = wo_json_array_get(arr, WO_IND_CENTRAL_RECYCLING);
    assert_true(wo_json_is_null(wo_json_object_get(o, "target")));
    wo_json_decref(root);
    wo_buf_free(&b);
    assert_int_equal(wo_ind_report_write(&rep, 99, NULL, &b), WO_EINVAL);
}

/* ---------------------------------------------------------------- out of memory */

static void test_oom(void **state)
{
    wo_ind_stats st;
    wo_ind_report rep;
    wo_err err;
    wo_buf b;
    int rc = WO_ENOMEM;
    long k;
    (void)state;
    run(sample, 2025, &rep);
    /* every allocation of the parser failing in turn */
    for (k = 0; k < 1000; k++) {
        ts_failalloc_start(k);
        rc = wo_ind_stats_parse(sample, strlen(sample), "s.csv", &st, &err);
        ts_failalloc_stop();
        if (rc == WO_OK)
            break;
        assert_int_equal(rc, WO_ENOMEM);
    }
    assert_int_equal(rc, WO_OK);
    for (k = 0; k < 1000; k++) {
        ts_failalloc_start(k);
        wo_buf_init(&b, 0);
        rc = wo_ind_report_write(&rep, WO_IND_FMT_TEXT, NULL, &b);
        wo_buf_free(&b);
        ts_failalloc_stop();
        if (rc == WO_OK)
            break;
        assert_int_equal(rc, WO_ENOMEM);
    }
    assert_int_equal(rc, WO_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ind1_recycling),
        cmocka_unit_test(test_ind2_accuracy),
        cmocka_unit_test(test_ind3_incineration),
        cmocka_unit_test(test_ind4_coverage),
        cmocka_unit_test(test_ind5_film),
        cmocka_unit_test(test_ind6_straw_strict),
        cmocka_unit_test(test_ind7_cd),
        cmocka_unit_test(test_ind8_green),
        cmocka_unit_test(test_ind9_bulk_no_target),
        cmocka_unit_test(test_ind10_hazardous),
        cmocka_unit_test(test_ind11_medical_binding),
        cmocka_unit_test(test_central_recycling),
        cmocka_unit_test(test_zero_denominators),
        cmocka_unit_test(test_no_data),
        cmocka_unit_test(test_meets),
        cmocka_unit_test(test_years),
        cmocka_unit_test(test_definitions),
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_load_missing),
        cmocka_unit_test(test_scenario),
        cmocka_unit_test(test_from_flows),
        cmocka_unit_test(test_write_text),
        cmocka_unit_test(test_write_csv_json),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
