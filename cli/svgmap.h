/*
 * svgmap.h — an SVG map of a plan: district boundaries, routes coloured by
 * stream, facility markers by category, a legend, a scale bar with a round
 * length, a north arrow and a title with the plan date.
 *
 * Coordinates are lon/lat degrees (all in one datum, which the caller
 * chooses); the map uses an equirectangular projection at the mean
 * latitude of the extent, which is within 0.1 % in scale over a city and
 * keeps the scale bar honest. The extent is that of the routes and
 * markers (the districts when there are none), with a margin; districts
 * are clipped to it.
 */
#ifndef WO_CLI_SVGMAP_H
#define WO_CLI_SVGMAP_H

#include "data/model.h"
#include "base/base.h"

#include <stdio.h>

/* A polyline to draw. */
typedef struct wo_svg_line {
    const double *lonlat;  /* n_pts interleaved lon,lat pairs (not owned) */
    int n_pts;             /* points (lines of < 2 points are skipped)    */
    int stream;            /* wo_stream id: chooses the colour            */
    int dashed;            /* 1: a transfer, or a route of full loads      */
    double width_px;       /* stroke width, 0: default                     */
} wo_svg_line;

/* What a marker stands for. */
typedef enum wo_svg_marker_type {
    WO_SVG_FACILITY = 0,   /* a facility: shape from its kind             */
    WO_SVG_DEPOT,          /* a vehicle depot                             */
    WO_SVG_SITE            /* a collection site (small dot)               */
} wo_svg_marker_type;

/* A point marker. */
typedef struct wo_svg_marker {
    wo_svg_marker_type type;   /* facility, depot or site                  */
    wo_facility_kind kind;     /* facility kind (WO_SVG_FACILITY only)     */
    double lon_deg, lat_deg;   /* position                                 */
    const char *label;         /* name shown beside it, NULL: none         */
} wo_svg_marker;

/* Everything the map shows. Arrays are not owned. */
typedef struct wo_svgmap {
    const char *title;          /* first line of the heading               */
    const char *date;           /* "YYYY-MM-DD", shown with the title; NULL */
    const char *subtitle;       /* second line (figures), NULL: none        */
    int n_districts;            /* district boundaries                      */
    const wo_district *districts;
    int n_lines;                /* routes and transfers                     */
    const wo_svg_line *lines;
    int n_markers;              /* facilities, depots, sites                */
    const wo_svg_marker *markers;
    int width_px;               /* total width, 0: 1400                     */
} wo_svgmap;

/* Render the map as a standalone SVG 1.1 document to f. Returns WO_OK,
 * WO_EINVAL for a non-finite coordinate (named in err) or WO_EIO when the
 * stream reports a write error. */
int wo_svgmap_write(FILE *f, const wo_svgmap *m, wo_err *err);

/* The fixed colour of a stream ("#rrggbb"); a neutral grey for an invalid
 * id. Colours of the 14 primary streams are pairwise distinct. */
const char *wo_svgmap_stream_colour(int stream);

/* Write text with the five XML special characters escaped and control
 * characters (not allowed in XML 1.0) dropped: text or an attribute value
 * of SVG or HTML. */
void wo_svgmap_put_text(FILE *f, const char *s);

/* Round length for a scale bar: the largest 1, 2 or 5 x 10^k metres not
 * above max_m (max_m > 0). */
double wo_svgmap_round_length(double max_m);

#endif /* WO_CLI_SVGMAP_H */
