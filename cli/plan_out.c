/*
 * plan_out.c — plan.json, routes.geojson, sites.geojson, stops.csv,
 * routes.csv, map.svg and map.html of a plan. See plan_out.h.
 */
#include "cli/plan_out.h"

#include "cli/maphtml.h"
#include "cli/out.h"
#include "cli/svgmap.h"
#include "data/calendar.h"
#include "cli/indicators_out.h"
#include "data/indicators.h"
#include "solver/plan/indicator_flows.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wo_plan_format_hms(double s, char buf[16])
{
    long t;
    if (!isfinite(s) || s < 0)
        s = 0;
    t = (long)floor(s + 0.5);
    if (t > 99L * 3600)
        t = 99L * 3600;
    snprintf(buf, 16, "%02ld:%02ld:%02ld", (t / 3600) % 100, t / 60 % 60,
             t % 60);
}

/* Whole seconds of s, rounded, within [0, 28 days]. */
static long whole_s(double s)
{
    long t;
    if (!isfinite(s) || s < 0)
        s = 0;
    t = (long)floor(s + 0.5);
    return t > 28L * 86400 ? 28L * 86400 : t;
}

void wo_plan_format_clock(double s, char buf[24])
{
    long t = whole_s(s);
    int day = (int)(t / 86400);
    char hms[16];
    wo_plan_format_hms((double)(t % 86400), hms); /* under 24 h */
    if (day > 0)
        snprintf(buf, 24, "+%d %.8s", day % 100, hms);
    else
        snprintf(buf, 24, "%.8s", hms);
}

void wo_plan_format_iso(const char *date, int day, double s, char buf[32])
{
    char d[11];
    long d0, t = whole_s(s);
    int h = (int)(t / 3600 % 24), m = (int)(t / 60 % 60), sec = (int)(t % 60);
    if (wo_calendar_parse(date, &d0, NULL) != WO_OK) {
        buf[0] = '\0'; /* not a date: no datetime */
        return;
    }
    wo_calendar_format(d0 + day + t / 86400, d, NULL);
    snprintf(buf, 32, "%.10sT%02d:%02d:%02d%s", d, h, m, sec,
             WO_PLAN_UTC_OFFSET);
}

static const char *stream_code(int s)
{
    const wo_stream_info *si = wo_stream_get(s);
    return si ? si->code : "?";
}

/* Add a rounded number; records a failure in *ok. */
static void put_num(wo_json *o, const char *key, double v, int decimals,
                    int *ok)
{
    if (wo_json_object_set_new(o, key, wo_json_num(v, decimals)) != 0)
        *ok = 0;
}

static void put_str(wo_json *o, const char *key, const char *v, int *ok)
{
    if (wo_json_object_set_new(o, key, v ? wo_json_string(v) : wo_json_null()) != 0)
        *ok = 0;
}

static void put_int(wo_json *o, const char *key, long v, int *ok)
{
    if (wo_json_object_set_new(o, key, wo_json_integer(v)) != 0)
        *ok = 0;
}

/* Date of plan day `day`. */
static void day_date(const wo_plan *p, int day, char buf[11])
{
    long d0;
    if (wo_calendar_parse(p->date, &d0, NULL) != WO_OK) {
        wo_strlcpy(buf, p->date, 11);
        return;
    }
    wo_calendar_format(d0 + day, buf, NULL);
}

/* wo_geojson_add_point and _line with properties that must exist: NULL
 * (their wo_json_pack ran out of memory) is WO_ENOMEM, not a feature
 * without properties. */
static int add_point(wo_json *fc, double lon_deg, double lat_deg,
                     wo_json *props)
{
    return props ? wo_geojson_add_point(fc, lon_deg, lat_deg, props)
                 : WO_ENOMEM;
}

static int add_line(wo_json *fc, const double *lonlat, size_t n,
                    wo_json *props)
{
    return props ? wo_geojson_add_line(fc, lonlat, n, props) : WO_ENOMEM;
}

wo_json *wo_plan_ind_report_json(const wo_ind_report *rep, wo_err *err)
{
    wo_json *doc = wo_ind_report_json(rep);
    if (!doc)
        wo_err_set(err, WO_ENOMEM, "indicators: %s", wo_strerror(WO_ENOMEM));
    return doc;
}

wo_json *wo_plan_indicators_json(const wo_scenario *sc, const wo_plan *p,
                                wo_err *err)
{
    wo_ind_report rep;
    if (wo_plan_indicators(sc, p, &rep, err) != WO_OK)
        return NULL;
    return wo_plan_ind_report_json(&rep, err);
}

/* The districts other than its start depot's in which route r serves
 * stops (wo_point_district: declared, else containing; -1 outside every
 * district), each once in the order first visited, into out (at most
 * max); returns how many, and *stops the stops served there. */
static int route_crossings(const wo_scenario *sc, const wo_plan_route *r,
                           int *out, int max, int *stops)
{
    const wo_depot *dep;
    int home, n = 0, v, k;
    *stops = 0;
    if (r->type < 0 || r->type >= sc->n_vehicle_types)
        return 0;
    dep = &sc->depots[sc->vehicle_types[r->type].start_depot];
    home = wo_point_district(sc, dep->district, &dep->pos);
    for (v = 0; v < r->n_visits; v++) {
        const wo_site *si;
        int d;
        if (r->visits[v].kind != WO_PLAN_STOP || r->visits[v].demand < 0)
            continue;
        si = &sc->sites[sc->demands[r->visits[v].demand].site];
        if ((d = wo_point_district(sc, si->district, &si->pos)) == home)
            continue;
        (*stops)++;
        for (k = 0; k < n && out[k] != d; k++)
            ;
        if (k == n && n < max)
            out[n++] = d;
    }
    return n;
}

wo_json *wo_plan_summary_json(const wo_scenario *sc, const wo_plan *p)
{
    const wo_plan_summary *s = &p->summary;
    wo_json *o = wo_json_object(), *streams = wo_json_object();
    double served = 0, unserved = 0;
    int ok = o && streams, i;
    put_str(o, "scenario", sc->name, &ok);
    put_str(o, "date", p->date, &ok);
    put_int(o, "days", p->days, &ok);
    put_num(o, "cost", s->cost_cny, 2, &ok);
    put_str(o, "currency", "CNY", &ok);
    put_num(o, "distance_km", s->dist_m / 1000.0, 3, &ok);
    put_num(o, "duration_h", s->dur_s / 3600.0, 3, &ok);
    put_int(o, "vehicles_used", s->vehicles_used, &ok);
    put_int(o, "routes", s->routes, &ok);
    {
        int crossing = 0, away = 0, d[8], n;
        for (i = 0; i < p->n_routes; i++) {
            if (route_crossings(sc, &p->routes[i], d, 8, &n) > 0)
                crossing++;
            away += n;
        }
        put_int(o, "routes_crossing_districts", crossing, &ok);
        put_int(o, "stops_outside_depot_district", away, &ok);
    }
    for (i = 0; i < WO_STREAM_COUNT; i++) {
        wo_json *e;
        if (s->due_kg[i] <= 0 && s->served_kg[i] <= 0 &&
            s->unserved_kg[i] <= 0)
            continue;
        e = wo_json_object();
        if (!e) {
            ok = 0;
            break;
        }
        put_num(e, "due_t", s->due_kg[i] / 1000.0, 3, &ok);
        put_num(e, "served_t", s->served_kg[i] / 1000.0, 3, &ok);
        put_num(e, "unserved_t", s->unserved_kg[i] / 1000.0, 3, &ok);
        put_num(e, "transferred_t", s->transferred_kg[i] / 1000.0, 3, &ok);
        if (wo_json_object_set_new(streams, stream_code(i), e) != 0)
            ok = 0;
        served += s->served_kg[i];
        unserved += s->unserved_kg[i];
    }
    put_num(o, "served_t", served / 1000.0, 3, &ok);
    put_num(o, "unserved_t", unserved / 1000.0, 3, &ok);
    if (wo_json_object_set(o, "streams", streams) != 0)
        ok = 0;
    wo_json_decref(streams);
    put_int(o, "unserved_stops", p->n_unserved, &ok);
    /* the stop rule (deterministic under an iteration limit) */
    put_int(o, "searches", s->searches, &ok);
    put_int(o, "converged", s->converged, &ok);
    if (s->has_baseline) {
        wo_json *b = wo_json_object();
        ok = ok && b;
        put_int(b, "stops_compared", s->stops_compared, &ok);
        put_int(b, "stops_changed_vehicle", s->stops_changed_vehicle, &ok);
        put_num(b, "cost_vs_free_pct", s->cost_vs_free_pct, 3, &ok);
        put_int(b, "problems_anchored", s->problems_anchored, &ok);
        put_int(b, "problems_free", s->problems_free, &ok);
        if (wo_json_object_set_new(o, "baseline", b) != 0)
            ok = 0;
    }
    if (wo_json_object_set_new(o, "interrupted",
                            wo_json_boolean(s->interrupted)) != 0)
        ok = 0;
    if (!ok) {
        wo_json_decref(o);
        return NULL;
    }
    return o;
}

static wo_json *route_json(const wo_scenario *sc, const wo_plan_route *r,
                           const wo_plan *p)
{
    wo_json *o = wo_json_object(), *visits = wo_json_array(),
            *cross = wo_json_array();
    char date[11];
    int ok = o && visits && cross, v, n_cross, dist[64], away;
    day_date(p, r->day, date);
    put_str(o, "vehicle", r->vehicle, &ok);
    put_str(o, "vehicle_type", r->vehicle_type, &ok);
    put_str(o, "kind", wo_plan_route_kind_name(r->kind), &ok);
    put_str(o, "stream", stream_code(r->stream), &ok);
    put_str(o, "depot", r->depot, &ok);
    put_int(o, "day", r->day + 1, &ok);
    put_str(o, "date", date, &ok);
    put_num(o, "distance_km", r->dist_m / 1000.0, 3, &ok);
    put_num(o, "duration_h", r->dur_s / 3600.0, 3, &ok);
    put_num(o, "cost", r->cost_cny, 2, &ok);
    put_num(o, "tonnes", r->collected_kg / 1000.0, 3, &ok);
    /* Districts other than the depot's whose stops it serves (null:
     * outside every district); fleet_sharing says where that is allowed. */
    n_cross = route_crossings(sc, r, dist, 64, &away);
    for (v = 0; ok && v < n_cross; v++)
        if (wo_json_array_append_new(
                cross, dist[v] >= 0 ? wo_json_string(sc->districts[dist[v]].id)
                                    : wo_json_null()) != 0)
            ok = 0;
    if (wo_json_object_set(o, "crosses_districts", cross) != 0)
        ok = 0;
    wo_json_decref(cross);
    for (v = 0; ok && v < r->n_visits; v++) {
        const wo_plan_visit *x = &r->visits[v];
        wo_json *e = wo_json_object();
        ok = e != NULL;
        put_str(e, "site", x->site, &ok);
        put_str(e, "kind", wo_plan_visit_kind_name(x->kind), &ok);
        put_num(e, "arrival_s", x->arrival_s, 1, &ok);
        put_num(e, "start_s", x->start_s, 1, &ok);
        put_num(e, "depart_s", x->depart_s, 1, &ok);
        put_num(e, "amount_kg", x->amount_kg, 3, &ok);
        put_num(e, "load_after_kg", x->load_after_kg, 3, &ok);
        if (wo_json_array_append_new(visits, e) != 0)
            ok = 0;
    }
    if (wo_json_object_set(o, "visits", visits) != 0)
        ok = 0;
    wo_json_decref(visits);
    if (!ok) {
        wo_json_decref(o);
        return NULL;
    }
    return o;
}

wo_json *wo_plan_to_json(const wo_scenario *sc, const wo_plan *p,
                        const wo_json *indicators)
{
    wo_json *root = wo_json_object(), *routes = wo_json_array(),
           *transfers = wo_json_array(), *unserved = wo_json_array(),
           *binding = wo_json_array(), *far = wo_json_array(), *summary;
    int ok = root && routes && transfers && unserved && binding && far, i;
    put_str(root, "format", "wasteopt-plan", &ok);
    put_int(root, "version", 1, &ok);
    summary = wo_plan_summary_json(sc, p);
    if (!summary || wo_json_object_set_new(root, "summary", summary) != 0)
        ok = 0;
    for (i = 0; ok && i < p->n_routes; i++)
        if (wo_json_array_append_new(routes,
                                     route_json(sc, &p->routes[i], p)) != 0)
            ok = 0;
    for (i = 0; ok && i < p->n_transfers; i++) {
        const wo_plan_transfer *t = &p->transfers[i];
        wo_json *e = wo_json_object();
        ok = e != NULL;
        put_str(e, "from", t->from, &ok);
        put_str(e, "to", t->to, &ok);
        put_str(e, "stream", stream_code(t->stream), &ok);
        put_int(e, "day", t->day + 1, &ok);
        put_int(e, "trips", t->trips, &ok);
        put_num(e, "tonnes", t->tonnes, 3, &ok);
        put_num(e, "distance_km", t->dist_m / 1000.0, 3, &ok);
        put_num(e, "cost", t->cost_cny, 2, &ok);
        if (wo_json_array_append_new(transfers, e) != 0)
            ok = 0;
    }
    for (i = 0; ok && i < p->n_unserved; i++) {
        const wo_plan_unserved *u = &p->unserved[i];
        wo_json *e = wo_json_object();
        ok = e != NULL;
        put_str(e, "site", u->site, &ok);
        put_str(e, "stream", stream_code(u->stream), &ok);
        put_int(e, "day", u->day + 1, &ok);
        put_num(e, "amount_kg", u->amount_kg, 3, &ok);
        put_str(e, "reason", u->reason, &ok);
        put_str(e, "detail", u->detail, &ok);
        if (u->onward &&
            wo_json_object_set_new(e, "onward", wo_json_boolean(1)) != 0)
            ok = 0;
        if (wo_json_array_append_new(unserved, e) != 0)
            ok = 0;
    }
    for (i = 0; ok && i < p->n_binding; i++)
        if (wo_json_array_append_new(binding, wo_json_string(p->binding[i])) != 0)
            ok = 0;
    for (i = 0; ok && i < p->n_far; i++) {
        const wo_plan_far *f = &p->far[i];
        wo_json *e = wo_json_object();
        ok = e != NULL;
        put_str(e, "id", f->id, &ok);
        put_str(e, "kind", f->kind, &ok);
        put_num(e, "lon", f->lon_deg, 6, &ok);
        put_num(e, "lat", f->lat_deg, 6, &ok);
        put_num(e, "distance_m", f->dist_m, 1, &ok);
        if (wo_json_array_append_new(far, e) != 0)
            ok = 0;
    }
    if (wo_json_object_set(root, "routes", routes) != 0 ||
        wo_json_object_set(root, "binding", binding) != 0 ||
        wo_json_object_set(root, "transfers", transfers) != 0 ||
        wo_json_object_set(root, "unserved", unserved) != 0 ||
        wo_json_object_set(root, "far_points", far) != 0 ||
        wo_json_object_set_new(root, "indicators",
                            indicators ? wo_json_deep_copy(indicators)
                                       : wo_json_null()) != 0)
        ok = 0;
    wo_json_decref(routes);
    wo_json_decref(transfers);
    wo_json_decref(unserved);
    wo_json_decref(binding);
    wo_json_decref(far);
    if (!ok) {
        wo_json_decref(root);
        return NULL;
    }
    return root;
}

/* ------------------------------------------------- output datum */

static wo_datum out_datum(const wo_plan_out_opts *o)
{
    return o ? o->datum : WO_DATUM_WGS84;
}

/* n interleaved WGS84 lon,lat pairs of pts, in place, into the output
 * datum. WO_ERANGE for a point outside lon/lat ranges, err naming the
 * file and `what` (the point's id). */
static int to_out_datum(const wo_plan_out_opts *o, double *pts, size_t n,
                        const char *file, const char *what, wo_err *err)
{
    wo_datum d = out_datum(o);
    size_t i;
    if (d == WO_DATUM_WGS84)
        return WO_OK;
    for (i = 0; i < n; i++) {
        int rc = wo_coord_from_wgs84(d, pts[2 * i], pts[2 * i + 1],
                                     &pts[2 * i], &pts[2 * i + 1], err);
        if (rc != WO_OK) {
            wo_err_prefix(err, "%s: %s", file, what);
            return rc;
        }
    }
    return WO_OK;
}

/* A new FeatureCollection naming its datum when it is not WGS84 (the
 * GeoJSON default), so a file in GCJ-02 is never taken for WGS84. */
static wo_json *geojson_in_datum(const wo_plan_out_opts *o)
{
    wo_json *fc = wo_geojson_new();
    if (fc && out_datum(o) != WO_DATUM_WGS84 &&
        wo_json_object_set_new(fc, "datum",
                               wo_json_string(wo_datum_name(out_datum(o)))) !=
            0) {
        wo_json_decref(fc);
        return NULL;
    }
    return fc;
}

/* Interleaved lon,lat of a route: its road geometry when it has one, else
 * its visits (breaks add no point). Returns the number of points; *out is
 * malloc'd. */
static int route_points(const wo_plan_route *r, double **out)
{
    double *pts;
    int v, n = 0;
    if (r->n_path >= 2) { /* along the roads */
        pts = malloc((size_t)r->n_path * 2 * sizeof *pts);
        *out = pts;
        if (!pts)
            return -1;
        memcpy(pts, r->path_lonlat, (size_t)r->n_path * 2 * sizeof *pts);
        return r->n_path;
    }
    pts = malloc((size_t)(r->n_visits + 1) * 2 * sizeof *pts);
    *out = pts;
    if (!pts)
        return -1;
    for (v = 0; v < r->n_visits; v++) {
        if (r->visits[v].kind == WO_PLAN_BREAK)
            continue;
        pts[2 * n] = r->visits[v].lon_deg;
        pts[2 * n + 1] = r->visits[v].lat_deg;
        n++;
    }
    if (n == 1) { /* a LineString needs two positions */
        pts[2] = pts[0];
        pts[3] = pts[1];
        n = 2;
    }
    return n;
}

int wo_plan_write_routes_geojson(const char *path, const wo_scenario *sc,
                                 const wo_plan *p, const wo_plan_out_opts *o,
                                 wo_err *err)
{
    wo_json *fc = geojson_in_datum(o);
    int i, rc = WO_OK;
    if (!fc)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    for (i = 0; rc == WO_OK && i < p->n_routes; i++) {
        const wo_plan_route *r = &p->routes[i];
        double *pts;
        int n = route_points(r, &pts);
        int stops = 0, loads = 0, v;
        if (n < 0) {
            rc = WO_ENOMEM;
            break;
        }
        if ((rc = to_out_datum(o, pts, (size_t)n, "routes.geojson",
                               r->vehicle, err)) !=
            WO_OK) {
            free(pts);
            wo_json_decref(fc);
            return rc;
        }
        for (v = 0; v < r->n_visits; v++) {
            stops += r->visits[v].kind == WO_PLAN_STOP;
            loads += r->visits[v].kind == WO_PLAN_LOAD;
        }
        rc = add_line(
            fc, pts, (size_t)n,
            wo_json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, "
                         "s:i, s:i}",
                      "kind", "route", "route_kind",
                      wo_plan_route_kind_name(r->kind), "vehicle", r->vehicle,
                      "vehicle_type", r->vehicle_type, "stream",
                      stream_code(r->stream), "depot", r->depot, "day",
                      r->day + 1, "km", wo_json_num(r->dist_m / 1000.0, 3),
                      "tonnes", wo_json_num(r->collected_kg / 1000.0, 3),
                      "cost", wo_json_num(r->cost_cny, 2), "stops", stops,
                      "loads", loads));
        free(pts);
    }
    for (i = 0; rc == WO_OK && i < p->n_transfers; i++) {
        const wo_plan_transfer *t = &p->transfers[i];
        double pts[4] = {t->from_lon_deg, t->from_lat_deg, t->to_lon_deg,
                         t->to_lat_deg};
        if ((rc = to_out_datum(o, pts, 2, "routes.geojson", t->from, err)) != WO_OK) {
            wo_json_decref(fc);
            return rc;
        }
        rc = add_line(
            fc, pts, 2,
            wo_json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:o}", "kind",
                      "transfer", "from", t->from, "to", t->to, "stream",
                      stream_code(t->stream), "day", t->day + 1, "trips",
                      t->trips, "km", wo_json_num(t->dist_m / 1000.0, 3),
                      "tonnes", wo_json_num(t->tonnes, 3)));
    }
    if (rc != WO_OK)
        wo_err_set(err, rc, "routes.geojson: %s", wo_strerror(rc));
    else
        rc = wo_out_write_json(path, fc, err);
    wo_json_decref(fc);
    return rc;
}

/* "a;b;c" of the stream codes in mask. */
static void mask_codes(wo_stream_mask m, char *buf, size_t n)
{
    int s;
    size_t len = 0;
    buf[0] = '\0';
    for (s = 0; s < WO_STREAM_COUNT; s++)
        if (m & WO_STREAM_BIT(s)) {
            int w = snprintf(buf + len, n - len, "%s%s", len ? ";" : "",
                             stream_code(s));
            if (w < 0 || (size_t)w >= n - len)
                return;
            len += (size_t)w;
        }
}

int wo_plan_write_sites_geojson(const char *path, const wo_scenario *sc,
                                const wo_plan *p, const wo_plan_out_opts *o,
                                wo_err *err)
{
    wo_json *fc = geojson_in_datum(o);
    double at[2];
    char codes[512];
    int i, k, rc = WO_OK;
    if (!fc)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    for (i = 0; rc == WO_OK && i < sc->n_sites; i++) {
        const wo_site *s = &sc->sites[i];
        wo_stream_mask m = 0;
        double kg = 0, left = 0;
        for (k = s->demand_first; k < s->demand_first + s->demand_count; k++) {
            m |= WO_STREAM_BIT(sc->demands[k].stream);
            kg += sc->demands[k].kg_per_day;
        }
        for (k = 0; k < p->n_unserved; k++)
            if (p->unserved[k].demand >= 0 &&
                sc->demands[p->unserved[k].demand].site == i)
                left += p->unserved[k].amount_kg;
        mask_codes(m, codes, sizeof codes);
        at[0] = s->pos.lon_deg;
        at[1] = s->pos.lat_deg;
        if ((rc = to_out_datum(o, at, 1, "sites.geojson", s->id, err)) !=
            WO_OK)
            goto out;
        rc = add_point(
            fc, at[0], at[1],
            wo_json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "kind", "site",
                      "id", s->id, "name", s->name, "site_kind",
                      wo_site_kind_name(s->kind), "streams", codes,
                      "kg_per_day", wo_json_num(kg, 1), "unserved_kg",
                      wo_json_num(left, 1)));
    }
    for (i = 0; rc == WO_OK && i < sc->n_facilities; i++) {
        const wo_facility *f = &sc->facilities[i];
        mask_codes(f->streams, codes, sizeof codes);
        at[0] = f->pos.lon_deg;
        at[1] = f->pos.lat_deg;
        if ((rc = to_out_datum(o, at, 1, "sites.geojson", f->id, err)) !=
            WO_OK)
            goto out;
        rc = add_point(
            fc, at[0], at[1],
            wo_json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", "facility",
                      "id", f->id, "name", f->name, "facility_kind",
                      wo_facility_kind_name(f->kind), "status",
                      wo_facility_status_name(f->status), "streams", codes));
    }
    for (i = 0; rc == WO_OK && i < sc->n_depots; i++) {
        const wo_depot *d = &sc->depots[i];
        at[0] = d->pos.lon_deg;
        at[1] = d->pos.lat_deg;
        if ((rc = to_out_datum(o, at, 1, "sites.geojson", d->id, err)) !=
            WO_OK)
            goto out;
        rc = add_point(fc, at[0], at[1],
                                  wo_json_pack("{s:s, s:s, s:s}", "kind", "depot",
                                            "id", d->id, "name", d->name));
    }
    if (rc != WO_OK)
        wo_err_set(err, rc, "sites.geojson: %s", wo_strerror(rc));
    else
        rc = wo_out_write_json(path, fc, err);
out:
    wo_json_decref(fc);
    return rc;
}

const char *wo_plan_visit_name(const wo_scenario *sc, const wo_plan_visit *x)
{
    int i;
    if (x->demand >= 0)
        return sc->sites[sc->demands[x->demand].site].name;
    if (x->facility >= 0)
        return sc->facilities[x->facility].name;
    if ((i = wo_scenario_find_depot(sc, x->site)) >= 0)
        return sc->depots[i].name;
    if ((i = wo_scenario_find_site(sc, x->site)) >= 0)
        return sc->sites[i].name;
    if ((i = wo_scenario_find_facility(sc, x->site)) >= 0)
        return sc->facilities[i].name;
    return x->site;
}

/* Open a CSV output for Excel (UTF-8 with BOM) and write its header of n
 * column names. */
static int csv_begin(wo_outfile *o, wo_csvw *c, const char *path,
                     const char *const *head, size_t n, wo_err *err)
{
    size_t h;
    int rc = wo_out_open(o, path, err);
    if (rc != WO_OK)
        return rc;
    wo_csvw_init(c, o->f, 1);
    for (h = 0; h < n; h++)
        wo_csvw_str(c, head[h]);
    wo_csvw_end_row(c);
    return WO_OK;
}

/* The columns that start a row of route ro in both CSV files: day (1-based),
 * date, vehicle, vehicle_type, stream. */
static void route_cells(wo_csvw *c, const wo_plan *p, const wo_plan_route *ro)
{
    char date[11];
    day_date(p, ro->day, date);
    wo_csvw_long(c, ro->day + 1);
    wo_csvw_str(c, date);
    wo_csvw_str(c, ro->vehicle);
    wo_csvw_str(c, ro->vehicle_type);
    wo_csvw_str(c, stream_code(ro->stream));
}

/* An instant of a plan's day as the CSV files write it: the clock with
 * its day offset ("+1 00:57:24") and the ISO 8601 date-time. */
typedef struct plan_instant {
    char clock[24];
    char iso[32];
} plan_instant;

static void instant_of(const wo_plan *p, int day, double s, plan_instant *t)
{
    wo_plan_format_clock(s, t->clock);
    wo_plan_format_iso(p->date, day, s, t->iso);
}

int wo_plan_write_stops_csv(const char *path, const wo_scenario *sc,
                            const wo_plan *p, const wo_plan_out_opts *opt,
                            wo_err *err)
{
    static const char *const head[] = {
        "day", "date", "vehicle", "vehicle_type", "stream", "seq", "kind",
        "site", "name", "lon", "lat", "arrival", "start", "depart",
        "arrival_s", "start_s", "depart_s", "amount_kg", "load_after_kg",
        "arrival_at", "start_at", "depart_at", "datum"};
    const char *datum = wo_datum_name(out_datum(opt));
    wo_outfile o;
    wo_csvw c;
    int r, v,
        rc = csv_begin(&o, &c, path, head, sizeof head / sizeof head[0], err);
    if (rc != WO_OK)
        return rc;
    for (r = 0; r < p->n_routes; r++) {
        const wo_plan_route *ro = &p->routes[r];
        for (v = 0; v < ro->n_visits; v++) {
            const wo_plan_visit *x = &ro->visits[v];
            plan_instant ta, ts, td;
            double at[2] = {x->lon_deg, x->lat_deg};
            if ((rc = to_out_datum(opt, at, 1, "stops.csv", x->site, err)) !=
                WO_OK) {
                wo_out_abort(&o);
                return rc;
            }
            instant_of(p, ro->day, x->arrival_s, &ta);
            instant_of(p, ro->day, x->start_s, &ts);
            instant_of(p, ro->day, x->depart_s, &td);
            route_cells(&c, p, ro);
            wo_csvw_long(&c, v);
            wo_csvw_str(&c, wo_plan_visit_kind_name(x->kind));
            wo_csvw_str(&c, x->site);
            wo_csvw_str(&c, wo_plan_visit_name(sc, x));
            wo_csvw_num(&c, at[0], 6);
            wo_csvw_num(&c, at[1], 6);
            wo_csvw_str(&c, ta.clock);
            wo_csvw_str(&c, ts.clock);
            wo_csvw_str(&c, td.clock);
            wo_csvw_num(&c, x->arrival_s, 0);
            wo_csvw_num(&c, x->start_s, 0);
            wo_csvw_num(&c, x->depart_s, 0);
            wo_csvw_num(&c, x->amount_kg, 1);
            wo_csvw_num(&c, x->load_after_kg, 1);
            wo_csvw_str(&c, ta.iso);
            wo_csvw_str(&c, ts.iso);
            wo_csvw_str(&c, td.iso);
            wo_csvw_str(&c, datum);
            wo_csvw_end_row(&c);
        }
    }
    return wo_out_commit(&o, err);
}

int wo_plan_write_routes_csv(const char *path, const wo_plan *p, wo_err *err)
{
    static const char *const head[] = {
        "day", "date", "vehicle", "vehicle_type", "stream", "depot",
        "start", "end", "start_at", "end_at", "km", "hours", "tonnes",
        "stops", "unloads", "cost_cny"};
    wo_outfile o;
    wo_csvw c;
    int r, v,
        rc = csv_begin(&o, &c, path, head, sizeof head / sizeof head[0], err);
    if (rc != WO_OK)
        return rc;
    for (r = 0; r < p->n_routes; r++) {
        const wo_plan_route *ro = &p->routes[r];
        plan_instant t0 = {"", ""}, t1 = {"", ""};
        long stops = 0, unloads = 0;
        /* out of the start depot, into the end depot */
        if (ro->n_visits > 0) {
            instant_of(p, ro->day, ro->visits[0].depart_s, &t0);
            instant_of(p, ro->day, ro->visits[ro->n_visits - 1].arrival_s,
                       &t1);
        }
        for (v = 0; v < ro->n_visits; v++) {
            stops += ro->visits[v].kind == WO_PLAN_STOP;
            unloads += ro->visits[v].kind == WO_PLAN_UNLOAD;
        }
        route_cells(&c, p, ro);
        wo_csvw_str(&c, ro->depot);
        wo_csvw_str(&c, t0.clock);
        wo_csvw_str(&c, t1.clock);
        wo_csvw_str(&c, t0.iso);
        wo_csvw_str(&c, t1.iso);
        wo_csvw_num(&c, ro->dist_m / 1000.0, 3);
        wo_csvw_num(&c, ro->dur_s / 3600.0, 3);
        wo_csvw_num(&c, ro->collected_kg / 1000.0, 3);
        wo_csvw_long(&c, stops);
        wo_csvw_long(&c, unloads);
        wo_csvw_num(&c, ro->cost_cny, 2);
        wo_csvw_end_row(&c);
    }
    return wo_out_commit(&o, err);
}

/* 1 when district index d is one of o's map districts (or o has none). */
static int in_map_districts(const wo_plan_out_opts *o, int d)
{
    return wo_svgmap_district_in(o->map_districts, o->n_map_districts, d);
}

/* 1 when (lon, lat) lies in one of o's map districts (or o has none). */
static int point_in_map(const wo_scenario *sc, const wo_plan_out_opts *o,
                        double lon, double lat)
{
    return wo_svgmap_point_in(sc->districts, o->map_districts,
                              o->n_map_districts, lon, lat);
}

/* 1 when route r is drawn on a map limited to o's districts: one of its
 * visits (a stop by its site's district, any other place by where it
 * lies) is in one of them. */
static int route_in_map(const wo_scenario *sc, const wo_plan_out_opts *o,
                        const wo_plan_route *r)
{
    int v;
    for (v = 0; v < r->n_visits; v++) {
        const wo_plan_visit *x = &r->visits[v];
        if (x->kind == WO_PLAN_BREAK)
            continue;
        if (x->demand >= 0 && x->demand < sc->n_demands) {
            const wo_site *s = &sc->sites[sc->demands[x->demand].site];
            if (in_map_districts(o, wo_point_district(sc, s->district,
                                                      &s->pos)))
                return 1;
        } else if (point_in_map(sc, o, x->lon_deg, x->lat_deg)) {
            return 1;
        }
    }
    return 0;
}

/* The stops of route r where it collects or loads at sites, as lon,lat
 * pairs into pts (room for n_visits pairs); returns their number. */
static int route_stops(const wo_plan_route *r, double *pts)
{
    int v, n = 0;
    for (v = 0; v < r->n_visits; v++) {
        const wo_plan_visit *x = &r->visits[v];
        if (x->kind != WO_PLAN_STOP &&
            !(x->kind == WO_PLAN_LOAD && x->facility < 0))
            continue;
        pts[2 * n] = x->lon_deg;
        pts[2 * n + 1] = x->lat_deg;
        n++;
    }
    return n;
}

/* Families (bit per wo_family) of the streams in mask. */
static unsigned families_of(wo_stream_mask mask)
{
    unsigned f = 0;
    int s;
    for (s = 0; s < WO_STREAM_COUNT; s++)
        if (mask & WO_STREAM_BIT(s))
            f |= 1u << wo_stream_get(s)->family;
    return f;
}

/* The map's markers into marks (room for sites, facilities and depots):
 * the sites with demand (within the map districts when there are some),
 * the operating and planned facilities and the depots, each shown in the
 * panels of the families it handles. Returns their number. */
static int map_markers(const wo_scenario *sc, const wo_plan_out_opts *o,
                       wo_svg_marker *marks)
{
    int i, j, n = 0;
    for (i = 0; i < sc->n_sites; i++) {
        const wo_site *s = &sc->sites[i];
        wo_stream_mask streams = 0;
        if (s->demand_count == 0 ||
            (o->n_map_districts > 0 &&
             !in_map_districts(o, wo_point_district(sc, s->district,
                                                    &s->pos))))
            continue;
        for (j = 0; j < s->demand_count; j++)
            streams |= WO_STREAM_BIT(sc->demands[s->demand_first + j].stream);
        marks[n].type = WO_SVG_SITE;
        marks[n].lon_deg = s->pos.lon_deg;
        marks[n].lat_deg = s->pos.lat_deg;
        marks[n].families = families_of(streams);
        n++;
    }
    for (i = 0; i < sc->n_facilities; i++) {
        const wo_facility *f = &sc->facilities[i];
        if (f->status != WO_FSTATUS_OPERATING && f->status != WO_FSTATUS_PLANNED)
            continue;
        marks[n].type = WO_SVG_FACILITY;
        marks[n].kind = f->kind;
        marks[n].lon_deg = f->pos.lon_deg;
        marks[n].lat_deg = f->pos.lat_deg;
        marks[n].label = f->name;
        marks[n].families = families_of(f->streams);
        n++;
    }
    for (i = 0; i < sc->n_depots; i++) {
        wo_stream_mask streams = 0;
        for (j = 0; j < sc->n_vehicle_types; j++)
            if (sc->vehicle_types[j].start_depot == i &&
                sc->vehicle_types[j].count > 0)
                streams |= sc->vehicle_types[j].streams;
        marks[n].type = WO_SVG_DEPOT;
        marks[n].lon_deg = sc->depots[i].pos.lon_deg;
        marks[n].lat_deg = sc->depots[i].pos.lat_deg;
        marks[n].label = sc->depots[i].name;
        /* a depot without vehicles: every panel rather than none */
        marks[n].families = families_of(streams);
        n++;
    }
    return n;
}

/* "渝中区 500103, 南岸区 500108" of o's map districts into buf. */
static void map_district_names(const wo_scenario *sc,
                               const wo_plan_out_opts *o, char *buf,
                               size_t size)
{
    size_t len = 0;
    int k;
    buf[0] = '\0';
    for (k = 0; k < o->n_map_districts && len + 1 < size; k++) {
        const wo_district *d = &sc->districts[o->map_districts[k]];
        int w = snprintf(buf + len, size - len, "%s%s %s", k ? ", " : "",
                         d->name, d->id);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

int wo_plan_write_map_svg(const char *path, const wo_scenario *sc,
                          const wo_plan *p, const wo_plan_out_opts *o,
                          wo_err *err)
{
    static const wo_plan_out_opts none;
    wo_svg_line *lines = NULL;
    wo_svg_marker *marks = NULL;
    double **pts = NULL, **stops = NULL, *tpts = NULL, served = 0,
           unserved = 0;
    int n_lines = 0, n_marks = 0, n_drawn = 0, i, k, rc;
    char title[512], subtitle[256], names[256];
    wo_svgmap m;
    wo_outfile o_svg;
    size_t nl = (size_t)p->n_routes + (size_t)p->n_transfers + 1;
    size_t nm = (size_t)sc->n_sites + (size_t)sc->n_facilities +
                (size_t)sc->n_depots + 1;
    if (!o)
        o = &none;
    lines = calloc(nl, sizeof *lines);
    pts = calloc(nl, sizeof *pts);
    stops = calloc(nl, sizeof *stops);
    tpts = calloc(4 * ((size_t)p->n_transfers + 1), sizeof *tpts);
    marks = calloc(nm, sizeof *marks);
    if (!lines || !pts || !stops || !tpts || !marks) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory drawing the map");
        goto done;
    }
    for (i = 0; i < p->n_routes; i++) {
        const wo_plan_route *r = &p->routes[i];
        int n;
        if (o->n_map_districts > 0 && !route_in_map(sc, o, r))
            continue;
        n = route_points(r, &pts[i]);
        stops[i] = malloc(((size_t)r->n_visits + 1) * 2 * sizeof **stops);
        if (n < 0 || !stops[i]) {
            rc = wo_err_set(err, WO_ENOMEM, "out of memory drawing the map");
            goto done;
        }
        lines[n_lines].lonlat = pts[i];
        lines[n_lines].n_pts = n;
        lines[n_lines].stream = r->stream;
        /* the full loads' routes look like the transfers they carry */
        lines[n_lines].dashed = r->kind != WO_PLAN_ROUTE_COLLECTION;
        lines[n_lines].stops_lonlat = stops[i];
        lines[n_lines].n_stops = route_stops(r, stops[i]);
        /* what the transfer routes carry was collected by other routes */
        lines[n_lines].tonnes = r->kind == WO_PLAN_ROUTE_TRANSFER
                                    ? 0
                                    : r->collected_kg / 1000.0;
        n_lines++;
    }
    n_drawn = n_lines;
    for (i = 0; i < p->n_transfers; i++) {
        const wo_plan_transfer *t = &p->transfers[i];
        double *q = tpts + 4 * i;
        if (o->n_map_districts > 0 &&
            !point_in_map(sc, o, t->from_lon_deg, t->from_lat_deg) &&
            !point_in_map(sc, o, t->to_lon_deg, t->to_lat_deg))
            continue;
        q[0] = t->from_lon_deg;
        q[1] = t->from_lat_deg;
        q[2] = t->to_lon_deg;
        q[3] = t->to_lat_deg;
        lines[n_lines].lonlat = q;
        lines[n_lines].n_pts = 2;
        lines[n_lines].stream = t->stream;
        lines[n_lines].dashed = 1;
        lines[n_lines].flow = 1;
        lines[n_lines].width_px = fmin(2.0 + sqrt((double)t->trips), 7.0);
        n_lines++;
    }
    n_marks = map_markers(sc, o, marks);
    for (k = 0; k < WO_STREAM_COUNT; k++) {
        served += p->summary.served_kg[k];
        unserved += p->summary.unserved_kg[k];
    }
    if (o->n_map_districts > 0) {
        map_district_names(sc, o, names, sizeof names);
        snprintf(title, sizeof title,
                 "wasteopt plan: %s · %s (%d of %d routes touch it)",
                 sc->name, names, n_drawn, p->n_routes);
    } else {
        snprintf(title, sizeof title, "wasteopt plan: %s", sc->name);
    }
    snprintf(subtitle, sizeof subtitle,
             "%d day%s · cost %.0f CNY · %.0f km · %d vehicles · %d routes · "
             "%.1f t collected · %.1f t unserved%s",
             p->days, p->days == 1 ? "" : "s", p->summary.cost_cny,
             p->summary.dist_m / 1000.0, p->summary.vehicles_used,
             p->summary.routes, served / 1000.0, unserved / 1000.0,
             p->summary.interrupted ? " · interrupted: best plan so far" : "");
    memset(&m, 0, sizeof m);
    m.title = title;
    m.date = p->date;
    m.subtitle = subtitle;
    m.n_districts = sc->n_districts;
    m.districts = sc->districts;
    m.n_lines = n_lines;
    m.lines = lines;
    m.n_markers = n_marks;
    m.markers = marks;
    m.max_route_lines = o->map_max_lines;
    m.n_focus = o->n_map_districts;
    m.focus = o->map_districts;
    rc = wo_out_open(&o_svg, path, err);
    if (rc != WO_OK)
        goto done;
    rc = wo_svgmap_write(o_svg.f, &m, err);
    if (rc != WO_OK)
        wo_out_abort(&o_svg);
    else
        rc = wo_out_commit(&o_svg, err);
done:
    for (i = 0; i < p->n_routes; i++) {
        if (pts)
            free(pts[i]);
        if (stops)
            free(stops[i]);
    }
    free(pts);
    free(stops);
    free(tpts);
    free(lines);
    free(marks);
    return rc;
}

int wo_plan_write_map_html(const char *path, const wo_scenario *sc,
                           const wo_plan *p, const char *whatif_json,
                           const wo_maphtml_opts *map, wo_err *err)
{
    wo_outfile o;
    int rc = wo_out_open(&o, path, err);
    const char *base;
    if (rc != WO_OK)
        return rc;
    if (wo_maphtml_write(o.f, sc, p, whatif_json, map) != 0) {
        int e = errno;
        wo_out_abort(&o);
        base = strrchr(path, '/');
        return wo_err_set(err, wo_errno_code(e), "%s: %s",
                          base ? base + 1 : path, wo_errno_text(e));
    }
    return wo_out_commit(&o, err);
}

int wo_plan_write_files(const char *dir, const wo_scenario *sc,
                        const wo_plan *p, const wo_json *indicators,
                        const wo_plan_out_opts *o, wo_err *err)
{
    static const char *const names[] = {"routes.geojson", "sites.geojson",
                                        "stops.csv", "map.svg", "routes.csv",
                                        "map.html",
                                        "plan.json"};
    size_t i;
    int rc = WO_OK;
    for (i = 0; rc == WO_OK && i < sizeof names / sizeof names[0]; i++) {
        char *path = wo_out_join(dir, names[i]);
        if (!path)
            return wo_err_set(err, WO_ENOMEM, "out of memory");
        switch (i) {
        case 0:
            rc = wo_plan_write_routes_geojson(path, sc, p, o, err);
            break;
        case 1:
            rc = wo_plan_write_sites_geojson(path, sc, p, o, err);
            break;
        case 2:
            rc = wo_plan_write_stops_csv(path, sc, p, o, err);
            break;
        case 3:
            rc = wo_plan_write_map_svg(path, sc, p, o, err);
            break;
        case 4:
            rc = wo_plan_write_routes_csv(path, p, err);
            break;
        case 5:
            rc = wo_plan_write_map_html(path, sc, p, NULL, o ? o->map : NULL,
                                        err);
            break;
        default: {
            wo_json *doc = wo_plan_to_json(sc, p, indicators);
            rc = doc ? wo_out_write_json(path, doc, err)
                     : wo_err_set(err, WO_ENOMEM, "out of memory");
            wo_json_decref(doc);
        }
        }
        wo_free(path);
    }
    return rc;
}

int wo_plan_write_all(const char *dir, const wo_scenario *sc,
                      const wo_plan *p, const wo_json *indicators,
                      wo_err *err)
{
    wo_atomic_set set;
    int rc = wo_atomic_set_begin(&set, dir, err);
    if (rc != WO_OK)
        return rc;
    rc = wo_plan_write_files(set.stage, sc, p, indicators, NULL, err);
    if (rc != WO_OK) {
        wo_atomic_set_abort(&set);
        return rc;
    }
    return wo_atomic_set_commit(&set, err);
}

/* ------------------------------------------------------------ baseline */

/* "PATH: $.JSONPATH: what" into err (WO_EINVAL). */
static int bl_fail(wo_err *err, const char *path, const char *where,
                   const char *what)
{
    return wo_err_set(err, WO_EINVAL, "--baseline %s: %s: %s", path, where,
                      what);
}

/* bl_fail on member `key` of the object at `where` (where.key). */
static int bl_fail_key(wo_err *err, const char *path, const char *where,
                       const char *key, const char *what)
{
    char at[160];
    snprintf(at, sizeof at, "%s.%s", where, key);
    return bl_fail(err, path, at, what);
}

/* Member `key` of object o as a string, or NULL with the error named
 * after where.key. */
static const char *bl_str(const wo_json *o, const char *key,
                          const char *path, const char *where, wo_err *err)
{
    const wo_json *v = wo_json_object_get(o, key);
    if (v && wo_json_is_string(v))
        return wo_json_string_value(v);
    bl_fail_key(err, path, where, key, v ? "expected a string" : "missing");
    return NULL;
}

/* One route of the baseline: its stop visits appended to out. */
static int bl_route(const wo_json *ro, size_t r, const char *path,
                    wo_plan_baseline_file *out, wo_err *err)
{
    char where[96], at[160];
    const char *kind, *vehicle, *code, *site;
    const wo_json *day, *cost, *visits;
    wo_stream stream;
    size_t v, n_stops = 0, first = (size_t)out->bl.n_stops;
    snprintf(where, sizeof where, "$.routes[%zu]", r);
    if (!wo_json_is_object(ro))
        return bl_fail(err, path, where, "expected an object");
    if (!(kind = bl_str(ro, "kind", path, where, err)))
        return WO_EINVAL;
    if (strcmp(kind, "collection"))
        return WO_OK; /* transfer and haul routes keep no territory */
    if (!(vehicle = bl_str(ro, "vehicle", path, where, err)) ||
        !(code = bl_str(ro, "stream", path, where, err)))
        return WO_EINVAL;
    if (!strchr(vehicle, '/'))
        return bl_fail_key(err, path, where, "vehicle",
                           "expected a vehicle name TYPE/N");
    if (wo_stream_parse(code, &stream) != WO_OK)
        return bl_fail_key(err, path, where, "stream", "not a stream code");
    day = wo_json_object_get(ro, "day");
    if (!day || !wo_json_is_integer(day) || wo_json_integer_value(day) < 1 ||
        wo_json_integer_value(day) > 366)
        return bl_fail_key(err, path, where, "day",
                           "expected a day number 1..366");
    cost = wo_json_object_get(ro, "cost");
    if (!cost || !wo_json_is_number(cost) ||
        !(wo_json_number_value(cost) >= 0))
        return bl_fail_key(err, path, where, "cost", "expected a cost >= 0");
    visits = wo_json_object_get(ro, "visits");
    if (!visits || !wo_json_is_array(visits))
        return bl_fail_key(err, path, where, "visits", "expected an array");
    for (v = 0; v < wo_json_array_size(visits); v++) {
        const wo_json *vi = wo_json_array_get(visits, v);
        wo_plan_baseline_stop *b;
        snprintf(at, sizeof at, "%s.visits[%zu]", where, v);
        if (!wo_json_is_object(vi))
            return bl_fail(err, path, at, "expected an object");
        if (!(kind = bl_str(vi, "kind", path, at, err)))
            return WO_EINVAL;
        if (strcmp(kind, "stop"))
            continue;
        if (!(site = bl_str(vi, "site", path, at, err)))
            return WO_EINVAL;
        b = &out->stops[out->bl.n_stops++];
        b->day = (int)wo_json_integer_value(day) - 1;
        b->site = site;
        b->stream = stream;
        b->vehicle = vehicle;
        b->pos = (int)n_stops++;
    }
    for (v = first; v < (size_t)out->bl.n_stops; v++)
        out->stops[v].cost_share =
            wo_json_number_value(cost) / (double)n_stops;
    return WO_OK;
}

int wo_plan_baseline_read(const wo_scenario *sc, const char *path,
                          wo_plan_baseline_file *out, wo_err *err)
{
    wo_json_error jerr;
    const wo_json *routes, *summary, *version;
    const char *format, *name;
    size_t r, n_visits = 0;
    char msg[256];
    int rc;
    memset(out, 0, sizeof *out);
    out->root = wo_json_load_file(path, WO_JSON_REJECT_DUPLICATES, &jerr);
    if (!out->root) {
        if (jerr.line < 0)
            return wo_err_set(err, WO_EIO, "--baseline %s: %s", path,
                              jerr.text);
        return wo_err_set(err, WO_EINVAL, "--baseline %s: line %d: %s", path,
                          jerr.line, jerr.text);
    }
    if (!wo_json_is_object(out->root))
        return bl_fail(err, path, "$", "expected an object (a plan.json)");
    if (!(format = bl_str(out->root, "format", path, "$", err)))
        return WO_EINVAL;
    if (strcmp(format, "wasteopt-plan")) {
        snprintf(msg, sizeof msg, "'%.60s', expected 'wasteopt-plan'",
                 format);
        return bl_fail(err, path, "$.format", msg);
    }
    version = wo_json_object_get(out->root, "version");
    if (!version || !wo_json_is_integer(version) ||
        wo_json_integer_value(version) != 1)
        return bl_fail(err, path, "$.version",
                       "expected 1 (a plan.json of this format version)");
    summary = wo_json_object_get(out->root, "summary");
    if (!summary || !wo_json_is_object(summary))
        return bl_fail(err, path, "$.summary", "expected an object");
    if (!(name = bl_str(summary, "scenario", path, "$.summary", err)))
        return WO_EINVAL;
    if (strcmp(name, sc->name)) {
        snprintf(msg, sizeof msg,
                 "'%.60s': a plan of another scenario than '%.60s'", name,
                 sc->name);
        return bl_fail(err, path, "$.summary.scenario", msg);
    }
    routes = wo_json_object_get(out->root, "routes");
    if (!routes || !wo_json_is_array(routes))
        return bl_fail(err, path, "$.routes", "expected an array");
    for (r = 0; r < wo_json_array_size(routes); r++) {
        const wo_json *vs = wo_json_object_get(wo_json_array_get(routes, r),
                                               "visits");
        n_visits += vs && wo_json_is_array(vs) ? wo_json_array_size(vs) : 0;
    }
    if (n_visits > 10000000u)
        return bl_fail(err, path, "$.routes", "more than 10,000,000 visits");
    out->stops = wo_calloc(n_visits + 1, sizeof *out->stops);
    if (!out->stops)
        return wo_err_set(err, WO_ENOMEM, "out of memory reading %s", path);
    for (r = 0; r < wo_json_array_size(routes); r++)
        if ((rc = bl_route(wo_json_array_get(routes, r), r, path, out,
                           err)) != WO_OK)
            return rc;
    out->bl.stops = out->stops;
    return WO_OK;
}

void wo_plan_baseline_file_free(wo_plan_baseline_file *f)
{
    wo_free(f->stops);
    wo_json_decref(f->root);
    memset(f, 0, sizeof *f);
}
