/*
 * maphtml.c — map.html, the plan's page for a browser. See maphtml.h.
 *
 * The page is written in this order: the head (Leaflet's style, inlined or
 * linked, and the page's own style), the body's fixed frame, the data
 * block (<script type="application/json">), Leaflet's script and the
 * page's script (cli/maphtml.js), which builds everything from the data.
 * The page's style and script are compiled in: the build turns
 * cli/maphtml.css and cli/maphtml.js into arrays of C string lines
 * (maphtml_css.inc, maphtml_js.inc in the build's gen/ directory).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/maphtml.h"

#include "cli/json.h"
#include "cli/out.h"
#include "cli/plan_out.h"
#include "cli/svgmap.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const page_css[] = {
#include "maphtml_css.inc"
    NULL};

static const char *const page_js[] = {
#include "maphtml_js.inc"
    NULL};

#define LEAFLET_DEFAULT_DIR "/usr/share/javascript/leaflet"
/* Leaflet 1.x is about 150 kB minified, 430 kB plain: a file far larger is
 * not Leaflet. */
#define LEAFLET_MAX_BYTES (8u << 20)
#define OSM_TILE_URL "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#define OSM_ATTRIBUTION "© OpenStreetMap contributors"
/* Decimals of a coordinate in the page: 1e-5 degree is about 1 m. */
#define COORD_DECIMALS 5

const char *wo_maphtml_leaflet_dir(void)
{
    const char *d = getenv("WO_LEAFLET_DIR");
    return d && *d ? d : LEAFLET_DEFAULT_DIR;
}

/* ------------------------------------------------------------- Leaflet */

/* The text of DIR/name into b (size capped). 0, or -1 with errno. */
static int read_file(const char *dir, const char *name, wo_buf *b)
{
    char *path = wo_out_join(dir, name);
    FILE *f;
    char chunk[16384];
    size_t n;
    int rc = 0, e;
    if (!path) {
        errno = ENOMEM;
        return -1;
    }
    f = fopen(path, "rb");
    e = errno;
    wo_free(path);
    if (!f) {
        errno = e;
        return -1;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        e = wo_buf_append(b, chunk, n);
        if (e != WO_OK) {
            errno = e == WO_ENOMEM ? ENOMEM : EFBIG;
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        errno = EIO;
        rc = -1;
    }
    e = errno;
    fclose(f);
    errno = e;
    return rc;
}

/* Leaflet's script and style from wo_maphtml_leaflet_dir(): the minified
 * script when present. 0, or -1 with errno (ENOENT and the like when they
 * are not there). */
static int read_leaflet(wo_buf *js, wo_buf *css)
{
    const char *dir = wo_maphtml_leaflet_dir();
    if (read_file(dir, "leaflet.min.js", js) != 0) {
        if (errno != ENOENT)
            return -1;
        js->len = 0;
        if (read_file(dir, "leaflet.js", js) != 0)
            return -1;
    }
    return read_file(dir, "leaflet.css", css);
}

int wo_maphtml_leaflet_check(void)
{
    wo_buf js, css;
    int rc;
    wo_buf_init(&js, LEAFLET_MAX_BYTES);
    wo_buf_init(&css, LEAFLET_MAX_BYTES);
    rc = read_leaflet(&js, &css);
    wo_buf_free(&js);
    wo_buf_free(&css);
    return rc;
}

/* An error of reading Leaflet that means it is absent (the page is then
 * written without a map) rather than a failure of this run. */
static int leaflet_absent(int e)
{
    return e == ENOENT || e == ENOTDIR || e == EACCES || e == EISDIR ||
           e == ELOOP || e == ENAMETOOLONG || e == EFBIG;
}

/* Write text[0..n) inside a <script> or <style> element: every "</tag"
 * (any case) becomes "<\/tag", which means the same in a script's strings
 * and in a style's escapes but cannot end the element; a source map
 * comment line is dropped (the map file is not beside the page). */
static void put_raw(FILE *f, const char *text, size_t n, const char *tag)
{
    size_t i = 0, start = 0, tl = strlen(tag);
    while (i < n) {
        if (text[i] == '<' && i + 2 + tl <= n && text[i + 1] == '/' &&
            strncasecmp(text + i + 2, tag, tl) == 0) {
            fwrite(text + start, 1, i - start, f);
            fputs("<\\/", f);
            i += 2;
            start = i;
            continue;
        }
        if ((i == 0 || text[i - 1] == '\n') && n - i >= 21 &&
            (!memcmp(text + i, "//# sourceMappingURL=", 21) ||
             !memcmp(text + i, "/*# sourceMappingURL=", 21))) {
            const char *nl = memchr(text + i, '\n', n - i);
            fwrite(text + start, 1, i - start, f);
            i = nl ? (size_t)(nl - text) + 1 : n;
            start = i;
            continue;
        }
        i++;
    }
    fwrite(text + start, 1, n - start, f);
}

/* ------------------------------------------------------------------ HTML */

static void put_lines(FILE *f, const char *const *lines)
{
    for (; *lines; lines++)
        fputs(*lines, f);
}

/* The dump of the data block: '<', '>' and '&' (which JSON has only in
 * strings) as \u escapes, so that nothing in the data can close the
 * element or open a comment. */
static int dump_escaped(const char *buf, size_t size, void *data)
{
    FILE *f = data;
    size_t i, start = 0;
    for (i = 0; i < size; i++) {
        const char *esc = buf[i] == '<'   ? "\\u003c"
                          : buf[i] == '>' ? "\\u003e"
                          : buf[i] == '&' ? "\\u0026"
                                          : NULL;
        if (!esc)
            continue;
        if (fwrite(buf + start, 1, i - start, f) != i - start ||
            fputs(esc, f) == EOF)
            return -1;
        start = i + 1;
    }
    return fwrite(buf + start, 1, size - start, f) == size - start ? 0 : -1;
}

/* ------------------------------------------------------------------ data */

/* [lat, lon] (Leaflet's order), rounded. */
static wo_json *latlon(double lat_deg, double lon_deg)
{
    return wo_json_pack("[o,o]", wo_json_num(lat_deg, COORD_DECIMALS),
                        wo_json_num(lon_deg, COORD_DECIMALS));
}

/* Append v (stolen) to arr; clears *ok when v is NULL or on failure. */
static void append(wo_json *arr, wo_json *v, int *ok)
{
    if (wo_json_array_append_new(arr, v) != 0)
        *ok = 0;
}

static void set(wo_json *obj, const char *key, wo_json *v, int *ok)
{
    if (wo_json_object_set_new(obj, key, v) != 0)
        *ok = 0;
}

/* The stream codes of a mask, as an array. */
static wo_json *mask_array(wo_stream_mask m, int *ok)
{
    wo_json *a = wo_json_array();
    int s;
    if (!a)
        *ok = 0;
    for (s = 0; a && s < WO_STREAM_COUNT; s++)
        if (m & WO_STREAM_BIT(s))
            append(a, wo_json_string(wo_stream_get(s)->code), ok);
    return a;
}

static wo_json *streams_json(int *ok)
{
    wo_json *a = wo_json_array();
    int s;
    if (!a)
        *ok = 0;
    for (s = 0; a && s < WO_STREAM_COUNT; s++) {
        const wo_stream_info *si = wo_stream_get(s);
        append(a,
               wo_json_pack("{s:s, s:s, s:s, s:s}", "code", si->code,
                            "name_zh", si->name_zh, "name_en", si->name_en,
                            "colour", wo_svgmap_stream_colour(s)),
               ok);
    }
    return a;
}

static wo_json *districts_json(const wo_scenario *sc, int *ok)
{
    wo_json *a = wo_json_array();
    int i, r, k;
    if (!a)
        *ok = 0;
    for (i = 0; a && *ok && i < sc->n_districts; i++) {
        const wo_district *d = &sc->districts[i];
        wo_json *rings = wo_json_array();
        if (!rings)
            *ok = 0;
        for (r = 0; rings && *ok && r < d->n_rings; r++) {
            wo_json *ring = wo_json_array();
            if (!ring)
                *ok = 0;
            for (k = d->ring_start[r]; ring && *ok && k < d->ring_start[r + 1];
                 k++)
                append(ring, latlon(d->lat_deg[k], d->lon_deg[k]), ok);
            append(rings, ring, ok);
        }
        append(a,
               wo_json_pack("{s:s, s:s, s:b, s:o}", "id", d->id, "name",
                            d->name, "urban", d->urban, "rings", rings),
               ok);
    }
    return a;
}

/* Facilities, depots and the sites that have demand. */
static void places_json(const wo_scenario *sc, wo_json *doc, int *ok)
{
    wo_json *fa = wo_json_array(), *da = wo_json_array(),
            *sa = wo_json_array();
    int i;
    if (!fa || !da || !sa)
        *ok = 0;
    for (i = 0; fa && *ok && i < sc->n_facilities; i++) {
        const wo_facility *f = &sc->facilities[i];
        append(fa,
               wo_json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", f->id,
                            "name", f->name, "kind",
                            wo_facility_kind_name(f->kind), "status",
                            wo_facility_status_name(f->status), "pos",
                            latlon(f->pos.lat_deg, f->pos.lon_deg), "streams",
                            mask_array(f->streams, ok)),
               ok);
    }
    for (i = 0; da && *ok && i < sc->n_depots; i++) {
        const wo_depot *d = &sc->depots[i];
        append(da,
               wo_json_pack("{s:s, s:s, s:o}", "id", d->id, "name", d->name,
                            "pos", latlon(d->pos.lat_deg, d->pos.lon_deg)),
               ok);
    }
    for (i = 0; sa && *ok && i < sc->n_sites; i++) {
        const wo_site *s = &sc->sites[i];
        if (s->demand_count == 0)
            continue;
        append(sa,
               wo_json_pack("[o,o,s,s,s]",
                            wo_json_num(s->pos.lat_deg, COORD_DECIMALS),
                            wo_json_num(s->pos.lon_deg, COORD_DECIMALS), s->id,
                            s->name, wo_site_kind_name(s->kind)),
               ok);
    }
    set(doc, "facilities", fa, ok);
    set(doc, "depots", da, ok);
    set(doc, "sites", sa, ok);
}

/* Where an unserved demand is: its site, else the place of that id. */
static const wo_point *unserved_pos(const wo_scenario *sc,
                                    const wo_plan_unserved *u,
                                    const char **name)
{
    int i;
    if (u->demand >= 0 && u->demand < sc->n_demands) {
        const wo_site *s = &sc->sites[sc->demands[u->demand].site];
        *name = s->name;
        return &s->pos;
    }
    if ((i = wo_scenario_find_site(sc, u->site)) >= 0) {
        *name = sc->sites[i].name;
        return &sc->sites[i].pos;
    }
    if ((i = wo_scenario_find_facility(sc, u->site)) >= 0) {
        *name = sc->facilities[i].name;
        return &sc->facilities[i].pos;
    }
    *name = u->site;
    return NULL;
}

/* What the plan's JSON (plan.json) leaves out and the map needs, by the
 * same indices: each route's road geometry (null: straight between its
 * visits) and each visit's place and name; each transfer's two ends; each
 * unserved demand's place (null when unknown) and name. */
static wo_json *geo_json(const wo_scenario *sc, const wo_plan *p, int *ok)
{
    wo_json *routes = wo_json_array(), *transfers = wo_json_array(),
            *unserved = wo_json_array();
    int i, v, kept;
    if (!routes || !transfers || !unserved)
        *ok = 0;
    for (i = 0; routes && *ok && i < p->n_routes; i++) {
        const wo_plan_route *r = &p->routes[i];
        wo_json *path = r->n_path >= 2 ? wo_json_array() : wo_json_null();
        wo_json *visits = wo_json_array();
        if (!path || !visits)
            *ok = 0;
        for (v = 0, kept = 0; path && *ok && r->n_path >= 2 && v < r->n_path;
             v++) {
            const double *pt = r->path_lonlat + 2 * v,
                         *last = r->path_lonlat + 2 * kept;
            /* A point within the rounding of the last one kept adds
             * nothing (the path's end is kept). */
            if (v > 0 && v + 1 < r->n_path && fabs(pt[0] - last[0]) < 0.5e-5 &&
                fabs(pt[1] - last[1]) < 0.5e-5)
                continue;
            append(path, latlon(pt[1], pt[0]), ok);
            kept = v;
        }
        for (v = 0; visits && *ok && v < r->n_visits; v++) {
            const wo_plan_visit *x = &r->visits[v];
            append(visits,
                   wo_json_pack("[o,o,s]",
                                wo_json_num(x->lat_deg, COORD_DECIMALS),
                                wo_json_num(x->lon_deg, COORD_DECIMALS),
                                wo_plan_visit_name(sc, x)),
                   ok);
        }
        append(routes, wo_json_pack("{s:o, s:o}", "path", path, "visits", visits),
               ok);
    }
    for (i = 0; transfers && *ok && i < p->n_transfers; i++) {
        const wo_plan_transfer *t = &p->transfers[i];
        append(transfers,
               wo_json_pack("[o,o]", latlon(t->from_lat_deg, t->from_lon_deg),
                            latlon(t->to_lat_deg, t->to_lon_deg)),
               ok);
    }
    for (i = 0; unserved && *ok && i < p->n_unserved; i++) {
        const char *name;
        const wo_point *pos = unserved_pos(sc, &p->unserved[i], &name);
        append(unserved,
               wo_json_pack("{s:o, s:s}", "pos",
                            pos ? latlon(pos->lat_deg, pos->lon_deg)
                                : wo_json_null(),
                            "name", name),
               ok);
    }
    return wo_json_pack("{s:o, s:o, s:o}", "routes", routes, "transfers",
                        transfers, "unserved", unserved);
}

/* The page's data document. NULL with errno. */
static wo_json *page_data(const wo_scenario *sc, const wo_plan *plan,
                          const wo_json *whatif, const wo_maphtml_opts *o,
                          const char *leaflet)
{
    wo_json *doc = wo_json_object(), *tiles;
    const char *url = o && o->tile_url ? o->tile_url : OSM_TILE_URL;
    const char *attr = o && o->tile_attribution ? o->tile_attribution
                       : o && o->tile_url       ? ""
                                                : OSM_ATTRIBUTION;
    int ok = doc != NULL;
    tiles = wo_json_pack("{s:s, s:s}", "url", url, "attribution", attr);
    set(doc, "format", wo_json_string("wasteopt-page"), &ok);
    set(doc, "version", wo_json_integer(1), &ok);
    set(doc, "leaflet", wo_json_string(leaflet), &ok);
    set(doc, "leaflet_dir", wo_json_string(wo_maphtml_leaflet_dir()), &ok);
    set(doc, "tiles", tiles, &ok);
    set(doc, "streams", streams_json(&ok), &ok);
    if (sc && ok) {
        set(doc, "scenario",
            wo_json_pack("{s:s, s:s, s:s}", "name", sc->name, "date",
                         sc->date, "description", sc->description),
            &ok);
        set(doc, "districts", districts_json(sc, &ok), &ok);
        places_json(sc, doc, &ok);
    }
    if (plan && sc && ok) {
        wo_err err;
        wo_json *ind;
        wo_err_clear(&err);
        ind = wo_plan_indicators_json(sc, plan, &err);
        if (!ind && err.code == WO_ENOMEM)
            ok = 0;
        set(doc, "plan", ok ? wo_plan_to_json(sc, plan, ind) : NULL, &ok);
        wo_json_decref(ind);
        set(doc, "geo", ok ? geo_json(sc, plan, &ok) : NULL, &ok);
    }
    if (whatif && ok)
        set(doc, "whatif", wo_json_deep_copy(whatif), &ok);
    if (!ok) {
        wo_json_decref(doc);
        errno = ENOMEM;
        return NULL;
    }
    return doc;
}

/* ------------------------------------------------------------------ page */

static void put_head(FILE *f, const wo_scenario *sc, const wo_plan *plan,
                     const wo_maphtml_opts *o, const wo_buf *leaflet_css)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n"
          "<title>",
          f);
    if (sc) {
        fputs("wasteopt plan: ", f);
        wo_svgmap_put_text(f, sc->name);
        fputs(" ", f);
        wo_svgmap_put_text(f, plan ? plan->date : sc->date);
    } else {
        fputs("wasteopt", f);
    }
    fputs("</title>\n", f);
    if (o && o->leaflet_base) {
        fputs("<link rel=\"stylesheet\" href=\"", f);
        wo_svgmap_put_text(f, o->leaflet_base);
        fputs("leaflet.css\">\n", f);
    } else if (leaflet_css->len > 0) {
        fputs("<style>\n", f);
        put_raw(f, leaflet_css->data, leaflet_css->len, "style");
        fputs("\n</style>\n", f);
    }
    fputs("<style>\n", f);
    put_lines(f, page_css);
    fputs("</style>\n</head>\n", f);
}

/* The fixed frame the script fills. */
static const char *const page_body[] = {
    "<body>\n",
    "<header id=\"top\"><h1 id=\"title\">wasteopt</h1>"
    "<div id=\"figures\"></div></header>\n",
    "<div id=\"notice\" hidden></div>\n",
    "<noscript><p class=\"warn\">This page draws the plan with JavaScript; "
    "turn it on, or read plan.json, stops.csv and map.svg beside this "
    "file.</p></noscript>\n",
    "<main id=\"main\">\n",
    "<div id=\"map\"></div>\n",
    "<aside id=\"side\">\n",
    "<nav id=\"tabs\"></nav>\n",
    "<section id=\"tab-routes\" class=\"tab\">"
    "<div id=\"detail\" hidden></div>"
    "<div id=\"route-count\"></div>"
    "<div class=\"scroll\"><table id=\"routes\"><thead></thead>"
    "<tbody></tbody></table></div></section>\n",
    "<section id=\"tab-unserved\" class=\"tab\" hidden></section>\n",
    "<section id=\"tab-indicators\" class=\"tab\" hidden></section>\n",
    "<section id=\"tab-whatif\" class=\"tab\" hidden></section>\n",
    "</aside>\n</main>\n",
    NULL};

int wo_maphtml_write(FILE *f, const wo_scenario *sc, const wo_plan *plan,
                     const char *whatif_json, const wo_maphtml_opts *o)
{
    wo_json *whatif = NULL, *doc = NULL;
    wo_buf js, css;
    const char *leaflet = "served";
    int rc = -1, dumped;

    wo_buf_init(&js, LEAFLET_MAX_BYTES);
    wo_buf_init(&css, LEAFLET_MAX_BYTES);
    if (!sc && plan) {
        errno = EINVAL;
        return -1;
    }
    if (whatif_json) {
        wo_json_error je;
        wo_alloc_mark_take();
        whatif = wo_json_loads(whatif_json, 0, &je);
        if (!whatif || !wo_json_is_object(whatif)) {
            errno = wo_alloc_mark_take() ? ENOMEM : EINVAL;
            goto done;
        }
    }
    if (!o || !o->leaflet_base) {
        leaflet = "inline";
        if (read_leaflet(&js, &css) != 0) {
            if (!leaflet_absent(errno))
                goto done;
            leaflet = "missing";
            js.len = css.len = 0;
        }
    }
    doc = page_data(sc, plan, whatif, o, leaflet);
    if (!doc)
        goto done;

    put_head(f, sc, plan, o, &css);
    put_lines(f, page_body);
    fputs("<script type=\"application/json\" id=\"wo-data\">", f);
    wo_alloc_mark_take();
    dumped = wo_json_dump_callback(doc, dump_escaped, f,
                                   WO_JSON_COMPACT | WO_JSON_PRESERVE_ORDER |
                                       WO_JSON_REAL_PRECISION(10));
    if (dumped != 0) {
        errno = wo_alloc_mark_take() || !ferror(f) ? ENOMEM : EIO;
        goto done;
    }
    fputs("</script>\n", f);
    if (o && o->leaflet_base) {
        fputs("<script src=\"", f);
        wo_svgmap_put_text(f, o->leaflet_base);
        fputs("leaflet.js\"></script>\n", f);
    } else if (js.len > 0) {
        fputs("<script>\n", f);
        put_raw(f, js.data, js.len, "script");
        fputs("\n</script>\n", f);
    }
    fputs("<script>\n", f);
    put_lines(f, page_js);
    fputs("</script>\n</body>\n</html>\n", f);
    if (fflush(f) != 0 || ferror(f)) {
        errno = EIO;
        goto done;
    }
    rc = 0;
done:
    wo_json_decref(doc);
    wo_json_decref(whatif);
    wo_buf_free(&js);
    wo_buf_free(&css);
    return rc;
}
