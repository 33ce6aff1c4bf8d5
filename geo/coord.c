/*
 * coord.c — datum conversions of coord.h: GCJ-02 and BD-09 by geo/gcj02.c,
 * CGCS2000 and Gauss-Krueger by PROJ through geo/crs.c, and the CSV batch
 * conversion behind `wasteopt geo convert --csv`.
 */
#include "geo/coord.h"

#include "base/csvfield.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "geo/crs.h"
#include "geo/gcj02.h"

struct wo_coord_conv {
    wo_crs *crs; /* PROJ handle, opened on first CGCS2000/GK use; owned */
};

static const char *const datum_names[] = {"wgs84", "gcj02", "bd09",
                                          "cgcs2000"};
#define DATUM_COUNT (sizeof datum_names / sizeof datum_names[0])

static int ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int wo_datum_parse(const char *s, wo_datum *out)
{
    size_t i;
    if (!s)
        return WO_EINVAL;
    for (i = 0; i < DATUM_COUNT; i++)
        if (ascii_ieq(s, datum_names[i])) {
            *out = (wo_datum)i;
            return WO_OK;
        }
    return WO_EINVAL;
}

const char *wo_datum_name(wo_datum d)
{
    if ((unsigned)d < DATUM_COUNT)
        return datum_names[d];
    return "unknown";
}

int wo_coord_conv_open(wo_coord_conv **out, wo_err *err)
{
    *out = wo_calloc(1, sizeof **out);
    if (!*out)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    return WO_OK;
}

void wo_coord_conv_close(wo_coord_conv *cv)
{
    if (!cv)
        return;
    wo_crs_close(cv->crs);
    wo_free(cv);
}

static int need_crs(wo_coord_conv *cv, wo_err *err)
{
    if (cv->crs)
        return WO_OK;
    return wo_crs_open(&cv->crs, NULL, err);
}

static int check_range(double lon, double lat, wo_err *err)
{
    if (!isfinite(lon) || !isfinite(lat) || lon < -180.0 || lon > 180.0 ||
        lat < -90.0 || lat > 90.0)
        return wo_err_set(err, WO_ERANGE,
                          "coordinate (%.9g, %.9g) is outside lon "
                          "[-180,180], lat [-90,90]",
                          lon, lat);
    return WO_OK;
}

/* One conversion between datum d and WGS84, in either direction. */
static int convert(wo_coord_conv *cv, wo_datum d, int to_wgs84, double lon,
                   double lat, double *lon_out, double *lat_out, wo_err *err)
{
    int rc = check_range(lon, lat, err);
    if (rc != WO_OK)
        return rc;
    switch (d) {
    case WO_DATUM_WGS84:
        *lon_out = lon;
        *lat_out = lat;
        return WO_OK;
    case WO_DATUM_GCJ02:
        if (to_wgs84)
            wo_gcj02_to_wgs84(lon, lat, lon_out, lat_out);
        else
            wo_gcj02_from_wgs84(lon, lat, lon_out, lat_out);
        return WO_OK;
    case WO_DATUM_BD09:
        if (to_wgs84)
            wo_bd09_to_wgs84(lon, lat, lon_out, lat_out);
        else
            wo_bd09_from_wgs84(lon, lat, lon_out, lat_out);
        return WO_OK;
    case WO_DATUM_CGCS2000:
        rc = need_crs(cv, err);
        if (rc != WO_OK)
            return rc;
        return to_wgs84 ? wo_crs_cgcs2000_to_wgs84(cv->crs, lon, lat,
                                                   lon_out, lat_out, err)
                        : wo_crs_wgs84_to_cgcs2000(cv->crs, lon, lat,
                                                   lon_out, lat_out, err);
    }
    return wo_err_set(err, WO_EINVAL, "unknown datum %d", (int)d);
}

int wo_coord_conv_to_wgs84(wo_coord_conv *cv, wo_datum d, double lon,
                           double lat, double *lon_out, double *lat_out,
                           wo_err *err)
{
    return convert(cv, d, 1, lon, lat, lon_out, lat_out, err);
}

int wo_coord_conv_from_wgs84(wo_coord_conv *cv, wo_datum d, double lon,
                             double lat, double *lon_out, double *lat_out,
                             wo_err *err)
{
    return convert(cv, d, 0, lon, lat, lon_out, lat_out, err);
}

int wo_coord_conv_to_gk(wo_coord_conv *cv, wo_datum d, double lon,
                        double lat, int cm_deg, double *easting_m,
                        double *northing_m, int *cm_used_deg, wo_err *err)
{
    double wlon, wlat;
    int rc = wo_coord_conv_to_wgs84(cv, d, lon, lat, &wlon, &wlat, err);
    if (rc == WO_OK)
        rc = need_crs(cv, err);
    if (rc == WO_OK)
        rc = wo_crs_wgs84_to_gk(cv->crs, wlon, wlat, cm_deg, easting_m,
                                northing_m, cm_used_deg, err);
    return rc;
}

int wo_coord_to_wgs84(wo_datum d, double lon, double lat, double *lon_out,
                      double *lat_out, wo_err *err)
{
    wo_coord_conv cv = {NULL};
    int rc = wo_coord_conv_to_wgs84(&cv, d, lon, lat, lon_out, lat_out, err);
    wo_crs_close(cv.crs);
    return rc;
}

int wo_coord_from_wgs84(wo_datum d, double lon, double lat, double *lon_out,
                        double *lat_out, wo_err *err)
{
    wo_coord_conv cv = {NULL};
    int rc =
        wo_coord_conv_from_wgs84(&cv, d, lon, lat, lon_out, lat_out, err);
    wo_crs_close(cv.crs);
    return rc;
}

/* ---------------------------------------------------------------- CSV */

#define CSV_MAX_FIELDS 256
#define CSV_MAX_FIELD_BYTES 4096

/* A reader of one CSV text, one record at a time. */
typedef struct csv_reader {
    const char *p;                  /* next unread byte                   */
    const char *end;                /* one past the last byte             */
    long line;                      /* line of the record being read      */
    long next_line;                 /* line where the next record starts  */
    wo_buf fields;                  /* the record's fields, NUL-separated */
    size_t start[CSV_MAX_FIELDS];   /* offset of each field in fields     */
    int nfields;                    /* fields in the current record       */
} csv_reader;

/* Read the next record. Returns WO_OK with nfields > 0, WO_OK with
 * nfields == 0 at the end, or WO_EPARSE/WO_ETOOBIG/WO_ENOMEM. Blank lines
 * are skipped. */
static int csv_next(csv_reader *r, const char *name, wo_err *err)
{
    int quoted, rc;
    size_t flen;
    r->nfields = 0;
    r->fields.len = 0;
    while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
        if (*r->p == '\n')
            r->next_line++;
        r->p++;
    }
    if (r->p >= r->end)
        return WO_OK;
    r->line = r->next_line;
    for (;;) {
        if (r->nfields == CSV_MAX_FIELDS)
            return wo_err_set(err, WO_ETOOBIG,
                              "%s:%ld: more than %d columns", name, r->line,
                              CSV_MAX_FIELDS);
        r->start[r->nfields++] = r->fields.len;
        quoted = r->p < r->end && *r->p == '"';
        if (quoted)
            r->p++;
        flen = 0;
        for (;;) {
            char c;
            if (r->p >= r->end) {
                if (quoted)
                    return wo_err_set(err, WO_EPARSE,
                                      "%s:%ld: unterminated quoted field",
                                      name, r->line);
                break;
            }
            c = *r->p;
            if (c == '\0')
                return wo_err_set(err, WO_EPARSE, "%s:%ld: a NUL byte",
                                  name, r->line);
            if (quoted) {
                if (c == '"') {
                    if (r->p + 1 < r->end && r->p[1] == '"') {
                        r->p++;
                    } else {
                        r->p++;
                        if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
                            *r->p != '\r')
                            return wo_err_set(err, WO_EPARSE,
                                              "%s:%ld: text after a closing "
                                              "quote",
                                              name, r->line);
                        break;
                    }
                } else if (c == '\n') {
                    r->next_line++;
                }
            } else if (c == ',' || c == '\n' || c == '\r') {
                break;
            } else if (c == '"') {
                return wo_err_set(err, WO_EPARSE,
                                  "%s:%ld: a quote inside an unquoted field",
                                  name, r->line);
            }
            if (++flen > CSV_MAX_FIELD_BYTES)
                return wo_err_set(err, WO_ETOOBIG,
                                  "%s:%ld: a field longer than %d bytes",
                                  name, r->line, CSV_MAX_FIELD_BYTES);
            rc = wo_buf_append(&r->fields, r->p, 1);
            if (rc != WO_OK)
                return wo_err_set(err, rc, "%s:%ld: %s", name, r->line,
                                  wo_strerror(rc));
            r->p++;
        }
        rc = wo_buf_append(&r->fields, "", 1);
        if (rc != WO_OK)
            return wo_err_set(err, rc, "%s:%ld: %s", name, r->line,
                              wo_strerror(rc));
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '\r')
            r->p++;
        if (r->p < r->end && *r->p == '\n') {
            r->p++;
            r->next_line++;
        }
        return WO_OK;
    }
}

static const char *csv_field(const csv_reader *r, int i)
{
    return r->fields.data + r->start[i];
}

/* Field text without surrounding blanks, into a bounded copy. */
static void trimmed(const char *s, char *out, size_t size)
{
    size_t n;
    while (*s == ' ' || *s == '\t')
        s++;
    n = wo_strlcpy(out, s, size);
    if (n >= size)
        n = size - 1;
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        out[--n] = '\0';
}

static int find_column(const csv_reader *r, const char *want)
{
    char h[64];
    int i;
    for (i = 0; i < r->nfields; i++) {
        trimmed(csv_field(r, i), h, sizeof h);
        if (ascii_ieq(h, want))
            return i;
    }
    return -1;
}

static int parse_coord_field(const csv_reader *r, int col, const char *cname,
                             const char *name, double *out, wo_err *err)
{
    char v[64];
    int rc;
    if (col >= r->nfields)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%ld: column '%s' is missing (the row has %d "
                          "fields)",
                          name, r->line, cname, r->nfields);
    rc = wo_parse_double(csv_field(r, col), out);
    if (rc != WO_OK) {
        trimmed(csv_field(r, col), v, sizeof v);
        return wo_err_set(err, rc == WO_ERANGE ? WO_ERANGE : WO_EPARSE,
                          "%s:%ld: column '%s': '%s' is not a number", name,
                          r->line, cname, v);
    }
    return WO_OK;
}

static int convert_row(wo_coord_conv *cv, const wo_coord_csv_opts *o,
                       const csv_reader *r, const int col[3], wo_buf *out,
                       wo_err *err)
{
    double lon, lat, a, b;
    int rc, cm = 0;
    const char *name = o->name ? o->name : "input";
    rc = parse_coord_field(r, col[1], "lon", name, &lon, err);
    if (rc == WO_OK)
        rc = parse_coord_field(r, col[2], "lat", name, &lat, err);
    if (rc != WO_OK)
        return rc;
    if (col[0] >= r->nfields)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%ld: column 'id' is missing (the row has %d "
                          "fields)",
                          name, r->line, r->nfields);
    if (o->to_gk) {
        rc = wo_coord_conv_to_gk(cv, o->from, lon, lat, o->gk_cm_deg, &a, &b,
                                 &cm, err);
    } else {
        double wlon, wlat;
        rc = wo_coord_conv_to_wgs84(cv, o->from, lon, lat, &wlon, &wlat, err);
        if (rc == WO_OK)
            rc = wo_coord_conv_from_wgs84(cv, o->to, wlon, wlat, &a, &b, err);
    }
    if (rc != WO_OK) {
        wo_err_prefix(err, "%s:%ld", name, r->line);
        return rc;
    }
    rc = wo_csv_field_buf(out, csv_field(r, col[0]));
    if (rc == WO_OK)
        rc = o->to_gk ? wo_buf_printf(out, ",%.3f,%.3f,%d\n", a, b, cm)
                      : wo_buf_printf(out, ",%.9f,%.9f\n", a, b);
    if (rc != WO_OK)
        return wo_err_set(err, rc, "%s: output: %s", name, wo_strerror(rc));
    return WO_OK;
}

int wo_coord_csv_convert(wo_coord_conv *cv, const wo_coord_csv_opts *opts,
                         const char *data, size_t len, wo_buf *out,
                         wo_err *err)
{
    static const char *const cols[3] = {"id", "lon", "lat"};
    const char *name = opts->name ? opts->name : "input";
    csv_reader r;
    int col[3], i, rc;
    size_t rows = 0;
    memset(&r, 0, sizeof r);
    r.p = data;
    r.end = data + len;
    r.next_line = 1;
    wo_buf_init(&r.fields, 0);
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        r.p += 3;
    rc = csv_next(&r, name, err);
    if (rc != WO_OK)
        goto done;
    if (r.nfields == 0) {
        rc = wo_err_set(err, WO_EPARSE,
                        "%s: empty file; expected a header with the "
                        "columns id,lon,lat",
                        name);
        goto done;
    }
    for (i = 0; i < 3; i++) {
        col[i] = find_column(&r, cols[i]);
        if (col[i] < 0) {
            rc = wo_err_set(err, WO_EPARSE,
                            "%s:%ld: the header has no column '%s' "
                            "(expected id,lon,lat)",
                            name, r.line, cols[i]);
            goto done;
        }
    }
    rc = wo_buf_printf(out, opts->to_gk ? "id,x_m,y_m,zone_cm\n"
                                        : "id,lon,lat\n");
    while (rc == WO_OK) {
        rc = csv_next(&r, name, err);
        if (rc != WO_OK || r.nfields == 0)
            break;
        if (opts->max_rows && ++rows > opts->max_rows) {
            rc = wo_err_set(err, WO_ETOOBIG, "%s:%ld: more than %zu rows",
                            name, r.line, opts->max_rows);
            break;
        }
        rc = convert_row(cv, opts, &r, col, out, err);
    }
    if (rc != WO_OK && err && err->code != rc)
        wo_err_set(err, rc, "%s: %s", name, wo_strerror(rc));
done:
    wo_buf_free(&r.fields);
    return rc;
}
