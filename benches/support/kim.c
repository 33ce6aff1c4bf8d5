/*
 * kim.c — reader of the Kim et al. (2006) waste-collection benchmark
 * format and JSON writer of its solutions (see kim.h for the format and
 * the model built from it).
 */
#include "benches/support/kim.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIM_MAX_FILE (64u << 20) /* bytes read from one file       */
#define KIM_TOK_MAX 64           /* longest token accepted          */
#define KIM_FIELDS 8             /* fields of a data row            */

static const char *const FIELD_NAME[KIM_FIELDS] = {
    "Stop_ID", "X", "Y", "Early_St_Time", "Late_St_Time", "Svc_Time",
    "Load", "Stop_Type"};

/* One data row. */
typedef struct kim_row {
    long id;             /* Stop_ID                    */
    double x_ft, y_ft;   /* coordinates (feet)         */
    double early_s;      /* window open (s of the day) */
    double late_s;       /* window close               */
    double svc_s;        /* service / unload time      */
    double load_yd3;     /* load                       */
    int type;            /* 0 depot, 1 stop, 2 disposal */
    long line;           /* line number in the file    */
} kim_row;

void wo_kim_params_init(wo_kim_params *p)
{
    p->lunch_open_s = 11 * 3600.0;
    p->lunch_close_s = 13 * 3600.0;
    p->vehicles = 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Split line [s, e) into at most max tokens copied into tok; returns the
 * number of tokens found (max + 1 when there are more), or -1 when one is
 * longer than KIM_TOK_MAX - 1. */
static int split(const char *s, const char *e, char tok[][KIM_TOK_MAX],
                 int max)
{
    int n = 0;
    while (s < e) {
        const char *b;
        size_t l;
        while (s < e && is_blank(*s))
            s++;
        if (s >= e)
            break;
        b = s;
        while (s < e && !is_blank(*s))
            s++;
        if (n >= max)
            return max + 1;
        l = (size_t)(s - b);
        if (l >= KIM_TOK_MAX)
            return -1;
        memcpy(tok[n], b, l);
        tok[n][l] = '\0';
        n++;
    }
    return n;
}

/* HHMM with 1 to 4 digits (left-padded with zeros), HH <= 24, MM <= 59,
 * 2400 at most. */
static int parse_hhmm4(const char *s, double *out_s)
{
    size_t l = strlen(s), i;
    long v = 0, hh, mm;
    if (l < 1 || l > 4)
        return WO_EPARSE;
    for (i = 0; i < l; i++) {
        if (s[i] < '0' || s[i] > '9')
            return WO_EPARSE;
        v = v * 10 + (s[i] - '0');
    }
    hh = v / 100;
    mm = v % 100;
    if (mm > 59 || hh > 24 || (hh == 24 && mm != 0))
        return WO_ERANGE;
    *out_s = (double)(hh * 3600 + mm * 60);
    return WO_OK;
}

/* One header line: its first token as a number. */
static int header_value(const char *name, long line, const char *s,
                        const char *e, const char *what, int integer,
                        double *out, wo_err *err)
{
    char tok[2][KIM_TOK_MAX];
    int n = split(s, e, tok, 1), rc;
    if (n == 0)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: header: expected the %s, "
                          "found an empty line", name, line, what);
    if (n < 0)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: header: the %s is too "
                          "long", name, line, what);
    if (integer) {
        long v;
        rc = wo_parse_long(tok[0], &v);
        *out = (double)v;
    } else {
        rc = wo_parse_double(tok[0], out);
    }
    if (rc != WO_OK)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: header: %s '%s' is not "
                          "%s", name, line, what, tok[0],
                          integer ? "an integer" : "a number");
    return WO_OK;
}

static int parse_row(const char *name, long line, char tok[][KIM_TOK_MAX],
                     kim_row *r, wo_err *err)
{
    double v[KIM_FIELDS];
    int f, rc;
    for (f = 0; f < KIM_FIELDS; f++) {
        if (f == 3 || f == 4) {
            rc = parse_hhmm4(tok[f], &v[f]);
            if (rc != WO_OK)
                return wo_err_set(err, WO_EPARSE, "%s:%ld: field %d '%s': "
                                  "'%s' is not an HHMM time (1-4 digits, "
                                  "00:00-24:00)", name, line, f + 1,
                                  FIELD_NAME[f], tok[f]);
        } else if (f == 0 || f == 7) {
            long l;
            if (wo_parse_long(tok[f], &l) != WO_OK)
                return wo_err_set(err, WO_EPARSE, "%s:%ld: field %d '%s': "
                                  "'%s' is not an integer", name, line, f + 1,
                                  FIELD_NAME[f], tok[f]);
            v[f] = (double)l;
            if (f == 0) {
                if (l < 0)
                    return wo_err_set(err, WO_ERANGE, "%s:%ld: field 1 "
                                      "'Stop_ID': %ld is negative", name,
                                      line, l);
                r->id = l;
            }
        } else if (wo_parse_double(tok[f], &v[f]) != WO_OK) {
            return wo_err_set(err, WO_EPARSE, "%s:%ld: field %d '%s': '%s' "
                              "is not a number", name, line, f + 1,
                              FIELD_NAME[f], tok[f]);
        }
    }
    if (fabs(v[1]) > 1e12 || fabs(v[2]) > 1e12)
        return wo_err_set(err, WO_ERANGE, "%s:%ld: coordinates %g %g out of "
                          "range (|value| <= 1e12 ft)", name, line, v[1], v[2]);
    if (v[5] < 0 || v[5] > 86400)
        return wo_err_set(err, WO_ERANGE, "%s:%ld: field 6 'Svc_Time': %g is "
                          "not in 0..86400 s", name, line, v[5]);
    if (v[6] < 0)
        return wo_err_set(err, WO_ERANGE, "%s:%ld: field 7 'Load': %g is "
                          "negative", name, line, v[6]);
    if (v[7] != 0 && v[7] != 1 && v[7] != 2)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: field 8 'Stop_Type': "
                          "unknown stop type %s (expected 0 depot, 1 stop, "
                          "2 disposal site)", name, line, tok[7]);
    if (v[4] < v[3])
        return wo_err_set(err, WO_EINVAL, "%s:%ld: time window closes at %s "
                          "before it opens at %s", name, line, tok[4], tok[3]);
    r->x_ft = v[1];
    r->y_ft = v[2];
    r->early_s = v[3];
    r->late_s = v[4];
    r->svc_s = v[5];
    r->load_yd3 = v[6];
    r->type = (int)v[7];
    r->line = line;
    return WO_OK;
}

static int cmp_id(const void *a, const void *b)
{
    const kim_row *x = *(const kim_row *const *)a;
    const kim_row *y = *(const kim_row *const *)b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Build the problem from the rows (depot row index dep). */
static int build(const char *name, const kim_row *rows, int n, int dep,
                 const wo_kim_params *prm, wo_kim_instance *ki, wo_err *err)
{
    int i, j, nf = 0, ns = 0, *loc_row;
    size_t nn = (size_t)n * (size_t)n;
    const kim_row *d = &rows[dep];
    wo_vrp_vehicle_type *t = &ki->type;

    for (i = 0; i < n; i++) {
        nf += rows[i].type == 2;
        ns += rows[i].type == 1;
    }
    if (nf == 0)
        return wo_err_set(err, WO_EINVAL, "%s: no disposal site (a row of "
                          "type 2)", name);
    if (ns == 0)
        return wo_err_set(err, WO_EINVAL, "%s: no regular stop (a row of "
                          "type 1)", name);
    loc_row = wo_malloc(sizeof(int) * (size_t)n);
    ki->dist_m = wo_malloc(sizeof(double) * nn);
    ki->dur_s = wo_malloc(sizeof(double) * nn);
    ki->stops = wo_calloc((size_t)ns, sizeof(wo_vrp_stop));
    ki->facilities = wo_calloc((size_t)nf, sizeof(wo_vrp_facility));
    if (!loc_row || !ki->dist_m || !ki->dur_s || !ki->stops ||
        !ki->facilities) {
        wo_free(loc_row);
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory for %d "
                          "locations", name, n);
    }
    /* matrix order: depot, disposal sites, stops (each in file order) */
    j = 0;
    loc_row[j++] = dep;
    for (i = 0; i < n; i++)
        if (rows[i].type == 2)
            loc_row[j++] = i;
    for (i = 0; i < n; i++)
        if (rows[i].type == 1)
            loc_row[j++] = i;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            const kim_row *a = &rows[loc_row[i]], *b = &rows[loc_row[j]];
            double mi = (fabs(a->x_ft - b->x_ft) + fabs(a->y_ft - b->y_ft)) /
                        5280.0;
            ki->dist_m[(size_t)i * (size_t)n + (size_t)j] = mi * WO_KIM_M_PER_MI;
            ki->dur_s[(size_t)i * (size_t)n + (size_t)j] =
                mi / ki->speed_mph * 3600.0;
        }
    for (i = 1; i <= nf; i++) {
        const kim_row *r = &rows[loc_row[i]];
        wo_vrp_facility *f = &ki->facilities[i - 1];
        f->loc = i;
        f->streams = 1;
        f->unload_s = r->svc_s;
        f->open_s = r->early_s;
        f->close_s = r->late_s;
        f->capacity[0] = WO_VRP_UNLIMITED;
        f->capacity[1] = WO_VRP_UNLIMITED;
        f->ext_id = r->id;
    }
    for (i = nf + 1; i < n; i++) {
        const kim_row *r = &rows[loc_row[i]];
        wo_vrp_stop *s = &ki->stops[i - nf - 1];
        s->loc = i;
        s->stream = 0;
        s->demand[0] = r->load_yd3;
        s->demand[1] = 0;
        s->service_s = r->svc_s;
        s->n_tw = 1;
        s->tw[0].open_s = r->early_s;
        s->tw[0].close_s = r->late_s;
        s->ext_id = r->id;
    }
    wo_free(loc_row);

    memset(t, 0, sizeof *t);
    t->count = prm->vehicles > 0 ? prm->vehicles : ns;
    t->capacity[0] = ki->vehicle_capacity_yd3;
    t->capacity[1] = WO_VRP_UNLIMITED;
    t->max_load_per_day[0] = ki->route_capacity_yd3;
    t->max_load_per_day[1] = WO_VRP_UNLIMITED;
    t->max_stops = (int)ki->max_stops;
    t->fixed_cost = 0;
    t->cost_per_m = 1.0 / WO_KIM_M_PER_MI;
    t->cost_per_s = 0;
    t->speed_factor = 1;
    t->start_loc = 0;
    t->end_loc = 0;
    t->shift_open_s = d->early_s;
    t->shift_close_s = d->late_s;
    t->max_duration_s = 0;
    t->break_s = ki->lunch_s;
    if (ki->lunch_s > 0) {
        t->break_earliest_s = prm->lunch_open_s;
        t->break_latest_s = prm->lunch_close_s - ki->lunch_s;
    }
    t->streams = 1;
    t->ext_id = 0;
    ki->depot_id = d->id;

    ki->pb.n_loc = n;
    ki->pb.dist_m = ki->dist_m;
    ki->pb.dur_s = ki->dur_s;
    ki->pb.n_stops = ns;
    ki->pb.stops = ki->stops;
    ki->pb.n_facilities = nf;
    ki->pb.facilities = ki->facilities;
    ki->pb.n_types = 1;
    ki->pb.types = &ki->type;
    ki->pb.lexicographic = 1;
    return WO_OK;
}

int wo_kim_parse(const char *text, size_t len, const char *name,
                 const wo_kim_params *prm, wo_kim_instance *ki, wo_err *err)
{
    static const char *const HEADER[5] = {
        "vehicle capacity", "route capacity per day",
        "maximum stops per day", "lunch duration", "speed (mph)"};
    wo_kim_params defp;
    kim_row *rows = NULL, **byid = NULL;
    char tok[KIM_FIELDS + 1][KIM_TOK_MAX];
    double hv[5];
    const char *p = text, *end = text + len;
    long line = 0;
    int n = 0, dep = -1, i, rc = WO_OK;
    size_t cap = 0;

    if (!ki)
        return wo_err_set(err, WO_EINVAL, "wo_kim_parse: NULL instance");
    memset(ki, 0, sizeof *ki);
    if (!text && len)
        return wo_err_set(err, WO_EINVAL, "wo_kim_parse: NULL text");
    if (!name)
        name = "<kim>";
    if (!prm) {
        wo_kim_params_init(&defp);
        prm = &defp;
    }
    if (!(prm->lunch_open_s <= prm->lunch_close_s))
        return wo_err_set(err, WO_EINVAL, "%s: lunch window %g-%g s is "
                          "empty", name, prm->lunch_open_s, prm->lunch_close_s);

    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        const char *next;
        int nt;
        if (!e)
            e = end;
        next = e < end ? e + 1 : end;
        line++;
        if (memchr(p, '\0', (size_t)(e - p))) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: NUL byte in the line",
                            name, line);
            goto err;
        }
        if (line <= 5) {
            rc = header_value(name, line, p, e, HEADER[line - 1],
                              line == 3, &hv[line - 1], err);
            if (rc != WO_OK)
                goto err;
            p = next;
            continue;
        }
        if (line == 6) {
            nt = split(p, e, tok, 1);
            if (nt < 1 || strncmp(tok[0], "Stop_ID", 7) != 0) {
                rc = wo_err_set(err, WO_EPARSE, "%s:6: expected the column "
                                "header line starting with 'Stop_ID'", name);
                goto err;
            }
            p = next;
            continue;
        }
        nt = split(p, e, tok, KIM_FIELDS);
        p = next;
        if (nt == 0)
            continue;
        if (nt < 0) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: a field is longer than "
                            "%d characters", name, line, KIM_TOK_MAX - 1);
            goto err;
        }
        if (nt != KIM_FIELDS) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: %s%d fields, expected "
                            "8 (Stop_ID X Y Early Late Service Load Type)",
                            name, line, nt > KIM_FIELDS ? "more than " : "",
                            nt > KIM_FIELDS ? KIM_FIELDS : nt);
            goto err;
        }
        if (n >= WO_KIM_MAX_ROWS) {
            rc = wo_err_set(err, WO_ETOOBIG, "%s:%ld: more than %d rows",
                            name, line, WO_KIM_MAX_ROWS);
            goto err;
        }
        if (WO_RESERVE(rows, cap, (size_t)n + 1) != WO_OK) {
            rc = wo_err_set(err, WO_ENOMEM, "%s:%ld: out of memory", name,
                            line);
            goto err;
        }
        rc = parse_row(name, line, tok, &rows[n], err);
        if (rc != WO_OK)
            goto err;
        if (rows[n].type == 0) {
            if (dep >= 0) {
                rc = wo_err_set(err, WO_EINVAL, "%s:%ld: second depot (the "
                                "first is on line %ld)", name, line,
                                rows[dep].line);
                goto err;
            }
            dep = n;
        }
        n++;
    }
    if (line < 6) {
        rc = wo_err_set(err, WO_EPARSE, "%s:%ld: truncated header: %ld of "
                        "the 6 header lines", name, line, line);
        goto err;
    }
    if (!(hv[0] > 0) || !(hv[1] > 0) || !(hv[2] > 0) || hv[2] > 1e6 ||
        !(hv[3] >= 0) || hv[3] > 86400 || !(hv[4] > 0) || hv[4] > 1000) {
        rc = wo_err_set(err, WO_ERANGE, "%s: header values out of range "
                        "(capacity %g, route capacity %g and stops %g must be "
                        "positive, lunch %g in 0..86400 s, speed %g in "
                        "0..1000 mph)", name, hv[0], hv[1], hv[2], hv[3],
                        hv[4]);
        goto err;
    }
    ki->vehicle_capacity_yd3 = hv[0];
    ki->route_capacity_yd3 = hv[1];
    ki->max_stops = (long)hv[2];
    ki->lunch_s = hv[3];
    ki->speed_mph = hv[4];
    if (hv[3] > prm->lunch_close_s - prm->lunch_open_s) {
        rc = wo_err_set(err, WO_EINVAL, "%s:4: lunch of %g s does not fit "
                        "the lunch window (%g s)", name, hv[3],
                        prm->lunch_close_s - prm->lunch_open_s);
        goto err;
    }
    if (dep < 0) {
        rc = wo_err_set(err, WO_EINVAL, "%s: no depot (a row of type 0)", name);
        goto err;
    }
    byid = wo_malloc(sizeof(kim_row *) * (size_t)n);
    if (!byid) {
        rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", name);
        goto err;
    }
    for (i = 0; i < n; i++)
        byid[i] = &rows[i];
    qsort(byid, (size_t)n, sizeof *byid, cmp_id);
    for (i = 1; i < n; i++)
        if (byid[i]->id == byid[i - 1]->id) {
            const kim_row *a = byid[i - 1], *b = byid[i];
            rc = wo_err_set(err, WO_EDUP, "%s:%ld: Stop_ID %ld already used "
                            "on line %ld", name,
                            a->line > b->line ? a->line : b->line, a->id,
                            a->line < b->line ? a->line : b->line);
            goto err;
        }
    rc = build(name, rows, n, dep, prm, ki, err);
    if (rc != WO_OK)
        goto err;
    wo_free(byid);
    wo_free(rows);
    return WO_OK;
err:
    wo_free(byid);
    wo_free(rows);
    wo_kim_free(ki);
    return rc;
}

int wo_kim_read(const char *path, const wo_kim_params *prm,
                wo_kim_instance *ki, wo_err *err)
{
    FILE *f;
    wo_buf b;
    char chunk[65536];
    size_t got;
    int rc = WO_OK;
    if (ki)
        memset(ki, 0, sizeof *ki);
    if (!path || !ki)
        return wo_err_set(err, WO_EINVAL, "wo_kim_read: NULL argument");
    f = fopen(path, "rb");
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    wo_buf_init(&b, KIM_MAX_FILE);
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = wo_buf_append(&b, chunk, got);
        if (rc != WO_OK) {
            wo_err_set(err, rc, "%s: %s (limit %u bytes)", path,
                       wo_strerror(rc), KIM_MAX_FILE);
            break;
        }
    }
    if (rc == WO_OK && ferror(f))
        rc = wo_err_set(err, WO_EIO, "%s: read error", path);
    fclose(f);
    if (rc == WO_OK)
        rc = wo_kim_parse(b.data, b.len, path, prm, ki, err);
    wo_buf_free(&b);
    return rc;
}

void wo_kim_free(wo_kim_instance *ki)
{
    if (!ki)
        return;
    wo_free(ki->dist_m);
    wo_free(ki->dur_s);
    wo_free(ki->stops);
    wo_free(ki->facilities);
    memset(ki, 0, sizeof *ki);
}

int wo_kim_solution_json(const wo_kim_instance *ki, const wo_vrp_solution *sol,
                         wo_buf *out, wo_err *err)
{
    int r, v, rc = WO_OK;
    if (!ki || !sol || !out)
        return wo_err_set(err, WO_EINVAL, "wo_kim_solution_json: NULL "
                          "argument");
    rc = rc != WO_OK ? rc : wo_buf_printf(out, "{\"vehicles\":%d,\"distance_mi\":%.6f,"
                        "\"routes\":[", sol->n_routes,
                        sol->dist_m / WO_KIM_M_PER_MI);
    for (r = 0; r < sol->n_routes && rc == WO_OK; r++) {
        const wo_vrp_route *rt = &sol->routes[r];
        double brk = -1;
        int first = 1;
        rc = rc != WO_OK ? rc : wo_buf_printf(out, "%s{\"visits\":[", r ? "," : "");
        for (v = 0; v < rt->n_visits; v++) {
            const wo_vrp_visit *vi = &rt->visits[v];
            long id;
            if (vi->kind == WO_VISIT_BREAK) {
                brk = vi->start_s;
                continue;
            }
            if (vi->kind == WO_VISIT_STOP && vi->index >= 0 &&
                vi->index < ki->pb.n_stops)
                id = ki->stops[vi->index].ext_id;
            else if (vi->kind == WO_VISIT_UNLOAD && vi->index >= 0 &&
                     vi->index < ki->pb.n_facilities)
                id = ki->facilities[vi->index].ext_id;
            else if (vi->kind == WO_VISIT_DEPOT)
                continue;
            else
                return wo_err_set(err, WO_EINVAL, "wo_kim_solution_json: "
                                  "route %d visit %d: index %d out of range",
                                  r, v, vi->index);
            rc = rc != WO_OK ? rc : wo_buf_printf(out, "%s{\"id\":%ld,\"start_s\":%.3f}",
                                first ? "" : ",", id, vi->start_s);
            first = 0;
        }
        if (brk >= 0)
            rc = rc != WO_OK ? rc : wo_buf_printf(out, "],\"break_start_s\":%.3f}", brk);
        else
            rc = rc != WO_OK ? rc : wo_buf_printf(out, "],\"break_start_s\":null}");
    }
    rc = rc != WO_OK ? rc : wo_buf_printf(out, "]}");
    if (rc != WO_OK)
        return wo_err_set(err, WO_ENOMEM, "wo_kim_solution_json: out of "
                          "memory");
    return WO_OK;
}

int wo_kim_write_json(const char *path, const wo_kim_instance *ki,
                      const wo_vrp_solution *sol, wo_err *err)
{
    wo_buf b;
    int rc;
    if (!path)
        return wo_err_set(err, WO_EINVAL, "wo_kim_write_json: NULL path");
    wo_buf_init(&b, 0);
    rc = wo_kim_solution_json(ki, sol, &b, err);
    if (rc == WO_OK && wo_buf_append(&b, "\n", 1) != WO_OK)
        rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
    if (rc == WO_OK)
        rc = wo_atomic_write(path, b.data, b.len, err);
    wo_buf_free(&b);
    return rc;
}
