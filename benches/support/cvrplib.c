/*
 * cvrplib.c — CVRPLIB .vrp reader, .sol cost reader and .sol writer (see
 * cvrplib.h). The parser reads line by line, accepts "KEY : VALUE" header
 * lines, NODE_COORD_SECTION, DEMAND_SECTION and DEPOT_SECTION, checks every
 * number and every node id, and needs DIMENSION before the sections.
 */
#define _POSIX_C_SOURCE 200809L
#include "benches/support/cvrplib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_FILE (64u << 20)
#define TOK_MAX 64

enum { SEC_NONE, SEC_COORD, SEC_DEMAND, SEC_DEPOT, SEC_SKIP };

typedef struct line_toks {
    int n;                    /* tokens                         */
    char t[8][TOK_MAX];       /* up to 8 tokens, each truncated */
    int too_long;             /* a token did not fit            */
} line_toks;

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == ':';
}

/* Split a line into tokens; ':' separates like a blank. */
static void tokenize(const char *s, size_t len, line_toks *lt)
{
    size_t i = 0;
    lt->n = 0;
    lt->too_long = 0;
    while (i < len) {
        size_t j, k = 0;
        while (i < len && is_blank(s[i]))
            i++;
        if (i >= len)
            break;
        j = i;
        while (j < len && !is_blank(s[j]))
            j++;
        if (lt->n < 8) {
            if (j - i >= TOK_MAX)
                lt->too_long = 1;
            for (k = 0; k < j - i && k < TOK_MAX - 1; k++)
                lt->t[lt->n][k] = s[i + k];
            lt->t[lt->n][k] = '\0';
        }
        lt->n++;
        i = j;
    }
}

static int num(const char *file, long line, const char *tok, double *out,
               wo_err *err)
{
    if (wo_parse_double(tok, out) != WO_OK)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: '%s' is not a number", file,
                          line, tok);
    return WO_OK;
}

static int node_id(const char *file, long line, const char *tok, int n,
                   int *out, wo_err *err)
{
    long v;
    if (wo_parse_long(tok, &v) != WO_OK || v < 1 || v > n)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%ld: node '%s': expected an integer in 1..%d",
                          file, line, tok, n);
    *out = (int)v - 1;
    return WO_OK;
}

void wo_cvrplib_free(wo_cvrplib *inst)
{
    if (!inst)
        return;
    wo_free(inst->x);
    wo_free(inst->y);
    wo_free(inst->demand);
    memset(inst, 0, sizeof *inst);
}

static int header(const char *file, long line, const line_toks *lt,
                  wo_cvrplib *in, int *sec, wo_err *err)
{
    const char *k = lt->t[0];
    long v;
    double d;
    if (!strcmp(k, "NODE_COORD_SECTION") || !strcmp(k, "DEMAND_SECTION") ||
        !strcmp(k, "DEPOT_SECTION")) {
        if (in->n == 0)
            return wo_err_set(err, WO_EPARSE,
                              "%s:%ld: %s before DIMENSION", file, line, k);
        *sec = k[1] == 'O' ? SEC_COORD : (k[1] == 'E' && k[2] == 'M')
                                             ? SEC_DEMAND
                                             : SEC_DEPOT;
        return WO_OK;
    }
    if (!strcmp(k, "EOF"))
        return WO_OK;
    if (lt->n < 2)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: '%s' has no value", file,
                          line, k);
    if (!strcmp(k, "NAME")) {
        wo_strlcpy(in->name, lt->t[1], sizeof in->name);
    } else if (!strcmp(k, "DIMENSION")) {
        if (in->n != 0)
            return wo_err_set(err, WO_EPARSE, "%s:%ld: DIMENSION given twice",
                              file, line);
        if (wo_parse_long(lt->t[1], &v) != WO_OK || v < 2 ||
            v > WO_CVRPLIB_MAX_NODES)
            return wo_err_set(err, WO_EPARSE,
                              "%s:%ld: DIMENSION '%s': expected an integer in "
                              "2..%d",
                              file, line, lt->t[1], WO_CVRPLIB_MAX_NODES);
        in->n = (int)v;
        in->x = wo_calloc((size_t)v, sizeof(double));
        in->y = wo_calloc((size_t)v, sizeof(double));
        in->demand = wo_calloc((size_t)v, sizeof(double));
        if (!in->x || !in->y || !in->demand)
            return wo_err_set(err, WO_ENOMEM, "%s: out of memory", file);
    } else if (!strcmp(k, "CAPACITY")) {
        if (num(file, line, lt->t[1], &d, err))
            return WO_EPARSE;
        if (d <= 0)
            return wo_err_set(err, WO_EPARSE,
                              "%s:%ld: CAPACITY %g: expected > 0", file, line,
                              d);
        in->capacity = d;
    } else if (!strcmp(k, "EDGE_WEIGHT_TYPE")) {
        if (strcmp(lt->t[1], "EUC_2D") != 0)
            return wo_err_set(err, WO_EUNSUPPORTED,
                              "%s:%ld: EDGE_WEIGHT_TYPE '%s': only EUC_2D is "
                              "supported",
                              file, line, lt->t[1]);
    }
    return WO_OK;
}

int wo_cvrplib_parse(const char *text, size_t len, const char *file,
                     wo_cvrplib *inst, wo_err *err)
{
    size_t pos = 0;
    long line = 0;
    int sec = SEC_NONE, rc, depot_seen = 0, i;
    char *seen = NULL;
    line_toks lt;
    memset(inst, 0, sizeof *inst);
    inst->depot = -1;
    while (pos < len) {
        size_t e = pos;
        while (e < len && text[e] != '\n')
            e++;
        line++;
        tokenize(text + pos, e - pos, &lt);
        pos = e + 1;
        if (lt.n == 0)
            continue;
        if (lt.too_long) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: token too long", file,
                            line);
            goto fail;
        }
        if (!strcmp(lt.t[0], "EOF"))
            break;
        if (sec == SEC_NONE || (lt.t[0][0] >= 'A' && lt.t[0][0] <= 'Z')) {
            if (sec == SEC_DEPOT && !depot_seen) {
                rc = wo_err_set(err, WO_EPARSE,
                                "%s:%ld: DEPOT_SECTION not ended by -1", file,
                                line);
                goto fail;
            }
            sec = SEC_NONE;
            rc = header(file, line, &lt, inst, &sec, err);
            if (rc)
                goto fail;
            if (sec != SEC_NONE && !seen) {
                seen = wo_calloc((size_t)inst->n, 2);
                if (!seen) {
                    rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", file);
                    goto fail;
                }
            }
            continue;
        }
        if (sec == SEC_COORD || sec == SEC_DEMAND) {
            int id = 0, need = sec == SEC_COORD ? 3 : 2;
            char *flag;
            if (lt.n != need) {
                rc = wo_err_set(err, WO_EPARSE,
                                "%s:%ld: expected %d fields, got %d", file,
                                line, need, lt.n);
                goto fail;
            }
            if ((rc = node_id(file, line, lt.t[0], inst->n, &id, err)))
                goto fail;
            flag = &seen[(size_t)id * 2 + (sec == SEC_DEMAND)];
            if (*flag) {
                rc = wo_err_set(err, WO_EPARSE, "%s:%ld: node %d given twice",
                                file, line, id + 1);
                goto fail;
            }
            *flag = 1;
            if (sec == SEC_COORD) {
                if ((rc = num(file, line, lt.t[1], &inst->x[id], err)) ||
                    (rc = num(file, line, lt.t[2], &inst->y[id], err)))
                    goto fail;
            } else {
                if ((rc = num(file, line, lt.t[1], &inst->demand[id], err)))
                    goto fail;
                if (inst->demand[id] < 0) {
                    rc = wo_err_set(err, WO_EPARSE,
                                    "%s:%ld: demand %g of node %d: expected "
                                    ">= 0",
                                    file, line, inst->demand[id], id + 1);
                    goto fail;
                }
            }
        } else if (sec == SEC_DEPOT) {
            long v;
            if (wo_parse_long(lt.t[0], &v) == WO_OK && v == -1) {
                depot_seen = 1;
                continue;
            }
            if (depot_seen) {
                rc = wo_err_set(err, WO_EPARSE, "%s:%ld: data after the -1 "
                                "that ends DEPOT_SECTION", file, line);
                goto fail;
            }
            if (inst->depot >= 0) {
                rc = wo_err_set(err, WO_EUNSUPPORTED,
                                "%s:%ld: more than one depot", file, line);
                goto fail;
            }
            if ((rc = node_id(file, line, lt.t[0], inst->n, &inst->depot, err)))
                goto fail;
        }
    }
    if (inst->n == 0 || inst->capacity <= 0) {
        rc = wo_err_set(err, WO_EPARSE, "%s: DIMENSION or CAPACITY missing",
                        file);
        goto fail;
    }
    for (i = 0; i < inst->n; i++)
        if (!seen || !seen[(size_t)i * 2] || !seen[(size_t)i * 2 + 1]) {
            rc = wo_err_set(err, WO_EPARSE,
                            "%s: node %d lacks coordinates or a demand", file,
                            i + 1);
            goto fail;
        }
    if (inst->depot < 0)
        inst->depot = 0;
    wo_free(seen);
    return WO_OK;
fail:
    wo_free(seen);
    wo_cvrplib_free(inst);
    return rc;
}

int wo_cvrplib_read_text(const char *path, char **out, size_t *len,
                        wo_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open", path);
    for (;;) {
        size_t got;
        if (n + 4096 > cap) {
            size_t nc = cap ? cap * 2 : 65536;
            char *nb;
            if (nc > MAX_FILE + 4096) {
                wo_free(buf);
                fclose(f);
                return wo_err_set(err, WO_ETOOBIG, "%s: larger than %u bytes",
                                  path, MAX_FILE);
            }
            nb = wo_realloc(buf, nc);
            if (!nb) {
                wo_free(buf);
                fclose(f);
                return wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
            }
            buf = nb;
            cap = nc;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        wo_free(buf);
        fclose(f);
        return wo_err_set(err, WO_EIO, "%s: read error", path);
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return WO_OK;
}

int wo_cvrplib_read(const char *path, wo_cvrplib *inst, wo_err *err)
{
    char *buf;
    size_t len;
    int rc = wo_cvrplib_read_text(path, &buf, &len, err);
    if (rc)
        return rc;
    rc = wo_cvrplib_parse(buf, len, path, inst, err);
    wo_free(buf);
    return rc;
}

int wo_cvrplib_problem(const wo_cvrplib *in, wo_vrp_problem *pb,
                       double **dist_out, wo_vrp_stop **stops_out,
                       wo_vrp_vehicle_type *type, wo_err *err)
{
    size_t n = (size_t)in->n, i, j;
    double *dist;
    wo_vrp_stop *st;
    int k = 0;
    if (n > 20000)
        return wo_err_set(err, WO_ETOOBIG,
                          "cvrplib: %zu nodes: the matrix would be too big", n);
    dist = wo_malloc(sizeof(double) * n * n);
    st = wo_calloc(n, sizeof(wo_vrp_stop));
    if (!dist || !st) {
        wo_free(dist);
        wo_free(st);
        return wo_err_set(err, WO_ENOMEM, "cvrplib: out of memory");
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            double dx = in->x[i] - in->x[j], dy = in->y[i] - in->y[j];
            dist[i * n + j] = floor(sqrt(dx * dx + dy * dy) + 0.5);
        }
    for (i = 0; i < n; i++) {
        if ((int)i == in->depot)
            continue;
        st[k].loc = (int)i;
        st[k].demand[0] = in->demand[i];
        st[k].ext_id = (long)i + 1;
        k++;
    }
    memset(type, 0, sizeof *type);
    type->count = k;
    type->capacity[0] = in->capacity;
    type->capacity[1] = WO_VRP_UNLIMITED;
    type->max_load_per_day[0] = type->max_load_per_day[1] = WO_VRP_UNLIMITED;
    type->cost_per_m = 1.0;
    type->start_loc = type->end_loc = in->depot;
    type->shift_open_s = 0;
    type->shift_close_s = 1e15;
    type->streams = ~(uint64_t)0;
    memset(pb, 0, sizeof *pb);
    pb->n_loc = in->n;
    pb->dist_m = dist;
    pb->dur_s = dist;
    pb->n_stops = k;
    pb->stops = st;
    pb->n_types = 1;
    pb->types = type;
    *dist_out = dist;
    *stops_out = st;
    return WO_OK;
}

int wo_cvrplib_read_sol_cost(const char *path, double *cost, wo_err *err)
{
    char *buf;
    size_t len, pos = 0;
    line_toks lt;
    int rc = wo_cvrplib_read_text(path, &buf, &len, err);
    if (rc)
        return rc;
    rc = wo_err_set(err, WO_EPARSE, "%s: no 'Cost' line", path);
    while (pos < len) {
        size_t e = pos;
        while (e < len && buf[e] != '\n')
            e++;
        tokenize(buf + pos, e - pos, &lt);
        pos = e + 1;
        if (lt.n == 2 && !lt.too_long && !strcmp(lt.t[0], "Cost")) {
            rc = wo_parse_double(lt.t[1], cost) == WO_OK
                     ? WO_OK
                     : wo_err_set(err, WO_EPARSE, "%s: bad cost '%s'", path,
                                  lt.t[1]);
            break;
        }
    }
    if (rc == WO_OK)
        wo_err_clear(err);
    wo_free(buf);
    return rc;
}

int wo_cvrplib_write_sol(const char *path, const wo_vrp_problem *pb,
                         const wo_vrp_solution *sol, wo_err *err)
{
    wo_atomic_file a;
    int r, v, nr = 0, rc = wo_atomic_open(&a, path, err);
    if (rc != WO_OK)
        return rc;
    for (r = 0; r < sol->n_routes; r++) {
        const wo_vrp_route *rt = &sol->routes[r];
        fprintf(a.f, "Route #%d:", ++nr);
        for (v = 0; v < rt->n_visits; v++)
            if (rt->visits[v].kind == WO_VISIT_STOP)
                fprintf(a.f, " %d", pb->stops[rt->visits[v].index].loc);
        fputc('\n', a.f);
    }
    fprintf(a.f, "Cost %.0f\n", sol->cost);
    return wo_atomic_commit(&a, err);
}
