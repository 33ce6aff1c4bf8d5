/*
 * whatif.c — what-if changes to a scenario. See whatif.h.
 */
#include "solver/plan/whatif.h"

#include "data/calendar.h"

#include <math.h>
#include <string.h>

#define MAX_WORDS 8
#define WORD_MAX 128

/* One change split into words (blank-separated). */
typedef struct words {
    int n;                          /* words found        */
    char w[MAX_WORDS][WORD_MAX];    /* the words          */
} words;

/* Split s[0..len) into words; WO_EINVAL when there are too many or one is
 * too long. */
static int split_words(const char *s, size_t len, words *out, wo_err *err)
{
    size_t i = 0;
    out->n = 0;
    while (i < len) {
        size_t j;
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= len)
            break;
        for (j = i; j < len && s[j] != ' ' && s[j] != '\t'; j++)
            ;
        if (out->n == MAX_WORDS || j - i >= WORD_MAX)
            return wo_err_set(err, WO_EINVAL,
                              "change '%.*s': too many or too long words",
                              (int)len, s);
        memcpy(out->w[out->n], s + i, j - i);
        out->w[out->n][j - i] = '\0';
        out->n++;
        i = j;
    }
    return WO_OK;
}

static int need_args(const words *w, int n, const char *usage, wo_err *err)
{
    if (w->n != n + 1)
        return wo_err_set(err, WO_EINVAL, "%s: expected '%s'", w->w[0], usage);
    return WO_OK;
}

static int find_facility(const wo_scenario *sc, const words *w, wo_err *err)
{
    int f = wo_scenario_find_facility(sc, w->w[1]);
    if (f < 0)
        wo_err_set(err, WO_ENOTFOUND, "%s '%s': no facility has this id",
                   w->w[0], w->w[1]);
    return f;
}

static int change_capacity(wo_scenario *sc, const words *w, wo_err *err)
{
    double t, total = 0;
    int f, p, rc;
    wo_facility *fa;
    if ((rc = need_args(w, 2, "capacity FACILITY T_PER_D", err)) != WO_OK)
        return rc;
    if ((f = find_facility(sc, w, err)) < 0)
        return WO_ENOTFOUND;
    if (wo_parse_double(w->w[2], &t) != WO_OK || t < 0 ||
        t > WO_RANGE_CAPACITY_T_MAX)
        return wo_err_set(err, WO_EINVAL,
                          "capacity %s: '%s' is not a capacity in t/d in "
                          "[0, %.15g]",
                          w->w[1], w->w[2], WO_RANGE_CAPACITY_T_MAX);
    fa = &sc->facilities[f];
    for (p = fa->process_first; p < fa->process_first + fa->process_count; p++)
        total += sc->processes[p].capacity_kg_per_d;
    for (p = fa->process_first; p < fa->process_first + fa->process_count; p++)
        sc->processes[p].capacity_kg_per_d =
            total > 0 ? sc->processes[p].capacity_kg_per_d / total * t * 1000
                      : t * 1000 / fa->process_count;
    return WO_OK;
}

static int change_scale(wo_scenario *sc, const words *w, wo_err *err)
{
    wo_stream s;
    double k;
    int i, rc;
    if ((rc = need_args(w, 2, "scale STREAM FACTOR", err)) != WO_OK)
        return rc;
    if (wo_stream_parse(w->w[1], &s) != WO_OK || s >= WO_STREAM_PRIMARY_COUNT)
        return wo_err_set(err, WO_EINVAL,
                          "scale '%s': not a stream code (e.g. hh_kitchen)",
                          w->w[1]);
    if (wo_parse_double(w->w[2], &k) != WO_OK || k < 0 || k > 1000)
        return wo_err_set(err, WO_EINVAL,
                          "scale %s: '%s' is not a factor in [0, 1000]",
                          w->w[1], w->w[2]);
    for (i = 0; i < sc->n_demands; i++)
        if (sc->demands[i].stream == s &&
            sc->demands[i].kg_per_day * k > WO_RANGE_DEMAND_KG_MAX)
            return wo_err_set(err, WO_EINVAL,
                              "scale %s %s: the demand of site '%s' would be "
                              "%.15g kg/d, above %.15g",
                              w->w[1], w->w[2],
                              sc->sites[sc->demands[i].site].id,
                              sc->demands[i].kg_per_day * k,
                              WO_RANGE_DEMAND_KG_MAX);
    for (i = 0; i < sc->n_demands; i++)
        if (sc->demands[i].stream == s) {
            sc->demands[i].kg_per_day *= k;
            sc->demands[i].m3_per_day *= k;
        }
    return WO_OK;
}

static int change_fleet(wo_scenario *sc, const words *w, wo_err *err)
{
    long n;
    wo_stream s;
    int t, rc, by_stream, hit = 0;
    if ((rc = need_args(w, 2, "fleet VEHICLE_TYPE +N|-N", err)) != WO_OK)
        return rc;
    if ((w->w[2][0] != '+' && w->w[2][0] != '-') ||
        wo_parse_long(w->w[2], &n) != WO_OK || n < -100000 || n > 100000)
        return wo_err_set(err, WO_EINVAL,
                          "fleet %s: '%s' is not a signed count like +3 or -2",
                          w->w[1], w->w[2]);
    by_stream = wo_stream_parse(w->w[1], &s) == WO_OK;
    for (t = 0; t < sc->n_vehicle_types; t++) {
        wo_vehicle_type *vt = &sc->vehicle_types[t];
        if (by_stream ? !(vt->streams & WO_STREAM_BIT(s))
                      : strcmp(vt->id, w->w[1]) != 0)
            continue;
        if (vt->count + n > WO_RANGE_FLEET_COUNT_MAX)
            return wo_err_set(err, WO_EINVAL,
                              "fleet %s: '%s' would make %ld vehicles of "
                              "type '%s', above %d",
                              w->w[1], w->w[2], vt->count + n, vt->id,
                              WO_RANGE_FLEET_COUNT_MAX);
        vt->count = vt->count + n < 0 ? 0 : vt->count + (int)n;
        hit = 1;
    }
    if (!hit)
        return wo_err_set(err, WO_ENOTFOUND,
                          "fleet '%s': neither a vehicle type id nor a stream "
                          "any type carries", w->w[1]);
    return WO_OK;
}

static int change_add_site(wo_scenario *sc, const words *w, wo_err *err)
{
    const wo_stream_info *si;
    wo_site *sites, *st;
    wo_demand *dems, *d;
    wo_stream s;
    double lon, lat, kg;
    char *id;
    size_t n;
    int rc, k;
    if ((rc = need_args(w, 5, "add-site ID LON LAT STREAM KG_PER_DAY", err)) !=
        WO_OK)
        return rc;
    if (wo_scenario_find_site(sc, w->w[1]) >= 0)
        return wo_err_set(err, WO_EDUP, "add-site '%s': a site has this id",
                          w->w[1]);
    if (wo_parse_double(w->w[2], &lon) != WO_OK || lon < -180 || lon > 180 ||
        wo_parse_double(w->w[3], &lat) != WO_OK || lat < -90 || lat > 90)
        return wo_err_set(err, WO_EINVAL,
                          "add-site %s: '%s %s' is not a lon lat position",
                          w->w[1], w->w[2], w->w[3]);
    if (wo_stream_parse(w->w[4], &s) != WO_OK || s >= WO_STREAM_PRIMARY_COUNT)
        return wo_err_set(err, WO_EINVAL, "add-site %s: '%s' is not a stream "
                          "code", w->w[1], w->w[4]);
    if (wo_parse_double(w->w[5], &kg) != WO_OK || kg < 0 ||
        kg > WO_RANGE_DEMAND_KG_MAX)
        return wo_err_set(err, WO_EINVAL,
                          "add-site %s: '%s' is not kg/d in [0, %.15g]",
                          w->w[1], w->w[5], WO_RANGE_DEMAND_KG_MAX);
    n = strlen(w->w[1]) + 1;
    id = wo_arena_alloc(&sc->strings, n);
    sites = wo_realloc(sc->sites, ((size_t)sc->n_sites + 1) * sizeof *sites);
    if (sites)
        sc->sites = sites;
    dems = wo_realloc(sc->demands, ((size_t)sc->n_demands + 1) * sizeof *dems);
    if (dems)
        sc->demands = dems;
    if (!id || !sites || !dems)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    memcpy(id, w->w[1], n);
    st = &sc->sites[sc->n_sites];
    memset(st, 0, sizeof *st);
    st->id = id;
    st->name = id;
    st->kind = WO_SITE_COLLECTION_POINT;
    st->district = -1;
    for (k = 0; k < sc->n_districts; k++)
        if (wo_district_contains(&sc->districts[k], lon, lat)) {
            st->district = k;
            break;
        }
    st->pos.lon_deg = lon;
    st->pos.lat_deg = lat;
    st->pos.datum = WO_DATUM_WGS84;
    st->pos.lon_in_deg = lon;
    st->pos.lat_in_deg = lat;
    st->service_s = 300;
    st->demand_first = sc->n_demands;
    st->demand_count = 1;
    d = &sc->demands[sc->n_demands];
    memset(d, 0, sizeof *d);
    si = wo_stream_get(s);
    d->site = sc->n_sites;
    d->stream = s;
    d->kg_per_day = kg;
    d->m3_per_day = si && si->density_kg_per_m3 > 0
                        ? kg / si->density_kg_per_m3
                        : 0;
    d->frequency_d = 1;
    d->storage_limit_d =
        s == WO_STREAM_MEDICAL ? WO_MEDICAL_STORAGE_LIMIT_D : 0;
    d->service_s = 300;
    d->months = 0xfff;
    sc->n_sites++;
    sc->n_demands++;
    return WO_OK;
}

/* Apply one change (no ';'). */
static int apply_one(wo_scenario *sc, const char *s, size_t len, wo_err *err)
{
    words w;
    int rc = split_words(s, len, &w, err), f;
    if (rc != WO_OK)
        return rc;
    if (w.n == 0)
        return WO_OK;
    if (!strcmp(w.w[0], "close") || !strcmp(w.w[0], "open")) {
        if ((rc = need_args(&w, 1, w.w[0][0] == 'c' ? "close FACILITY"
                                                    : "open FACILITY",
                            err)) != WO_OK)
            return rc;
        if ((f = find_facility(sc, &w, err)) < 0)
            return WO_ENOTFOUND;
        sc->facilities[f].status =
            w.w[0][0] == 'c' ? WO_FSTATUS_CLOSED : WO_FSTATUS_OPERATING;
        return WO_OK;
    }
    if (!strcmp(w.w[0], "capacity"))
        return change_capacity(sc, &w, err);
    if (!strcmp(w.w[0], "scale"))
        return change_scale(sc, &w, err);
    if (!strcmp(w.w[0], "fleet"))
        return change_fleet(sc, &w, err);
    if (!strcmp(w.w[0], "add-site"))
        return change_add_site(sc, &w, err);
    if (!strcmp(w.w[0], "year")) {
        long y;
        if ((rc = need_args(&w, 1, "year YEAR", err)) != WO_OK)
            return rc;
        if (wo_parse_long(w.w[1], &y) != WO_OK || y < 2000 || y > 2100)
            return wo_err_set(err, WO_EINVAL,
                              "year: '%s' is not a year in [2000, 2100]",
                              w.w[1]);
        sc->year = (int)y;
        return WO_OK;
    }
    if (!strcmp(w.w[0], "date")) {
        long days;
        int month;
        if ((rc = need_args(&w, 1, "date YYYY-MM-DD", err)) != WO_OK)
            return rc;
        if (wo_calendar_parse(w.w[1], &days, NULL) != WO_OK)
            return wo_err_set(err, WO_EINVAL,
                              "date: '%s' is not a date YYYY-MM-DD", w.w[1]);
        wo_calendar_format(days, sc->date, &month);
        sc->month = month;
        return WO_OK;
    }
    return wo_err_set(err, WO_EINVAL,
                      "unknown change '%s' (close, open, capacity, scale, "
                      "fleet, year, date, add-site)",
                      w.w[0]);
}

int wo_plan_apply_change(wo_scenario *sc, const char *change, wo_err *err)
{
    const char *p = change;
    for (;;) {
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        int rc = apply_one(sc, p, len, err);
        if (rc != WO_OK)
            return rc;
        if (!semi)
            return WO_OK;
        p = semi + 1;
    }
}

int wo_plan_change_replans(const char *change)
{
    const char *p = change;
    for (;;) {
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        words w;
        if (split_words(p, len, &w, NULL) != WO_OK)
            return 1;
        if (w.n > 0 && strcmp(w.w[0], "year") != 0)
            return 1;
        if (!semi)
            return 0;
        p = semi + 1;
    }
}
