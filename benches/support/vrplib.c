/*
 * vrplib.c — the rich VRPLIB reader, the problem built from it, the .sol
 * writer and the independent recount (see vrplib.h for the conventions
 * and the quirks accepted).
 *
 * The parser works line by line: a line is a header ("KEY : VALUE"), a
 * section name ("..._SECTION"), EOF, or a data row of the open section.
 * Every row names its node (or vehicle) id, each at most once; a section
 * must list every id. Problems are reported as "file:line: field: ...".
 */
#define _POSIX_C_SOURCE 200809L
#include "benches/support/vrplib.h"
#include "benches/support/cvrplib.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VL_TOKS 6    /* tokens kept per line          */
#define VL_TOK 64    /* characters kept per token     */

/* Sections the reader knows. */
enum {
    S_NONE,
    S_COORD,
    S_DEMAND,
    S_TW,
    S_RELEASE,
    S_SERVICE,
    S_VCAP,
    S_VFIXED,
    S_VUNIT,
    S_VRELOAD,
    S_DEPOT,
    S_SKIP,
    S_COUNT
};

static const char *const sec_names[S_COUNT] = {
    "",
    "NODE_COORD_SECTION",
    "DEMAND_SECTION",
    "TIME_WINDOW_SECTION",
    "RELEASE_TIME_SECTION",
    "SERVICE_TIME_SECTION",
    "CAPACITY_SECTION",
    "VEHICLES_FIXED_COST_SECTION",
    "VEHICLES_UNIT_DISTANCE_COST_SECTION",
    "VEHICLES_RELOAD_DEPOT_SECTION",
    "DEPOT_SECTION",
    "",
};

/* Kinds of normalisation, each warned about once with a count. */
enum { Q_CRLF, Q_SPACE, Q_KEY, Q_SECTION, Q_CLOCK, Q_COUNT };

static const char *const quirk_text[Q_COUNT] = {
    "CRLF line end, read as LF",
    "stray whitespace ignored",
    "unknown header key ignored",
    "unknown section skipped",
    "clock time read as minutes since midnight",
};

/* The parser's state. */
typedef struct vl_parse {
    const char *file;
    wo_vrplib *in;
    wo_vrplib_warn_fn warn;
    void *ud;
    wo_err *err;
    long line;
    int sec;                      /* section open                     */
    char *seen[S_COUNT];          /* ids given per section            */
    int have_service;             /* SERVICE_TIME header given        */
    double service_all;           /* its value                        */
    int n_depots;                 /* DEPOT_SECTION entries            */
    int depot_done;               /* its -1 seen                      */
    int *reload;                  /* [n_vehicles] reload depot node   */
    long quirk_line[Q_COUNT];     /* first line of each quirk, 0 none */
    long quirk_n[Q_COUNT];        /* occurrences                      */
    long clock_line;              /* first clock time                 */
    long bare_line;               /* first bare time also read as HHMM */
    char bare_field[96];          /* its section and field            */
    char bare_tok[VL_TOK];        /* its text                         */
} vl_parse;

static void quirk(vl_parse *p, int q, const char *detail)
{
    char msg[WO_ERR_MSG_MAX];
    if (p->quirk_n[q]++ > 0)
        return;
    p->quirk_line[q] = p->line;
    if (!p->warn)
        return;
    snprintf(msg, sizeof msg, "%s:%ld: %s%s%s", p->file, p->line,
             quirk_text[q], detail ? ": " : "", detail ? detail : "");
    p->warn(p->ud, msg);
}

static void quirk_summary(vl_parse *p)
{
    char msg[WO_ERR_MSG_MAX];
    int q;
    for (q = 0; q < Q_COUNT && p->warn; q++)
        if (p->quirk_n[q] > 1) {
            snprintf(msg, sizeof msg,
                     "%s:%ld: %s: %ld lines in all (the first at this line)",
                     p->file, p->quirk_line[q], quirk_text[q], p->quirk_n[q]);
            p->warn(p->ud, msg);
        }
}

/* Split a line on blanks (and the ':' of a header) into tokens. */
static int split(const char *s, size_t len, char tok[VL_TOKS][VL_TOK],
                 int colon, int *too_long)
{
    size_t i = 0;
    int n = 0;
    *too_long = 0;
    while (i < len) {
        size_t j;
        while (i < len && (s[i] == ' ' || s[i] == '\t' ||
                           (colon && s[i] == ':')))
            i++;
        if (i >= len)
            break;
        j = i;
        while (j < len && s[j] != ' ' && s[j] != '\t' && !(colon && s[j] == ':'))
            j++;
        if (n < VL_TOKS) {
            size_t k = j - i < VL_TOK ? j - i : VL_TOK - 1;
            if (j - i >= VL_TOK)
                *too_long = 1;
            memcpy(tok[n], s + i, k);
            tok[n][k] = '\0';
        }
        n++;
        i = j;
    }
    return n;
}

static int fail(vl_parse *p, int code, const char *field, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));

/* An error "file:line: field: detail". */
static int fail(vl_parse *p, int code, const char *field, const char *fmt,
                ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return wo_err_set(p->err, code, "%s:%ld: %s: %s", p->file, p->line, field,
                      detail);
}

static int number(vl_parse *p, const char *field, const char *tok, double *v)
{
    if (wo_parse_double(tok, v) != WO_OK)
        return fail(p, WO_EPARSE, field, "'%s' is not a number", tok);
    return WO_OK;
}

static int nonneg(vl_parse *p, const char *field, const char *tok, double *v)
{
    if (number(p, field, tok, v))
        return WO_EPARSE;
    if (*v < 0)
        return fail(p, WO_ERANGE, field, "'%s' is negative", tok);
    return WO_OK;
}

/* A time token: a number, or a clock ("H:MM", "HH:MM", "0845") read as
 * minutes since midnight with a warning. A bare integer of three or more
 * digits that is also a valid HHMM is remembered: with a clock elsewhere
 * in the file it is ambiguous (checked at the end). */
static int time_tok(vl_parse *p, const char *field, const char *tok,
                    double *v)
{
    size_t n = strlen(tok), i, digits = 0;
    const char *colon = strchr(tok, ':');
    for (i = 0; i < n; i++)
        digits += isdigit((unsigned char)tok[i]) != 0;
    if (colon || (n == 4 && digits == 4 && tok[0] == '0')) {
        long hh, mm;
        char h[8], m[8];
        size_t hl = colon ? (size_t)(colon - tok) : 2;
        const char *ms = colon ? colon + 1 : tok + 2;
        if (hl == 0 || hl > 2 || strlen(ms) != 2 || digits != n - (colon != NULL))
            return fail(p, WO_EPARSE, field,
                        "'%s' is neither a number nor a clock time HH:MM", tok);
        memcpy(h, tok, hl);
        h[hl] = '\0';
        wo_strlcpy(m, ms, sizeof m);
        if (wo_parse_long(h, &hh) != WO_OK || wo_parse_long(m, &mm) != WO_OK ||
            mm > 59 || hh > 47)
            return fail(p, WO_ERANGE, field,
                        "'%s' is not a clock time (hours 0-47, minutes 0-59)",
                        tok);
        *v = (double)(hh * 60 + mm);
        if (!p->clock_line)
            p->clock_line = p->line;
        {
            char d[160];
            snprintf(d, sizeof d, "%s '%s' = %g", field, tok, *v);
            quirk(p, Q_CLOCK, d);
        }
        return WO_OK;
    }
    if (nonneg(p, field, tok, v))
        return WO_EPARSE;
    if (!p->bare_line && digits == n && n >= 3 && n <= 4 &&
        fmod(*v, 100.0) < 60 && *v < 4800) {
        p->bare_line = p->line;
        wo_strlcpy(p->bare_field, field, sizeof p->bare_field);
        wo_strlcpy(p->bare_tok, tok, sizeof p->bare_tok);
    }
    return WO_OK;
}

void wo_vrplib_free(wo_vrplib *in)
{
    if (!in)
        return;
    wo_free(in->x);
    wo_free(in->y);
    wo_free(in->demand);
    wo_free(in->service);
    wo_free(in->tw_open);
    wo_free(in->tw_close);
    wo_free(in->release);
    wo_free(in->veh_capacity);
    wo_free(in->veh_fixed);
    wo_free(in->veh_unit);
    memset(in, 0, sizeof *in);
}

/* An array of count doubles for *slot (once). */
static int alloc_arr(vl_parse *p, double **slot, int count)
{
    if (*slot)
        return WO_OK;
    *slot = wo_calloc((size_t)count, sizeof(double));
    if (!*slot)
        return wo_err_set(p->err, WO_ENOMEM, "%s: out of memory", p->file);
    return WO_OK;
}

static int count_value(vl_parse *p, const char *key, const char *tok,
                       long lo, long hi, int *out)
{
    long v;
    if (wo_parse_long(tok, &v) != WO_OK || v < lo || v > hi) {
        char f[64];
        snprintf(f, sizeof f, "%s", key);
        return wo_err_set(p->err, WO_EPARSE,
                          "%s:%ld: %s: '%s': expected an integer in %ld..%ld",
                          p->file, p->line, f, tok, lo, hi);
    }
    *out = (int)v;
    return WO_OK;
}

static int header(vl_parse *p, char tok[VL_TOKS][VL_TOK], int nt)
{
    wo_vrplib *in = p->in;
    const char *k = tok[0];
    if (nt < 2)
        return fail(p, WO_EPARSE, k, "no value");
    if (!strcmp(k, "NAME")) {
        wo_strlcpy(in->name, tok[1], sizeof in->name);
    } else if (!strcmp(k, "COMMENT")) {
        /* free text */
    } else if (!strcmp(k, "TYPE")) {
        if (!strcmp(tok[1], "VRPTW"))
            in->kind = WO_VRPLIB_VRPTW;
        else if (!strcmp(tok[1], "MTVRPTWR"))
            in->kind = WO_VRPLIB_MTVRPTWR;
        else if (!strcmp(tok[1], "HFVRP"))
            in->kind = WO_VRPLIB_HFVRP;
        else
            return fail(p, WO_EUNSUPPORTED, "TYPE",
                        "'%s': expected VRPTW, MTVRPTWR or HFVRP", tok[1]);
    } else if (!strcmp(k, "DIMENSION")) {
        if (in->n)
            return fail(p, WO_EPARSE, k, "given twice");
        if (count_value(p, k, tok[1], 2, WO_VRPLIB_MAX_NODES, &in->n))
            return WO_EPARSE;
        if (alloc_arr(p, &in->x, in->n) || alloc_arr(p, &in->y, in->n) ||
            alloc_arr(p, &in->demand, in->n) ||
            alloc_arr(p, &in->service, in->n))
            return WO_ENOMEM;
    } else if (!strcmp(k, "VEHICLES")) {
        if (in->n_vehicles)
            return fail(p, WO_EPARSE, k, "given twice");
        if (count_value(p, k, tok[1], 1, WO_VRPLIB_MAX_VEHICLES,
                        &in->n_vehicles))
            return WO_EPARSE;
    } else if (!strcmp(k, "CAPACITY")) {
        if (number(p, k, tok[1], &in->capacity))
            return WO_EPARSE;
        if (in->capacity <= 0)
            return fail(p, WO_ERANGE, k, "'%s': expected > 0", tok[1]);
    } else if (!strcmp(k, "SERVICE_TIME")) {
        if (nonneg(p, k, tok[1], &p->service_all))
            return WO_EPARSE;
        p->have_service = 1;
    } else if (!strcmp(k, "EDGE_WEIGHT_TYPE")) {
        if (strcmp(tok[1], "EUC_2D") != 0)
            return fail(p, WO_EUNSUPPORTED, k, "'%s': only EUC_2D is supported",
                        tok[1]);
    } else {
        quirk(p, Q_KEY, k);
    }
    return WO_OK;
}

/* The 0-based id of a row of section sec (node or vehicle), marked seen. */
static int row_id(vl_parse *p, const char *tok, int *id)
{
    int vehicles = p->sec >= S_VCAP && p->sec <= S_VRELOAD;
    int hi = vehicles ? p->in->n_vehicles : p->in->n;
    long v;
    if (hi <= 0)
        return fail(p, WO_EPARSE, sec_names[p->sec], "rows before %s",
                    vehicles ? "VEHICLES" : "DIMENSION");
    if (wo_parse_long(tok, &v) != WO_OK || v < 1 || v > hi) {
        return wo_err_set(p->err, WO_EPARSE,
                          "%s:%ld: %s: %s '%s': expected an integer in 1..%d",
                          p->file, p->line, sec_names[p->sec],
                          vehicles ? "vehicle" : "node", tok, hi);
    }
    if (!p->seen[p->sec]) {
        p->seen[p->sec] = wo_calloc((size_t)hi, 1);
        if (!p->seen[p->sec])
            return wo_err_set(p->err, WO_ENOMEM, "%s: out of memory", p->file);
    }
    if (p->seen[p->sec][v - 1])
        return wo_err_set(p->err, WO_EDUP, "%s:%ld: %s: %s %ld given twice",
                          p->file, p->line, sec_names[p->sec],
                          vehicles ? "vehicle" : "node", v);
    p->seen[p->sec][v - 1] = 1;
    *id = (int)v - 1;
    return WO_OK;
}

/* One data row of the open section. */
static int row(vl_parse *p, char tok[VL_TOKS][VL_TOK], int nt)
{
    static const int want[S_COUNT] = {0, 3, 2, 3, 2, 2, 2, 2, 2, 2, 1, 0};
    wo_vrplib *in = p->in;
    char field[96];
    int id = 0;
    double v;
    if (p->sec == S_SKIP)
        return WO_OK;
    if (p->sec == S_NONE)
        return fail(p, WO_EPARSE, tok[0], "data outside any section");
    if (nt != want[p->sec])
        return wo_err_set(p->err, WO_EPARSE,
                          "%s:%ld: %s: %d fields, expected %d", p->file,
                          p->line, sec_names[p->sec], nt, want[p->sec]);
    if (p->sec == S_DEPOT) {
        long d;
        if (p->depot_done)
            return fail(p, WO_EPARSE, "DEPOT_SECTION", "'%s' after -1", tok[0]);
        if (!strcmp(tok[0], "-1")) {
            p->depot_done = 1;
            return WO_OK;
        }
        if (wo_parse_long(tok[0], &d) != WO_OK || d < 1 || d > in->n)
            return fail(p, WO_EPARSE, "DEPOT_SECTION",
                        "'%s' is not a node id", tok[0]);
        if (p->n_depots++ > 0)
            return fail(p, WO_EUNSUPPORTED, "DEPOT_SECTION",
                        "second depot '%s': one depot is supported", tok[0]);
        in->depot = (int)d - 1;
        return WO_OK;
    }
    if (row_id(p, tok[0], &id))
        return WO_EPARSE;
    snprintf(field, sizeof field, "%s %s %.40s", sec_names[p->sec],
             p->sec >= S_VCAP && p->sec <= S_VRELOAD ? "vehicle" : "node",
             tok[0]);
    switch (p->sec) {
    case S_COORD:
        if (number(p, field, tok[1], &in->x[id]) ||
            number(p, field, tok[2], &in->y[id]))
            return WO_EPARSE;
        break;
    case S_DEMAND:
        return nonneg(p, field, tok[1], &in->demand[id]);
    case S_SERVICE:
        return nonneg(p, field, tok[1], &in->service[id]);
    case S_TW: {
        char f2[128];
        if (alloc_arr(p, &in->tw_open, in->n) ||
            alloc_arr(p, &in->tw_close, in->n))
            return WO_ENOMEM;
        snprintf(f2, sizeof f2, "%s open", field);
        if (time_tok(p, f2, tok[1], &in->tw_open[id]))
            return WO_EPARSE;
        snprintf(f2, sizeof f2, "%s close", field);
        if (time_tok(p, f2, tok[2], &in->tw_close[id]))
            return WO_EPARSE;
        if (in->tw_close[id] < in->tw_open[id])
            return fail(p, WO_ERANGE, f2, "'%s' is before the window opens",
                        tok[2]);
        break;
    }
    case S_RELEASE:
        if (alloc_arr(p, &in->release, in->n))
            return WO_ENOMEM;
        return time_tok(p, field, tok[1], &in->release[id]);
    case S_VCAP:
        if (alloc_arr(p, &in->veh_capacity, in->n_vehicles) ||
            number(p, field, tok[1], &v))
            return WO_EPARSE;
        if (v <= 0)
            return fail(p, WO_ERANGE, field, "'%s': expected > 0", tok[1]);
        in->veh_capacity[id] = v;
        break;
    case S_VFIXED:
        if (alloc_arr(p, &in->veh_fixed, in->n_vehicles))
            return WO_ENOMEM;
        return nonneg(p, field, tok[1], &in->veh_fixed[id]);
    case S_VUNIT:
        if (alloc_arr(p, &in->veh_unit, in->n_vehicles))
            return WO_ENOMEM;
        return nonneg(p, field, tok[1], &in->veh_unit[id]);
    case S_VRELOAD: {
        long d;
        if (wo_parse_long(tok[1], &d) != WO_OK || d < 1 || d > in->n)
            return fail(p, WO_EPARSE, field, "'%s' is not a node id", tok[1]);
        p->reload[id] = (int)d - 1;
        break;
    }
    default:
        break;
    }
    return WO_OK;
}

static int open_section(vl_parse *p, const char *name)
{
    int s;
    for (s = S_COORD; s < S_SKIP; s++)
        if (!strcmp(name, sec_names[s]))
            break;
    if (s == S_SKIP) {
        quirk(p, Q_SECTION, name);
        p->sec = S_SKIP;
        return WO_OK;
    }
    if (s != S_DEPOT && (s >= S_VCAP && s <= S_VRELOAD ? !p->in->n_vehicles
                                                        : !p->in->n))
        return fail(p, WO_EPARSE, name, "before %s", s >= S_VCAP && s <= S_VRELOAD
                                                         ? "VEHICLES"
                                                         : "DIMENSION");
    if (s == S_DEPOT && !p->in->n)
        return fail(p, WO_EPARSE, name, "before DIMENSION");
    if (s == S_VRELOAD && !p->reload) {
        int i;
        p->reload = wo_malloc(sizeof(int) * (size_t)p->in->n_vehicles);
        if (!p->reload)
            return wo_err_set(p->err, WO_ENOMEM, "%s: out of memory", p->file);
        for (i = 0; i < p->in->n_vehicles; i++)
            p->reload[i] = -1;
    }
    if ((s == S_DEPOT && p->n_depots) || (s != S_DEPOT && p->seen[s]))
        return fail(p, WO_EPARSE, name, "given twice");
    p->sec = s;
    return WO_OK;
}

/* After the last line: everything needed is there and consistent. */
static int finish(vl_parse *p)
{
    wo_vrplib *in = p->in;
    static const int node_secs[] = {S_COORD, S_DEMAND, S_TW, S_RELEASE,
                                    S_SERVICE};
    static const int veh_secs[] = {S_VCAP, S_VFIXED, S_VUNIT, S_VRELOAD};
    size_t k;
    int i;
    p->line = 0;
    if (!in->n)
        return wo_err_set(p->err, WO_EPARSE, "%s: no DIMENSION", p->file);
    if (!in->n_vehicles)
        return wo_err_set(p->err, WO_EPARSE, "%s: no VEHICLES", p->file);
    if (!p->seen[S_COORD])
        return wo_err_set(p->err, WO_EPARSE, "%s: no NODE_COORD_SECTION",
                          p->file);
    if (!p->seen[S_DEMAND])
        return wo_err_set(p->err, WO_EPARSE, "%s: no DEMAND_SECTION", p->file);
    if (!p->n_depots)
        return wo_err_set(p->err, WO_EPARSE, "%s: no DEPOT_SECTION", p->file);
    for (k = 0; k < sizeof node_secs / sizeof node_secs[0]; k++)
        for (i = 0; p->seen[node_secs[k]] && i < in->n; i++)
            if (!p->seen[node_secs[k]][i])
                return wo_err_set(p->err, WO_EPARSE,
                                  "%s: %s: node %d missing", p->file,
                                  sec_names[node_secs[k]], i + 1);
    for (k = 0; k < sizeof veh_secs / sizeof veh_secs[0]; k++)
        for (i = 0; p->seen[veh_secs[k]] && i < in->n_vehicles; i++)
            if (!p->seen[veh_secs[k]][i])
                return wo_err_set(p->err, WO_EPARSE,
                                  "%s: %s: vehicle %d missing", p->file,
                                  sec_names[veh_secs[k]], i + 1);
    if (p->clock_line && p->bare_line)
        return wo_err_set(p->err, WO_EPARSE,
                          "%s:%ld: %s: '%s' is ambiguous: the file writes "
                          "clock times (line %ld), and '%s' reads as HHMM too; "
                          "write it as a clock (HH:MM) or in minutes",
                          p->file, p->bare_line, p->bare_field, p->bare_tok,
                          p->clock_line, p->bare_tok);
    if (in->kind == WO_VRPLIB_HFVRP) {
        if (!in->veh_capacity)
            return wo_err_set(p->err, WO_EPARSE,
                              "%s: HFVRP without CAPACITY_SECTION", p->file);
    } else {
        if (in->capacity <= 0)
            return wo_err_set(p->err, WO_EPARSE, "%s: no CAPACITY", p->file);
        if (!in->tw_open)
            return wo_err_set(p->err, WO_EPARSE,
                              "%s: %s without TIME_WINDOW_SECTION", p->file,
                              in->kind == WO_VRPLIB_VRPTW ? "VRPTW"
                                                          : "MTVRPTWR");
    }
    if (in->kind == WO_VRPLIB_MTVRPTWR && p->reload)
        for (i = 0; i < in->n_vehicles; i++)
            if (p->reload[i] != in->depot)
                return wo_err_set(p->err, WO_EUNSUPPORTED,
                                  "%s: VEHICLES_RELOAD_DEPOT_SECTION: vehicle "
                                  "%d reloads at node %d, not at the depot "
                                  "%d: only reloads at the one depot are "
                                  "supported",
                                  p->file, i + 1, p->reload[i] + 1,
                                  in->depot + 1);
    if (in->kind != WO_VRPLIB_MTVRPTWR && in->release)
        for (i = 0; i < in->n; i++)
            if (in->release[i] > 0)
                return wo_err_set(p->err, WO_EUNSUPPORTED,
                                  "%s: RELEASE_TIME_SECTION: node %d has a "
                                  "release date in a %s instance",
                                  p->file, i + 1,
                                  in->kind == WO_VRPLIB_VRPTW ? "VRPTW"
                                                              : "HFVRP");
    for (i = 0; i < in->n; i++) {
        if (p->have_service && !p->seen[S_SERVICE] && i != in->depot)
            in->service[i] = p->service_all;
        if (!(fabs(in->x[i]) <= 1e9) || !(fabs(in->y[i]) <= 1e9))
            return wo_err_set(p->err, WO_ERANGE, "%s: NODE_COORD_SECTION "
                              "node %d: coordinates beyond 1e9", p->file,
                              i + 1);
    }
    if (in->demand[in->depot] != 0)
        return wo_err_set(p->err, WO_ERANGE,
                          "%s: DEMAND_SECTION: the depot (node %d) has demand "
                          "%g",
                          p->file, in->depot + 1, in->demand[in->depot]);
    return WO_OK;
}

int wo_vrplib_parse(const char *text, size_t len, const char *file,
                    wo_vrplib *in, wo_vrplib_warn_fn warn, void *ud,
                    wo_err *err)
{
    vl_parse p;
    size_t pos = 0;
    int rc = WO_OK, s, ended = 0;
    memset(in, 0, sizeof *in);
    memset(&p, 0, sizeof p);
    p.file = file;
    p.in = in;
    p.warn = warn;
    p.ud = ud;
    p.err = err;
    in->kind = WO_VRPLIB_VRPTW;
    in->depot = 0;
    while (pos < len && rc == WO_OK && !ended) {
        char tok[VL_TOKS][VL_TOK];
        size_t e = pos, l;
        const char *ln = text + pos;
        int nt, too_long, colon;
        while (e < len && text[e] != '\n')
            e++;
        l = e - pos;
        pos = e + 1;
        p.line++;
        if (l > 0 && ln[l - 1] == '\r') {
            l--;
            quirk(&p, Q_CRLF, NULL);
        }
        if (l == 0 || ln[0] == ' ' || ln[0] == '\t' || ln[l - 1] == ' ' ||
            ln[l - 1] == '\t') {
            size_t i = 0;
            while (i < l && (ln[i] == ' ' || ln[i] == '\t'))
                i++;
            if (i == l) {
                quirk(&p, Q_SPACE, "blank line");
                continue;
            }
            quirk(&p, Q_SPACE, NULL);
        }
        if (memchr(ln, '\0', l))
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: NUL byte", file, p.line);
        if (rc)
            break;
        /* a header is an upper-case key followed by ':' */
        colon = 0;
        {
            size_t i = 0;
            while (i < l && (ln[i] == ' ' || ln[i] == '\t'))
                i++;
            if (i < l && isupper((unsigned char)ln[i])) {
                while (i < l && (isupper((unsigned char)ln[i]) ||
                                 isdigit((unsigned char)ln[i]) || ln[i] == '_'))
                    i++;
                while (i < l && (ln[i] == ' ' || ln[i] == '\t'))
                    i++;
                colon = i < l && ln[i] == ':';
            }
        }
        nt = split(ln, l, tok, colon, &too_long);
        if (colon && nt > VL_TOKS)
            nt = VL_TOKS; /* a header's free text (COMMENT) */
        if ((too_long && !colon) || nt > VL_TOKS) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: %s", file, p.line,
                            too_long ? "a field longer than 63 characters"
                                     : "too many fields");
            break;
        }
        if (colon) {
            p.sec = S_NONE;
            rc = header(&p, tok, nt);
        } else if (!strcmp(tok[0], "EOF") && nt == 1) {
            ended = 1;
        } else if (nt == 1 && l > 8 && strstr(tok[0], "_SECTION") &&
                   !strcmp(tok[0] + strlen(tok[0]) - 8, "_SECTION")) {
            rc = open_section(&p, tok[0]);
        } else {
            rc = row(&p, tok, nt);
        }
    }
    if (rc == WO_OK)
        rc = finish(&p);
    if (rc == WO_OK)
        quirk_summary(&p);
    for (s = 0; s < S_COUNT; s++)
        wo_free(p.seen[s]);
    wo_free(p.reload);
    if (rc != WO_OK)
        wo_vrplib_free(in);
    else if (!in->name[0])
        wo_strlcpy(in->name, file, sizeof in->name);
    return rc;
}

int wo_vrplib_read(const char *path, wo_vrplib *in, wo_vrplib_warn_fn warn,
                   void *ud, wo_err *err)
{
    char *buf;
    size_t len;
    int rc = wo_cvrplib_read_text(path, &buf, &len, err);
    if (rc)
        return rc;
    rc = wo_vrplib_parse(buf, len, path, in, warn, ud, err);
    wo_free(buf);
    return rc;
}

/* Distance between nodes a and b by the instance's convention. */
static double vl_dist(const wo_vrplib *in, int a, int b)
{
    double dx = in->x[a] - in->x[b], dy = in->y[a] - in->y[b];
    double d = sqrt(dx * dx + dy * dy);
    return in->kind == WO_VRPLIB_HFVRP ? d : floor(10.0 * d) / 10.0;
}

void wo_vrplib_model_free(wo_vrplib_model *m)
{
    if (!m)
        return;
    wo_free(m->dist);
    wo_free(m->stops);
    wo_free(m->types);
    wo_free(m->type_first);
    wo_free(m->veh_of);
    memset(m, 0, sizeof *m);
}

/* Vehicle k of an HFVRP instance: capacity, fixed and unit cost. */
static void hf_vehicle(const wo_vrplib *in, int k, double *cap, double *fixed,
                       double *unit)
{
    *cap = in->veh_capacity[k];
    *fixed = in->veh_fixed ? in->veh_fixed[k] : 0;
    *unit = in->veh_unit ? in->veh_unit[k] : 1;
}

/* The types of an HFVRP instance: vehicles grouped by equal capacity and
 * costs, in the order each first appears. */
static int hf_types(const wo_vrplib *in, wo_vrplib_model *m, wo_err *err)
{
    int nv = in->n_vehicles, nt = 0, k, t, j = 0;
    int *type_of = wo_malloc(sizeof(int) * (size_t)nv);
    m->types = wo_calloc((size_t)nv, sizeof(wo_vrp_vehicle_type));
    m->type_first = wo_calloc((size_t)nv + 1, sizeof(int));
    m->veh_of = wo_calloc((size_t)nv, sizeof(int));
    if (!type_of || !m->types || !m->type_first || !m->veh_of) {
        wo_free(type_of);
        return wo_err_set(err, WO_ENOMEM, "vrplib: out of memory");
    }
    for (k = 0; k < nv; k++) {
        double cap, fixed, unit;
        hf_vehicle(in, k, &cap, &fixed, &unit);
        for (t = 0; t < nt; t++)
            if (m->types[t].capacity[0] == cap &&
                m->types[t].fixed_cost == fixed / 100.0 &&
                m->types[t].cost_per_m == unit / 100.0)
                break;
        if (t == nt) {
            wo_vrp_vehicle_type *v = &m->types[nt++];
            v->capacity[0] = cap;
            v->fixed_cost = fixed / 100.0;
            v->cost_per_m = unit / 100.0;
        }
        m->types[t].count++;
        type_of[k] = t;
    }
    for (t = 0; t < nt; t++) {
        m->type_first[t] = j;
        for (k = 0; k < nv; k++)
            if (type_of[k] == t)
                m->veh_of[j++] = k;
    }
    m->type_first[nt] = j;
    wo_free(type_of);
    m->pb.n_types = nt;
    return WO_OK;
}

int wo_vrplib_model_build(const wo_vrplib *in, wo_vrplib_model *m,
                          wo_err *err)
{
    size_t n = (size_t)in->n, i, j;
    int k = 0, t, rc;
    double open = 0, close = 1e15;
    memset(m, 0, sizeof *m);
    m->dist = wo_malloc(sizeof(double) * n * n);
    m->stops = wo_calloc(n, sizeof(wo_vrp_stop));
    if (!m->dist || !m->stops) {
        wo_vrplib_model_free(m);
        return wo_err_set(err, WO_ENOMEM, "vrplib: out of memory");
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            m->dist[i * n + j] = vl_dist(in, (int)i, (int)j);
    if (in->tw_open) {
        open = in->tw_open[in->depot];
        close = in->tw_close[in->depot];
    }
    for (i = 0; i < n; i++) {
        wo_vrp_stop *s = &m->stops[k];
        if ((int)i == in->depot)
            continue;
        s->loc = (int)i;
        s->demand[0] = in->demand[i];
        s->service_s = in->service[i];
        if (in->tw_open) {
            s->n_tw = 1;
            s->tw[0].open_s = in->tw_open[i];
            s->tw[0].close_s = in->tw_close[i];
        }
        s->release_s = in->release ? in->release[i] : 0;
        s->ext_id = (long)i;
        k++;
    }
    if (in->kind == WO_VRPLIB_HFVRP) {
        rc = hf_types(in, m, err);
        if (rc) {
            wo_vrplib_model_free(m);
            return rc;
        }
    } else {
        m->types = wo_calloc(1, sizeof(wo_vrp_vehicle_type));
        if (!m->types) {
            wo_vrplib_model_free(m);
            return wo_err_set(err, WO_ENOMEM, "vrplib: out of memory");
        }
        m->types[0].count = in->n_vehicles;
        m->types[0].capacity[0] = in->capacity;
        m->types[0].cost_per_m = 1.0;
        m->pb.n_types = 1;
    }
    for (t = 0; t < m->pb.n_types; t++) {
        wo_vrp_vehicle_type *v = &m->types[t];
        v->capacity[1] = WO_VRP_UNLIMITED;
        v->max_load_per_day[0] = v->max_load_per_day[1] = WO_VRP_UNLIMITED;
        v->start_loc = v->end_loc = in->depot;
        v->shift_open_s = open;
        v->shift_close_s = close;
        v->streams = ~(uint64_t)0;
        v->ext_id = t;
    }
    if (in->kind == WO_VRPLIB_MTVRPTWR) {
        m->fac.loc = in->depot;
        m->fac.streams = ~(uint64_t)0;
        m->fac.open_s = open;
        m->fac.close_s = close;
        m->fac.capacity[0] = m->fac.capacity[1] = WO_VRP_UNLIMITED;
        m->pb.n_facilities = 1;
        m->pb.facilities = &m->fac;
    }
    m->pb.n_loc = in->n;
    m->pb.dist_m = m->dist;
    m->pb.dur_s = m->dist;
    m->pb.n_stops = k;
    m->pb.stops = m->stops;
    m->pb.types = m->types;
    return WO_OK;
}

double wo_vrplib_sol_cost(const wo_vrplib *in, double core_cost)
{
    return in->kind == WO_VRPLIB_MTVRPTWR ? 10.0 * core_cost : core_cost;
}

/* Half the last digit a .sol prints. */
static double cost_half_unit(const wo_vrplib *in)
{
    return in->kind == WO_VRPLIB_VRPTW    ? 0.05
           : in->kind == WO_VRPLIB_HFVRP ? 0.005
                                          : 0.5;
}

void wo_vrplib_format_cost(const wo_vrplib *in, double sol_cost, char *buf,
                           size_t size)
{
    int dec = in->kind == WO_VRPLIB_VRPTW ? 1 : in->kind == WO_VRPLIB_HFVRP ? 2 : 0;
    snprintf(buf, size, "%.*f", dec, sol_cost);
}

/* Write the clients of rt, "0" for each reload (an unload followed by a
 * client). */
static void write_route(FILE *f, const wo_vrp_problem *pb,
                        const wo_vrp_route *rt)
{
    int v, w;
    for (v = 0; v < rt->n_visits; v++) {
        const wo_vrp_visit *x = &rt->visits[v];
        if (x->kind == WO_VISIT_STOP) {
            fprintf(f, " %ld", pb->stops[x->index].ext_id);
        } else if (x->kind == WO_VISIT_UNLOAD) {
            for (w = v + 1; w < rt->n_visits; w++)
                if (rt->visits[w].kind == WO_VISIT_STOP)
                    break;
            if (w < rt->n_visits)
                fputs(" 0", f);
        }
    }
}

static int route_serves(const wo_vrp_route *rt)
{
    int v;
    for (v = 0; v < rt->n_visits; v++)
        if (rt->visits[v].kind == WO_VISIT_STOP)
            return 1;
    return 0;
}

int wo_vrplib_write_sol(const char *path, const wo_vrplib *in,
                        const wo_vrplib_model *m, const wo_vrp_solution *sol,
                        wo_err *err)
{
    wo_atomic_file a;
    char cost[64];
    int r, k = 0, rc = wo_atomic_open(&a, path, err);
    if (rc != WO_OK)
        return rc;
    if (in->kind == WO_VRPLIB_HFVRP) {
        const wo_vrp_route **by = wo_calloc((size_t)in->n_vehicles,
                                            sizeof *by);
        if (!by) {
            wo_atomic_abort(&a);
            return wo_err_set(err, WO_ENOMEM, "vrplib: out of memory");
        }
        for (r = 0; r < sol->n_routes; r++) {
            const wo_vrp_route *rt = &sol->routes[r];
            by[m->veh_of[m->type_first[rt->type] + rt->vehicle]] = rt;
        }
        for (k = 0; k < in->n_vehicles; k++) {
            fprintf(a.f, "Route #%d:", k + 1);
            if (by[k])
                write_route(a.f, &m->pb, by[k]);
            fputc('\n', a.f);
        }
        wo_free(by);
    } else {
        for (r = 0; r < sol->n_routes; r++) {
            if (!route_serves(&sol->routes[r]))
                continue;
            fprintf(a.f, "Route #%d:", ++k);
            write_route(a.f, &m->pb, &sol->routes[r]);
            fputc('\n', a.f);
        }
    }
    wo_vrplib_format_cost(in, wo_vrplib_sol_cost(in, sol->cost), cost,
                          sizeof cost);
    fprintf(a.f, "Cost %s\n", cost);
    return wo_atomic_commit(&a, err);
}

/* State of one recount. */
typedef struct vl_count {
    const wo_vrplib *in;
    const char *path;
    wo_err *err;
    long line;
    char *served;          /* [n] clients seen           */
    char *route_seen;      /* [n_vehicles] HFVRP routes  */
    wo_vrplib_count c;
    double dist_sum;       /* VRPTW, MTVRPTWR distance   */
    double hf_cost;        /* HFVRP cost, scaled by 100  */
} vl_count;

/* Check one route (vehicle k, clients ids[0..n), 0 a reload) and add its
 * cost. */
static int count_route(vl_count *q, int k, int rnum, const long *ids,
                       int n)
{
    const wo_vrplib *in = q->in;
    double cap = in->capacity, fixed = 0, unit = 1, load = 0, dist = 0;
    double t = in->tw_open ? in->tw_open[in->depot] : 0;
    int i, loc = in->depot, start = 0;
    if (n == 0)
        return WO_OK;
    if (in->kind == WO_VRPLIB_HFVRP)
        hf_vehicle(in, k, &cap, &fixed, &unit);
    q->c.vehicles++;
    for (i = 0; i <= n; i++) {
        int node = i < n ? (int)ids[i] : in->depot;
        double d;
        if (node == in->depot && i < n) {
            if (in->kind != WO_VRPLIB_MTVRPTWR)
                return wo_err_set(q->err, WO_EINFEASIBLE,
                                  "%s:%ld: a depot visit inside route %d: only "
                                  "MTVRPTWR reloads",
                                  q->path, q->line, rnum);
            q->c.reloads++;
        }
        if (i == start && node != in->depot) {
            /* a trip begins: it leaves once all its clients are released */
            int j;
            for (j = i; in->release && j < n && ids[j] != in->depot; j++)
                t = fmax(t, in->release[ids[j]]);
        }
        d = vl_dist(in, loc, node);
        dist += d;
        t += d;
        loc = node;
        if (node == in->depot) {
            if (in->tw_open && t > in->tw_close[in->depot] + 1e-9)
                return wo_err_set(q->err, WO_EINFEASIBLE,
                                  "%s:%ld: route %d is back at the depot at %g "
                                  "after it closes at %g",
                                  q->path, q->line, rnum, t,
                                  in->tw_close[in->depot]);
            load = 0;
            start = i + 1;
            continue;
        }
        if (q->served[node]++)
            return wo_err_set(q->err, WO_EINFEASIBLE,
                              "%s:%ld: client %d served twice", q->path,
                              q->line, node);
        if (in->tw_open) {
            if (t > in->tw_close[node] + 1e-9)
                return wo_err_set(q->err, WO_EINFEASIBLE,
                                  "%s:%ld: route %d reaches client %d at %g "
                                  "after its window closes at %g",
                                  q->path, q->line, rnum, node, t,
                                  in->tw_close[node]);
            t = fmax(t, in->tw_open[node]);
        }
        t += in->service[node];
        load += in->demand[node];
        if (load > cap + 1e-9)
            return wo_err_set(q->err, WO_EINFEASIBLE,
                              "%s:%ld: route %d carries %g at client %d, over "
                              "the capacity %g",
                              q->path, q->line, rnum, load, node, cap);
    }
    q->dist_sum += dist;
    q->hf_cost += fixed + unit * dist;
    return WO_OK;
}

/* Parse "Route #k: ids..." (s: after "Route"). */
static int count_line(vl_count *q, const char *s, size_t len)
{
    const wo_vrplib *in = q->in;
    long *ids = NULL, k, rnum = -1;
    int n = 0, cap = 0, rc = WO_OK;
    size_t i = 0;
    char tok[32];
    while (i < len && rc == WO_OK) {
        size_t j, l;
        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ':'))
            i++;
        if (i >= len)
            break;
        j = i;
        while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != ':')
            j++;
        l = j - i < sizeof tok - 1 ? j - i : sizeof tok - 1;
        memcpy(tok, s + i, l);
        tok[l] = '\0';
        i = j;
        if (rnum < 0) {
            if (tok[0] != '#' || wo_parse_long(tok + 1, &rnum) != WO_OK ||
                rnum < 1)
                rc = wo_err_set(q->err, WO_EPARSE,
                                "%s:%ld: expected 'Route #k:' with k >= 1",
                                q->path, q->line);
            continue;
        }
        if (wo_parse_long(tok, &k) != WO_OK || k < 0 || k >= in->n) {
            rc = wo_err_set(q->err, WO_EPARSE,
                            "%s:%ld: '%s' is not a node of the instance "
                            "(0..%d)",
                            q->path, q->line, tok, in->n - 1);
            break;
        }
        if (n == cap) {
            int nc = cap ? 2 * cap : 32;
            long *nb = wo_realloc(ids, sizeof(long) * (size_t)nc);
            if (!nb) {
                rc = wo_err_set(q->err, WO_ENOMEM, "out of memory");
                break;
            }
            ids = nb;
            cap = nc;
        }
        ids[n++] = k;
    }
    if (rc == WO_OK && rnum < 0)
        rc = wo_err_set(q->err, WO_EPARSE, "%s:%ld: expected 'Route #k:'",
                        q->path, q->line);
    if (rc == WO_OK && in->kind == WO_VRPLIB_HFVRP) {
        /* route k is driven by vehicle k */
        if (rnum > in->n_vehicles || q->route_seen[rnum - 1])
            rc = wo_err_set(q->err, WO_EINFEASIBLE,
                            "%s:%ld: route %ld: %s", q->path, q->line, rnum,
                            rnum > in->n_vehicles ? "no such vehicle"
                                                  : "given twice");
        else
            q->route_seen[rnum - 1] = 1;
    }
    if (rc == WO_OK)
        rc = count_route(q, in->kind == WO_VRPLIB_HFVRP ? (int)rnum - 1 : 0,
                         (int)rnum, ids, n);
    wo_free(ids);
    return rc;
}

int wo_vrplib_recount(const wo_vrplib *in, const char *path,
                      wo_vrplib_count *out, wo_err *err)
{
    vl_count q;
    char *buf;
    size_t len, pos = 0;
    double stated = NAN, cost;
    int rc = wo_cvrplib_read_text(path, &buf, &len, err), i;
    if (rc)
        return rc;
    memset(&q, 0, sizeof q);
    q.in = in;
    q.path = path;
    q.err = err;
    q.served = wo_calloc((size_t)in->n, 1);
    q.route_seen = wo_calloc((size_t)in->n_vehicles, 1);
    if (!q.served || !q.route_seen)
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
    while (rc == WO_OK && pos < len) {
        size_t e = pos, b;
        while (e < len && buf[e] != '\n')
            e++;
        b = pos;
        pos = e + 1;
        q.line++;
        while (b < e && (buf[b] == ' ' || buf[b] == '\t'))
            b++;
        if (e - b >= 5 && !strncmp(buf + b, "Route", 5)) {
            rc = count_line(&q, buf + b + 5, e - b - 5);
        } else if (e - b >= 4 && !strncmp(buf + b, "Cost", 4)) {
            char tok[64];
            size_t s = b + 4, l;
            while (s < e && (buf[s] == ' ' || buf[s] == ':' || buf[s] == '\t'))
                s++;
            l = e - s;
            while (l > 0 && (buf[s + l - 1] == '\r' || buf[s + l - 1] == ' '))
                l--;
            if (l >= sizeof tok)
                l = sizeof tok - 1;
            memcpy(tok, buf + s, l);
            tok[l] = '\0';
            if (wo_parse_double(tok, &stated) != WO_OK)
                rc = wo_err_set(err, WO_EPARSE, "%s:%ld: Cost '%s' is not a "
                                "number", path, q.line, tok);
        }
    }
    for (i = 0; rc == WO_OK && i < in->n; i++)
        if (i != in->depot && !q.served[i])
            rc = wo_err_set(err, WO_EINFEASIBLE, "%s: client %d not served",
                            path, i);
    if (rc == WO_OK && in->kind != WO_VRPLIB_HFVRP &&
        q.c.vehicles > in->n_vehicles)
        rc = wo_err_set(err, WO_EINFEASIBLE, "%s: %d routes, the instance has "
                        "%d vehicles", path, q.c.vehicles, in->n_vehicles);
    cost = in->kind == WO_VRPLIB_HFVRP ? q.hf_cost / 100.0
                                       : wo_vrplib_sol_cost(in, q.dist_sum);
    if (rc == WO_OK && isnan(stated))
        rc = wo_err_set(err, WO_EPARSE, "%s: no Cost line", path);
    if (rc == WO_OK &&
        fabs(stated - cost) > cost_half_unit(in) + 1e-9 * fabs(cost))
        rc = wo_err_set(err, WO_EINFEASIBLE, "%s: states cost %.6g, "
                        "recounted %.6f", path, stated, cost);
    q.c.cost = cost;
    if (rc == WO_OK)
        *out = q.c;
    wo_free(q.served);
    wo_free(q.route_seen);
    wo_free(buf);
    return rc;
}
