/*
 * scenario_arg.c — the SCENARIO argument and defaults of the planning commands. See scenario_arg.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/scenario_arg.h"

#include "data/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The scenario directory dir (as the user wrote it, arg) exists, is a
 * directory and holds scenario.json: else an error naming the path. The
 * loader's own messages name files relative to the directory. */
static int check_dir(const char *arg, const char *dir, wo_err *err)
{
    struct stat st;
    char path[4096];
    if (stat(dir, &st) != 0)
        return wo_err_set(err, errno == ENOENT ? WO_ENOTFOUND : WO_EIO,
                          "scenario '%s': %s", arg,
                          errno == ENOENT ? "no such file or directory"
                                          : wo_errno_text(errno));
    if (!S_ISDIR(st.st_mode))
        return wo_err_set(err, WO_EINVAL,
                          "scenario '%s': not a directory (give the scenario "
                          "directory or its scenario.json)",
                          arg);
    if ((size_t)snprintf(path, sizeof path, "%s/scenario.json", dir) <
            sizeof path &&
        stat(path, &st) != 0 && errno == ENOENT)
        return wo_err_set(err, WO_ENOTFOUND,
                          "scenario '%s': no scenario.json in directory '%s'",
                          arg, dir);
    return WO_OK;
}

/* The directory of scenario argument arg: arg itself, or the directory of
 * the scenario.json it names (malloc'd; NULL when out of memory). */
static char *dir_of(const char *arg)
{
    const char *slash = strrchr(arg, '/');
    const char *base = slash ? slash + 1 : arg;
    size_t n = strlen(arg);
    char *dir;
    if (!strcmp(base, "scenario.json"))
        n = !slash ? 0 : slash == arg ? 1 : (size_t)(slash - arg);
    dir = malloc(n + 2);
    if (!dir)
        return NULL;
    if (n == 0) {
        dir[0] = '.';
        n = 1;
    } else {
        memcpy(dir, arg, n);
    }
    dir[n] = '\0';
    return dir;
}

int wo_cli_check_scenario(const char *arg, wo_err *err)
{
    char *dir;
    int rc;
    if (!arg)
        return WO_OK;
    if (!(dir = dir_of(arg)))
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    rc = check_dir(arg, dir, err);
    free(dir);
    return rc;
}

int wo_cli_load_scenario(const char *arg, wo_scenario **out, wo_err *err)
{
    char *dir;
    int rc;
    if (!arg)
        return wo_scenario_load_embedded(out, err);
    if (!(dir = dir_of(arg)))
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    rc = check_dir(arg, dir, err);
    if (rc == WO_OK)
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
