/*
 * crs.c — CGCS2000 geographic and Gauss-Krueger coordinates through PROJ.
 * The only PROJ file of wasteopt; see crs.h for the contracts.
 */
#include "geo/crs.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <string.h>

#define GK_ZONES ((WO_GK_CM_MAX_DEG - WO_GK_CM_MIN_DEG) / 3 + 1)
#define GK_EPSG_FIRST 4534

struct wo_crs {
    PJ_CONTEXT *ctx;     /* this handle's own PROJ context                */
    PJ *to_cgcs2000;     /* EPSG:4326 -> EPSG:4490, lon/lat order; lazy    */
    PJ *to_gk[GK_ZONES]; /* EPSG:4326 -> GK zone i, easting/northing; lazy */
    int out_of_memory;   /* PROJ logged a failed allocation               */
};

/* PROJ logs to stderr by default; the library never prints. The log is
 * read for one fact: PROJ reports a failed allocation (std::bad_alloc,
 * SQLite's "out of memory") as any other failure, only its log says so. */
static void quiet_log(void *ud, int level, const char *msg)
{
    wo_crs *crs = ud;
    (void)level;
    if (msg && (strstr(msg, "bad_alloc") || strstr(msg, "out of memory") ||
                strstr(msg, "no memory")))
        crs->out_of_memory = 1;
}

static const char *proj_reason(PJ_CONTEXT *ctx)
{
    int e = proj_context_errno(ctx);
    const char *s = e ? proj_context_errno_string(ctx, e) : NULL;
    return s ? s : "unknown PROJ error";
}

int wo_crs_open(wo_crs **out, const char *db_path, wo_err *err)
{
    wo_crs *crs;
    PJ *probe;
    *out = NULL;
    crs = wo_calloc(1, sizeof *crs);
    if (!crs)
        return wo_err_set(err, WO_ENOMEM, "out of memory opening PROJ");
    /* PROJ's context fails only when memory runs out */
    crs->ctx = proj_context_create();
    if (!crs->ctx) {
        wo_free(crs);
        return wo_err_set(err, WO_ENOMEM,
                          "out of memory creating a PROJ context");
    }
    proj_log_func(crs->ctx, crs, quiet_log);
    if (db_path &&
        !proj_context_set_database_path(crs->ctx, db_path, NULL, NULL)) {
        wo_err_set(err, WO_EINTERNAL,
                   "PROJ: cannot open the database '%s' (%s); install "
                   "proj-data or point PROJ_DATA at the directory of proj.db",
                   db_path, proj_reason(crs->ctx));
        goto err;
    }
    /* The EPSG lookups need proj.db: check once here for a clear message
     * instead of failing on the first conversion. */
    crs->out_of_memory = 0;
    probe = proj_create(crs->ctx, "EPSG:4490");
    if (!probe && crs->out_of_memory) {
        wo_err_set(err, WO_ENOMEM, "PROJ: out of memory looking up "
                                   "EPSG:4490");
        goto err;
    }
    if (!probe) {
        wo_err_set(err, WO_EINTERNAL,
                   "PROJ: cannot look up EPSG:4490 (%s); PROJ's database "
                   "proj.db is missing or unreadable: install proj-data or "
                   "set PROJ_DATA to the directory of proj.db",
                   proj_reason(crs->ctx));
        goto err;
    }
    proj_destroy(probe);
    *out = crs;
    return WO_OK;
err:
    wo_crs_close(crs);
    return err ? err->code : WO_EINTERNAL;
}

void wo_crs_close(wo_crs *crs)
{
    int i;
    if (!crs)
        return;
    proj_destroy(crs->to_cgcs2000);
    for (i = 0; i < GK_ZONES; i++)
        proj_destroy(crs->to_gk[i]);
    proj_context_destroy(crs->ctx);
    wo_free(crs);
}

int wo_crs_gk_epsg(int cm_deg)
{
    if (cm_deg < WO_GK_CM_MIN_DEG || cm_deg > WO_GK_CM_MAX_DEG ||
        cm_deg % 3 != 0)
        return 0;
    return GK_EPSG_FIRST + (cm_deg - WO_GK_CM_MIN_DEG) / 3;
}

int wo_crs_gk_zone_for_lon(double lon_deg, int *cm_deg, wo_err *err)
{
    double lo = WO_GK_CM_MIN_DEG - 1.5, hi = WO_GK_CM_MAX_DEG + 1.5;
    if (!isfinite(lon_deg) || lon_deg < lo || lon_deg >= hi)
        return wo_err_set(err, WO_ERANGE,
                          "longitude %.9g is outside the CGCS2000 3-degree "
                          "Gauss-Krueger zones (%.1f..%.1f E)",
                          lon_deg, lo, hi);
    *cm_deg = 3 * (int)floor((lon_deg + 1.5) / 3.0);
    return WO_OK;
}

static int check_lonlat(double lon_deg, double lat_deg, wo_err *err)
{
    if (!isfinite(lon_deg) || !isfinite(lat_deg) || lon_deg < -180.0 ||
        lon_deg > 180.0 || lat_deg < -90.0 || lat_deg > 90.0)
        return wo_err_set(err, WO_ERANGE,
                          "coordinate (%.9g, %.9g) is outside lon "
                          "[-180,180], lat [-90,90]",
                          lon_deg, lat_deg);
    return WO_OK;
}

/* Build EPSG:4326 -> target with lon/lat (east/north) axis order. */
static int make_op(wo_crs *crs, const char *target, PJ **out, wo_err *err)
{
    PJ *raw, *norm;
    crs->out_of_memory = 0;
    raw = proj_create_crs_to_crs(crs->ctx, "EPSG:4326", target, NULL);
    if (!raw && crs->out_of_memory)
        return wo_err_set(err, WO_ENOMEM, "PROJ: out of memory building the "
                          "operation from EPSG:4326 to %s", target);
    if (!raw)
        return wo_err_set(err, WO_EINTERNAL,
                          "PROJ: no operation from EPSG:4326 to %s (%s)",
                          target, proj_reason(crs->ctx));
    norm = proj_normalize_for_visualization(crs->ctx, raw);
    proj_destroy(raw);
    if (!norm && crs->out_of_memory)
        return wo_err_set(err, WO_ENOMEM, "PROJ: out of memory normalizing "
                          "the axis order of %s", target);
    if (!norm)
        return wo_err_set(err, WO_EINTERNAL,
                          "PROJ: cannot normalize the axis order of %s (%s)",
                          target, proj_reason(crs->ctx));
    /* Every operation wasteopt builds is invertible; PROJ gives one
     * without its inverse when an allocation inside it failed (calloc in
     * proj_normalize_for_visualization), without an error. */
    if (!proj_pj_info(norm).has_inverse) {
        proj_destroy(norm);
        return wo_err_set(err, WO_ENOMEM, "PROJ: out of memory building the "
                          "operation from EPSG:4326 to %s (it came out "
                          "without its inverse)", target);
    }
    *out = norm;
    return WO_OK;
}

/* Run op in direction dir on (a, b); fail cleanly on PROJ's HUGE_VAL. */
static int run_op(wo_crs *crs, PJ *op, PJ_DIRECTION dir, double a, double b,
                  double *a_out, double *b_out, const char *what,
                  wo_err *err)
{
    PJ_COORD c = proj_coord(a, b, 0, 0);
    int bad;
    proj_errno_reset(op);
    crs->out_of_memory = 0;
    c = proj_trans(op, dir, c);
    bad = !isfinite(c.v[0]) || !isfinite(c.v[1]) || c.v[0] == HUGE_VAL ||
          c.v[1] == HUGE_VAL || proj_errno(op);
    if (bad && crs->out_of_memory)
        return wo_err_set(err, WO_ENOMEM, "PROJ: out of memory converting "
                          "(%.9g, %.9g) %s", a, b, what);
    if (bad)
        return wo_err_set(err, WO_ERANGE,
                          "PROJ cannot convert (%.9g, %.9g) %s (%s)", a, b,
                          what, proj_reason(crs->ctx));
    *a_out = c.v[0];
    *b_out = c.v[1];
    return WO_OK;
}

static int geo_convert(wo_crs *crs, PJ_DIRECTION dir, double lon_deg,
                       double lat_deg, double *lon_out_deg,
                       double *lat_out_deg, wo_err *err)
{
    int rc = check_lonlat(lon_deg, lat_deg, err);
    if (rc == WO_OK && !crs->to_cgcs2000)
        rc = make_op(crs, "EPSG:4490", &crs->to_cgcs2000, err);
    if (rc == WO_OK)
        rc = run_op(crs, crs->to_cgcs2000, dir, lon_deg, lat_deg,
                    lon_out_deg, lat_out_deg,
                    dir == PJ_FWD ? "from WGS84 to CGCS2000"
                                  : "from CGCS2000 to WGS84",
                    err);
    return rc;
}

int wo_crs_wgs84_to_cgcs2000(wo_crs *crs, double lon_deg, double lat_deg,
                             double *lon_out_deg, double *lat_out_deg,
                             wo_err *err)
{
    return geo_convert(crs, PJ_FWD, lon_deg, lat_deg, lon_out_deg,
                       lat_out_deg, err);
}

int wo_crs_cgcs2000_to_wgs84(wo_crs *crs, double lon_deg, double lat_deg,
                             double *lon_out_deg, double *lat_out_deg,
                             wo_err *err)
{
    return geo_convert(crs, PJ_INV, lon_deg, lat_deg, lon_out_deg,
                       lat_out_deg, err);
}

static int gk_op(wo_crs *crs, int cm_deg, PJ **out, wo_err *err)
{
    char name[32];
    int epsg = wo_crs_gk_epsg(cm_deg);
    int i;
    if (!epsg)
        return wo_err_set(err, WO_EINVAL,
                          "Gauss-Krueger zone %d: expected a central "
                          "meridian of 75, 78, ..., 135",
                          cm_deg);
    i = (cm_deg - WO_GK_CM_MIN_DEG) / 3;
    if (!crs->to_gk[i]) {
        int rc;
        snprintf(name, sizeof name, "EPSG:%d", epsg);
        rc = make_op(crs, name, &crs->to_gk[i], err);
        if (rc != WO_OK)
            return rc;
    }
    *out = crs->to_gk[i];
    return WO_OK;
}

int wo_crs_wgs84_to_gk(wo_crs *crs, double lon_deg, double lat_deg,
                       int cm_deg, double *easting_m, double *northing_m,
                       int *cm_used_deg, wo_err *err)
{
    PJ *op = NULL;
    int rc = check_lonlat(lon_deg, lat_deg, err);
    if (rc != WO_OK)
        return rc;
    if (cm_deg == 0) {
        rc = wo_crs_gk_zone_for_lon(lon_deg, &cm_deg, err);
        if (rc != WO_OK)
            return rc;
    } else if (wo_crs_gk_epsg(cm_deg) && fabs(lon_deg - cm_deg) > 3.0) {
        return wo_err_set(err, WO_ERANGE,
                          "longitude %.9g is more than 3 degrees from the "
                          "central meridian %d of the forced zone",
                          lon_deg, cm_deg);
    }
    rc = gk_op(crs, cm_deg, &op, err);
    if (rc == WO_OK)
        rc = run_op(crs, op, PJ_FWD, lon_deg, lat_deg, easting_m, northing_m,
                    "to Gauss-Krueger", err);
    if (rc == WO_OK && cm_used_deg)
        *cm_used_deg = cm_deg;
    return rc;
}

int wo_crs_gk_to_wgs84(wo_crs *crs, int cm_deg, double easting_m,
                       double northing_m, double *lon_deg, double *lat_deg,
                       wo_err *err)
{
    PJ *op = NULL;
    int rc;
    if (!isfinite(easting_m) || !isfinite(northing_m) ||
        fabs(easting_m - 500000.0) > 400000.0 || fabs(northing_m) > 1e7)
        return wo_err_set(err, WO_ERANGE,
                          "Gauss-Krueger coordinate (%.9g, %.9g) is outside "
                          "the zone (easting 100000..900000 m, |northing| <= "
                          "10000000 m)",
                          easting_m, northing_m);
    rc = gk_op(crs, cm_deg, &op, err);
    if (rc == WO_OK)
        rc = run_op(crs, op, PJ_INV, easting_m, northing_m, lon_deg, lat_deg,
                    "from Gauss-Krueger", err);
    return rc;
}
