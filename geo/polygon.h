/*
 * polygon.h — point in polygon, the one implementation: the even-odd rule
 * over the rings of a boundary (outer rings and holes alike), as
 * data/SCHEMA.md defines district membership. Used for the districts of a
 * loaded scenario (data/model.h wo_district_contains) and by the
 * generator of the embedded default (data/tools/gen_chongqing.c).
 */
#ifndef WO_GEO_POLYGON_H
#define WO_GEO_POLYGON_H

/* 1 when a ray from (x, y) eastwards crosses ring (xs[i], ys[i]), i < n,
 * an odd number of times, else 0. The ring is closed implicitly (its last
 * vertex joins its first; a repeated closing vertex adds a zero-length
 * edge, which never counts). A point is inside a
 * boundary of several rings when the rings' results XOR to 1. Coordinates
 * in any planar or lon/lat frame, the same for the ring and the point. */
int wo_ring_odd(const double *xs, const double *ys, int n, double x,
                double y);

#endif /* WO_GEO_POLYGON_H */
