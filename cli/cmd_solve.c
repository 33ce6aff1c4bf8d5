/*
 * cmd_solve.c — `wasteopt solve`: a VROOM problem JSON (file or stdin) to
 * VROOM's solution JSON (stdout or a file written atomically), through
 * wo_vroom_solve_text (cli/vroom.c); warnings and errors on stderr.
 */
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/out.h"
#include "cli/vroom.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/parse.h"
#include "geo/matrix.h"

#define SOLVE_MAX_INPUT ((size_t)1 << 30) /* bytes of problem JSON at most */
#define SOLVE_MSG 8192                    /* error / warnings buffer      */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt solve [FILE|-] [-o OUT] [--time-limit S] "
            "[--iterations N]\n"
            "                      [--seed N] [--threads N] [--graph GRAPH] "
            "[--circuity F]\n"
            "                      [--quiet]\n"
            "\n"
            "Reads a VROOM problem (JSON: vehicles, jobs, matrices; the waste\n"
            "extension: facilities where vehicles unload) from FILE or stdin and\n"
            "writes VROOM's solution JSON to OUT (atomically) or stdout. Fields\n"
            "and what is supported: cli/VROOM.md.\n"
            "\n"
            "Without matrices, travel comes from the locations: great-circle\n"
            "distance x --circuity (default %.2f) at %.0f km/h, or the road graph\n"
            "of --graph (from 'wasteopt osm import').\n"
            "The search stops after --iterations (default 2000) or --time-limit\n"
            "seconds (default 5), whichever comes first; giving only one of them\n"
            "lifts the other, so --iterations N --seed S gives the same answer on\n"
            "any machine.\n"
            "\n"
            "Exit status: 0 solved, 3 solved with unassigned jobs, 1 bad problem\n"
            "or failure (the message names the JSON path), 2 usage.\n",
            WO_CIRCUITY_CHONGQING, WO_FALLBACK_KMH);
}

/* The whole of f into *buf (owned by the caller's wo_buf). */
static int read_all(FILE *f, wo_buf *b, const char *name)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        int rc = wo_buf_append(b, chunk, n);
        if (rc == WO_ENOMEM) {
            fprintf(stderr, "wasteopt solve: %s: out of memory\n", name);
            return 1;
        }
        if (rc) {
            fprintf(stderr, "wasteopt solve: %s: larger than %zu bytes\n",
                    name, SOLVE_MAX_INPUT);
            return 1;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "wasteopt solve: %s: read error: %s\n", name,
                wo_errno_text(errno));
        return 1;
    }
    return 0;
}

/* Print each line of msg on stderr with the prefix. */
static void print_lines(const char *prefix, const char *msg)
{
    while (*msg) {
        const char *nl = strchr(msg, '\n');
        size_t n = nl ? (size_t)(nl - msg) : strlen(msg);
        fprintf(stderr, "wasteopt solve: %s%.*s\n", prefix, (int)n, msg);
        msg += n + (nl != NULL);
    }
}

/* Jobs left unassigned in the solution text (0 when unreadable). */
static long count_unassigned(const char *text)
{
    wo_json *j = wo_json_loads(text, 0, NULL);
    long n = (long)wo_json_integer_value(
        wo_json_object_get(wo_json_object_get(j, "summary"), "unassigned"));
    wo_json_decref(j);
    return n;
}

static int parse_num(const char *opt, const char *s, double lo, double hi,
                     double *out)
{
    if (wo_parse_double(s, out) || !(*out >= lo) || !(*out <= hi)) {
        fprintf(stderr, "wasteopt solve: %s: '%s' is not a number in [%g, %g]\n",
                opt, s, lo, hi);
        return 1;
    }
    return 0;
}

int wo_cmd_solve(int argc, char **argv)
{
    const char *in_path = NULL, *out_path = NULL;
    int i, quiet = 0, have_time = 0, have_it = 0, rc;
    wo_vroom_opts o;
    wo_buf in;
    char *out = NULL, msg[SOLVE_MSG];
    size_t out_len = 0;
    double x;
    wo_vroom_opts_init(&o);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") ||
                   !strcmp(a, "--time-limit") || !strcmp(a, "--iterations") ||
                   !strcmp(a, "--seed") || !strcmp(a, "--threads") ||
                   !strcmp(a, "--graph") || !strcmp(a, "--circuity")) {
            const char *v;
            if (i + 1 >= argc) {
                fprintf(stderr, "wasteopt solve: %s needs a value\n", a);
                return WO_EXIT_USAGE;
            }
            v = argv[++i];
            if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
                out_path = v;
            } else if (!strcmp(a, "--graph")) {
                o.graph_path = v;
            } else if (!strcmp(a, "--time-limit")) {
                if (parse_num(a, v, 0.01, 86400, &o.time_limit_s))
                    return WO_EXIT_USAGE;
                have_time = 1;
            } else if (!strcmp(a, "--iterations")) {
                if (parse_num(a, v, 1, 1e9, &x))
                    return WO_EXIT_USAGE;
                o.iterations = (long)x;
                have_it = 1;
            } else if (!strcmp(a, "--seed")) {
                if (parse_num(a, v, 0, 4294967295.0, &x))
                    return WO_EXIT_USAGE;
                o.seed = (unsigned long)x;
            } else if (!strcmp(a, "--threads")) {
                if (parse_num(a, v, 1, 64, &x))
                    return WO_EXIT_USAGE;
                o.threads = (int)x;
            } else if (parse_num(a, v, 1, 10, &o.circuity)) {
                return WO_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "wasteopt solve: unknown argument '%s'\n", a);
            usage(stderr);
            return WO_EXIT_USAGE;
        } else if (in_path) {
            fprintf(stderr, "wasteopt solve: one problem at a time ('%s' and "
                            "'%s')\n",
                    in_path, a);
            return WO_EXIT_USAGE;
        } else {
            in_path = a;
        }
    }
    if (have_it && !have_time)
        o.time_limit_s = 0;
    if (have_time && !have_it)
        o.iterations = 0;
    wo_buf_init(&in, SOLVE_MAX_INPUT);
    if (!in_path || !strcmp(in_path, "-")) {
        in_path = "<stdin>";
        rc = read_all(stdin, &in, in_path);
    } else {
        FILE *f = fopen(in_path, "rb");
        if (!f) {
            fprintf(stderr, "wasteopt solve: %s: %s\n", in_path,
                    wo_errno_text(errno));
            wo_buf_free(&in);
            return WO_EXIT_ERROR;
        }
        rc = read_all(f, &in, in_path);
        fclose(f);
    }
    if (rc) {
        wo_buf_free(&in);
        return WO_EXIT_ERROR;
    }
    rc = wo_vroom_solve_text(in.data ? in.data : "", in.len, &o, &out,
                             &out_len, msg, sizeof msg);
    wo_buf_free(&in);
    if (rc) {
        fprintf(stderr, "wasteopt solve: %s: %s\n", in_path, msg);
        return WO_EXIT_ERROR;
    }
    if (!quiet)
        print_lines("warning: ", msg);
    if (out_path) {
        wo_err err;
        if (wo_out_write_bytes(out_path, out, out_len, &err) != WO_OK) {
            fprintf(stderr, "wasteopt solve: %s\n", err.msg);
            wo_free(out);
            return WO_EXIT_ERROR;
        }
    } else if (fwrite(out, 1, out_len, stdout) != out_len ||
               fputc('\n', stdout) == EOF || fflush(stdout)) {
        fprintf(stderr, "wasteopt solve: <stdout>: write error\n");
        wo_free(out);
        return WO_EXIT_ERROR;
    }
    rc = count_unassigned(out) > 0 ? WO_EXIT_TARGET : WO_EXIT_OK;
    wo_free(out);
    return rc;
}
