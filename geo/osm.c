/*
 * osm.c — OSM XML / PBF import (the only readosm and the only zlib file).
 *
 * One streaming pass keeps every node (id, lat, lon) and the node lists of
 * the drivable ways; the ways are resolved against the sorted node table
 * afterwards, so the order of nodes and ways in the file does not matter.
 * See osm.h for the tag rules.
 *
 * XML goes through readosm, after a check with expat (which readosm uses
 * underneath) for well-formedness, naming the line and column of a syntax
 * error (readosm also leaks its parser on one), and for the attributes
 * readosm dereferences without a check (k and v of <tag>, ref of <nd>,
 * type/ref/role of <member>).
 *
 * PBF goes through the small decoder below over zlib, not through
 * readosm: fuzzing showed readosm's PBF reader crashing on malformed
 * blocks and allocating whatever a corrupt size field asks. The decoder
 * checks every length against its buffer and the limits of the format
 * (BlobHeader <= 64 KiB, Blob and its uncompressed size <= 32 MiB); it
 * reads only what the import needs (nodes, dense nodes, ways with their
 * tags) and produces the same graph as readosm on the real extracts.
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
#include <zlib.h>

/* One OSM node kept from the file. */
typedef struct osm_node {
    long long id; /* OSM node id  */
    double lat;   /* WGS84 degrees */
    double lon;   /* WGS84 degrees */
} osm_node;

/* One drivable way kept from the file. */
typedef struct osm_way {
    size_t ref_off;  /* first of its node references in imp.refs   */
    uint32_t ref_n;  /* number of node references                  */
    float speed_kmh; /* truck speed on the way                     */
    uint8_t dir;     /* 1 forward allowed, 2 backward allowed      */
    uint8_t flags;   /* road class | WO_EDGE_BRIDGE | WO_EDGE_TUNNEL */
} osm_way;

/* The state of one import. */
typedef struct imp {
    osm_node *nodes;      /* every node of the file                   */
    size_t n_nodes;       /* used                                     */
    size_t cap_nodes;     /* allocated                                */
    long long *refs;      /* node references of the kept ways         */
    size_t n_refs;        /* used                                     */
    size_t cap_refs;      /* allocated                                */
    osm_way *ways;        /* kept ways                                */
    size_t n_ways;        /* used                                     */
    size_t cap_ways;      /* allocated                                */
    const wo_osm_opts *o; /* truck parameters                         */
    wo_osm_report *rep;   /* counters                                 */
    int oom;              /* set when an allocation failed; the parse
                             then runs to its end storing nothing, as
                             readosm leaks its parser when aborted     */
} imp;

/* highway=* values trucks may use, their class and default speed. */
static const struct {
    const char *value; /* highway tag value      */
    wo_road_class cls; /* class                  */
    double kmh;        /* default truck speed    */
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
    static const char *const deny[] = {"no",       "private",   "agricultural",
                                       "forestry", "emergency", "military",
                                       "psv",      "bus",       "disabled"};
    size_t i;
    for (i = 0; i < sizeof deny / sizeof deny[0]; i++)
        if (!strcasecmp(v, deny[i]))
            return 1;
    return 0;
}

/* Keep a node (one outside WGS84 ranges is ignored). Returns 0, or -1
 * when out of memory (st->oom is then set). */
static int add_node(imp *st, long long id, double lat, double lon)
{
    osm_node *n;
    if (st->oom)
        return -1;
    if (!(fabs(lat) <= 90) || !(fabs(lon) <= 180))
        return 0;
    if (WO_RESERVE(st->nodes, st->cap_nodes, st->n_nodes + 1) != WO_OK) {
        st->oom = 1;
        return -1;
    }
    n = &st->nodes[st->n_nodes++];
    n->id = id;
    n->lat = lat;
    n->lon = lon;
    return 0;
}

static int on_node(const void *ud, const readosm_node *node)
{
    imp *st = (imp *)ud;
    st->rep->nodes_read++;
    if (node->latitude == READOSM_UNDEFINED ||
        node->longitude == READOSM_UNDEFINED)
        return READOSM_OK;
    (void)add_node(st, node->id, node->latitude, node->longitude);
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
    if (WO_RESERVE(st->ways, st->cap_ways, st->n_ways + 1) != WO_OK ||
        WO_RESERVE(st->refs, st->cap_refs,
                   st->n_refs + (size_t)way->node_ref_count) != WO_OK) {
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
            if (WO_RESERVE(arcs, cap_arcs, n_arcs + 2) != WO_OK)
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
        const char *elem; /* element                      */
        const char *attr; /* attribute readosm requires   */
    } req[] = {{"tag", "k"},       {"tag", "v"},      {"nd", "ref"},
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
                                path, chk.line, chk.col, chk.elem, chk.missing);
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

/* ------------------------------------------------------------ PBF */

#define PBF_MAX_HEADER 65536u
#define PBF_MAX_BLOB (32u * 1024u * 1024u)

/* A protobuf message being read. */
typedef struct pb {
    const unsigned char *p;   /* next byte  */
    const unsigned char *end; /* end        */
} pb;

/* One field: number, wire type, and its varint value or byte slice. */
typedef struct pb_field {
    uint32_t num;              /* field number                   */
    int wt;                    /* wire type 0, 1, 2 or 5         */
    uint64_t v;                /* value of a varint field        */
    const unsigned char *data; /* bytes of a length-delimited one */
    size_t len;                /* their length                   */
} pb_field;

static int pb_varint(pb *m, uint64_t *v)
{
    int shift = 0;
    *v = 0;
    while (m->p < m->end && shift < 64) {
        unsigned char b = *m->p++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 0;
        shift += 7;
    }
    return -1;
}

static int64_t pb_zigzag(uint64_t v)
{
    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* Next field of m: 1 read, 0 at the end, -1 malformed. */
static int pb_next(pb *m, pb_field *f)
{
    uint64_t key, n;
    if (m->p >= m->end)
        return 0;
    if (pb_varint(m, &key) || (key >> 3) == 0 || (key >> 3) > UINT32_MAX)
        return -1;
    f->num = (uint32_t)(key >> 3);
    f->wt = (int)(key & 7);
    switch (f->wt) {
    case 0:
        return pb_varint(m, &f->v) ? -1 : 1;
    case 1:
        if (m->end - m->p < 8)
            return -1;
        m->p += 8;
        return 1;
    case 2:
        if (pb_varint(m, &n) || n > (uint64_t)(m->end - m->p))
            return -1;
        f->data = m->p;
        f->len = (size_t)n;
        m->p += n;
        return 1;
    case 5:
        if (m->end - m->p < 4)
            return -1;
        m->p += 4;
        return 1;
    default:
        return -1;
    }
}

/* Scratch buffers of the PBF reader, reused from block to block. */
typedef struct pbf_rd {
    const char *path;    /* file name for messages                  */
    long block;          /* index of the current file block         */
    unsigned char *raw;  /* file bytes of the current block         */
    size_t cap_raw;      /* allocated                               */
    unsigned char *data; /* uncompressed block                      */
    size_t cap_data;     /* allocated                               */
    char *strings;       /* NUL-terminated copy of the string table */
    size_t cap_strings;  /* allocated                               */
    const char **str;    /* string i of the table                   */
    size_t n_str;        /* entries                                 */
    size_t cap_str;      /* allocated                               */
    long long *refs;     /* node references of one way              */
    size_t cap_refs;     /* allocated                               */
    readosm_tag *tags;   /* tags of one way                         */
    size_t cap_tags;     /* allocated                               */
} pbf_rd;

static int pbf_bad(pbf_rd *r, wo_err *err, const char *what)
{
    return wo_err_set(err, WO_EPARSE, "%s: block %ld: %s (corrupt PBF)",
                      r->path, r->block, what);
}

/* Load the string table (a StringTable message) of a PrimitiveBlock. */
static int pbf_strings(pbf_rd *r, const unsigned char *d, size_t n, wo_err *err)
{
    pb m = {d, d + n};
    pb_field f;
    size_t used = 0;
    int k;
    r->n_str = 0;
    if (WO_RESERVE(r->strings, r->cap_strings, n + 1) != WO_OK)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
    while ((k = pb_next(&m, &f)) > 0) {
        if (f.num != 1 || f.wt != 2)
            continue;
        if (WO_RESERVE(r->str, r->cap_str, r->n_str + 1) != WO_OK)
            return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
        /* Each string takes its length plus a NUL; the key bytes of the
         * field leave room for the NUL within n + 1. */
        memcpy(r->strings + used, f.data, f.len);
        r->strings[used + f.len] = '\0';
        r->str[r->n_str++] = r->strings + used;
        used += f.len + 1;
    }
    return k < 0 ? pbf_bad(r, err, "malformed string table") : WO_OK;
}

/* Degrees from a PBF coordinate: (offset + granularity * value) / 1e9,
 * computed in double so that no crafted value overflows; the division
 * (not a product by 1e-9) gives the correctly rounded degrees. */
static double pbf_deg(int64_t off, int64_t gran, uint64_t v)
{
    return ((double)off + (double)gran * (double)(int64_t)v) / 1e9;
}

/* zlib allocates through the library's hook too. */
static voidpf zalloc_hook(voidpf opaque, uInt items, uInt size)
{
    size_t n;
    (void)opaque;
    if (!wo_mul_ok(items, size, &n))
        return Z_NULL;
    return wo_malloc(n);
}

static void zfree_hook(voidpf opaque, voidpf p)
{
    (void)opaque;
    wo_free(p);
}

static int pbf_dense(pbf_rd *r, imp *st, const unsigned char *d, size_t n,
                     int64_t gran, int64_t lat_off, int64_t lon_off,
                     wo_err *err)
{
    pb m = {d, d + n}, ids = {NULL, NULL}, lats = {NULL, NULL},
       lons = {NULL, NULL};
    pb_field f;
    uint64_t id = 0, lat = 0, lon = 0; /* wrap-around, never UB */
    int k;
    while ((k = pb_next(&m, &f)) > 0) {
        if (f.wt != 2)
            continue;
        if (f.num == 1)
            ids = (pb){f.data, f.data + f.len};
        else if (f.num == 8)
            lats = (pb){f.data, f.data + f.len};
        else if (f.num == 9)
            lons = (pb){f.data, f.data + f.len};
    }
    if (k < 0)
        return pbf_bad(r, err, "malformed dense nodes");
    while (ids.p < ids.end) {
        uint64_t a, b, c;
        if (pb_varint(&ids, &a) || pb_varint(&lats, &b) || pb_varint(&lons, &c))
            return pbf_bad(r, err, "dense node arrays of different lengths");
        id += (uint64_t)pb_zigzag(a);
        lat += (uint64_t)pb_zigzag(b);
        lon += (uint64_t)pb_zigzag(c);
        st->rep->nodes_read++;
        if (add_node(st, (long long)id, pbf_deg(lat_off, gran, lat),
                     pbf_deg(lon_off, gran, lon)))
            return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
    }
    return WO_OK;
}

static int pbf_node(pbf_rd *r, imp *st, const unsigned char *d, size_t n,
                    int64_t gran, int64_t lat_off, int64_t lon_off, wo_err *err)
{
    pb m = {d, d + n};
    pb_field f;
    int64_t id = 0, lat = 0, lon = 0;
    int k;
    while ((k = pb_next(&m, &f)) > 0) {
        if (f.wt != 0)
            continue;
        if (f.num == 1)
            id = pb_zigzag(f.v);
        else if (f.num == 8)
            lat = pb_zigzag(f.v);
        else if (f.num == 9)
            lon = pb_zigzag(f.v);
    }
    if (k < 0)
        return pbf_bad(r, err, "malformed node");
    st->rep->nodes_read++;
    if (add_node(st, id, pbf_deg(lat_off, gran, (uint64_t)lat),
                 pbf_deg(lon_off, gran, (uint64_t)lon)))
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
    return WO_OK;
}

static int pbf_way(pbf_rd *r, imp *st, const unsigned char *d, size_t n,
                   wo_err *err)
{
    pb m = {d, d + n}, keys = {NULL, NULL}, vals = {NULL, NULL},
       refs = {NULL, NULL};
    pb_field f;
    long long id = 0;
    uint64_t ref = 0; /* wrap-around, never UB */
    size_t nt = 0, nr = 0;
    int k;
    while ((k = pb_next(&m, &f)) > 0) {
        if (f.num == 1 && f.wt == 0)
            id = (long long)f.v;
        else if (f.wt == 2 && f.num == 2)
            keys = (pb){f.data, f.data + f.len};
        else if (f.wt == 2 && f.num == 3)
            vals = (pb){f.data, f.data + f.len};
        else if (f.wt == 2 && f.num == 8)
            refs = (pb){f.data, f.data + f.len};
    }
    if (k < 0)
        return pbf_bad(r, err, "malformed way");
    while (keys.p < keys.end) {
        uint64_t a, b;
        if (pb_varint(&keys, &a) || pb_varint(&vals, &b))
            return pbf_bad(r, err, "way tag keys and values differ in number");
        if (a >= r->n_str || b >= r->n_str)
            return pbf_bad(r, err, "way tag outside the string table");
        if (WO_RESERVE(r->tags, r->cap_tags, nt + 1) != WO_OK)
            return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
        memcpy(&r->tags[nt++], &(readosm_tag){r->str[a], r->str[b]},
               sizeof *r->tags);
    }
    while (refs.p < refs.end) {
        uint64_t a;
        if (pb_varint(&refs, &a))
            return pbf_bad(r, err, "malformed way node list");
        ref += (uint64_t)pb_zigzag(a);
        if (nr >= INT32_MAX / 2)
            return pbf_bad(r, err, "way with too many nodes");
        if (WO_RESERVE(r->refs, r->cap_refs, nr + 1) != WO_OK)
            return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
        r->refs[nr++] = (long long)ref;
    }
    {
        readosm_way w = {id,   0,       0,       NULL,    0,
                         NULL, (int)nr, r->refs, (int)nt, r->tags};
        on_way(st, &w);
    }
    if (st->oom)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
    return WO_OK;
}

/* Decode one PrimitiveBlock. */
static int pbf_primitive(pbf_rd *r, imp *st, const unsigned char *d, size_t n,
                         wo_err *err)
{
    pb m = {d, d + n};
    pb_field f;
    int64_t gran = 100, lat_off = 0, lon_off = 0;
    int k, rc;
    r->n_str = 0;
    /* First the string table and the coordinate scale, which may come
     * after the groups in the message. */
    while ((k = pb_next(&m, &f)) > 0) {
        if (f.num == 1 && f.wt == 2) {
            if ((rc = pbf_strings(r, f.data, f.len, err)))
                return rc;
        } else if (f.num == 17 && f.wt == 0) {
            gran = (int64_t)(f.v & 0x7fffffff);
        } else if (f.num == 19 && f.wt == 0) {
            lat_off = (int64_t)f.v;
        } else if (f.num == 20 && f.wt == 0) {
            lon_off = (int64_t)f.v;
        }
    }
    if (k < 0)
        return pbf_bad(r, err, "malformed primitive block");
    if (lat_off > INT64_C(1) << 40 || lat_off < -(INT64_C(1) << 40) ||
        lon_off > INT64_C(1) << 40 || lon_off < -(INT64_C(1) << 40))
        return pbf_bad(r, err, "coordinate offset out of range");
    m = (pb){d, d + n};
    while ((k = pb_next(&m, &f)) > 0) {
        pb g;
        pb_field e;
        int kg;
        if (f.num != 2 || f.wt != 2)
            continue;
        g = (pb){f.data, f.data + f.len};
        while ((kg = pb_next(&g, &e)) > 0) {
            if (e.wt != 2)
                continue;
            rc = WO_OK;
            if (e.num == 1)
                rc =
                    pbf_node(r, st, e.data, e.len, gran, lat_off, lon_off, err);
            else if (e.num == 2)
                rc = pbf_dense(r, st, e.data, e.len, gran, lat_off, lon_off,
                               err);
            else if (e.num == 3)
                rc = pbf_way(r, st, e.data, e.len, err);
            if (rc)
                return rc;
        }
        if (kg < 0)
            return pbf_bad(r, err, "malformed primitive group");
    }
    return k < 0 ? pbf_bad(r, err, "malformed primitive block") : WO_OK;
}

/* Check the required features of the HeaderBlock. */
static int pbf_header(pbf_rd *r, const unsigned char *d, size_t n, wo_err *err)
{
    pb m = {d, d + n};
    pb_field f;
    int k;
    while ((k = pb_next(&m, &f)) > 0) {
        if (f.num != 4 || f.wt != 2)
            continue;
        if (!(f.len == 14 && !memcmp(f.data, "OsmSchema-V0.6", 14)) &&
            !(f.len == 10 && !memcmp(f.data, "DenseNodes", 10)))
            return wo_err_set(err, WO_EUNSUPPORTED,
                              "%s: the PBF requires the feature '%.*s', which "
                              "this reader does not support",
                              r->path, (int)(f.len > 60 ? 60 : f.len),
                              (const char *)f.data);
    }
    return k < 0 ? pbf_bad(r, err, "malformed header block") : WO_OK;
}

/* Inflate a zlib blob of exactly raw_size bytes into r->data. */
static int pbf_inflate(pbf_rd *r, const unsigned char *z, size_t zlen,
                       size_t raw_size, wo_err *err)
{
    z_stream zs;
    int zr;
    if (WO_RESERVE(r->data, r->cap_data, raw_size + 1) != WO_OK)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
    memset(&zs, 0, sizeof zs);
    zs.zalloc = zalloc_hook;
    zs.zfree = zfree_hook;
    if (inflateInit(&zs) != Z_OK)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
    zs.next_in = (unsigned char *)(uintptr_t)z;
    zs.avail_in = (uInt)zlen;
    zs.next_out = r->data;
    zs.avail_out = (uInt)raw_size + 1;
    zr = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);
    if (zr == Z_MEM_ERROR)
        return wo_err_set(err, WO_ENOMEM, "%s: out of memory", r->path);
    if (zr != Z_STREAM_END || zs.total_out != raw_size)
        return pbf_bad(r, err, "corrupt compressed block");
    return WO_OK;
}

/* Read the PBF file path block by block into st. */
static int pbf_read(const char *path, imp *st, wo_err *err)
{
    FILE *f = fopen(path, "rb");
    pbf_rd r;
    int rc = WO_OK;
    memset(&r, 0, sizeof r);
    r.path = path;
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    for (;; r.block++) {
        unsigned char len4[4];
        size_t got = fread(len4, 1, 4, f), hlen;
        uint64_t datasize = UINT64_MAX, raw_size = UINT64_MAX;
        const unsigned char *type = NULL, *raw = NULL, *zdata = NULL;
        size_t type_len = 0, raw_len = 0, z_len = 0;
        pb m;
        pb_field fl;
        int k, kind = 0;
        if (got == 0 && feof(f))
            break;
        if (got != 4) {
            rc = pbf_bad(&r, err, "truncated block length");
            break;
        }
        hlen = (size_t)len4[0] << 24 | (size_t)len4[1] << 16 |
               (size_t)len4[2] << 8 | len4[3];
        if (hlen == 0 || hlen > PBF_MAX_HEADER) {
            rc = pbf_bad(&r, err, "block header length outside 1..65536");
            break;
        }
        if (WO_RESERVE(r.raw, r.cap_raw, hlen) != WO_OK) {
            rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
            break;
        }
        if (fread(r.raw, 1, hlen, f) != hlen) {
            rc = pbf_bad(&r, err, "truncated block header");
            break;
        }
        m = (pb){r.raw, r.raw + hlen};
        while ((k = pb_next(&m, &fl)) > 0) {
            if (fl.num == 1 && fl.wt == 2) {
                type = fl.data;
                type_len = fl.len;
            } else if (fl.num == 3 && fl.wt == 0) {
                datasize = fl.v;
            }
        }
        if (k < 0 || !type || datasize > PBF_MAX_BLOB) {
            rc = pbf_bad(&r, err,
                         "malformed block header (type, or a data "
                         "size above 32 MiB)");
            break;
        }
        /* The type is copied out before the data overwrites the buffer. */
        if (type_len == 9 && !memcmp(type, "OSMHeader", 9))
            kind = 1;
        else if (type_len == 7 && !memcmp(type, "OSMData", 7))
            kind = 2;
        if (WO_RESERVE(r.raw, r.cap_raw, (size_t)datasize + 1) != WO_OK) {
            rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
            break;
        }
        if (fread(r.raw, 1, (size_t)datasize, f) != (size_t)datasize) {
            rc = pbf_bad(&r, err, "truncated data block");
            break;
        }
        if (kind == 0)
            continue; /* unknown block types are skipped, as specified */
        m = (pb){r.raw, r.raw + datasize};
        while ((k = pb_next(&m, &fl)) > 0) {
            if (fl.num == 1 && fl.wt == 2) {
                raw = fl.data;
                raw_len = fl.len;
            } else if (fl.num == 2 && fl.wt == 0) {
                raw_size = fl.v;
            } else if (fl.num == 3 && fl.wt == 2) {
                zdata = fl.data;
                z_len = fl.len;
            } else if (fl.num >= 4 && fl.num <= 7 && fl.wt == 2) {
                rc = wo_err_set(err, WO_EUNSUPPORTED,
                                "%s: block %ld: compression kind than zlib "
                                "is not supported",
                                path, r.block);
                break;
            }
        }
        if (rc)
            break;
        if (k < 0) {
            rc = pbf_bad(&r, err, "malformed data block");
            break;
        }
        if (zdata) {
            if (raw_size == UINT64_MAX || raw_size > PBF_MAX_BLOB) {
                rc = pbf_bad(&r, err,
                             "uncompressed size missing or above "
                             "32 MiB");
                break;
            }
            rc = pbf_inflate(&r, zdata, z_len, (size_t)raw_size, err);
            if (rc)
                break;
            raw = r.data;
            raw_len = (size_t)raw_size;
        } else if (!raw) {
            rc = pbf_bad(&r, err, "data block without data");
            break;
        }
        rc = kind == 1 ? pbf_header(&r, raw, raw_len, err)
                       : pbf_primitive(&r, st, raw, raw_len, err);
        if (rc)
            break;
    }
    if (rc == WO_OK && r.block == 0)
        rc = wo_err_set(err, WO_EPARSE, "%s: empty PBF file", path);
    if (rc == WO_OK && ferror(f))
        rc = wo_err_set(err, WO_EIO, "%s: read error", path);
    fclose(f);
    wo_free(r.raw);
    wo_free(r.data);
    wo_free(r.strings);
    wo_free(r.str);
    wo_free(r.refs);
    wo_free(r.tags);
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
    if (!is_xml_name(path)) {
        rc = pbf_read(path, &st, err);
        if (rc)
            goto out;
        goto parsed;
    }
    rc = xml_check(path, err);
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
        rc = wo_err_set(err, readosm_code(r),
                        "%s: %s (after %ld nodes, %ld "
                        "ways)",
                        path, readosm_text(r), rep->nodes_read, rep->ways_read);
        goto out;
    }
parsed:
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
