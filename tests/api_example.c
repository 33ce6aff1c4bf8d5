/*
 * api_example.c — a program of a library user: it includes only
 * <wasteopt.h> and is built against the installed library with the flags
 * of `pkg-config --cflags --libs wasteopt` (`make check` stages the install
 * and tests/e2e_api.sh runs it). It loads a scenario (the directory given,
 * or the embedded default), checks it, plans it with an iteration limit
 * and prints a summary; when the scenario has statistics, its indicators.
 *
 *   api_example [SCENARIO_DIR [ITERATIONS]]
 */
#include <stdio.h>
#include <stdlib.h>

#include <wasteopt.h>

/* Print the failure of `what` and return the exit status 1. */
static int fail(const char *what, int rc, const wo_err *err)
{
    fprintf(stderr, "api_example: %s: %s (%s)\n", what, err->msg,
            wo_strerror(rc));
    return 1;
}

int main(int argc, char **argv)
{
    wo_scenario *sc = NULL;
    wo_plan *plan = NULL;
    wo_indicators *ind = NULL;
    wo_params prm;
    wo_err err;
    int rc, n_errors = 0, n_warnings = 0;

    if (wo_version()[0] != '0' + WO_VERSION_MAJOR) {
        fprintf(stderr, "api_example: header %d.x, library %s\n",
                WO_VERSION_MAJOR, wo_version());
        return 1;
    }
    wo_err_clear(&err);
    rc = argc > 1 ? wo_scenario_load_dir(argv[1], &sc, &err)
                  : wo_scenario_load_embedded(&sc, &err);
    if (rc != WO_OK)
        return fail("load", rc, &err);
    rc = wo_scenario_validate(sc, &n_errors, &n_warnings, &err);
    if (rc != WO_OK && rc != WO_EINFEASIBLE) {
        wo_scenario_free(sc);
        return fail("validate", rc, &err);
    }
    printf("wasteopt %s: scenario %s, %s, %d sites, %d errors, "
           "%d warnings\n",
           wo_version(), wo_scenario_name(sc), wo_scenario_date(sc),
           wo_scenario_site_count(sc), n_errors, n_warnings);

    wo_params_init(&prm, sc);
    prm.max_iterations = argc > 2 ? strtol(argv[2], NULL, 10) : 200;
    prm.threads = 1;
    prm.seed = 1;
    rc = wo_plan_make(sc, &prm, &plan, &err);
    if (rc != WO_OK) {
        wo_scenario_free(sc);
        return fail("plan", rc, &err);
    }
    printf("plan: %d day(s), %d routes, %d vehicles, %d transfers, "
           "%d unserved\n",
           wo_plan_days(plan), wo_plan_route_count(plan),
           wo_plan_vehicles_used(plan), wo_plan_transfer_count(plan),
           wo_plan_unserved_count(plan));
    printf("plan: cost %.2f CNY, %.1f km, served %.1f t, unserved %.1f t\n",
           wo_plan_cost_cny(plan), wo_plan_dist_m(plan) / 1000,
           wo_plan_served_kg(plan) / 1000, wo_plan_unserved_kg(plan) / 1000);
    wo_plan_free(plan);

    rc = wo_indicators_compute(sc, 2025, &ind, &err);
    if (rc == WO_OK) {
        for (int i = 0; i < wo_indicators_count(ind); i++) {
            double v;
            if (wo_indicators_value(ind, i, &v))
                printf("indicator %s: %.2f %%\n", wo_indicators_key(ind, i),
                       v);
        }
        printf("indicators %ld: %d binding unmet\n", wo_indicators_year(ind),
               wo_indicators_binding_unmet(ind));
        wo_indicators_free(ind);
    } else if (rc != WO_ENOTFOUND) {
        wo_scenario_free(sc);
        return fail("indicators", rc, &err);
    }
    wo_scenario_free(sc);
    return 0;
}
