/* Unit tests of the city's rules: scenario.json "policy" as the loader
 * reads it (modes, figures, the annex default, errors naming the JSON
 * path), the rows they make for the siting MIP, the processes they keep a
 * stream out of, and the lines that report them against a result. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/model.h"
#include "solver/plan/policy.h"
#include "tests/support/files.h"

static char small_dir[4096];

#define PLAN_KEY "\"plan\": {\"time_limit_s\": 10, \"seed\": 7}"

/* The small scenario with `policy` (JSON text of the object, or NULL for
 * none) added to its scenario.json. */
static int load_policy(const char *policy, wo_scenario **sc, wo_err *err)
{
    char path[4200], *text, *out, *at;
    ts_files files;
    size_t len, n, size;
    int rc;
    snprintf(path, sizeof path, "%s/scenario.json", small_dir);
    text = ts_slurp(path, &len);
    assert_non_null(text);
    at = strstr(text, PLAN_KEY);
    assert_non_null(at);
    size = len + (policy ? strlen(policy) : 0) + 32;
    out = malloc(size);
    assert_non_null(out);
    n = (size_t)(at - text) + strlen(PLAN_KEY);
    snprintf(out, size, "%.*s%s%s%s", (int)n, text,
             policy ? ", \"policy\": " : "", policy ? policy : "", text + n);
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, small_dir, NULL), 0);
    assert_int_equal(ts_files_put(&files, "scenario.json", out, strlen(out)),
                     0);
    rc = wo_scenario_load_files(files.f, "policy", sc, err);
    ts_files_free(&files);
    free(out);
    free(text);
    return rc;
}

static wo_scenario *must_load(const char *policy)
{
    wo_scenario *sc = NULL;
    wo_err err;
    wo_err_clear(&err);
    if (load_policy(policy, &sc, &err) != WO_OK)
        fail_msg("load: %s", err.msg);
    return sc;
}

static void near(double a, double b, int line)
{
    if (!(fabs(a - b) < 1e-9 * (1 + fabs(b))))
        fail_msg("line %d: %.12g != %.12g", line, a, b);
}
#define NEAR(a, b) near((a), (b), __LINE__)

/* Without "policy": the plan's old default, incineration enforced at the
 * annex target of the year (2025: 80 %), nothing else. */
static void test_default_rules(void **state)
{
    wo_scenario *sc = must_load(NULL);
    wo_policy_rules r;
    wo_net_policy pol;
    (void)state;
    assert_int_equal(sc->policy.given, 0);
    wo_policy_rules_of(sc, &r);
    assert_int_equal(r.incineration, WO_RULE_ENFORCE);
    assert_int_equal(r.no_raw_landfill, WO_RULE_OFF);
    assert_int_equal(r.recycling, WO_RULE_OFF);
    NEAR(wo_pol_rule_target(&r, WO_POL_INCINERATION, 2025), 0.8);
    assert_int_equal(wo_policy_net(&r, 2025, &pol, NULL), WO_OK);
    assert_int_equal(pol.incineration, 1);
    assert_int_equal(pol.raw_landfill, 0);
    wo_scenario_free(sc);
}

/* Every form of a rule: a mode, a number, an object; the reported ones
 * make no row; the emergency price is carried. */
static void test_rules_parse(void **state)
{
    wo_scenario *sc = must_load(
        "{\"no_raw_household_to_landfill\": \"enforce\", "
        "\"medical_harmless_pct\": 90, "
        "\"incineration_rate\": {\"mode\": \"report\", \"pct\": 85}, "
        "\"recycling_rate\": \"enforce\", "
        "\"landfill_cap_t_per_d\": {\"mode\": \"report\", \"t_per_d\": 500}, "
        "\"emergency_cny_per_t\": 250}");
    const wo_policy_rules *r = &sc->policy;
    wo_net_policy pol;
    (void)state;
    assert_int_equal(r->given, 1);
    assert_int_equal(r->no_raw_landfill, WO_RULE_ENFORCE);
    assert_int_equal(r->medical, WO_RULE_ENFORCE);
    assert_int_equal(r->incineration, WO_RULE_REPORT);
    assert_int_equal(r->recycling, WO_RULE_ENFORCE);
    assert_int_equal(r->cd, WO_RULE_OFF);
    assert_int_equal(r->landfill_cap, WO_RULE_REPORT);
    NEAR(wo_pol_rule_target(r, WO_POL_MEDICAL, 2025), 0.9);
    NEAR(wo_pol_rule_target(r, WO_POL_INCINERATION, 2025), 0.85);
    NEAR(wo_pol_rule_target(r, WO_POL_RECYCLING, 2025), 0.43);
    NEAR(wo_pol_rule_target(r, WO_POL_LANDFILL_CAP, 2025), 500);
    assert_int_equal(wo_policy_net(r, 2025, &pol, NULL), WO_OK);
    assert_int_equal(pol.raw_landfill, 1);
    assert_int_equal(pol.medical_rate, 1);
    NEAR(pol.medical_min, 0.9);
    assert_int_equal(pol.incineration, 0);
    assert_int_equal(pol.recycling, 1);
    NEAR(pol.recycling_min, 0.43);
    assert_int_equal(pol.landfill_cap, 0);
    NEAR(pol.emergency_per_t, 250);
    assert_string_equal(wo_pol_rule_name(WO_POL_RAW_LANDFILL),
                        "no_raw_household_to_landfill");
    wo_scenario_free(sc);
}

/* Bad rules fail the load naming their JSON path; an unknown key warns. */
static void test_rules_errors(void **state)
{
    static const struct {
        const char *policy, *msg;
    } bad[] = {
        {"{\"incineration_rate\": \"always\"}",
         "key 'policy.incineration_rate': \"always\" is not \"enforce\", "
         "\"report\" or \"off\""},
        {"{\"cd_utilization_rate\": {\"mode\": 3}}",
         "key 'policy.cd_utilization_rate.mode': 3 is not"},
        {"{\"recycling_rate\": {\"pct\": 101}}",
         "key 'policy.recycling_rate.pct': 101 is outside [0, 100]"},
        {"{\"medical_harmless_pct\": [100]}",
         "key 'policy.medical_harmless_pct': [100] is not a mode, a number"},
        {"{\"landfill_cap_t_per_d\": \"enforce\"}",
         "key 'policy.landfill_cap_t_per_d': \"enforce\" has no cap"},
        {"{\"emergency_cny_per_t\": 0}",
         "key 'policy.emergency_cny_per_t': 0 is outside [1, 1e+07]"},
        {"[1]", "key 'policy': [1] is not an object"},
    };
    size_t i;
    int k, found = 0;
    wo_scenario *sc;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wo_err err;
        sc = NULL;
        wo_err_clear(&err);
        assert_int_not_equal(load_policy(bad[i].policy, &sc, &err), WO_OK);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("%s: got '%s'", bad[i].policy, err.msg);
        assert_null(sc);
    }
    sc = must_load("{\"no_raw_houshold_to_landfill\": \"enforce\"}");
    for (k = 0; k < sc->n_warnings; k++)
        found |= strstr(sc->warnings[k], "unknown key "
                                         "'policy.no_raw_houshold_to_landfill'"
                                         " ignored") != NULL;
    assert_true(found);
    assert_int_equal(sc->policy.no_raw_landfill, WO_RULE_OFF);
    wo_scenario_free(sc);
}

/* The processes a rule keeps a stream out of: raw household waste out of
 * the landfill cell, residues not; nothing out of a transfer station;
 * medical waste out of anything but harmless disposal when all of it must
 * go there. */
static void test_restricts(void **state)
{
    wo_scenario *sc = must_load("{\"no_raw_household_to_landfill\": "
                                "\"report\", \"medical_harmless_pct\": 100}");
    int lf = -1, ts = -1, med = -1, inc = -1, p;
    (void)state;
    for (p = 0; p < sc->n_processes; p++) {
        const char *fid = sc->facilities[sc->processes[p].facility].id;
        if (!strcmp(fid, "LF"))
            lf = p;
        else if (!strcmp(fid, "TS1"))
            ts = p;
        else if (!strcmp(fid, "MED"))
            med = p;
        else if (!strcmp(fid, "INC"))
            inc = p;
    }
    assert_true(lf >= 0 && ts >= 0 && med >= 0 && inc >= 0);
    assert_int_equal(wo_policy_restricts(&sc->policy, sc, lf,
                                         WO_STREAM_HH_OTHER),
                     WO_POL_RAW_LANDFILL);
    assert_int_equal(wo_policy_restricts(&sc->policy, sc, lf,
                                         WO_STREAM_REJECT),
                     -1);
    assert_int_equal(wo_policy_restricts(&sc->policy, sc, ts,
                                         WO_STREAM_HH_OTHER),
                     -1);
    assert_int_equal(wo_policy_restricts(&sc->policy, sc, inc,
                                         WO_STREAM_HH_OTHER),
                     -1);
    assert_int_equal(wo_policy_restricts(&sc->policy, sc, med,
                                         WO_STREAM_MEDICAL),
                     -1);
    assert_int_equal(wo_policy_restricts(&sc->policy, sc, inc,
                                         WO_STREAM_MEDICAL),
                     WO_POL_MEDICAL);
    sc->policy.medical_pct = 90;
    assert_int_equal(wo_policy_restricts(&sc->policy, sc, inc,
                                         WO_STREAM_MEDICAL),
                     -1);
    wo_scenario_free(sc);
}

/* The lines against a result: a rate short of its target by points times
 * its base, raw household tonnes landfilled, a cap exceeded. */
static void test_lines(void **state)
{
    wo_policy_rules r;
    wo_net_result res;
    wo_pol_line l[WO_POL_COUNT];
    int n;
    (void)state;
    memset(&r, 0, sizeof r);
    r.given = 1;
    r.incineration = WO_RULE_ENFORCE;
    r.incineration_pct = -1;
    r.no_raw_landfill = WO_RULE_REPORT;
    r.landfill_cap = WO_RULE_REPORT;
    r.landfill_cap_t_d = 500;
    r.cd = WO_RULE_OFF;
    memset(&res, 0, sizeof res);
    res.incineration_rate = 0.7;
    res.base_t_d[0] = 200;
    res.raw_landfill_t_d = 5;
    res.landfill_t_d = 600;
    n = wo_policy_lines(&r, 2025, &res, l);
    assert_int_equal(n, 3);
    assert_int_equal(l[0].rule, WO_POL_RAW_LANDFILL);
    NEAR(l[0].gap_t_d, 5);
    assert_int_equal(l[1].rule, WO_POL_INCINERATION);
    NEAR(l[1].target, 0.8);
    NEAR(l[1].gap_t_d, 20); /* (0.8 - 0.7) x 200 t/d */
    assert_int_equal(l[2].rule, WO_POL_LANDFILL_CAP);
    NEAR(l[2].gap_t_d, 100);
    res.incineration_rate = 0.9;
    res.landfill_t_d = 100;
    res.raw_landfill_t_d = 0;
    n = wo_policy_lines(&r, 2025, &res, l);
    NEAR(l[0].gap_t_d + l[1].gap_t_d + l[2].gap_t_d, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_rules),
        cmocka_unit_test(test_rules_parse),
        cmocka_unit_test(test_rules_errors),
        cmocka_unit_test(test_restricts),
        cmocka_unit_test(test_lines),
    };
    snprintf(small_dir, sizeof small_dir, "%s/tests/data/scenarios/small",
             ts_top());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
