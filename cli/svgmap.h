/*
 * svgmap.h — an SVG map of a plan as small multiples: one panel per stream
 * family that has routes (household, construction, medical, agricultural,
 * residues), each with the district boundaries, the family's routes in
 * their stream colours, its facilities and depots, a scale bar and a
 * heading (family in Chinese and English, routes, tonnes); one legend for
 * all, a north arrow and a title with the plan date.
 *
 * Legibility at city size: a panel with at most max_route_lines routes
 * draws each route as a line; a panel with more draws them aggregated, so
 * that the picture stays readable and the file size bounded whatever the
 * number of routes: one convex hull per route around its stops (filled
 * lightly in the stream colour: the route's territory) over a heat grid of
 * the stops (stops per square cell of a round side on the ground, 12 px
 * at most, which the legend states). Flows (the
 * second-echelon transfers, one line per facility pair) are lines in both
 * cases.
 *
 * Coordinates are lon/lat degrees (all in one datum, which the caller
 * chooses); the map uses an equirectangular projection at the mean
 * latitude of the extent, which is within 0.1 % in scale over a city and
 * keeps the scale bar honest. Every panel has the same extent and scale:
 * that of the routes and markers (the districts when there are none), or
 * of the focus districts when some are given, with a margin; districts
 * are clipped to it.
 *
 * The SVG is meant to be read by programs too: each panel is a
 * <g class="panel" data-family="CODE" data-routes="N" data-mode="lines"
 * or "aggregated">; in it a route line is a path of class "route", a hull
 * one of class "hull", the heat cells of one class a path of class
 * "heat" with data-cells="N" (its cells), a flow a path
 * of class "flow", a district a path of class "district" with data-id.
 */
#ifndef WO_CLI_SVGMAP_H
#define WO_CLI_SVGMAP_H

#include "data/model.h"
#include "base/base.h"

#include <stdio.h>

/* Routes per panel above which a panel draws its routes aggregated. */
#define WO_SVGMAP_MAX_ROUTE_LINES 150

/* A polyline to draw: a vehicle's route or a flow. */
typedef struct wo_svg_line {
    const double *lonlat;  /* n_pts interleaved lon,lat pairs (not owned) */
    int n_pts;             /* points (lines of < 2 points are skipped)    */
    int stream;            /* wo_stream id: colour, and the panel of its
                              family                                      */
    int dashed;            /* 1: a transfer, or a route of full loads      */
    double width_px;       /* stroke width, 0: default                     */
    int flow;              /* 1: a flow (transfer trips between two
                              places), always drawn as a line and not
                              counted as a route; 0: a vehicle's route     */
    const double *stops_lonlat; /* n_stops lon,lat pairs where the route
                              collects or loads at sites (not owned): its
                              hull and its heat when aggregated           */
    int n_stops;           /* stops (0: the route shows only as a line)   */
    double tonnes;         /* tonnes it collected, summed in the panel's
                              heading (0 for what is counted elsewhere)   */
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
    unsigned families;         /* bit f (wo_family): shown in that family's
                                  panel; 0: in every panel                 */
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
    int width_px;               /* total width, 0: from the panels          */
    int max_route_lines;        /* routes a panel draws as lines at most
                                   (0: WO_SVGMAP_MAX_ROUTE_LINES); a panel
                                   with more draws them aggregated         */
    int n_focus;                /* > 0: only these districts are drawn and
                                   the extent is theirs                    */
    const int *focus;           /* [n_focus] indices into districts         */
} wo_svgmap;

/* Render the map as a standalone SVG 1.1 document to f. Returns WO_OK,
 * WO_EINVAL for a non-finite coordinate, a line whose stream is no
 * stream or a focus index out of range (named in err), WO_ENOMEM, or
 * WO_EIO when the stream reports a write error. */
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

/* The district limit of a map (wo_svgmap.focus), shared with the code that
 * chooses what the map shows. 1 when district index d is one of the
 * n_focus indices of focus, or when n_focus is 0 (no limit); 0 for d < 0
 * (outside every district) under a limit. */
int wo_svgmap_district_in(const int *focus, int n_focus, int d);

/* 1 when (lon, lat) lies in one of the focus districts of districts
 * (wo_district_contains), or when n_focus is 0. */
int wo_svgmap_point_in(const wo_district *districts, const int *focus,
                       int n_focus, double lon, double lat);

#endif /* WO_CLI_SVGMAP_H */
