/*
 * gcj02.h — the Chinese web-map datums GCJ-02 (Amap, Tencent) and BD-09
 * (Baidu) to and from WGS84. Pure math, no PROJ, no allocation, no state.
 *
 * GCJ-02 adds to WGS84 lon/lat an offset (hundreds of metres) given by two
 * trigonometric polynomials of (lon - 105, lat - 35) scaled by the
 * Krasovsky 1940 ellipsoid's radii of curvature. BD-09 applies to GCJ-02 a
 * small polar perturbation plus a constant shift (0.0065, 0.006) degrees.
 *
 * Rule outside China: the offset is zero (both datums equal WGS84) outside
 * the rectangle 72.004..137.8347 E, 0.8293..55.8271 N, the rectangle the
 * Chinese web maps are commonly taken to cover. The rectangle is coarse
 * (it also contains parts of neighbouring countries); wasteopt only needs
 * it to be right well inside China.
 *
 * The forward direction (WGS84 -> GCJ-02 -> BD-09) is a closed formula; the
 * inverse is solved by fixed-point iteration until the forward image of
 * the estimate is within 1e-10 degrees (about 0.01 mm) of the input.
 */
#ifndef WO_GCJ02_H
#define WO_GCJ02_H

/* Nonzero when (lon_deg, lat_deg) lies inside the rectangle where the
 * GCJ-02 offset applies (see above). */
int wo_gcj02_in_china(double lon_deg, double lat_deg);

/* WGS84 -> GCJ-02. Identity outside the rectangle. Never fails; inputs
 * must be finite (the caller checks ranges). */
void wo_gcj02_from_wgs84(double lon_deg, double lat_deg, double *gcj_lon_deg,
                         double *gcj_lat_deg);

/* GCJ-02 -> WGS84 by iterating the forward formula; the result maps back
 * to the input within 1e-10 degrees wherever the offset field is smooth
 * (everywhere but within a kilometre of the rectangle's edges). */
void wo_gcj02_to_wgs84(double gcj_lon_deg, double gcj_lat_deg,
                       double *lon_deg, double *lat_deg);

/* GCJ-02 -> BD-09 (closed formula) and its iterated inverse. */
void wo_bd09_from_gcj02(double gcj_lon_deg, double gcj_lat_deg,
                        double *bd_lon_deg, double *bd_lat_deg);
void wo_bd09_to_gcj02(double bd_lon_deg, double bd_lat_deg,
                      double *gcj_lon_deg, double *gcj_lat_deg);

/* WGS84 <-> BD-09 (composition through GCJ-02). Identity outside the
 * rectangle, like GCJ-02. */
void wo_bd09_from_wgs84(double lon_deg, double lat_deg, double *bd_lon_deg,
                        double *bd_lat_deg);
void wo_bd09_to_wgs84(double bd_lon_deg, double bd_lat_deg, double *lon_deg,
                      double *lat_deg);

#endif /* WO_GCJ02_H */
