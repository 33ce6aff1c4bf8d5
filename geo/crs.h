/*
 * crs.h — CGCS2000 geographic and 3-degree Gauss-Krueger coordinates
 * through PROJ. This is the only file of wasteopt that calls PROJ.
 *
 * A wo_crs handle owns its own PROJ context and its cached operations, so
 * handles may be used concurrently from different threads (one handle per
 * thread; a single handle is not safe to share). All coordinates are in
 * lon/lat (degrees, east/north) or easting/northing (metres) order,
 * whatever the EPSG axis order says.
 *
 * Gauss-Krueger zones are the official CGCS2000 3-degree series, named by
 * their central meridian (CM): CM 105 E is EPSG:4544, CM 108 E is
 * EPSG:4545, generally EPSG:4534 + (CM - 75) / 3 for CM 75..135, each with
 * a false easting of 500000 m and no zone prefix. Chongqing spans CM 105
 * (west of 106.5 E), CM 108 (106.5..109.5 E) and, east of 109.5 E,
 * CM 111 (EPSG:4546).
 */
#ifndef WO_CRS_H
#define WO_CRS_H

#include "base/base.h"

/* Lowest and highest central meridians of the 3-degree series (degrees). */
#define WO_GK_CM_MIN_DEG 75
#define WO_GK_CM_MAX_DEG 135

typedef struct wo_crs wo_crs;

/* Open a handle. db_path is PROJ's proj.db to use, or NULL for PROJ's own
 * search (PROJ_DATA, then the install path). Fails with WO_EINTERNAL and a
 * message saying what to install when PROJ or its database is unusable.
 * On success *out is owned by the caller (wo_crs_close). */
int wo_crs_open(wo_crs **out, const char *db_path, wo_err *err);

/* Free a handle and its PROJ objects; NULL is a no-op. */
void wo_crs_close(wo_crs *crs);

/* Central meridian of the 3-degree zone containing lon_deg (zones are
 * CM +- 1.5 degrees; a boundary belongs to the eastern zone). WO_ERANGE
 * when the longitude is outside the series (73.5..136.5 E). */
int wo_crs_gk_zone_for_lon(double lon_deg, int *cm_deg, wo_err *err);

/* EPSG code of the CGCS2000 3-degree zone with central meridian cm_deg,
 * or 0 when cm_deg is not one of 75, 78, ..., 135. */
int wo_crs_gk_epsg(int cm_deg);

/* WGS84 lon/lat <-> CGCS2000 lon/lat (EPSG:4326 <-> EPSG:4490; the two
 * agree to a few centimetres, PROJ's operation is the ballpark one).
 * WO_ERANGE outside [-180,180]x[-90,90]. */
int wo_crs_wgs84_to_cgcs2000(wo_crs *crs, double lon_deg, double lat_deg,
                             double *lon_out_deg, double *lat_out_deg,
                             wo_err *err);
int wo_crs_cgcs2000_to_wgs84(wo_crs *crs, double lon_deg, double lat_deg,
                             double *lon_out_deg, double *lat_out_deg,
                             wo_err *err);

/* WGS84 lon/lat -> Gauss-Krueger easting/northing (metres) in the zone of
 * central meridian cm_deg, or in the zone picked from the longitude when
 * cm_deg is 0; *cm_used_deg (may be NULL) receives the zone used. A forced
 * zone must be within 3 degrees of the point (WO_ERANGE otherwise: the
 * projection's distortion grows fast away from its meridian). */
int wo_crs_wgs84_to_gk(wo_crs *crs, double lon_deg, double lat_deg,
                       int cm_deg, double *easting_m, double *northing_m,
                       int *cm_used_deg, wo_err *err);

/* Gauss-Krueger easting/northing in zone cm_deg -> WGS84 lon/lat. */
int wo_crs_gk_to_wgs84(wo_crs *crs, int cm_deg, double easting_m,
                       double northing_m, double *lon_deg, double *lat_deg,
                       wo_err *err);

#endif /* WO_CRS_H */
