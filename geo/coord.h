/*
 * coord.h — coordinate datums and conversions between them.
 *
 * wasteopt works internally in WGS84 lon/lat (degrees) plus projected
 * CGCS2000 3-degree Gauss-Krueger metres. Scenario files declare the datum
 * of their coordinates; these functions bring them to WGS84 and back.
 * GCJ-02 (Amap, Tencent) and BD-09 (Baidu) are the obfuscated Chinese
 * web-map systems that PROJ cannot convert: their inverse is iterated so a
 * round trip stays within 0.5 m inside Chongqing. CGCS2000 lon/lat goes
 * through PROJ (geo/crs.c).
 */
#ifndef WO_COORD_H
#define WO_COORD_H

#include "base/base.h"

typedef enum wo_datum {
    WO_DATUM_WGS84 = 0,
    WO_DATUM_GCJ02,
    WO_DATUM_BD09,
    WO_DATUM_CGCS2000
} wo_datum;

/* "wgs84", "gcj02", "bd09", "cgcs2000" (case-insensitive) -> datum.
 * Returns WO_OK or WO_EINVAL. */
int wo_datum_parse(const char *s, wo_datum *out);
const char *wo_datum_name(wo_datum d);

/* Convert lon/lat (degrees) given in datum d to WGS84 / from WGS84 to d.
 * Returns WO_OK, WO_ERANGE for coordinates outside [-180,180]x[-90,90], or
 * WO_EINTERNAL when PROJ is unavailable. */
int wo_coord_to_wgs84(wo_datum d, double lon, double lat, double *lon_out,
                      double *lat_out, wo_err *err);
int wo_coord_from_wgs84(wo_datum d, double lon, double lat, double *lon_out,
                        double *lat_out, wo_err *err);

/* ---------------------------------------------------------------- batches
 * Converting many points: a converter keeps PROJ open between calls (the
 * two functions above open and close it for every CGCS2000 point, which
 * costs tens of milliseconds per call; GCJ-02 and BD-09 never need PROJ
 * and cost about a microsecond either way). It is
 * opened lazily on the first CGCS2000 or Gauss-Krueger conversion. One
 * converter per thread. */
typedef struct wo_coord_conv wo_coord_conv;

/* Allocate a converter; *out is owned by the caller (wo_coord_conv_close). */
int wo_coord_conv_open(wo_coord_conv **out, wo_err *err);
void wo_coord_conv_close(wo_coord_conv *cv);

/* Same contracts as wo_coord_to_wgs84 / wo_coord_from_wgs84. */
int wo_coord_conv_to_wgs84(wo_coord_conv *cv, wo_datum d, double lon,
                           double lat, double *lon_out, double *lat_out,
                           wo_err *err);
int wo_coord_conv_from_wgs84(wo_coord_conv *cv, wo_datum d, double lon,
                             double lat, double *lon_out, double *lat_out,
                             wo_err *err);

/* lon/lat in datum d -> CGCS2000 3-degree Gauss-Krueger easting/northing
 * (metres) in the zone of central meridian cm_deg (0 = picked from the
 * longitude: CM 105 is EPSG:4544, CM 108 is EPSG:4545); *cm_used_deg (may
 * be NULL) gets the zone used. See geo/crs.h. */
int wo_coord_conv_to_gk(wo_coord_conv *cv, wo_datum d, double lon,
                        double lat, int cm_deg, double *easting_m,
                        double *northing_m, int *cm_used_deg, wo_err *err);

/* Options of wo_coord_csv_convert. */
typedef struct wo_coord_csv_opts {
    const char *name;   /* input name used in messages, e.g. "sites.csv"  */
    wo_datum from;      /* datum of the input lon/lat columns             */
    wo_datum to;        /* datum of the output (ignored when to_gk)       */
    int to_gk;          /* nonzero: output Gauss-Krueger metres instead    */
    int gk_cm_deg;      /* zone for to_gk: central meridian, 0 = per point */
    size_t max_rows;    /* data rows accepted (0 = no limit)              */
} wo_coord_csv_opts;

/* Convert a CSV text (UTF-8, optional BOM, RFC 4180 quoting, LF or CRLF)
 * whose header names the columns id, lon and lat (any order, other
 * columns ignored). Appends to out the CSV "id,lon,lat" in the target
 * datum (9 decimals), or "id,x_m,y_m,zone_cm" for Gauss-Krueger (x_m is
 * the easting, 3 decimals). Errors name the input, the line and the
 * column (WO_EPARSE, WO_ERANGE, WO_ETOOBIG for max_rows or out->max);
 * out may then hold a partial result, which the caller discards. */
int wo_coord_csv_convert(wo_coord_conv *cv, const wo_coord_csv_opts *opts,
                         const char *data, size_t len, wo_buf *out,
                         wo_err *err);

#endif /* WO_COORD_H */
