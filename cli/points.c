/*
 * points.c — the POINTS.csv reader of `wasteopt matrix` (see points.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/points.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define MAX_FIELDS 64

void wo_points_free(wo_points *p)
{
    size_t i;
    for (i = 0; i < p->n; i++)
        wo_free(p->id[i]);
    wo_free(p->id);
    wo_free(p->lon);
    wo_free(p->lat);
    memset(p, 0, sizeof *p);
}

/* Split line in place at commas into at most max fields; -1 when there are
 * more. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    char *s = line;
    for (;;) {
        char *c = strchr(s, ',');
        if (n == max)
            return -1;
        f[n++] = s;
        if (!c)
            break;
        *c = '\0';
        s = c + 1;
    }
    return n;
}

static char *trim(char *s)
{
    size_t n;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Room for one more point: the three parallel arrays, each with its
 * capacity. */
static int grow(wo_points *p, size_t cap[3])
{
    size_t need = p->n + 1;
    if (wo_array_reserve(&p->id, &cap[0], need, sizeof *p->id, 64) != WO_OK ||
        wo_array_reserve(&p->lon, &cap[1], need, sizeof *p->lon, 64) != WO_OK ||
        wo_array_reserve(&p->lat, &cap[2], need, sizeof *p->lat, 64) != WO_OK)
        return WO_ENOMEM;
    return WO_OK;
}

/* 1 when s is a number of degrees within [-limit, limit], into *out. */
static int coord(const char *s, double limit, double *out)
{
    return wo_parse_double(s, out) == WO_OK && fabs(*out) <= limit;
}

/* One data line (fields already split and trimmed) as point p->n. */
static int add_point(wo_points *p, char **fld, int nf, const int col[3],
                     const char *name, long lineno, wo_err *err)
{
    size_t i;
    if (nf <= col[0] || nf <= col[1] || nf <= col[2])
        return wo_err_set(err, WO_EPARSE,
                          "%s:%ld: %d fields, expected the columns id,lon,lat",
                          name, lineno, nf);
    if (*fld[col[0]] == '\0')
        return wo_err_set(err, WO_EPARSE, "%s:%ld: column 'id' is empty", name,
                          lineno);
    if (!coord(fld[col[1]], 180, &p->lon[p->n]))
        return wo_err_set(err, WO_EPARSE,
                          "%s:%ld: column 'lon': '%s' is not a longitude in "
                          "degrees (-180..180)",
                          name, lineno, fld[col[1]]);
    if (!coord(fld[col[2]], 90, &p->lat[p->n]))
        return wo_err_set(err, WO_EPARSE,
                          "%s:%ld: column 'lat': '%s' is not a latitude in "
                          "degrees (-90..90)",
                          name, lineno, fld[col[2]]);
    for (i = 0; i < p->n; i++)
        if (!strcmp(p->id[i], fld[col[0]]))
            return wo_err_set(err, WO_EPARSE,
                              "%s:%ld: column 'id': '%s' is a duplicate", name,
                              lineno, fld[col[0]]);
    if (!(p->id[p->n] = wo_strdup(fld[col[0]])))
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", name);
    p->n++;
    return WO_OK;
}

int wo_points_read_stream(FILE *f, const char *name, wo_points *p,
                          wo_err *err)
{
    char line[WO_POINTS_MAX_LINE], *fld[MAX_FIELDS];
    /* columns of id, lon, lat; -1 until the header is read */
    int col[3] = {-1, -1, -1}, nf, k, rc;
    long lineno = 0;
    size_t cap[3] = {0, 0, 0};
    memset(p, 0, sizeof *p);
    while (fgets(line, sizeof line, f)) {
        char *s = line;
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            rc = wo_err_set(err, WO_EPARSE,
                            "%s:%ld: line longer than %d bytes", name, lineno,
                            WO_POINTS_MAX_LINE - 2);
            goto err;
        }
        if (lineno == 1 && (unsigned char)s[0] == 0xEF &&
            (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
            s += 3;
        if (*trim(s) == '\0')
            continue;
        if (strchr(s, '"')) {
            rc = wo_err_set(err, WO_EPARSE,
                            "%s:%ld: quoted fields are not supported", name,
                            lineno);
            goto err;
        }
        nf = split(s, fld, MAX_FIELDS);
        if (nf < 0) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: more than %d columns",
                            name, lineno, MAX_FIELDS);
            goto err;
        }
        for (k = 0; k < nf; k++)
            fld[k] = trim(fld[k]);
        if (col[0] < 0) {
            for (k = 0; k < nf; k++) {
                if (!strcmp(fld[k], "id"))
                    col[0] = k;
                else if (!strcmp(fld[k], "lon"))
                    col[1] = k;
                else if (!strcmp(fld[k], "lat"))
                    col[2] = k;
            }
            if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
                rc = wo_err_set(err, WO_EPARSE,
                                "%s:%ld: header must name the columns "
                                "id,lon,lat",
                                name, lineno);
                goto err;
            }
            continue;
        }
        if (p->n >= WO_POINTS_MAX) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: more than %d points",
                            name, lineno, WO_POINTS_MAX);
            goto err;
        }
        if (grow(p, cap) != WO_OK) {
            rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", name);
            goto err;
        }
        if ((rc = add_point(p, fld, nf, col, name, lineno, err)) != WO_OK)
            goto err;
    }
    if (ferror(f)) {
        rc = wo_err_set(err, WO_EIO, "%s: read error", name);
        goto err;
    }
    if (p->n == 0) {
        rc = wo_err_set(err, WO_EPARSE, "%s: no points", name);
        goto err;
    }
    return WO_OK;
err:
    wo_points_free(p);
    return rc;
}

int wo_points_read(const char *path, wo_points *p, wo_err *err)
{
    FILE *f = fopen(path, "r");
    int rc;
    memset(p, 0, sizeof *p);
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    rc = wo_points_read_stream(f, path, p, err);
    fclose(f);
    return rc;
}
