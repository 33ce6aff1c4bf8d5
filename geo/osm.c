/*
 * osm.c — OSM XML / PBF import through readosm (the only readosm file).
 *
 * One streaming pass keeps every node (id, lat, lon) and the node lists of
 * the drivable ways; the ways are resolved against the sorted node table
 * afterwards, so the order of nodes and ways in the file does not matter.
 * See osm.h for the tag rules.
 *
 * Files are checked before readosm sees them, because readosm trusts its
 * input: XML for well-formedness with expat (naming the line and column
 * of a syntax error; readosm also leaks its parser on one) and for the
 * attributes readosm dereferences without a check (k and v of <tag>, ref
 * of <nd>, type/ref/role of <member>); PBF for its framing against the
 * limits of the format (BlobHeader <= 64 KiB, Blob and its uncompressed
 * size <= 32 MiB), so that a corrupt size field cannot make readosm
 * allocate gigabytes.
 */
#define _POSIX_C_SOURCE 200809L
#include "geo/osm.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <readosm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One OSM node kept from the file. */
typedef struct osm_node {
    long long id; /* OSM node id  */
    double lat;   /* WGS84 degrees */
    double lon;   /* WGS84 degrees */
} osm_node;

/* One drivable way kept from the file. */
typedef struct osm_way {
    size_t ref_off;   /* first of its node references in imp.refs   */
    uint32_t ref_n;   /* number of node references                  */
    float speed_kmh;  /* truck speed on the way                     */
    uint8_t dir;      /* 1 forward allowed, 2 backward allowed      */
    uint8_t flags;    /* road class | WO_EDGE_BRIDGE | WO_EDGE_TUNNEL */
} osm_way;

/* The state of one import. */
typedef struct imp {
    osm_node *nodes;       /* every node of the file                   */
    size_t n_nodes;        /* used                                     */
    size_t cap_nodes;      /* allocated                                */
    long long *refs;       /* node references of the kept ways         */
    size_t n_refs;         /* used                                     */
    size_t cap_refs;       /* allocated                                */
    osm_way *ways;         /* kept ways                                */
    size_t n_ways;         /* used                                     */
    size_t cap_ways;       /* allocated                                */
    const wo_osm_opts *o;  /* truck parameters                         */
    wo_osm_report *rep;    /* counters                                 */
    int oom;               /* set when an allocation failed; the parse
                              then runs to its end storing nothing, as
                              readosm leaks its parser when aborted     */
} imp;

/* highway=* values trucks may use, their class and default speed. */
static const struct {
    const char *value;    /* highway tag value      */
    wo_road_class cls;    /* class                  */
    double kmh;           /* default truck speed    */
} road_table[] = {
    {"motorway", WO_ROAD_MOTORWAY, 80},
    {"motorway_link", WO_ROAD_LINK, 50},
    {"trunk", WO_ROAD_TRUNK, 70},
    {"trunk_link", WO_ROAD_LINK, 45},
    {"primary", WO_ROAD_PRIMARY, 55},
    {"primary_link", WO_ROAD_LINK, 40},
    {"secondary", WO_ROAD_SECONDARY, 45},
    {"secondary_link", WO_ROAD_LINK, 35},
    {"tertiary", WO_ROAD_TERTIARY, 40},
    {"tertiary_link", WO_ROAD_LINK, 30},
    {"unclassified", WO_ROAD_UNCLASSIFIED, 30},
    {"residential", WO_ROAD_RESIDENTIAL, 25},
    {"service", WO_ROAD_SERVICE, 15},
    {"living_street", WO_ROAD_LIVING_STREET, 10},
    {"road", WO_ROAD_OTHER, 25},
};
#define N_ROADS (sizeof road_table / sizeof road_table[0])

void wo_osm_opts_init(wo_osm_opts *o)
{
    o->truck_weight_t = 25.0;
    o->truck_height_m = 3.8;
    o->truck_max_kmh = 80.0;
    o->keep_all_components = 0;
}

double wo_osm_class_speed_kmh(wo_road_class c)
{
    size_t i;
    if (c == WO_ROAD_LINK)
        return 40;
    for (i = 0; i < N_ROADS; i++)
        if (road_table[i].cls == c)
            return road_table[i].kmh;
    return 25;
}

/* Grow *p (elements of el bytes, capacity *cap) to hold need elements. */
static int grow(void **p, size_t *cap, size_t need, size_t el)
{
    size_t ncap = *cap ? *cap : 1024, bytes;
    void *np;
    if (need <= *cap)
        return 0;
    while (ncap < need)
        ncap *= 2;
    if (!wo_mul_ok(ncap, el, &bytes))
        return -1;
    np = wo_realloc(*p, bytes);
    if (!np)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

static const char *tag(const readosm_tag *tags, int n, const char *key)
{
    int i;
    for (i = 0; i < n; i++)
        if (tags[i].key && tags[i].value && strcmp(tags[i].key, key) == 0)
            return tags[i].value;
    return NULL;
}

/* Parse the leading number of s into *v; *rest points after it (and after
 * blanks). Returns 0 or -1 when s does not start with a number. */
static int lead_number(const char *s, double *v, const char **rest)
{
    char num[32];
    size_t n = 0;
    while (*s == ' ')
        s++;
    while ((s[n] >= '0' && s[n] <= '9') || s[n] == '.') {
        if (n + 1 >= sizeof num)
            return -1;
        num[n] = s[n];
        n++;
    }
    if (n == 0)
        return -1;
    num[n] = '\0';
    if (wo_parse_double(num, v) != WO_OK)
        return -1;
    s += n;
    while (*s == ' ')
        s++;
    *rest = s;
    return 0;
}

/* maxspeed in km/h: > 0 parsed, 0 use the class default, -1 unparsable. */
static double parse_maxspeed(const char *s)
{
    double v;
    const char *r;
    if (!strcasecmp(s, "none") || !strcasecmp(s, "signals") ||
        !strcasecmp(s, "variable"))
        return 0;
    if (!strcasecmp(s, "walk"))
        return 6;
    if (lead_number(s, &v, &r) != 0 || !(v > 0))
        return -1;
    if (*r == '\0' || *r == ';' || !strncasecmp(r, "km/h", 4) ||
        !strncasecmp(r, "kmh", 3) || !strncasecmp(r, "kph", 3))
        return v;
    if (!strncasecmp(r, "mph", 3))
        return v * 1.609344;
    if (!strncasecmp(r, "knots", 5))
        return v * 1.852;
    return -1;
}

/* maxweight in t: > 0 parsed, 0 no limit, -1 unparsable. */
static double parse_maxweight(const char *s)
{
    double v;
    const char *r;
    if (!strcasecmp(s, "none") || !strcasecmp(s, "no") ||
        !strcasecmp(s, "unsigned") || !strcasecmp(s, "default"))
        return 0;
    if (lead_number(s, &v, &r) != 0 || !(v > 0))
        return -1;
    if (*r == '\0' || *r == ';' || !strcasecmp(r, "t"))
        return v;
    if (!strcasecmp(r, "kg"))
        return v / 1000;
    if (!strcasecmp(r, "lbs") || !strcasecmp(r, "lb"))
        return v * 0.45359237 / 1000;
    if (!strcasecmp(r, "st"))
        return v * 0.90718474;
    return -1;
}

/* maxheight in m: > 0 parsed, 0 no limit, -1 unparsable. */
static double parse_maxheight(const char *s)
{
    double v, in;
    const char *r;
    if (!strcasecmp(s, "none") || !strcasecmp(s, "default") ||
        !strcasecmp(s, "below_default") || !strcasecmp(s, "no_indications") ||
        !strcasecmp(s, "no_sign"))
        return 0;
    if (lead_number(s, &v, &r) != 0 || !(v > 0))
        return -1;
    if (*r == '\0' || *r == ';' || !strcasecmp(r, "m"))
        return v;
    if (*r == '\'') {
        r++;
        if (*r == '\0')
            return v * 0.3048;
        if (lead_number(r, &in, &r) != 0 || strcmp(r, "\"") != 0)
            return -1;
        return v * 0.3048 + in * 0.0254;
    }
    if (!strcasecmp(r, "ft"))
        return v * 0.3048;
    return -1;
}

/* Does an access value forbid a waste truck? */
static int access_denies(const char *v)
{
    static const char *const deny[] = {"no",       "private", "agricultural",
                                       "forestry", "emergency", "military",
                                       "psv",      "bus",     "disabled"};
    size_t i;
    for (i = 0; i < sizeof deny / sizeof deny[0]; i++)
        if (!strcasecmp(v, deny[i]))
            return 1;
    return 0;
}

static int on_node(const void *ud, const readosm_node *node)
{
    imp *st = (imp *)ud;
    osm_node *n;
    st->rep->nodes_read++;
    if (st->oom)
        return READOSM_OK;
    if (node->latitude == READOSM_UNDEFINED ||
        node->longitude == READOSM_UNDEFINED)
        return READOSM_OK;
    if (!(fabs(node->latitude) <= 90) || !(fabs(node->longitude) <= 180))
        return READOSM_OK;
    if (grow((void **)&st->nodes, &st->cap_nodes, st->n_nodes + 1,
             sizeof *st->nodes)) {
        st->oom = 1;
        return READOSM_OK;
    }
    n = &st->nodes[st->n_nodes++];
    n->id = node->id;
    n->lat = node->latitude;
    n->lon = node->longitude;
    return READOSM_OK;
}

static int on_way(const void *ud, const readosm_way *way)
{
    imp *st = (imp *)ud;
    const readosm_tag *t = way->tags;
    int nt = way->tag_count, i;
    const char *hw, *v, *acc = NULL;
    size_t k;
    double kmh, lim;
    osm_way *w;
    uint8_t dir = 3, flags;
    st->rep->ways_read++;
    if (st->oom)
        return READOSM_OK;
    if (!t || nt <= 0 || !(hw = tag(t, nt, "highway")))
        return READOSM_OK;
    st->rep->ways_highway++;
    for (k = 0; k < N_ROADS; k++)
        if (!strcmp(hw, road_table[k].value))
            break;
    v = tag(t, nt, "area");
    if (k == N_ROADS || (v && !strcmp(v, "yes")) || way->node_ref_count < 2) {
        st->rep->ways_not_drivable++;
        return READOSM_OK;
    }
    flags = (uint8_t)road_table[k].cls;
    kmh = road_table[k].kmh;
    /* The most specific access tag decides. */
    if ((v = tag(t, nt, "hgv")))
        acc = v;
    else if ((v = tag(t, nt, "motor_vehicle")))
        acc = v;
    else if ((v = tag(t, nt, "vehicle")))
        acc = v;
    else if ((v = tag(t, nt, "access")))
        acc = v;
    if (acc && access_denies(acc)) {
        st->rep->ways_access++;
        return READOSM_OK;
    }
    if ((v = tag(t, nt, "maxweight"))) {
        lim = parse_maxweight(v);
        if (lim < 0)
            st->rep->tags_unparsed++;
        else if (lim > 0 && lim < st->o->truck_weight_t) {
            st->rep->ways_maxweight++;
            return READOSM_OK;
        }
    }
    if ((v = tag(t, nt, "maxheight"))) {
        lim = parse_maxheight(v);
        if (lim < 0)
            st->rep->tags_unparsed++;
        else if (lim > 0 && lim < st->o->truck_height_m) {
            st->rep->ways_maxheight++;
            return READOSM_OK;
        }
    }
    v = tag(t, nt, "junction");
    if (road_table[k].cls == WO_ROAD_MOTORWAY ||
        (v && (!strcmp(v, "roundabout") || !strcmp(v, "circular"))))
        dir = 1;
    if ((v = tag(t, nt, "oneway"))) {
        if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
            dir = 1;
        else if (!strcmp(v, "-1") || !strcmp(v, "reverse"))
            dir = 2;
        else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
            dir = 3;
        else if (!strcmp(v, "reversible") || !strcmp(v, "alternating")) {
            st->rep->ways_reversible++;
            return READOSM_OK;
        }
    }
    if ((v = tag(t, nt, "maxspeed"))) {
        lim = parse_maxspeed(v);
        if (lim < 0)
            st->rep->tags_unparsed++;
        else if (lim > 0)
            kmh = lim;
    }
    if (kmh > st->o->truck_max_kmh)
        kmh = st->o->truck_max_kmh;
    if ((v = tag(t, nt, "bridge")) && strcmp(v, "no") != 0)
        flags |= WO_EDGE_BRIDGE;
    if ((v = tag(t, nt, "tunnel")) && strcmp(v, "no") != 0)
        flags |= WO_EDGE_TUNNEL;
    if (grow((void **)&st->ways, &st->cap_ways, st->n_ways + 1,
             sizeof *st->ways) ||
        grow((void **)&st->refs, &st->cap_refs,
             st->n_refs + (size_t)way->node_ref_count, sizeof *st->refs)) {
        st->oom = 1;
        return READOSM_OK;
    }
    w = &st->ways[st->n_ways++];
    w->ref_off = st->n_refs;
    w->ref_n = (uint32_t)way->node_ref_count;
    w->speed_kmh = (float)kmh;
    w->dir = dir;
    w->flags = flags;
    for (i = 0; i < way->node_ref_count; i++)
        st->refs[st->n_refs++] = way->node_refs[i];
    st->rep->ways_kept++;
    return READOSM_OK;
}

static int node_cmp(const void *a, const void *b)
{
    long long x = ((const osm_node *)a)->id, y = ((const osm_node *)b)->id;
    return (x > y) - (x < y);
}

/* Index of node id in the sorted table, or -1. */
static long find_node(const imp *st, long long id)
{
    size_t lo = 0, hi = st->n_nodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->nodes[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < st->n_nodes && st->nodes[lo].id == id)
        return (long)lo;
    return -1;
}

/* Length in km of the road on edges with a flag (two-way counted once). */
static double flagged_km(const wo_graph *g, uint8_t flag)
{
    double s = 0;
    uint32_t u, e, f;
    for (u = 0; u < g->n_nodes; u++)
        for (e = g->first_out[u]; e < g->first_out[u + 1]; e++) {
            uint32_t v = g->head[e];
            int twin = 0;
            if (!(g->flags[e] & flag))
                continue;
            for (f = g->first_out[v]; f < g->first_out[v + 1]; f++)
                if (g->head[f] == u)
                    twin = 1;
            if (u < v || !twin)
                s += g->dist_mm[e];
        }
    return s / 1e6;
}

/* Turn the kept ways into a graph. */
static int build_graph(imp *st, wo_graph **out, wo_err *err)
{
    size_t i, j, n_arcs = 0, cap_arcs = 0;
    uint32_t *newid = NULL, n_used = 0;
    double *lon = NULL, *lat = NULL;
    wo_arc *arcs = NULL;
    int rc = WO_ENOMEM, sorted = 1;
    for (i = 1; i < st->n_nodes && sorted; i++)
        if (st->nodes[i - 1].id > st->nodes[i].id)
            sorted = 0;
    if (!sorted)
        qsort(st->nodes, st->n_nodes, sizeof *st->nodes, node_cmp);
    newid = wo_malloc((st->n_nodes + 1) * sizeof *newid);
    if (!newid)
        goto oom;
    for (i = 0; i < st->n_nodes; i++)
        newid[i] = UINT32_MAX;
    /* Resolve references in place: refs[] becomes node table indexes. */
    for (i = 0; i < st->n_refs; i++) {
        long ix = find_node(st, st->refs[i]);
        if (ix < 0) {
            st->rep->refs_missing++;
            st->refs[i] = -1;
            continue;
        }
        st->refs[i] = ix;
        if (newid[ix] == UINT32_MAX) {
            if (n_used >= (UINT32_C(1) << 31)) {
                rc = wo_err_set(err, WO_ETOOBIG, "too many road nodes");
                goto out;
            }
            newid[ix] = n_used++;
        }
    }
    lon = wo_malloc(((size_t)n_used + 1) * sizeof *lon);
    lat = wo_malloc(((size_t)n_used + 1) * sizeof *lat);
    if (!lon || !lat)
        goto oom;
    for (i = 0; i < st->n_nodes; i++)
        if (newid[i] != UINT32_MAX) {
            lon[newid[i]] = st->nodes[i].lon;
            lat[newid[i]] = st->nodes[i].lat;
        }
    for (i = 0; i < st->n_ways; i++) {
        const osm_way *w = &st->ways[i];
        double mps = w->speed_kmh / 3.6;
        for (j = 0; j + 1 < w->ref_n; j++) {
            long long a = st->refs[w->ref_off + j];
            long long b = st->refs[w->ref_off + j + 1];
            uint32_t ua, ub;
            double dm, dist_mm, dur_ms;
            if (a < 0 || b < 0)
                continue;
            ua = newid[a];
            ub = newid[b];
            if (ua == ub)
                continue;
            dm = wo_haversine_m(lon[ua], lat[ua], lon[ub], lat[ub]);
            dist_mm = ceil(dm * 1000.0);
            if (dist_mm > 4.0e9)
                dist_mm = 4.0e9;
            dur_ms = ceil(dist_mm / mps);
            if (dur_ms > 4.0e9)
                dur_ms = 4.0e9;
            if (grow((void **)&arcs, &cap_arcs, n_arcs + 2, sizeof *arcs))
                goto oom;
            if (w->dir & 1)
                arcs[n_arcs++] = (wo_arc){ua, ub, (uint32_t)dist_mm,
                                          (uint32_t)dur_ms, w->flags};
            if (w->dir & 2)
                arcs[n_arcs++] = (wo_arc){ub, ua, (uint32_t)dist_mm,
                                          (uint32_t)dur_ms, w->flags};
        }
    }
    rc = wo_graph_build(n_used, lon, lat, n_arcs, arcs, out, err);
    goto out;
oom:
    rc = wo_err_set(err, WO_ENOMEM, "out of memory building the road graph");
out:
    wo_free(newid);
    wo_free(lon);
    wo_free(lat);
    wo_free(arcs);
    return rc;
}

/* Is path an XML file name (".osm", not ".pbf")? */
static int is_xml_name(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && !strcasecmp(path + n - 4, ".osm");
}

/* State of the XML pre-check. */
typedef struct xml_chk {
    XML_Parser p;        /* the parser                                  */
    const char *missing; /* attribute found missing, NULL while fine    */
    const char *elem;    /* the element that lacks it                   */
    unsigned long line;  /* where                                       */
    unsigned long col;   /* where                                       */
} xml_chk;

/* Does the NULL-terminated attribute list have name? */
static int has_attr(const XML_Char **atts, const char *name)
{
    for (; atts && atts[0]; atts += 2)
        if (!strcmp(atts[0], name) && atts[1])
            return 1;
    return 0;
}

static void XMLCALL xml_start(void *ud, const XML_Char *name,
                              const XML_Char **atts)
{
    static const struct {
        const char *elem;  /* element                      */
        const char *attr;  /* attribute readosm requires   */
    } req[] = {{"tag", "k"},     {"tag", "v"},      {"nd", "ref"},
               {"member", "type"}, {"member", "ref"}, {"member", "role"}};
    xml_chk *c = ud;
    size_t i;
    if (c->missing)
        return;
    for (i = 0; i < sizeof req / sizeof req[0]; i++)
        if (!strcmp(name, req[i].elem) && !has_attr(atts, req[i].attr)) {
            c->missing = req[i].attr;
            c->elem = req[i].elem;
            c->line = (unsigned long)XML_GetCurrentLineNumber(c->p);
            c->col = (unsigned long)XML_GetCurrentColumnNumber(c->p) + 1;
            XML_StopParser(c->p, XML_FALSE);
            return;
        }
}

/* Check that the XML file path is well-formed and has the attributes
 * readosm relies on. */
static int xml_check(const char *path, wo_err *err)
{
    XML_Parser p = XML_ParserCreate(NULL);
    xml_chk chk;
    FILE *f;
    char buf[65536];
    size_t n;
    int rc = WO_OK, last;
    if (!p)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
    memset(&chk, 0, sizeof chk);
    chk.p = p;
    XML_SetUserData(p, &chk);
    XML_SetStartElementHandler(p, xml_start);
    f = fopen(path, "rb");
    if (!f) {
        XML_ParserFree(p);
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    }
    do {
        n = fread(buf, 1, sizeof buf, f);
        last = n < sizeof buf;
        if (XML_Parse(p, buf, (int)n, last) == XML_STATUS_ERROR) {
            if (chk.missing) {
                rc = wo_err_set(err, WO_EPARSE,
                                "%s:%lu:%lu: <%s> without a '%s' attribute",
                                path, chk.line, chk.col, chk.elem,
                                chk.missing);
                break;
            }
            rc = wo_err_set(err, WO_EPARSE, "%s:%lu:%lu: XML error: %s", path,
                            (unsigned long)XML_GetCurrentLineNumber(p),
                            (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                            XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
    } while (!last);
    if (rc == WO_OK && ferror(f))
        rc = wo_err_set(err, WO_EIO, "%s: read error", path);
    fclose(f);
    XML_ParserFree(p);
    return rc;
}

#define PBF_MAX_HEADER 65536u
#define PBF_MAX_BLOB (32u * 1024u * 1024u)

/* Read a protobuf varint from [*p, end); -1 when truncated or too long. */
static int pb_varint(const unsigned char **p, const unsigned char *end,
                     uint64_t *v)
{
    int shift = 0;
    *v = 0;
    while (*p < end && shift < 64) {
        unsigned char b = *(*p)++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 0;
        shift += 7;
    }
    return -1;
}

/* Walk the fields of a protobuf message: *found receives the varint field
 * number want_varint (UINT64_MAX if absent) and *len1 the length of the
 * length-delimited field number want_len (0 if absent). -1 on a malformed
 * message. */
static int pb_scan(const unsigned char *p, size_t n, uint32_t want_varint,
                   uint64_t *found, uint32_t want_len, uint64_t *len1)
{
    const unsigned char *end = p + n;
    *found = UINT64_MAX;
    *len1 = 0;
    while (p < end) {
        uint64_t key, v;
        if (pb_varint(&p, end, &key))
            return -1;
        switch (key & 7) {
        case 0:
            if (pb_varint(&p, end, &v))
                return -1;
            if ((key >> 3) == want_varint)
                *found = v;
            break;
        case 1:
            if (end - p < 8)
                return -1;
            p += 8;
            break;
        case 2:
            if (pb_varint(&p, end, &v) || v > (uint64_t)(end - p))
                return -1;
            if ((key >> 3) == want_len)
                *len1 = v;
            p += v;
            break;
        case 5:
            if (end - p < 4)
                return -1;
            p += 4;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

/* Check the block framing of the PBF file path. */
static int pbf_check(const char *path, wo_err *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char len4[4], *buf = NULL;
    size_t cap = 0;
    long block = 0;
    int rc = WO_OK;
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    for (;; block++) {
        size_t got = fread(len4, 1, 4, f);
        uint32_t hlen;
        uint64_t datasize, raw_size, raw_len;
        if (got == 0 && feof(f))
            break;
        if (got != 4) {
            rc = wo_err_set(err, WO_EPARSE, "%s: block %ld: truncated block "
                            "length (corrupt or truncated PBF)", path, block);
            break;
        }
        hlen = (uint32_t)len4[0] << 24 | (uint32_t)len4[1] << 16 |
               (uint32_t)len4[2] << 8 | len4[3];
        if (hlen == 0 || hlen > PBF_MAX_HEADER) {
            rc = wo_err_set(err, WO_EPARSE, "%s: block %ld: header length %lu "
                            "is outside 1..%u (corrupt PBF)", path, block,
                            (unsigned long)hlen, PBF_MAX_HEADER);
            break;
        }
        if (grow((void **)&buf, &cap, hlen, 1)) {
            rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
            break;
        }
        if (fread(buf, 1, hlen, f) != hlen ||
            pb_scan(buf, hlen, 3, &datasize, 0, &raw_len)) {
            rc = wo_err_set(err, WO_EPARSE, "%s: block %ld: truncated or "
                            "malformed block header (corrupt PBF)", path,
                            block);
            break;
        }
        if (datasize == UINT64_MAX || datasize > PBF_MAX_BLOB) {
            rc = wo_err_set(err, WO_EPARSE, "%s: block %ld: data size is "
                            "missing or above %u bytes (corrupt PBF)", path,
                            block, PBF_MAX_BLOB);
            break;
        }
        if (grow((void **)&buf, &cap, (size_t)datasize, 1)) {
            rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
            break;
        }
        if (fread(buf, 1, (size_t)datasize, f) != (size_t)datasize ||
            pb_scan(buf, (size_t)datasize, 2, &raw_size, 1, &raw_len)) {
            rc = wo_err_set(err, WO_EPARSE, "%s: block %ld: truncated or "
                            "malformed data block (corrupt PBF)", path, block);
            break;
        }
        if ((raw_size != UINT64_MAX && raw_size > PBF_MAX_BLOB) ||
            raw_len > PBF_MAX_BLOB) {
            rc = wo_err_set(err, WO_EPARSE, "%s: block %ld: uncompressed "
                            "size above %u bytes (corrupt PBF)", path, block,
                            PBF_MAX_BLOB);
            break;
        }
    }
    if (rc == WO_OK && block == 0)
        rc = wo_err_set(err, WO_EPARSE, "%s: empty PBF file", path);
    wo_free(buf);
    fclose(f);
    return rc;
}

static int readosm_code(int r)
{
    switch (r) {
    case READOSM_FILE_NOT_FOUND:
        return WO_EIO;
    case READOSM_INVALID_SUFFIX:
        return WO_EUNSUPPORTED;
    case READOSM_INSUFFICIENT_MEMORY:
        return WO_ENOMEM;
    default:
        return WO_EPARSE;
    }
}

static const char *readosm_text(int r)
{
    switch (r) {
    case READOSM_INVALID_SUFFIX:
        return "not a .osm or .pbf file name";
    case READOSM_FILE_NOT_FOUND:
        return "file not found";
    case READOSM_INSUFFICIENT_MEMORY:
        return "out of memory";
    case READOSM_READ_ERROR:
        return "read error (truncated or corrupt file)";
    case READOSM_XML_ERROR:
        return "XML syntax error";
    case READOSM_INVALID_PBF_HEADER:
        return "invalid PBF header (corrupt or not a PBF file)";
    case READOSM_UNZIP_ERROR:
        return "corrupt compressed PBF block";
    case READOSM_ABORT:
        return "aborted";
    default:
        return "unreadable OSM data";
    }
}

int wo_osm_import(const char *path, const wo_osm_opts *opts, wo_graph **out,
                  wo_osm_report *rep, wo_err *err)
{
    wo_osm_opts defaults;
    wo_osm_report local;
    imp st;
    const void *h = NULL;
    wo_graph *g = NULL, *scc = NULL;
    FILE *f;
    size_t n;
    int r, rc = WO_OK;
    *out = NULL;
    if (!opts) {
        wo_osm_opts_init(&defaults);
        opts = &defaults;
    }
    if (!rep)
        rep = &local;
    memset(rep, 0, sizeof *rep);
    memset(&st, 0, sizeof st);
    st.o = opts;
    st.rep = rep;
    f = fopen(path, "rb");
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    fclose(f);
    n = strlen(path);
    if (!is_xml_name(path) && !(n >= 4 && !strcasecmp(path + n - 4, ".pbf")))
        return wo_err_set(err, WO_EUNSUPPORTED,
                          "%s: not a .osm (XML) or .pbf file name", path);
    rc = is_xml_name(path) ? xml_check(path, err) : pbf_check(path, err);
    if (rc)
        return rc;
    r = readosm_open(path, &h);
    if (r != READOSM_OK) {
        rc = wo_err_set(err, readosm_code(r), "%s: %s", path, readosm_text(r));
        goto out;
    }
    r = readosm_parse(h, &st, on_node, on_way, NULL);
    if (st.oom) {
        rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory reading OSM data",
                        path);
        goto out;
    }
    if (r != READOSM_OK) {
        rc = wo_err_set(err, readosm_code(r), "%s: %s (after %ld nodes, %ld "
                        "ways)", path, readosm_text(r), rep->nodes_read,
                        rep->ways_read);
        goto out;
    }
    if (st.n_ways == 0) {
        rc = wo_err_set(err, WO_EPARSE,
                        "%s: no drivable ways (%ld nodes, %ld ways, %ld with a "
                        "highway tag read)",
                        path, rep->nodes_read, rep->ways_read,
                        rep->ways_highway);
        goto out;
    }
    rc = build_graph(&st, &g, err);
    if (rc) {
        wo_err_prefix(err, "%s", path);
        goto out;
    }
    if (!opts->keep_all_components) {
        rc = wo_graph_largest_scc(g, &scc, &rep->scc_nodes_dropped,
                                  &rep->scc_edges_dropped, &rep->components,
                                  err);
        if (rc) {
            wo_err_prefix(err, "%s", path);
            goto out;
        }
        wo_graph_free(g);
        g = scc;
        scc = NULL;
    }
    if (g->n_edges == 0) {
        rc = wo_err_set(err, WO_EPARSE,
                        "%s: no road segment left (%ld drivable ways; their "
                        "nodes are missing or no two are mutually reachable)",
                        path, rep->ways_kept);
        goto out;
    }
    rep->nodes = g->n_nodes;
    rep->edges = g->n_edges;
    rep->road_km = wo_graph_road_km(g);
    rep->bridge_km = flagged_km(g, WO_EDGE_BRIDGE);
    rep->tunnel_km = flagged_km(g, WO_EDGE_TUNNEL);
    *out = g;
    g = NULL;
out:
    if (h)
        readosm_close(h);
    wo_graph_free(g);
    wo_free(st.nodes);
    wo_free(st.refs);
    wo_free(st.ways);
    return rc;
}
