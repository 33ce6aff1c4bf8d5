/*
 * args.c — option values of the commands. See args.h.
 */
#include "cli/args.h"

#include "base/err.h"
#include "base/parse.h"

#include <stdio.h>

int wo_cli_opt_long(const char *cmd, int argc, char **argv, int *i, long lo,
                    long hi, long *out)
{
    const char *name = argv[*i];
    if (*i + 1 >= argc) {
        fprintf(stderr, "wasteopt %s: %s needs a value\n", cmd, name);
        return -1;
    }
    ++*i;
    if (wo_parse_long(argv[*i], out) != WO_OK || *out < lo || *out > hi) {
        fprintf(stderr,
                "wasteopt %s: %s: '%s' is not an integer in [%ld, %ld]\n", cmd,
                name, argv[*i], lo, hi);
        return -1;
    }
    return 0;
}

int wo_cli_opt_str(const char *cmd, int argc, char **argv, int *i,
                   const char **out)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "wasteopt %s: %s needs a value\n", cmd, argv[*i]);
        return -1;
    }
    *out = argv[++*i];
    return 0;
}
