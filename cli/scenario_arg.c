/*
 * scenario_arg.c — the SCENARIO argument and defaults of the planning commands. See scenario_arg.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/scenario_arg.h"

#include "data/calendar.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int wo_cli_load_scenario(const char *arg, wo_scenario **out, wo_err *err)
{
    const char *slash, *base;
    char *dir;
    size_t n;
    int rc;
    if (!arg)
        return wo_scenario_load_embedded(out, err);
    slash = strrchr(arg, '/');
    base = slash ? slash + 1 : arg;
    if (strcmp(base, "scenario.json") != 0)
        return wo_scenario_load_dir(arg, out, err);
    /* The path of scenario.json itself: load its directory. */
    n = !slash ? 0 : slash == arg ? 1 : (size_t)(slash - arg);
    dir = malloc(n + 2);
    if (!dir)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    if (n == 0) {
        dir[0] = '.';
        n = 1;
    } else {
        memcpy(dir, arg, n);
    }
    dir[n] = '\0';
    rc = wo_scenario_load_dir(dir, out, err);
    free(dir);
    return rc;
}

int wo_cli_set_date(wo_scenario *sc, const char *date, wo_err *err)
{
    long days;
    char check[11];
    int month;
    if (wo_calendar_parse(date, &days, NULL) != WO_OK)
        return wo_err_set(err, WO_EINVAL,
                          "--date: '%s' is not a date YYYY-MM-DD", date);
    wo_calendar_format(days, check, &month);
    wo_strlcpy(sc->date, check, sizeof sc->date);
    sc->month = month;
    return WO_OK;
}

long wo_cli_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : n;
}
