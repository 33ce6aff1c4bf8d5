/*
 * points.h — the POINTS.csv of `wasteopt matrix`: a header naming the
 * columns id,lon,lat (in any order, other columns ignored), then one point
 * per line, WGS84 degrees. Unquoted fields only; a UTF-8 BOM, blank lines
 * and CRLF line ends are accepted.
 */
#ifndef WO_CLI_POINTS_H
#define WO_CLI_POINTS_H

#include <stddef.h>
#include <stdio.h>

#include "base/base.h"

/* Most points a file may hold, and longest line (bytes, with its end). */
#define WO_POINTS_MAX 20000
#define WO_POINTS_MAX_LINE 4096

/* The points of a file. */
typedef struct wo_points {
    size_t n;    /* points                  */
    char **id;   /* [n] owned id strings    */
    double *lon; /* [n] WGS84 longitude     */
    double *lat; /* [n] WGS84 latitude      */
} wo_points;

/* Read the points from the open stream f, named `name` in messages. On
 * failure p is empty and err names the file, the line and the column, e.g.
 * "pts.csv:2: column 'lon': 'abc' is not a longitude in degrees
 * (-180..180)"; WO_EPARSE for bad text, WO_EIO, WO_ENOMEM. */
int wo_points_read_stream(FILE *f, const char *name, wo_points *p,
                          wo_err *err);

/* The same from the file at path (named by its path in messages). */
int wo_points_read(const char *path, wo_points *p, wo_err *err);

/* Release p and leave it empty. */
void wo_points_free(wo_points *p);

#endif /* WO_CLI_POINTS_H */
