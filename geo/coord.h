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

#include "solver/common.h"

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

#endif /* WO_COORD_H */
