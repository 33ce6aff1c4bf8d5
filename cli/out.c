/*
 * out.c — atomic output files, JSON/GeoJSON and CSV writers. See out.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/out.h"

#include "base/alloc.h"
#include "base/csvfield.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ------------------------------------------------------------ atomic files */

char *wo_out_join(const char *dir, const char *name)
{
    size_t nd = strlen(dir), nn = strlen(name);
    int slash = nd > 0 && dir[nd - 1] != '/';
    char *p = wo_malloc(nd + (size_t)slash + nn + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, nd);
    if (slash)
        p[nd] = '/';
    memcpy(p + nd + (size_t)slash, name, nn + 1);
    return p;
}

/* The error of a failed `verb` ("open", "write"...) of path with errno e
 * (base/err.h: out of memory for ENOMEM, else an I/O error). */
static int io_failed(wo_err *err, const char *verb, const char *path, int e)
{
    e = e ? e : EIO;
    return wo_err_set(err, wo_errno_code(e), "cannot %s '%s': %s", verb, path,
                      wo_errno_text(e));
}

int wo_out_open(wo_outfile *o, const char *path, wo_err *err)
{
    return wo_atomic_open(o, path, err);
}

void wo_out_abort(wo_outfile *o)
{
    wo_atomic_abort(o);
}


int wo_out_commit(wo_outfile *o, wo_err *err)
{
    return wo_atomic_commit(o, err);
}

int wo_out_write_bytes(const char *path, const void *data, size_t n,
                       wo_err *err)
{
    return wo_atomic_write(path, data, n, err);
}

int wo_out_prepare_dir(const char *dir, wo_err *err)
{
    struct stat st;
    char *probe = NULL;
    int rc;
    if (!dir || !*dir)
        return wo_err_set(err, WO_EINVAL, "empty output directory name");
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
        return wo_err_set(err, WO_EIO,
                          "output directory '%s' exists and is not a directory",
                          dir);
    /* what a killed run left goes first, whatever happens next */
    wo_atomic_set_clean(dir);
    rc = wo_atomic_mkdirs(dir, err);
    if (rc != WO_OK) {
        wo_err_prefix(err, "output directory '%s'", dir);
        return rc;
    }
    probe = wo_out_join(dir, ".wasteopt-probe");
    if (!probe)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    rc = wo_out_write_bytes(probe, "probe\n", 6, err);
    if (rc != WO_OK && rc != WO_ENOMEM)
        wo_err_prefix(err, "output directory '%s' is not writable", dir);
    else
        unlink(probe);
    wo_free(probe);
    return rc;
}

/* ------------------------------------------------------------------ JSON */

/* The JSON text is written through this callback so that it lands in the
 * temporary file of a wo_outfile. */
static int write_piece(const char *buffer, size_t size, void *data)
{
    FILE *f = data;
    return fwrite(buffer, 1, size, f) == size ? 0 : -1;
}

int wo_out_write_json(const char *path, const wo_json *root, wo_err *err)
{
    wo_outfile o;
    int rc = wo_out_open(&o, path, err);
    if (rc != WO_OK)
        return rc;
    errno = 0;
    wo_alloc_mark_take();
    if (wo_json_dump_callback(root, write_piece, o.f,
                              WO_JSON_INDENT(2) | WO_JSON_PRESERVE_ORDER |
                                  WO_JSON_REAL_PRECISION(10)) != 0 ||
        fputc('\n', o.f) == EOF) {
        /* jansson's allocations are marked (base/alloc.h) */
        rc = io_failed(err, "write", path,
                       wo_alloc_mark_take() ? ENOMEM : errno);
        wo_out_abort(&o);
        return rc;
    }
    return wo_out_commit(&o, err);
}

/* ---------------------------------------------------------------- GeoJSON */

wo_json *wo_geojson_new(void)
{
    return wo_json_pack("{s:s, s:[]}", "type", "FeatureCollection",
                        "features");
}

/* Append {"type":"Feature","properties":props,"geometry":geom}; steals
 * both references. */
static int add_feature(wo_json *fc, wo_json *geom, wo_json *props)
{
    wo_json *feat, *features = wo_json_object_get(fc, "features");
    if (!props)
        props = wo_json_object();
    if (!geom || !props || !wo_json_is_array(features)) {
        wo_json_decref(geom);
        wo_json_decref(props);
        return WO_ENOMEM;
    }
    feat = wo_json_pack("{s:s, s:o, s:o}", "type", "Feature", "properties",
                        props, "geometry", geom);
    if (!feat)
        return WO_ENOMEM;
    return wo_json_array_append_new(features, feat) == 0 ? WO_OK : WO_ENOMEM;
}

/* [lon, lat] rounded to 6 decimals. */
static wo_json *position(double lon_deg, double lat_deg)
{
    wo_json *a = wo_json_array();
    if (!a)
        return NULL;
    if (wo_json_array_append_new(a, wo_json_num(lon_deg, 6)) != 0 ||
        wo_json_array_append_new(a, wo_json_num(lat_deg, 6)) != 0) {
        wo_json_decref(a);
        return NULL;
    }
    return a;
}

int wo_geojson_add_point(wo_json *fc, double lon_deg, double lat_deg,
                         wo_json *props)
{
    wo_json *pos;
    if (!isfinite(lon_deg) || !isfinite(lat_deg)) {
        wo_json_decref(props);
        return WO_EINVAL;
    }
    pos = position(lon_deg, lat_deg);
    if (!pos) {
        wo_json_decref(props);
        return WO_ENOMEM;
    }
    return add_feature(fc, wo_json_pack("{s:s, s:o}", "type", "Point",
                                        "coordinates", pos),
                       props);
}

int wo_geojson_add_line(wo_json *fc, const double *lonlat, size_t n,
                        wo_json *props)
{
    wo_json *coords;
    size_t i;
    if (n < 2) {
        wo_json_decref(props);
        return WO_EINVAL;
    }
    for (i = 0; i < 2 * n; i++)
        if (!isfinite(lonlat[i])) {
            wo_json_decref(props);
            return WO_EINVAL;
        }
    coords = wo_json_array();
    if (!coords) {
        wo_json_decref(props);
        return WO_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        wo_json *pos = position(lonlat[2 * i], lonlat[2 * i + 1]);
        if (!pos || wo_json_array_append_new(coords, pos) != 0) {
            wo_json_decref(coords);
            wo_json_decref(props);
            return WO_ENOMEM;
        }
    }
    return add_feature(fc, wo_json_pack("{s:s, s:o}", "type", "LineString",
                                        "coordinates", coords),
                       props);
}

/* ------------------------------------------------------------------- CSV */

void wo_csvw_init(wo_csvw *c, FILE *f, int bom)
{
    c->f = f;
    c->col = 0;
    if (bom)
        fputs("\xEF\xBB\xBF", f);
}

static void csv_sep(wo_csvw *c)
{
    if (c->col++ > 0)
        fputc(',', c->f);
}

/* Quoted field bytes into a stream (errors are the stream's). */
static int put_file(void *ud, const char *p, size_t n)
{
    fwrite(p, 1, n, (FILE *)ud);
    return 0;
}

int wo_csvw_field(wo_buf *b, const char *s)
{
    return wo_csv_field_buf(b, s);
}

void wo_csvw_str(wo_csvw *c, const char *s)
{
    csv_sep(c);
    if (s)
        wo_csv_quote(s, put_file, c->f);
}

void wo_csvw_num(wo_csvw *c, double v, int decimals)
{
    csv_sep(c);
    if (isfinite(v)) {
        if (decimals < 0)
            decimals = 0;
        if (decimals > 12)
            decimals = 12;
        /* Avoid "-0.00" for tiny negatives. */
        if (fabs(v) < 0.5 * pow(10.0, -decimals))
            v = 0.0;
        fprintf(c->f, "%.*f", decimals, v);
    }
}

void wo_csvw_long(wo_csvw *c, long v)
{
    csv_sep(c);
    fprintf(c->f, "%ld", v);
}

void wo_csvw_end_row(wo_csvw *c)
{
    fputs("\r\n", c->f);
    c->col = 0;
}
