/* glpsol_run.c — see glpsol_run.h. */
#define _POSIX_C_SOURCE 200809L
#include "tests/support/glpsol_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wo_test_have_glpsol(void)
{
    return system("glpsol --version >/dev/null 2>&1") == 0;
}

double wo_test_glpsol_obj(const char *flag, const char *path)
{
    char cmd[1024], line[512];
    FILE *f;
    double obj = NAN;
    int n = snprintf(cmd, sizeof cmd,
                     "glpsol %s '%s' -o /dev/stdout 2>/dev/null", flag, path);
    if (n < 0 || (size_t)n >= sizeof cmd)
        return NAN;
    f = popen(cmd, "r");
    if (!f)
        return NAN;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, "Objective:");
        if (p && (p = strchr(p, '=')) != NULL)
            obj = strtod(p + 1, NULL);
    }
    pclose(f);
    return obj;
}
