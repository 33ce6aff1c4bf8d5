/*
 * gcj02.c — GCJ-02 and BD-09 to and from WGS84. See gcj02.h.
 *
 * The GCJ-02 offset, as published: with x = lon - 105 and y = lat - 35
 * (degrees), two polynomials give offsets in metres along the meridian and
 * the parallel, which are turned into degrees with the meridional and
 * prime-vertical radii of curvature of the Krasovsky 1940 ellipsoid
 * (a = 6378245 m, e^2 = 0.00669342162296594323) at the point's latitude.
 */
#include "geo/gcj02.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define KRASOVSKY_A_M 6378245.0
#define KRASOVSKY_E2 0.00669342162296594323
#define BD09_K (M_PI * 3000.0 / 180.0)
#define INVERSE_TOL_DEG 1e-10
#define INVERSE_MAX_ITER 40

int wo_gcj02_in_china(double lon_deg, double lat_deg)
{
    return lon_deg >= 72.004 && lon_deg <= 137.8347 && lat_deg >= 0.8293 &&
           lat_deg <= 55.8271;
}

/* The periodic terms shared by both polynomials. */
static double gcj_wave(double x)
{
    return (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 /
           3.0;
}

/* Northward offset polynomial (before scaling), x = lon-105, y = lat-35. */
static double gcj_poly_lat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y +
               0.2 * sqrt(fabs(x));
    r += gcj_wave(x);
    r += (20.0 * sin(y * M_PI) + 40.0 * sin(y / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * M_PI) + 320.0 * sin(y * M_PI / 30.0)) * 2.0 /
         3.0;
    return r;
}

/* Eastward offset polynomial (before scaling). */
static double gcj_poly_lon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y +
               0.1 * sqrt(fabs(x));
    r += gcj_wave(x);
    r += (20.0 * sin(x * M_PI) + 40.0 * sin(x / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * M_PI) + 300.0 * sin(x / 30.0 * M_PI)) * 2.0 /
         3.0;
    return r;
}

void wo_gcj02_from_wgs84(double lon_deg, double lat_deg, double *gcj_lon_deg,
                         double *gcj_lat_deg)
{
    double x, y, dlat, dlon, phi, s, w, m_radius, n_radius;
    if (!wo_gcj02_in_china(lon_deg, lat_deg)) {
        *gcj_lon_deg = lon_deg;
        *gcj_lat_deg = lat_deg;
        return;
    }
    x = lon_deg - 105.0;
    y = lat_deg - 35.0;
    dlat = gcj_poly_lat(x, y);
    dlon = gcj_poly_lon(x, y);
    phi = lat_deg / 180.0 * M_PI;
    s = sin(phi);
    w = 1.0 - KRASOVSKY_E2 * s * s;
    /* Meridional radius M = a(1-e^2)/W^3/2, prime vertical N = a/W^1/2. */
    m_radius = KRASOVSKY_A_M * (1.0 - KRASOVSKY_E2) / (w * sqrt(w));
    n_radius = KRASOVSKY_A_M / sqrt(w);
    *gcj_lat_deg = lat_deg + dlat * 180.0 / (m_radius * M_PI);
    *gcj_lon_deg = lon_deg + dlon * 180.0 / (n_radius * cos(phi) * M_PI);
}

void wo_bd09_from_gcj02(double gcj_lon_deg, double gcj_lat_deg,
                        double *bd_lon_deg, double *bd_lat_deg)
{
    double x = gcj_lon_deg, y = gcj_lat_deg;
    double z = sqrt(x * x + y * y) + 0.00002 * sin(y * BD09_K);
    double theta = atan2(y, x) + 0.000003 * cos(x * BD09_K);
    *bd_lon_deg = z * cos(theta) + 0.0065;
    *bd_lat_deg = z * sin(theta) + 0.006;
}

void wo_bd09_from_wgs84(double lon_deg, double lat_deg, double *bd_lon_deg,
                        double *bd_lat_deg)
{
    double glon, glat;
    if (!wo_gcj02_in_china(lon_deg, lat_deg)) {
        *bd_lon_deg = lon_deg;
        *bd_lat_deg = lat_deg;
        return;
    }
    wo_gcj02_from_wgs84(lon_deg, lat_deg, &glon, &glat);
    wo_bd09_from_gcj02(glon, glat, bd_lon_deg, bd_lat_deg);
}

typedef void (*forward_fn)(double lon, double lat, double *lon_out,
                           double *lat_out);

/* Solve forward(p) = target by the fixed point p <- p - (forward(p) -
 * target). Every forward map here is the identity plus an offset whose
 * derivatives are of order 1e-3, so each step gains about three digits;
 * the cap only matters at the discontinuous edge of the China rectangle. */
static void invert(forward_fn forward, double lon, double lat,
                   double *lon_out, double *lat_out)
{
    double plon = lon, plat = lat, flon, flat, dlon, dlat;
    int i;
    for (i = 0; i < INVERSE_MAX_ITER; i++) {
        forward(plon, plat, &flon, &flat);
        dlon = flon - lon;
        dlat = flat - lat;
        plon -= dlon;
        plat -= dlat;
        if (fabs(dlon) < INVERSE_TOL_DEG && fabs(dlat) < INVERSE_TOL_DEG)
            break;
    }
    *lon_out = plon;
    *lat_out = plat;
}

void wo_gcj02_to_wgs84(double gcj_lon_deg, double gcj_lat_deg,
                       double *lon_deg, double *lat_deg)
{
    invert(wo_gcj02_from_wgs84, gcj_lon_deg, gcj_lat_deg, lon_deg, lat_deg);
}

void wo_bd09_to_gcj02(double bd_lon_deg, double bd_lat_deg,
                      double *gcj_lon_deg, double *gcj_lat_deg)
{
    invert(wo_bd09_from_gcj02, bd_lon_deg, bd_lat_deg, gcj_lon_deg,
           gcj_lat_deg);
}

void wo_bd09_to_wgs84(double bd_lon_deg, double bd_lat_deg, double *lon_deg,
                      double *lat_deg)
{
    invert(wo_bd09_from_wgs84, bd_lon_deg, bd_lat_deg, lon_deg, lat_deg);
}
