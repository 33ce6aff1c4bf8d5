/*
 * tables.c — the CSV tables of a scenario: every cell checked against its
 * column's type, unit and range, every reference resolved, with messages
 * "file:line: column 'name': 'value' what was expected" (SCHEMA.md).
 */
#include "data/load_internal.h"

#include "data/csv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define REQ 1 /* column / value required          */
#define OPT 0 /* column / value optional          */
#define GT 2  /* number must be strictly above lo  */

/* A column of a table: name and whether the header must have it. */
typedef struct colspec {
    const char *name; /* header name                        */
    int required;     /* REQ: the header must have it       */
} colspec;

/* One table being read. */
typedef struct tbl {
    wo_ld *L;            /* loading run                           */
    wo_csv *csv;         /* parsed file                           */
    const char *file;    /* file name for messages                */
    const colspec *spec; /* its columns                           */
    int ncol;            /* number of columns in spec             */
    int col[40];         /* spec column -> csv column (-1 absent) */
    int r;               /* current record                        */
    int line;            /* its line                              */
} tbl;

/* A string -> index hash map for duplicate and reference checks. */
typedef struct idmap {
    const char **key; /* [cap] keys (borrowed), NULL = empty slot */
    int *val;         /* [cap] values                             */
    size_t cap;       /* slots, a power of two                    */
} idmap;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

static int map_init(idmap *m, int n)
{
    size_t cap = 16;
    while (cap < (size_t)n * 2 + 1)
        cap *= 2;
    m->cap = cap;
    m->key = wo_calloc(cap, sizeof *m->key);
    m->val = wo_calloc(cap, sizeof *m->val);
    return m->key && m->val ? WO_OK : WO_ENOMEM;
}

static void map_free(idmap *m)
{
    wo_free(m->key);
    wo_free(m->val);
    m->key = NULL;
    m->val = NULL;
}

/* Value stored for key, or -1. */
static int map_get(const idmap *m, const char *key)
{
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->key[i]) {
        if (!strcmp(m->key[i], key))
            return m->val[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

/* Insert; returns the existing value when key is present, else -1. The
 * map must have been sized for all insertions. */
static int map_put(idmap *m, const char *key, int val)
{
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->key[i]) {
        if (!strcmp(m->key[i], key))
            return m->val[i];
        i = (i + 1) & (m->cap - 1);
    }
    m->key[i] = key;
    m->val[i] = val;
    return -1;
}

/* ---------------------------------------------------------------- cells */

static const char *cell(const tbl *T, int k)
{
    return wo_csv_get(T->csv, T->r, T->col[k]);
}

/* "file:line: column 'x': 'value' <expect>" */
static int bad(const tbl *T, int k, int code, const char *expect)
{
    return wo_err_set(T->L->err, code, "%s:%d: column '%s': '%.80s' %s",
                      T->file, T->line, T->spec[k].name, cell(T, k), expect);
}

static int need(const tbl *T, int k)
{
    return wo_err_set(T->L->err, WO_EPARSE,
                      "%s:%d: column '%s': value required", T->file, T->line,
                      T->spec[k].name);
}

/* Text cell; required ones must be non-empty. */
static int get_text(const tbl *T, int k, int flags, const char **out)
{
    const char *s = cell(T, k);
    if (!s[0] && (flags & REQ))
        return need(T, k);
    *out = s;
    return WO_OK;
}

/* Identifier: 1-64 bytes, no control characters. */
static int get_id(const tbl *T, int k, const char **out)
{
    const unsigned char *s = (const unsigned char *)cell(T, k);
    size_t i;
    if (!s[0])
        return need(T, k);
    if (strlen((const char *)s) > 64)
        return bad(T, k, WO_EPARSE, "is longer than 64 bytes");
    for (i = 0; s[i]; i++)
        if (s[i] < 0x20 || s[i] == 0x7F)
            return bad(T, k, WO_EPARSE, "contains a control character");
    *out = (const char *)s;
    return WO_OK;
}

/* Number in [lo, hi] (lo excluded with GT); empty -> def unless REQ. */
static int get_num(const tbl *T, int k, int flags, double def, double lo,
                   double hi, double *out)
{
    const char *s = cell(T, k);
    char expect[96];
    double v;
    if (!s[0]) {
        if (flags & REQ)
            return need(T, k);
        *out = def;
        return WO_OK;
    }
    if (wo_parse_double(s, &v) != WO_OK)
        return bad(T, k, WO_EPARSE, "is not a number");
    if ((flags & GT) && v <= lo) {
        snprintf(expect, sizeof expect, "must be greater than %g", lo);
        return bad(T, k, WO_ERANGE, expect);
    }
    if (v < lo || v > hi) {
        if (lo == 0 && v < 0)
            return bad(T, k, WO_ERANGE, "is negative");
        if (isinf(hi))
            snprintf(expect, sizeof expect, "is below the minimum %.15g",
                     lo);
        else
            snprintf(expect, sizeof expect, "is outside [%.15g, %.15g]", lo,
                     hi);
        return bad(T, k, WO_ERANGE, expect);
    }
    *out = v;
    return WO_OK;
}

static int get_int(const tbl *T, int k, int flags, long def, long lo, long hi,
                   long *out)
{
    const char *s = cell(T, k);
    char expect[96];
    long v;
    if (!s[0]) {
        if (flags & REQ)
            return need(T, k);
        *out = def;
        return WO_OK;
    }
    if (wo_parse_long(s, &v) != WO_OK)
        return bad(T, k, WO_EPARSE, "is not an integer");
    if (v < lo || v > hi) {
        if (lo == 0 && v < 0)
            return bad(T, k, WO_ERANGE, "is negative");
        snprintf(expect, sizeof expect, "is outside [%ld, %ld]", lo, hi);
        return bad(T, k, WO_ERANGE, expect);
    }
    *out = v;
    return WO_OK;
}

static int get_bool(const tbl *T, int k, int def, int *out)
{
    const char *s = cell(T, k);
    if (!s[0])
        *out = def;
    else if (!strcmp(s, "1") || !strcasecmp(s, "true") ||
             !strcasecmp(s, "yes"))
        *out = 1;
    else if (!strcmp(s, "0") || !strcasecmp(s, "false") ||
             !strcasecmp(s, "no"))
        *out = 0;
    else
        return bad(T, k, WO_EPARSE, "is not a boolean (0, 1, true, false)");
    return WO_OK;
}

/* Time of day HH:MM[:SS]; empty -> def unless REQ. */
static int get_time(const tbl *T, int k, int flags, double def, double *out)
{
    const char *s = cell(T, k);
    if (!s[0]) {
        if (flags & REQ)
            return need(T, k);
        *out = def;
        return WO_OK;
    }
    if (wo_parse_hhmm(s, out) != WO_OK)
        return bad(T, k, WO_EPARSE, "is not a time of day HH:MM");
    return WO_OK;
}

/* Split s at `sep` into at most max parts copied into buf (each part
 * trimmed); returns the count, or -1 when there are more than max parts or
 * a part is too long. */
static int split(const char *s, char sep, char parts[][80], int max)
{
    int n = 0;
    while (1) {
        const char *e = strchr(s, sep);
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (n == max || len >= 80)
            return -1;
        memcpy(parts[n], s, len);
        parts[n][len] = '\0';
        n++;
        if (!e)
            return n;
        s = e + 1;
    }
}

/* Time windows "HH:MM-HH:MM;..." (sorted, disjoint, close > open). */
static int get_tws(const tbl *T, int k, int *n_tw, wo_tw *tw)
{
    char parts[WO_MAX_TW][80];
    int n, i;
    const char *s = cell(T, k);
    if (!s[0])
        return WO_OK;
    n = split(s, ';', parts, WO_MAX_TW);
    if (n < 0)
        return bad(T, k, WO_EPARSE,
                   "is not at most 4 time windows HH:MM-HH:MM separated by "
                   "';'");
    for (i = 0; i < n; i++) {
        char *dash = strchr(parts[i], '-');
        if (!dash)
            return bad(T, k, WO_EPARSE,
                       "is not a list of time windows HH:MM-HH:MM");
        *dash = '\0';
        if (wo_parse_hhmm(parts[i], &tw[i].open_s) != WO_OK ||
            wo_parse_hhmm(dash + 1, &tw[i].close_s) != WO_OK)
            return bad(T, k, WO_EPARSE,
                       "is not a list of time windows HH:MM-HH:MM");
        if (tw[i].close_s <= tw[i].open_s)
            return bad(T, k, WO_ERANGE,
                       "has a window that closes before it opens (write "
                       "22:00-26:00 for one past midnight)");
        if (i > 0 && tw[i].open_s < tw[i - 1].close_s)
            return bad(T, k, WO_ERANGE,
                       "has windows that overlap or are not in order");
    }
    *n_tw = n;
    return WO_OK;
}

/* Stream list "a;b" of known stream codes, residue streams included. */
static int get_streams(const tbl *T, int k, wo_stream_mask *out)
{
    char parts[WO_STREAM_COUNT][80];
    wo_stream_mask m = 0;
    int n, i;
    const char *s = cell(T, k);
    if (!s[0])
        return need(T, k);
    n = split(s, ';', parts, WO_STREAM_COUNT);
    if (n < 0)
        return bad(T, k, WO_EPARSE, "is not a ';'-separated list of streams");
    for (i = 0; i < n; i++) {
        wo_stream st;
        if (wo_stream_parse(parts[i], &st) != WO_OK) {
            char expect[256];
            snprintf(expect, sizeof expect,
                     "has '%.79s', which is not a known stream code",
                     parts[i]);
            return bad(T, k, WO_EPARSE, expect);
        }
        m |= WO_STREAM_BIT(st);
    }
    *out = m;
    return WO_OK;
}

/* Enumerated code of vocabulary v; `what` names it in messages. */
static int get_code(const tbl *T, int k, int flags, int def, wo_vocab v,
                    const char *what, int *out)
{
    const char *s = cell(T, k);
    char expect[600], list[480];
    if (!s[0]) {
        if (flags & REQ)
            return need(T, k);
        *out = def;
        return WO_OK;
    }
    if ((*out = wo_vocab_parse(v, s)) < 0) {
        if (v == WO_VOCAB_STREAM)
            snprintf(expect, sizeof expect, "is not a known stream code");
        else
            snprintf(expect, sizeof expect, "is not %s (%s)", what,
                     wo_vocab_list(v, list, sizeof list));
        return bad(T, k, WO_EPARSE, expect);
    }
    return WO_OK;
}

/* Reference to an id of another table through its map. */
static int get_ref(const tbl *T, int k, int flags, const idmap *m,
                   const char *what, int *out)
{
    const char *s = cell(T, k);
    char expect[256];
    if (!s[0]) {
        if (flags & REQ)
            return need(T, k);
        *out = -1;
        return WO_OK;
    }
    if ((*out = map_get(m, s)) < 0) {
        snprintf(expect, sizeof expect, "is not %s", what);
        return bad(T, k, WO_ENOTFOUND, expect);
    }
    return WO_OK;
}

/* Duplicate id check through map: lines[] gives the line of each index. */
static int check_dup(const tbl *T, int k, idmap *m, const char *id, int idx,
                     const int *line_of_idx)
{
    int prev = map_put(m, id, idx);
    char expect[64];
    if (prev >= 0) {
        snprintf(expect, sizeof expect, "duplicates line %d",
                 line_of_idx[prev]);
        return bad(T, k, WO_EDUP, expect);
    }
    return WO_OK;
}

/* lon / lat columns with uncertainty into a point. */
static int get_point(const tbl *T, int k_lon, int k_lat, int k_unc,
                     wo_datum datum, wo_point *p)
{
    int rc;
    if ((rc = get_num(T, k_lon, REQ, 0, -180, 180, &p->lon_deg)) != WO_OK ||
        (rc = get_num(T, k_lat, REQ, 0, -90, 90, &p->lat_deg)) != WO_OK ||
        (rc = get_num(T, k_unc, OPT, 0, 0, WO_RANGE_UNCERTAINTY_M_MAX,
                        &p->uncertainty_m)) !=
            WO_OK)
        return rc;
    p->datum = datum;
    return WO_OK;
}

/* ---------------------------------------------------------------- tables */

/* Open table t: read, parse, map the columns of spec (missing required ->
 * error, unknown -> warning). *present = 0 for an absent optional table. */
static int open_table(wo_ld *L, wo_table t, const colspec *spec, int ncol,
                      tbl *T, int *present)
{
    const char *file = L->sc->files[t];
    char *text = NULL;
    size_t len;
    int rc, k, c;
    memset(T, 0, sizeof *T);
    T->L = L;
    T->file = file;
    T->spec = spec;
    T->ncol = ncol;
    *present = 0;
    if (!file[0])
        return WO_OK;
    if ((rc = wo_ld_read(L, wo_ld_table_key(t), file, &text, &len)) != WO_OK)
        return rc;
    rc = wo_csv_parse(file, text, len, &T->csv, L->err);
    wo_free(text);
    if (rc != WO_OK)
        return rc;
    *present = 1;
    for (k = 0; k < ncol; k++) {
        T->col[k] = wo_csv_col(T->csv, spec[k].name);
        if (T->col[k] < 0 && spec[k].required)
            return wo_err_set(L->err, WO_EPARSE,
                              "%s:1: missing required column '%s'", file,
                              spec[k].name);
    }
    for (c = 0; c < wo_csv_ncols(T->csv); c++) {
        const char *name = wo_csv_colname(T->csv, c);
        for (k = 0; k < ncol; k++)
            if (!strcmp(name, spec[k].name))
                break;
        if (k == ncol && wo_ld_warn(L, "%s:1: unknown column '%s' ignored",
                                    file, name) != WO_OK)
            return WO_ENOMEM;
    }
    if (wo_csv_nrows(T->csv) > WO_SCENARIO_MAX_ROWS)
        return wo_err_set(L->err, WO_ETOOBIG, "%s: more than %d records", file,
                          WO_SCENARIO_MAX_ROWS);
    return WO_OK;
}

static void close_table(tbl *T)
{
    wo_csv_free(T->csv);
    T->csv = NULL;
}

static void row(tbl *T, int r)
{
    T->r = r;
    T->line = wo_csv_line(T->csv, r);
}

/* Map of ids of an already loaded array (first member of each element). */
static int map_of(idmap *m, const void *base, int n, size_t stride)
{
    const char *p = base;
    int i, rc;
    if ((rc = map_init(m, n)) != WO_OK)
        return rc;
    for (i = 0; i < n; i++, p += stride)
        map_put(m, *(const char *const *)(const void *)p, i);
    return WO_OK;
}

/* A table with at least one record. */
static int need_rows(tbl *T)
{
    if (wo_csv_nrows(T->csv) == 0)
        return wo_err_set(T->L->err, WO_EPARSE,
                          "%s: no records after the header", T->file);
    return WO_OK;
}

#define NOMEM_IF(x)                                                           \
    do {                                                                      \
        if (!(x)) {                                                           \
            rc = WO_ENOMEM;                                                   \
            goto out;                                                         \
        }                                                                     \
    } while (0)

/* Districts map for the optional `district` column. */
static int district_map(wo_ld *L, idmap *m)
{
    return map_of(m, L->sc->districts, L->sc->n_districts,
                  sizeof *L->sc->districts);
}

/* A table of named entities: id in spec column 0, name in column 1. */
typedef struct ent {
    tbl T;      /* the table                              */
    void *arr;  /* the array allocated for its rows       */
    idmap ids;  /* id -> row, for duplicate detection     */
    idmap dist; /* district id -> district index          */
    int *lines; /* line of each row                       */
    int n;      /* number of rows                         */
} ent;

/* Open an entity table with at least one row and allocate E->arr for its
 * rows of elem bytes (the caller takes E->arr even on failure). */
static int ent_open(wo_ld *L, wo_table t, const colspec *spec, int ncol,
                    size_t elem, ent *E)
{
    int rc, present;
    memset(E, 0, sizeof *E);
    if ((rc = open_table(L, t, spec, ncol, &E->T, &present)) != WO_OK ||
        (rc = need_rows(&E->T)) != WO_OK)
        return rc;
    E->n = wo_csv_nrows(E->T.csv);
    if (!(E->arr = wo_calloc((size_t)E->n, elem)) ||
        !(E->lines = wo_calloc((size_t)E->n, sizeof *E->lines)))
        return WO_ENOMEM;
    if ((rc = map_init(&E->ids, E->n)) != WO_OK)
        return rc;
    return district_map(L, &E->dist);
}

/* Start row r: its line, a unique id and a name (the id when empty). */
static int ent_row(ent *E, int r, char **id, char **name, int *line)
{
    const char *s;
    int rc;
    row(&E->T, r);
    *line = E->lines[r] = E->T.line;
    if ((rc = get_id(&E->T, 0, &s)) != WO_OK ||
        (rc = check_dup(&E->T, 0, &E->ids, s, r, E->lines)) != WO_OK)
        return rc;
    if (!(*id = wo_ld_strdup(E->T.L, s)))
        return WO_ENOMEM;
    if ((rc = get_text(&E->T, 1, OPT, &s)) != WO_OK)
        return rc;
    if (!(*name = wo_ld_strdup(E->T.L, s[0] ? s : *id)))
        return WO_ENOMEM;
    return WO_OK;
}

static void ent_close(ent *E)
{
    wo_free(E->lines);
    map_free(&E->ids);
    map_free(&E->dist);
    close_table(&E->T);
}

enum {
    F_ID,
    F_NAME,
    F_KIND,
    F_STATUS,
    F_DISTRICT,
    F_LON,
    F_LAT,
    F_UNC,
    F_OPEN,
    F_CLOSE,
    F_UNLOAD,
    F_FIXED,
    F_N
};
static const colspec fac_cols[F_N] = {
    {"id", REQ},       {"name", OPT},
    {"kind", REQ},     {"status", OPT},
    {"district", OPT}, {"lon", REQ},
    {"lat", REQ},      {"coord_uncertainty_m", OPT},
    {"open", OPT},     {"close", OPT},
    {"unload_s", OPT}, {"fixed_cost_cny_per_year", OPT}};

int wo_ld_facilities(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    int v;
    ent E;
    int rc, r;
    rc = ent_open(L, WO_TABLE_FACILITIES, fac_cols, F_N,
                  sizeof *sc->facilities, &E);
    sc->facilities = E.arr;
    if (rc != WO_OK)
        goto out;
    for (r = 0; r < E.n; r++) {
        wo_facility *f = &sc->facilities[r];
        if ((rc = ent_row(&E, r, &f->id, &f->name, &f->line)) != WO_OK)
            goto out;
        if ((rc = get_code(&E.T, F_KIND, REQ, 0, WO_VOCAB_FACILITY_KIND,
                           "a facility kind", &v)) != WO_OK)
            goto out;
        f->kind = (wo_facility_kind)v;
        if ((rc = get_code(&E.T, F_STATUS, OPT, WO_FSTATUS_OPERATING,
                           WO_VOCAB_FACILITY_STATUS, "a facility status",
                           &v)) != WO_OK)
            goto out;
        f->status = (wo_facility_status)v;
        if ((rc = get_ref(&E.T, F_DISTRICT, OPT, &E.dist,
                          "a district of the districts file", &f->district)) !=
                WO_OK ||
            (rc = get_point(&E.T, F_LON, F_LAT, F_UNC,
                            sc->datums[WO_TABLE_FACILITIES], &f->pos)) !=
                WO_OK ||
            (rc = get_time(&E.T, F_OPEN, OPT, 0, &f->open_s)) != WO_OK ||
            (rc = get_time(&E.T, F_CLOSE, OPT, 86400, &f->close_s)) != WO_OK)
            goto out;
        if (f->close_s <= f->open_s) {
            char expect[80];
            snprintf(expect, sizeof expect, "is not after open (%s)",
                     cell(&E.T, F_OPEN));
            rc = bad(&E.T, F_CLOSE, WO_ERANGE, expect);
            goto out;
        }
        if ((rc = get_num(&E.T, F_UNLOAD, OPT, 900, 0, 86400, &f->unload_s)) !=
                WO_OK ||
            (rc = get_num(&E.T, F_FIXED, OPT, 0, 0,
                          WO_RANGE_COST_CNY_PER_YEAR_MAX,
                          &f->fixed_cost_cny_per_year)) != WO_OK)
            goto out;
        sc->n_facilities = r + 1;
    }
out:
    ent_close(&E);
    return rc;
}

enum {
    P_FAC,
    P_ID,
    P_TREAT,
    P_STREAMS,
    P_CAP,
    P_MIN,
    P_COST,
    P_REV,
    P_RES,
    P_N
};
static const colspec proc_cols[P_N] = {
    {"facility_id", REQ},      {"process_id", REQ},
    {"treatment", REQ},        {"streams", REQ},
    {"capacity_t_per_d", REQ}, {"min_load_t_per_d", OPT},
    {"cost_cny_per_t", OPT},   {"revenue_cny_per_t", OPT},
    {"residues", OPT}};

/* residues "stream:fraction;..." */
static int get_residues(const tbl *T, int k, wo_process *p)
{
    char parts[WO_MAX_RESIDUES][80];
    double sum = 0;
    int n, i;
    const char *s = cell(T, k);
    if (!s[0])
        return WO_OK;
    n = split(s, ';', parts, WO_MAX_RESIDUES);
    if (n < 0)
        return bad(
            T, k, WO_EPARSE,
            "is not at most 4 entries stream:fraction separated by ';'");
    for (i = 0; i < n; i++) {
        char *colon = strchr(parts[i], ':');
        char expect[256];
        wo_stream st;
        double f;
        if (!colon)
            return bad(T, k, WO_EPARSE,
                       "is not a list of stream:fraction entries");
        *colon = '\0';
        if (wo_stream_parse(parts[i], &st) != WO_OK ||
            wo_stream_get(st)->family != WO_FAMILY_RESIDUE) {
            snprintf(expect, sizeof expect,
                     "has '%.79s', which is not a residue stream (bottom_ash, "
                     "fly_ash, sludge, digestate, reject)",
                     parts[i]);
            return bad(T, k, WO_EPARSE, expect);
        }
        if (wo_parse_double(colon + 1, &f) != WO_OK || f < 0 || f > 1) {
            snprintf(expect, sizeof expect,
                     "has fraction '%.40s', which is not a number in [0, 1]",
                     colon + 1);
            return bad(T, k, WO_ERANGE, expect);
        }
        sum += f;
        p->residues[i].stream = st;
        p->residues[i].fraction = f;
    }
    if (sum > 1.0 + 1e-9)
        return bad(T, k, WO_ERANGE,
                   "has fractions that add up to more than 1");
    p->n_residues = n;
    return WO_OK;
}

/* Stable order of processes by facility (counting sort). */
static int group_processes(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    wo_process *sorted;
    int *count, i;
    if (!(count = wo_calloc((size_t)sc->n_facilities + 1, sizeof *count)))
        return WO_ENOMEM;
    if (!(sorted = wo_malloc((size_t)(sc->n_processes ? sc->n_processes : 1) *
                             sizeof *sorted))) {
        wo_free(count);
        return WO_ENOMEM;
    }
    for (i = 0; i < sc->n_processes; i++)
        count[sc->processes[i].facility + 1]++;
    for (i = 0; i < sc->n_facilities; i++) {
        sc->facilities[i].process_first = count[i];
        sc->facilities[i].process_count = count[i + 1];
        count[i + 1] += count[i];
    }
    for (i = 0; i < sc->n_processes; i++)
        sorted[count[sc->processes[i].facility]++] = sc->processes[i];
    wo_free(sc->processes);
    sc->processes = sorted;
    wo_free(count);
    return WO_OK;
}

int wo_ld_processes(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    idmap fac = {0};
    tbl T;
    int rc, present, r, n, v, i, j, k;
    if ((rc = open_table(L, WO_TABLE_PROCESSES, proc_cols, P_N, &T,
                         &present)) != WO_OK ||
        (rc = need_rows(&T)) != WO_OK)
        goto out;
    n = wo_csv_nrows(T.csv);
    NOMEM_IF(sc->processes = wo_calloc((size_t)n, sizeof *sc->processes));
    if ((rc = map_of(&fac, sc->facilities, sc->n_facilities,
                     sizeof *sc->facilities)) != WO_OK)
        goto out;
    for (r = 0; r < n; r++) {
        wo_process *p = &sc->processes[r];
        const char *s;
        double t;
        row(&T, r);
        p->line = T.line;
        if ((rc = get_ref(&T, P_FAC, REQ, &fac,
                          "a facility of the facilities file",
                          &p->facility)) != WO_OK ||
            (rc = get_id(&T, P_ID, &s)) != WO_OK)
            goto out;
        NOMEM_IF(p->id = wo_ld_strdup(L, s));
        if ((rc = get_code(&T, P_TREAT, REQ, 0, WO_VOCAB_TREATMENT,
                           "a treatment", &v)) != WO_OK)
            goto out;
        p->treatment = (wo_treatment)v;
        if ((rc = get_streams(&T, P_STREAMS, &p->streams)) != WO_OK ||
            (rc = get_num(&T, P_CAP, REQ, 0, WO_RANGE_CAPACITY_T_MIN,
                          WO_RANGE_CAPACITY_T_MAX, &t)) != WO_OK)
            goto out;
        p->capacity_kg_per_d = t * 1000.0;
        if ((rc = get_num(&T, P_MIN, OPT, 0, 0, WO_RANGE_CAPACITY_T_MAX, &t)) != WO_OK)
            goto out;
        p->min_load_kg_per_d = t * 1000.0;
        if (p->min_load_kg_per_d > p->capacity_kg_per_d) {
            rc = bad(&T, P_MIN, WO_ERANGE, "is above capacity_t_per_d");
            goto out;
        }
        if ((rc = get_num(&T, P_COST, OPT, 0, 0, WO_RANGE_COST_CNY_MAX,
                          &p->cost_cny_per_t)) != WO_OK ||
            (rc = get_num(&T, P_REV, OPT, 0, 0, WO_RANGE_COST_CNY_MAX,
                          &p->revenue_cny_per_t)) != WO_OK ||
            (rc = get_residues(&T, P_RES, p)) != WO_OK)
            goto out;
        sc->facilities[p->facility].streams |= p->streams;
        sc->n_processes = r + 1;
    }
    if ((rc = group_processes(L)) != WO_OK)
        goto out;
    for (i = 0; i < sc->n_facilities; i++) {
        const wo_facility *f = &sc->facilities[i];
        if (f->process_count == 0) {
            rc = wo_err_set(
                L->err, WO_EPARSE, "%s:%d: facility '%s' has no process in %s",
                sc->files[WO_TABLE_FACILITIES], f->line, f->id, T.file);
            goto out;
        }
        for (j = f->process_first + 1; j < f->process_first + f->process_count;
             j++)
            for (k = f->process_first; k < j; k++)
                if (!strcmp(sc->processes[j].id, sc->processes[k].id)) {
                    rc =
                        wo_err_set(L->err, WO_EDUP,
                                   "%s:%d: column 'process_id': '%s' "
                                   "duplicates line %d (same facility)",
                                   T.file, sc->processes[j].line,
                                   sc->processes[j].id, sc->processes[k].line);
                    goto out;
                }
    }
out:
    map_free(&fac);
    close_table(&T);
    return rc;
}

enum { C_FAC, C_PROC, C_LEVEL, C_CAP, C_COST, C_N };
static const colspec lvl_cols[C_N] = {{"facility_id", REQ},
                                      {"process_id", REQ},
                                      {"level", REQ},
                                      {"capacity_t_per_d", REQ},
                                      {"fixed_cost_cny_per_year", REQ}};

int wo_ld_capacity_levels(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    idmap fac = {0};
    tbl T;
    int rc, present, r, n, j;
    if ((rc = open_table(L, WO_TABLE_CAPACITY_LEVELS, lvl_cols, C_N, &T,
                         &present)) != WO_OK ||
        !present)
        goto out;
    n = wo_csv_nrows(T.csv);
    NOMEM_IF(sc->levels = wo_calloc((size_t)(n ? n : 1), sizeof *sc->levels));
    if ((rc = map_of(&fac, sc->facilities, sc->n_facilities,
                     sizeof *sc->facilities)) != WO_OK)
        goto out;
    for (r = 0; r < n; r++) {
        wo_capacity_level *c = &sc->levels[r];
        const wo_facility *f;
        const char *s;
        double t;
        row(&T, r);
        c->line = T.line;
        if ((rc = get_ref(&T, C_FAC, REQ, &fac,
                          "a facility of the facilities file",
                          &c->facility)) != WO_OK ||
            (rc = get_id(&T, C_PROC, &s)) != WO_OK)
            goto out;
        f = &sc->facilities[c->facility];
        c->process = -1;
        for (j = f->process_first; j < f->process_first + f->process_count;
             j++)
            if (!strcmp(sc->processes[j].id, s))
                c->process = j;
        if (c->process < 0) {
            rc = bad(&T, C_PROC, WO_ENOTFOUND,
                     "is not a process of that facility");
            goto out;
        }
        if ((rc = get_id(&T, C_LEVEL, &s)) != WO_OK)
            goto out;
        NOMEM_IF(c->level = wo_ld_strdup(L, s));
        for (j = 0; j < r; j++)
            if (sc->levels[j].process == c->process &&
                !strcmp(sc->levels[j].level, c->level)) {
                char expect[64];
                snprintf(expect, sizeof expect,
                         "duplicates line %d (same process)",
                         sc->levels[j].line);
                rc = bad(&T, C_LEVEL, WO_EDUP, expect);
                goto out;
            }
        if ((rc = get_num(&T, C_CAP, REQ, 0, WO_RANGE_CAPACITY_T_MIN,
                          WO_RANGE_CAPACITY_T_MAX, &t)) != WO_OK ||
            (rc = get_num(&T, C_COST, REQ, 0, 0, WO_RANGE_COST_CNY_PER_YEAR_MAX,
                          &c->fixed_cost_cny_per_year)) != WO_OK)
            goto out;
        c->capacity_kg_per_d = t * 1000.0;
        sc->n_levels = r + 1;
    }
out:
    map_free(&fac);
    close_table(&T);
    return rc;
}

enum { D_ID, D_NAME, D_DISTRICT, D_LON, D_LAT, D_UNC, D_N };
static const colspec depot_cols[D_N] = {
    {"id", REQ},  {"name", OPT}, {"district", OPT},
    {"lon", REQ}, {"lat", REQ},  {"coord_uncertainty_m", OPT}};

int wo_ld_depots(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    ent E;
    int rc, r;
    rc = ent_open(L, WO_TABLE_DEPOTS, depot_cols, D_N, sizeof *sc->depots, &E);
    sc->depots = E.arr;
    if (rc != WO_OK)
        goto out;
    for (r = 0; r < E.n; r++) {
        wo_depot *d = &sc->depots[r];
        if ((rc = ent_row(&E, r, &d->id, &d->name, &d->line)) != WO_OK)
            goto out;
        if ((rc = get_ref(&E.T, D_DISTRICT, OPT, &E.dist,
                          "a district of the districts file", &d->district)) !=
                WO_OK ||
            (rc = get_point(&E.T, D_LON, D_LAT, D_UNC,
                            sc->datums[WO_TABLE_DEPOTS], &d->pos)) != WO_OK)
            goto out;
        sc->n_depots = r + 1;
    }
out:
    ent_close(&E);
    return rc;
}

enum {
    V_ID,
    V_NAME,
    V_STREAMS,
    V_COUNT,
    V_DEPOT,
    V_END,
    V_CAPKG,
    V_CAPM3,
    V_SPEED,
    V_SFACTOR,
    V_CKM,
    V_CH,
    V_FIXED,
    V_SSTART,
    V_SEND,
    V_SMAX,
    V_BREAK,
    V_BEARLY,
    V_BLATE,
    V_MAXSTOPS,
    V_MAXLOAD,
    V_TRIPS,
    V_GROSS,
    V_CO2,
    V_COMPACT,
    V_ROLE,
    V_N
};
static const colspec vt_cols[V_N] = {{"id", REQ},
                                     {"name", OPT},
                                     {"streams", REQ},
                                     {"count", REQ},
                                     {"depot_id", REQ},
                                     {"end_depot_id", OPT},
                                     {"capacity_kg", REQ},
                                     {"capacity_m3", REQ},
                                     {"speed_kmh", OPT},
                                     {"speed_factor", OPT},
                                     {"cost_cny_per_km", OPT},
                                     {"cost_cny_per_h", OPT},
                                     {"fixed_cost_cny", OPT},
                                     {"shift_start", REQ},
                                     {"shift_end", REQ},
                                     {"shift_max_h", OPT},
                                     {"break_min", OPT},
                                     {"break_earliest", OPT},
                                     {"break_latest", OPT},
                                     {"max_stops", OPT},
                                     {"max_load_kg_per_day", OPT},
                                     {"trips_per_day", OPT},
                                     {"gross_weight_t", OPT},
                                     {"co2_kg_per_km", OPT},
                                     {"compaction_kg_per_m3", OPT},
                                     {"role", OPT}};

static int vt_times(tbl *T, wo_vehicle_type *v)
{
    char expect[96];
    double h, m;
    int rc;
    if ((rc = get_time(T, V_SSTART, REQ, 0, &v->shift_start_s)) != WO_OK ||
        (rc = get_time(T, V_SEND, REQ, 0, &v->shift_end_s)) != WO_OK)
        return rc;
    if (v->shift_end_s <= v->shift_start_s) {
        snprintf(expect, sizeof expect,
                 "is not after shift_start (%s; write 30:00 for 06:00 the "
                 "next day)",
                 cell(T, V_SSTART));
        return bad(T, V_SEND, WO_ERANGE, expect);
    }
    if ((rc = get_num(T, V_SMAX, OPT | GT, 0, 0, 48, &h)) != WO_OK)
        return rc;
    v->shift_max_s = h * 3600.0;
    if (v->shift_max_s > v->shift_end_s - v->shift_start_s + 1e-6)
        return bad(T, V_SMAX, WO_ERANGE,
                   "is longer than the shift window shift_start-shift_end");
    if ((rc = get_num(T, V_BREAK, OPT, 0, 0, 600, &m)) != WO_OK)
        return rc;
    v->break_s = m * 60.0;
    if (v->break_s > 0) {
        if ((rc = get_time(T, V_BEARLY, REQ, 0, &v->break_earliest_s)) !=
                WO_OK ||
            (rc = get_time(T, V_BLATE, REQ, 0, &v->break_latest_s)) != WO_OK)
            return rc;
        if (v->break_latest_s < v->break_earliest_s) {
            snprintf(expect, sizeof expect, "is before break_earliest (%s)",
                     cell(T, V_BEARLY));
            return bad(T, V_BLATE, WO_ERANGE, expect);
        }
    }
    return WO_OK;
}

/* The optional compaction factor: empty or 0 is none, else a load
 * density in [WO_RANGE_COMPACTION_MIN, WO_RANGE_COMPACTION_MAX] kg/m3. */
static int vt_compaction(tbl *T, wo_vehicle_type *v)
{
    char expect[128];
    int rc = get_num(T, V_COMPACT, OPT, 0, 0, WO_RANGE_COMPACTION_MAX,
                     &v->compaction_kg_per_m3);
    if (rc != WO_OK)
        return rc;
    if (v->compaction_kg_per_m3 > 0 &&
        v->compaction_kg_per_m3 < WO_RANGE_COMPACTION_MIN) {
        snprintf(expect, sizeof expect,
                 "is below %.0f kg/m3: no loaded body is that light (kg per "
                 "m3 loaded; 0 or empty: no compaction)",
                 WO_RANGE_COMPACTION_MIN);
        return bad(T, V_COMPACT, WO_ERANGE, expect);
    }
    return WO_OK;
}

/* The `role` column: collection (default), transfer or haul. A haul type
 * carries only the streams that move in full loads: from their sites
 * (cd_spoil, cd_slurry) and from the plants that yield them (the residue
 * streams). */
static int vt_role(tbl *T, wo_vehicle_type *v)
{
    wo_stream_mask loads =
        WO_STREAM_BIT(WO_STREAM_CD_SPOIL) | WO_STREAM_BIT(WO_STREAM_CD_SLURRY);
    int role, rc, s;
    for (s = WO_STREAM_PRIMARY_COUNT; s < WO_STREAM_COUNT; s++)
        loads |= WO_STREAM_BIT(s);
    if ((rc = get_code(T, V_ROLE, OPT, WO_ROLE_COLLECTION,
                       WO_VOCAB_VEHICLE_ROLE, "a vehicle role", &role)) !=
        WO_OK)
        return rc;
    v->role = (wo_vehicle_role)role;
    if (v->role == WO_ROLE_HAUL && (v->streams & ~loads))
        return bad(T, V_ROLE, WO_ERANGE,
                   "needs streams cd_spoil, cd_slurry and/or residue streams "
                   "(bottom_ash, fly_ash, sludge, digestate, reject) only "
                   "(the others are collected on routes or moved by "
                   "transfer vehicles)");
    return WO_OK;
}

int wo_ld_vehicle_types(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    idmap dep = {0};
    ent E;
    int rc, r;
    rc = ent_open(L, WO_TABLE_VEHICLE_TYPES, vt_cols, V_N,
                  sizeof *sc->vehicle_types, &E);
    sc->vehicle_types = E.arr;
    if (rc == WO_OK)
        rc = map_of(&dep, sc->depots, sc->n_depots, sizeof *sc->depots);
    if (rc != WO_OK)
        goto out;
    for (r = 0; r < E.n; r++) {
        wo_vehicle_type *v = &sc->vehicle_types[r];
        long i;
        double t;
        if ((rc = ent_row(&E, r, &v->id, &v->name, &v->line)) != WO_OK)
            goto out;
        if ((rc = get_streams(&E.T, V_STREAMS, &v->streams)) != WO_OK ||
            (rc = get_int(&E.T, V_COUNT, REQ, 0, 0, WO_RANGE_FLEET_COUNT_MAX,
                         &i)) != WO_OK)
            goto out;
        v->count = (int)i;
        if ((rc = get_ref(&E.T, V_DEPOT, REQ, &dep,
                          "a depot of the depots file", &v->start_depot)) !=
                WO_OK ||
            (rc = get_ref(&E.T, V_END, OPT, &dep, "a depot of the depots file",
                          &v->end_depot)) != WO_OK)
            goto out;
        if (v->end_depot < 0)
            v->end_depot = v->start_depot;
        if ((rc = get_num(&E.T, V_CAPKG, REQ, 0, WO_RANGE_VEHICLE_KG_MIN,
                          WO_RANGE_VEHICLE_KG_MAX,
                          &v->capacity_kg)) != WO_OK ||
            (rc = get_num(&E.T, V_CAPM3, REQ, 0, WO_RANGE_VEHICLE_M3_MIN,
                          WO_RANGE_VEHICLE_M3_MAX,
                          &v->capacity_m3)) != WO_OK ||
            (rc = get_num(&E.T, V_SPEED, OPT, 30, WO_RANGE_SPEED_KMH_MIN,
                          WO_RANGE_SPEED_KMH_MAX,
                          &v->speed_kmh)) != WO_OK ||
            (rc = get_num(&E.T, V_SFACTOR, OPT, 1, 0.5, 10,
                          &v->speed_factor)) != WO_OK ||
            (rc = get_num(&E.T, V_CKM, OPT, 0, 0, WO_RANGE_COST_CNY_MAX,
                          &v->cost_cny_per_km)) != WO_OK ||
            (rc = get_num(&E.T, V_CH, OPT, 0, 0, WO_RANGE_COST_CNY_MAX,
                          &v->cost_cny_per_h)) != WO_OK ||
            (rc = get_num(&E.T, V_FIXED, OPT, 0, 0, WO_RANGE_COST_CNY_MAX,
                          &v->fixed_cost_cny)) != WO_OK ||
            (rc = vt_times(&E.T, v)) != WO_OK ||
            (rc = get_int(&E.T, V_MAXSTOPS, OPT, 0, 0, 100000, &i)) != WO_OK)
            goto out;
        v->max_stops = (int)i;
        if ((rc = get_num(&E.T, V_MAXLOAD, OPT, 0, 0, 1e8,
                          &v->max_load_kg_per_day)) != WO_OK ||
            (rc = get_int(&E.T, V_TRIPS, OPT, 1, 1, 20, &i)) != WO_OK)
            goto out;
        v->trips_per_day = (int)i;
        if ((rc = get_num(&E.T, V_GROSS, OPT, 0, 0, 200, &t)) != WO_OK ||
            (rc = get_num(&E.T, V_CO2, OPT, 0, 0, 100, &v->co2_kg_per_km)) !=
                WO_OK)
            goto out;
        v->gross_weight_kg = t * 1000.0;
        if ((rc = vt_compaction(&E.T, v)) != WO_OK ||
            (rc = vt_role(&E.T, v)) != WO_OK)
            goto out;
        sc->n_vehicle_types = r + 1;
    }
out:
    map_free(&dep);
    ent_close(&E);
    return rc;
}

enum {
    S_ID,
    S_NAME,
    S_KIND,
    S_DISTRICT,
    S_AREA,
    S_LON,
    S_LAT,
    S_UNC,
    S_SERVICE,
    S_TW,
    S_STORAGE,
    S_N
};
static const colspec site_cols[S_N] = {{"id", REQ},
                                       {"name", OPT},
                                       {"kind", REQ},
                                       {"district", OPT},
                                       {"area", OPT},
                                       {"lon", REQ},
                                       {"lat", REQ},
                                       {"coord_uncertainty_m", OPT},
                                       {"service_s", OPT},
                                       {"time_windows", OPT},
                                       {"storage_capacity_kg", OPT}};

int wo_ld_sites(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    int v;
    ent E;
    int rc, r;
    rc = ent_open(L, WO_TABLE_SITES, site_cols, S_N, sizeof *sc->sites, &E);
    sc->sites = E.arr;
    if (rc != WO_OK)
        goto out;
    for (r = 0; r < E.n; r++) {
        wo_site *s = &sc->sites[r];
        const char *t;
        if ((rc = ent_row(&E, r, &s->id, &s->name, &s->line)) != WO_OK)
            goto out;
        if ((rc = get_code(&E.T, S_KIND, REQ, 0, WO_VOCAB_SITE_KIND,
                           "a site kind", &v)) != WO_OK)
            goto out;
        s->kind = (wo_site_kind)v;
        if ((rc = get_ref(&E.T, S_DISTRICT, OPT, &E.dist,
                          "a district of the districts file", &s->district)) !=
            WO_OK)
            goto out;
        t = cell(&E.T, S_AREA);
        if (!t[0] || !strcmp(t, "urban")) {
            s->rural = 0;
        } else if (!strcmp(t, "rural")) {
            s->rural = 1;
        } else {
            rc = bad(&E.T, S_AREA, WO_EPARSE, "is not 'urban' or 'rural'");
            goto out;
        }
        if ((rc = get_point(&E.T, S_LON, S_LAT, S_UNC,
                            sc->datums[WO_TABLE_SITES], &s->pos)) != WO_OK ||
            (rc = get_num(&E.T, S_SERVICE, OPT, 0, 0, 86400, &s->service_s)) !=
                WO_OK ||
            (rc = get_tws(&E.T, S_TW, &s->n_tw, s->tw)) != WO_OK ||
            (rc = get_num(&E.T, S_STORAGE, OPT, 0, 0, 1e9,
                          &s->storage_capacity_kg)) != WO_OK)
            goto out;
        sc->n_sites = r + 1;
    }
out:
    ent_close(&E);
    return rc;
}

enum {
    M_SITE,
    M_STREAM,
    M_KG,
    M_M3,
    M_NEED,
    M_FREQ,
    M_STORE,
    M_SERVICE,
    M_TW,
    M_OPT,
    M_PEN,
    M_MONTHS,
    M_DATE,
    M_N
};
static const colspec dem_cols[M_N] = {{"site_id", REQ},
                                      {"stream", REQ},
                                      {"kg_per_day", REQ},
                                      {"m3_per_day", OPT},
                                      {"need_kg_per_day", OPT},
                                      {"frequency_d", OPT},
                                      {"storage_limit_d", OPT},
                                      {"service_s", OPT},
                                      {"time_windows", OPT},
                                      {"optional", OPT},
                                      {"penalty_cny", OPT},
                                      {"months", OPT},
                                      {"date", OPT}};

/* months "5-6;9-10" -> bit mask. */
static int get_months(const tbl *T, int k, unsigned *out)
{
    char parts[12][80];
    unsigned mask = 0;
    int n, i;
    const char *s = cell(T, k);
    if (!s[0]) {
        *out = 0xFFFu;
        return WO_OK;
    }
    n = split(s, ';', parts, 12);
    for (i = 0; i < n; i++) {
        char *dash = strchr(parts[i], '-');
        long a, b;
        if (dash)
            *dash = '\0';
        if (wo_parse_long(parts[i], &a) != WO_OK ||
            (dash && wo_parse_long(dash + 1, &b) != WO_OK))
            n = -1;
        else if (!dash)
            b = a;
        if (n < 0 || a < 1 || a > 12 || b < 1 || b > 12)
            return bad(T, k, WO_EPARSE,
                       "is not a list of months 1-12 or ranges like 5-6, "
                       "separated by ';'");
        while (1) {
            mask |= 1u << (a - 1);
            if (a == b)
                break;
            a = a % 12 + 1;
        }
    }
    if (n < 0)
        return bad(T, k, WO_EPARSE,
                   "is not a list of months 1-12 or ranges like 5-6, "
                   "separated by ';'");
    *out = mask;
    return WO_OK;
}

static int demand_rules(tbl *T, wo_demand *d)
{
    char expect[96];
    if (wo_stream_get(d->stream)->family == WO_FAMILY_RESIDUE)
        return bad(T, M_STREAM, WO_EPARSE,
                   "is a residue stream, which sites do not generate");
    if (d->need_kg_per_day > 0 && d->stream != WO_STREAM_CD_SPOIL)
        return bad(T, M_NEED, WO_EPARSE,
                   "is only allowed for stream cd_spoil (earthwork balance)");
    if (d->stream == WO_STREAM_MEDICAL) {
        if (d->storage_limit_d == 0)
            d->storage_limit_d = WO_MEDICAL_STORAGE_LIMIT_D;
        if (d->storage_limit_d > WO_MEDICAL_STORAGE_LIMIT_D)
            return bad(T, M_STORE, WO_ERANGE,
                       "is above the 2-day national limit for medical waste");
        if (d->optional)
            return bad(T, M_OPT, WO_EPARSE,
                       "is not allowed: medical waste must all be collected");
    }
    if (d->storage_limit_d > 0 && d->frequency_d > d->storage_limit_d) {
        snprintf(expect, sizeof expect,
                 "is longer than the storage limit of %d day%s",
                 d->storage_limit_d, d->storage_limit_d == 1 ? "" : "s");
        return bad(T, M_FREQ, WO_ERANGE, expect);
    }
    return WO_OK;
}

/* Stable order of demand rows by site, then duplicate (site, stream,
 * date) detection. */
static int group_demands(wo_ld *L, const char *file)
{
    wo_scenario *sc = L->sc;
    wo_demand *sorted;
    int *count, i, j, k;
    if (!(count = wo_calloc((size_t)sc->n_sites + 1, sizeof *count)))
        return WO_ENOMEM;
    if (!(sorted = wo_malloc((size_t)(sc->n_demands ? sc->n_demands : 1) *
                             sizeof *sorted))) {
        wo_free(count);
        return WO_ENOMEM;
    }
    for (i = 0; i < sc->n_demands; i++)
        count[sc->demands[i].site + 1]++;
    for (i = 0; i < sc->n_sites; i++) {
        sc->sites[i].demand_first = count[i];
        sc->sites[i].demand_count = count[i + 1];
        count[i + 1] += count[i];
    }
    for (i = 0; i < sc->n_demands; i++)
        sorted[count[sc->demands[i].site]++] = sc->demands[i];
    wo_free(sc->demands);
    sc->demands = sorted;
    wo_free(count);
    for (i = 0; i < sc->n_sites; i++) {
        const wo_site *s = &sc->sites[i];
        for (j = s->demand_first + 1; j < s->demand_first + s->demand_count;
             j++)
            for (k = s->demand_first; k < j; k++) {
                const wo_demand *a = &sc->demands[k], *b = &sc->demands[j];
                if (a->stream == b->stream && !strcmp(a->date, b->date)) {
                    const wo_demand *first = a->line < b->line ? a : b;
                    const wo_demand *second = a->line < b->line ? b : a;
                    return wo_err_set(L->err, WO_EDUP,
                                      "%s:%d: demand of site '%s' for "
                                      "stream '%s' duplicates line %d",
                                      file, second->line, s->id,
                                      wo_stream_get(b->stream)->code,
                                      first->line);
                }
            }
    }
    return WO_OK;
}

int wo_ld_demand(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    idmap sites = {0};
    tbl T;
    int rc, present, r, n, v;
    if ((rc = open_table(L, WO_TABLE_DEMAND, dem_cols, M_N, &T, &present)) !=
            WO_OK ||
        (rc = need_rows(&T)) != WO_OK)
        goto out;
    n = wo_csv_nrows(T.csv);
    NOMEM_IF(sc->demands = wo_calloc((size_t)n, sizeof *sc->demands));
    if ((rc = map_of(&sites, sc->sites, sc->n_sites, sizeof *sc->sites)) !=
        WO_OK)
        goto out;
    for (r = 0; r < n; r++) {
        wo_demand *d = &sc->demands[r];
        const wo_site *s;
        const char *t;
        long i;
        row(&T, r);
        d->line = T.line;
        if ((rc = get_ref(&T, M_SITE, REQ, &sites, "a site of the sites file",
                          &d->site)) != WO_OK ||
            (rc = get_code(&T, M_STREAM, REQ, 0, WO_VOCAB_STREAM, "a stream",
                           &v)) != WO_OK)
            goto out;
        s = &sc->sites[d->site];
        d->stream = (wo_stream)v;
        if ((rc = get_num(&T, M_KG, REQ, 0, 0, WO_RANGE_DEMAND_KG_MAX,
                          &d->kg_per_day)) !=
                WO_OK ||
            (rc = get_num(&T, M_M3, OPT, -1, 0, 1e7, &d->m3_per_day)) !=
                WO_OK ||
            (rc = get_num(&T, M_NEED, OPT, 0, 0, WO_RANGE_DEMAND_KG_MAX,
                          &d->need_kg_per_day)) !=
                WO_OK ||
            (rc = get_int(&T, M_FREQ, OPT, 1, 1, 28, &i)) != WO_OK)
            goto out;
        if (d->m3_per_day < 0)
            d->m3_per_day =
                d->kg_per_day / wo_stream_get(d->stream)->density_kg_per_m3;
        d->frequency_d = (int)i;
        if ((rc = get_int(&T, M_STORE, OPT, 0, 0, 28, &i)) != WO_OK ||
            (rc = get_num(&T, M_SERVICE, OPT, s->service_s, 0, 86400,
                          &d->service_s)) != WO_OK)
            goto out;
        d->storage_limit_d = (int)i;
        d->n_tw = s->n_tw;
        memcpy(d->tw, s->tw, sizeof d->tw);
        if ((rc = get_tws(&T, M_TW, &d->n_tw, d->tw)) != WO_OK ||
            (rc = get_bool(&T, M_OPT, 0, &d->optional)) != WO_OK ||
            (rc = get_num(&T, M_PEN, OPT, 0, 0, WO_RANGE_COST_CNY_MAX,
                          &d->penalty_cny)) !=
                WO_OK ||
            (rc = get_months(&T, M_MONTHS, &d->months)) != WO_OK)
            goto out;
        t = cell(&T, M_DATE);
        if (t[0] && wo_ld_date_check(t, NULL) != WO_OK) {
            rc = bad(&T, M_DATE, WO_EPARSE, "is not a date YYYY-MM-DD");
            goto out;
        }
        wo_strlcpy(d->date, t, sizeof d->date);
        if ((rc = demand_rules(&T, d)) != WO_OK)
            goto out;
        sc->n_demands = r + 1;
    }
    rc = group_demands(L, T.file);
out:
    map_free(&sites);
    close_table(&T);
    return rc;
}
