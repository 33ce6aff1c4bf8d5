/*
 * scenario_json.c — the two JSON files of a scenario: scenario.json and
 * districts.geojson (the only jansson user of data/).
 */
#include "data/load_internal.h"

#include "data/csv.h"
#include "geo/coord.h"
#include "geo/matrix.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SJ "scenario.json"

/* Short JSON text of a value for messages (truncated). */
static void json_text(const json_t *v, char *out, size_t size)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    json_free_t release;
    if (!s) {
        wo_strlcpy(out, "?", size);
        return;
    }
    wo_strlcpy(out, s, size);
    if (strlen(s) >= size && size > 4)
        memcpy(out + size - 4, "...", 4);
    json_get_alloc_funcs(NULL, &release);
    release(s); /* allocated by jansson's allocator */
}

/* Parse the JSON text of file `name`; NULL with the error in err: out of
 * memory when jansson ran out of it (its allocations go through the hook,
 * marked), else the syntax error at its line. A document parsed while an
 * allocation failed is not trusted either: jansson 2.14 can lose a byte of
 * a string or a member of an object then and still return it. */
static json_t *parse_json(const char *name, const char *text, size_t len,
                          size_t flags, wo_err *err)
{
    json_error_t jerr;
    json_t *root;
    int oom;
    wo_alloc_hook_jansson();
    wo_alloc_mark_take();
    root = json_loadb(text, len, flags, &jerr);
    oom = wo_alloc_mark_take();
    if (root && !oom)
        return root;
    if (root)
        json_decref(root);
    if (oom || json_error_code(&jerr) == json_error_out_of_memory)
        wo_err_set(err, WO_ENOMEM, "%s: out of memory reading the JSON",
                   name);
    else
        wo_err_set(err, WO_EPARSE, "%s:%d: %s", name, jerr.line, jerr.text);
    return NULL;
}

static int bad_key(wo_ld *L, const char *key, const json_t *v,
                   const char *expect)
{
    char txt[80];
    json_text(v, txt, sizeof txt);
    return wo_err_set(L->err, WO_EPARSE, SJ ": key '%s': %s %s", key, txt,
                      expect);
}

/* Fetch an optional string; required ones fail when absent. */
static int get_str(wo_ld *L, json_t *obj, const char *key, const char *path,
                   int required, const char **out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return wo_err_set(L->err, WO_EPARSE,
                              SJ ": missing required key '%s'", path);
        return WO_OK;
    }
    if (!json_is_string(v))
        return bad_key(L, path, v, "is not a string");
    *out = json_string_value(v);
    return WO_OK;
}

static int get_num(wo_ld *L, json_t *obj, const char *key, const char *path,
                   double lo, double hi, double *out)
{
    json_t *v = json_object_get(obj, key);
    char expect[96];
    if (!v)
        return WO_OK;
    if (!json_is_number(v))
        return bad_key(L, path, v, "is not a number");
    if (json_number_value(v) < lo || json_number_value(v) > hi) {
        snprintf(expect, sizeof expect, "is outside [%g, %g]", lo, hi);
        return bad_key(L, path, v, expect);
    }
    *out = json_number_value(v);
    return WO_OK;
}

static int get_int(wo_ld *L, json_t *obj, const char *key, const char *path,
                   int required, long lo, long hi, long *out)
{
    json_t *v = json_object_get(obj, key);
    char expect[96];
    if (!v) {
        if (required)
            return wo_err_set(L->err, WO_EPARSE,
                              SJ ": missing required key '%s'", path);
        return WO_OK;
    }
    if (!json_is_integer(v))
        return bad_key(L, path, v, "is not an integer");
    if (json_integer_value(v) < lo || json_integer_value(v) > hi) {
        snprintf(expect, sizeof expect, "is outside [%ld, %ld]", lo, hi);
        return bad_key(L, path, v, expect);
    }
    *out = (long)json_integer_value(v);
    return WO_OK;
}

/* Warn about keys of obj that are not in `known` (NULL-terminated). */
static int warn_unknown(wo_ld *L, json_t *obj, const char *prefix,
                        const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const char *const *k;
        int found = 0;
        (void)v;
        for (k = known; *k; k++)
            if (!strcmp(*k, key))
                found = 1;
        if (!found && wo_ld_warn(L, SJ ": unknown key '%s%s' ignored", prefix,
                                 key) != WO_OK)
            return WO_ENOMEM;
    }
    return WO_OK;
}

static const char *const table_keys[WO_TABLE_COUNT] = {
    "districts", "facilities",    "processes", "capacity_levels",
    "depots",    "vehicle_types", "sites",     "demand"};

const char *wo_ld_table_key(wo_table t)
{
    return table_keys[t];
}

/* A file named by scenario.json must stay inside the scenario directory:
 * a relative path without a '..' component. path is the key ("files.x"). */
static int check_ref(wo_ld *L, const char *path, const char *name)
{
    const char *p = name;
    char shown[80];
    wo_strlcpy(shown, name, sizeof shown);
    if (strlen(name) >= sizeof shown)
        memcpy(shown + sizeof shown - 4, "...", 4);
    if (name[0] == '/')
        return wo_err_set(L->err, WO_EINVAL,
                          SJ ": key '%s': '%s' is an absolute path (expected "
                          "a file inside the scenario directory)",
                          path, shown);
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return wo_err_set(L->err, WO_EINVAL,
                              SJ ": key '%s': '%s' has a '..' component "
                              "(expected a file inside the scenario "
                              "directory)",
                              path, shown);
        p += n;
        if (*p == '/')
            p++;
    }
    return WO_OK;
}

static int load_files(wo_ld *L, json_t *files)
{
    static const char *const known[] = {
        "districts", "facilities",    "processes", "capacity_levels",
        "depots",    "vehicle_types", "sites",     "demand",
        "stats",     "roads",         NULL};
    wo_scenario *sc = L->sc;
    char path[64];
    const char *s;
    int t, rc;
    if (!json_is_object(files))
        return bad_key(L, "files", files, "is not an object");
    for (t = 0; t < WO_TABLE_COUNT; t++) {
        s = "";
        snprintf(path, sizeof path, "files.%s", table_keys[t]);
        if ((rc = get_str(L, files, table_keys[t], path,
                          t != WO_TABLE_CAPACITY_LEVELS, &s)) != WO_OK)
            return rc;
        if (json_object_get(files, table_keys[t]) && !s[0])
            return wo_err_set(L->err, WO_EPARSE,
                              SJ ": key '%s': empty file name", path);
        if ((rc = check_ref(L, path, s)) != WO_OK)
            return rc;
        if (!(sc->files[t] = wo_ld_strdup(L, s)))
            return WO_ENOMEM;
    }
    s = "";
    if ((rc = get_str(L, files, "stats", "files.stats", 0, &s)) != WO_OK ||
        (rc = check_ref(L, "files.stats", s)) != WO_OK)
        return rc;
    if (!(sc->stats_file = wo_ld_strdup(L, s)))
        return WO_ENOMEM;
    s = "";
    if ((rc = get_str(L, files, "roads", "files.roads", 0, &s)) != WO_OK ||
        (rc = check_ref(L, "files.roads", s)) != WO_OK)
        return rc;
    if (!(sc->roads_file = wo_ld_strdup(L, s)))
        return WO_ENOMEM;
    return warn_unknown(L, files, "files.", known);
}

static int load_datums(wo_ld *L, json_t *datums)
{
    static const int point_tables[] = {WO_TABLE_DISTRICTS, WO_TABLE_FACILITIES,
                                       WO_TABLE_DEPOTS, WO_TABLE_SITES};
    static const char *const known[] = {"districts", "facilities", "depots",
                                        "sites", NULL};
    wo_scenario *sc = L->sc;
    char path[64];
    size_t i;
    int rc;
    for (i = 0; i < WO_TABLE_COUNT; i++)
        sc->datums[i] = sc->datum;
    if (!datums)
        return WO_OK;
    if (!json_is_object(datums))
        return bad_key(L, "datums", datums, "is not an object");
    for (i = 0; i < sizeof point_tables / sizeof point_tables[0]; i++) {
        int t = point_tables[i];
        const char *s = NULL;
        snprintf(path, sizeof path, "datums.%s", table_keys[t]);
        if ((rc = get_str(L, datums, table_keys[t], path, 0, &s)) != WO_OK)
            return rc;
        if (s && wo_datum_parse(s, &sc->datums[t]) != WO_OK)
            return bad_key(L, path, json_object_get(datums, table_keys[t]),
                           "is not a datum (wgs84, gcj02, bd09, cgcs2000)");
    }
    return warn_unknown(L, datums, "datums.", known);
}

static int load_plan(wo_ld *L, json_t *plan)
{
    static const char *const known[] = {
        "time_limit_s",  "max_iterations", "seed", "horizon_d",
        "lexicographic", "threads",        NULL};
    wo_plan_options *p = &L->sc->plan;
    json_t *v;
    long n;
    int rc;
    p->time_limit_s = WO_PLAN_DEFAULT_LIMIT_S;
    p->max_iterations = 0;
    p->seed = 1;
    p->horizon_d = 1;
    p->lexicographic = 0;
    p->threads = 1;
    if (!plan)
        return WO_OK;
    if (!json_is_object(plan))
        return bad_key(L, "plan", plan, "is not an object");
    if ((rc = get_num(L, plan, "time_limit_s", "plan.time_limit_s", 0.001, 1e7,
                      &p->time_limit_s)) != WO_OK)
        return rc;
    if ((rc = get_int(L, plan, "max_iterations", "plan.max_iterations", 0, 0,
                      2000000000L, &p->max_iterations)) != WO_OK)
        return rc;
    n = 1;
    if ((rc = get_int(L, plan, "seed", "plan.seed", 0, 0, 2000000000L, &n)) !=
        WO_OK)
        return rc;
    p->seed = (uint64_t)n;
    n = 1;
    if ((rc = get_int(L, plan, "horizon_d", "plan.horizon_d", 0, 1, 28, &n)) !=
        WO_OK)
        return rc;
    p->horizon_d = (int)n;
    n = 1;
    if ((rc = get_int(L, plan, "threads", "plan.threads", 0, 1, 64, &n)) !=
        WO_OK)
        return rc;
    p->threads = (int)n;
    if ((v = json_object_get(plan, "lexicographic")) != NULL) {
        if (!json_is_boolean(v))
            return bad_key(L, "plan.lexicographic", v, "is not true or false");
        p->lexicographic = json_is_true(v);
    }
    return warn_unknown(L, plan, "plan.", known);
}

/* A rule's mode: "enforce", "report" or "off" at `path`. */
static int rule_mode(wo_ld *L, json_t *v, const char *path, wo_rule_mode *out)
{
    const char *s = json_string_value(v);
    if (s && !strcmp(s, "enforce"))
        *out = WO_RULE_ENFORCE;
    else if (s && !strcmp(s, "report"))
        *out = WO_RULE_REPORT;
    else if (s && !strcmp(s, "off"))
        *out = WO_RULE_OFF;
    else
        return bad_key(L, path, v, "is not \"enforce\", \"report\" or \"off\"");
    return WO_OK;
}

/* A rule with a figure (a target in %, a cap in t/d) at policy.<key>: a
 * mode string (the figure keeps *fig, as the annex gives it), a number
 * (enforced at that figure) or an object {"mode": M, <fkey>: N}. */
static int rule_with_figure(wo_ld *L, json_t *pol, const char *key,
                            const char *fkey, double hi, wo_rule_mode *mode,
                            double *fig)
{
    const char *known[3];
    json_t *v = json_object_get(pol, key);
    char path[96], fpath[128];
    int rc;
    if (!v)
        return WO_OK;
    snprintf(path, sizeof path, "policy.%s", key);
    if (json_is_string(v))
        return rule_mode(L, v, path, mode);
    if (json_is_number(v)) {
        *mode = WO_RULE_ENFORCE;
        return get_num(L, pol, key, path, 0, hi, fig);
    }
    if (!json_is_object(v))
        return bad_key(L, path, v,
                       "is not a mode, a number or an object {\"mode\", ...}");
    snprintf(fpath, sizeof fpath, "%s.%s", path, fkey);
    *mode = WO_RULE_ENFORCE;
    if (json_object_get(v, "mode")) {
        snprintf(fpath, sizeof fpath, "%s.mode", path);
        if ((rc = rule_mode(L, json_object_get(v, "mode"), fpath, mode)) !=
            WO_OK)
            return rc;
        snprintf(fpath, sizeof fpath, "%s.%s", path, fkey);
    }
    if ((rc = get_num(L, v, fkey, fpath, 0, hi, fig)) != WO_OK)
        return rc;
    known[0] = "mode";
    known[1] = fkey;
    known[2] = NULL;
    snprintf(fpath, sizeof fpath, "%s.", path);
    return warn_unknown(L, v, fpath, known);
}

/* scenario.json "policy": the city's rules (wo_policy_rules). */
static int load_policy(wo_ld *L, json_t *pol)
{
    static const char *const known[] = {
        "no_raw_household_to_landfill", "medical_harmless_pct",
        "incineration_rate",            "recycling_rate",
        "cd_utilization_rate",          "landfill_cap_t_per_d",
        "emergency_cny_per_t",          NULL};
    wo_policy_rules *r = &L->sc->policy;
    json_t *v;
    int rc;
    memset(r, 0, sizeof *r);
    if (!pol)
        return WO_OK;
    if (!json_is_object(pol))
        return bad_key(L, "policy", pol, "is not an object");
    r->given = 1;
    r->medical_pct = 100;
    r->incineration_pct = r->recycling_pct = r->cd_pct = -1;
    r->landfill_cap_t_d = -1;
    r->emergency_cny_per_t = WO_POLICY_EMERGENCY_CNY_PER_T;
    if ((v = json_object_get(pol, "no_raw_household_to_landfill")) &&
        (rc = rule_mode(L, v, "policy.no_raw_household_to_landfill",
                        &r->no_raw_landfill)) != WO_OK)
        return rc;
    if ((rc = rule_with_figure(L, pol, "medical_harmless_pct", "pct", 100,
                               &r->medical, &r->medical_pct)) != WO_OK ||
        (rc = rule_with_figure(L, pol, "incineration_rate", "pct", 100,
                               &r->incineration, &r->incineration_pct)) !=
            WO_OK ||
        (rc = rule_with_figure(L, pol, "recycling_rate", "pct", 100,
                               &r->recycling, &r->recycling_pct)) != WO_OK ||
        (rc = rule_with_figure(L, pol, "cd_utilization_rate", "pct", 100,
                               &r->cd, &r->cd_pct)) != WO_OK ||
        (rc = rule_with_figure(L, pol, "landfill_cap_t_per_d", "t_per_d",
                               WO_RANGE_CAPACITY_T_MAX, &r->landfill_cap,
                               &r->landfill_cap_t_d)) != WO_OK)
        return rc;
    if (r->landfill_cap != WO_RULE_OFF && r->landfill_cap_t_d < 0)
        return bad_key(L, "policy.landfill_cap_t_per_d",
                       json_object_get(pol, "landfill_cap_t_per_d"),
                       "has no cap: give t/d as a number or as "
                       "{\"mode\": ..., \"t_per_d\": N}");
    if ((rc = get_num(L, pol, "emergency_cny_per_t",
                      "policy.emergency_cny_per_t", 1, WO_RANGE_COST_CNY_MAX,
                      &r->emergency_cny_per_t)) != WO_OK)
        return rc;
    return warn_unknown(L, pol, "policy.", known);
}

#define MAX_SERVES 100000 /* fleet_sharing.also_serves pairs */

/* A scope value of fleet_sharing at `path`. */
static int scope_value(wo_ld *L, const char *path, const json_t *v,
                       wo_fleet_scope *out)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (!strcmp(s, "district"))
        *out = WO_FLEET_DISTRICT;
    else if (!strcmp(s, "municipal"))
        *out = WO_FLEET_MUNICIPAL;
    else
        return bad_key(L, path, v, "is not \"district\" or \"municipal\"");
    return WO_OK;
}

/* fleet_sharing.also_serves: {"DEPOT": ["DISTRICT", ...], ...}; the ids
 * are kept for wo_ld_fleet_sharing, which resolves them once the depots
 * and districts are loaded. */
static int load_also_serves(wo_ld *L, json_t *obj)
{
    const char *key;
    json_t *v;
    char path[160];
    size_t n = 0, i;
    if (!json_is_object(obj))
        return bad_key(L, "fleet_sharing.also_serves", obj,
                       "is not an object of depot id -> list of district "
                       "ids");
    json_object_foreach(obj, key, v)
    {
        snprintf(path, sizeof path, "fleet_sharing.also_serves.%s", key);
        if (!json_is_array(v))
            return bad_key(L, path, v, "is not a list of district ids");
        n += json_array_size(v);
    }
    if (n > MAX_SERVES)
        return wo_err_set(L->err, WO_ETOOBIG,
                          SJ ": key 'fleet_sharing.also_serves': %zu pairs, "
                          "more than %d",
                          n, MAX_SERVES);
    L->serves_depot = wo_arena_alloc(&L->sc->strings, (n + 1) * sizeof(char *));
    L->serves_district =
        wo_arena_alloc(&L->sc->strings, (n + 1) * sizeof(char *));
    L->serves_at = wo_arena_alloc(&L->sc->strings, (n + 1) * sizeof(int));
    if (!L->serves_depot || !L->serves_district || !L->serves_at)
        return WO_ENOMEM;
    json_object_foreach(obj, key, v)
    {
        const char *dep = wo_ld_strdup(L, key);
        if (!dep)
            return WO_ENOMEM;
        for (i = 0; i < json_array_size(v); i++) {
            json_t *e = json_array_get(v, i);
            snprintf(path, sizeof path, "fleet_sharing.also_serves.%s[%zu]",
                     key, i);
            if (!json_is_string(e) || !json_string_value(e)[0])
                return bad_key(L, path, e, "is not a district id");
            L->serves_depot[L->n_serves] = dep;
            if (!(L->serves_district[L->n_serves] =
                      wo_ld_strdup(L, json_string_value(e))))
                return WO_ENOMEM;
            L->serves_at[L->n_serves++] = (int)i;
        }
    }
    return WO_OK;
}

/* fleet_sharing: a scope per family ("household": "district") or stream
 * ("hh_hazardous": "municipal"; a stream's entry overrides its family's),
 * and also_serves. Streams it does not name keep their default. */
static int load_fleet_sharing(wo_ld *L, json_t *fs)
{
    wo_scenario *sc = L->sc;
    const char *key;
    json_t *v;
    char path[160];
    int pass, s, rc;
    for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
        sc->fleet_scope[s] = WO_FLEET_DEFAULT;
    if (!fs)
        return WO_OK;
    if (!json_is_object(fs))
        return bad_key(L, "fleet_sharing", fs, "is not an object");
    /* families first, then streams over them */
    for (pass = 0; pass < 2; pass++)
        json_object_foreach(fs, key, v)
        {
            wo_fleet_scope scope = WO_FLEET_DEFAULT;
            wo_stream st = WO_STREAM_HH_OTHER;
            int fam = -1, f;
            if (!strcmp(key, "also_serves"))
                continue;
            for (f = 0; f < WO_FAMILY_RESIDUE; f++)
                if (!strcmp(key, wo_family_name((wo_family)f)))
                    fam = f;
            snprintf(path, sizeof path, "fleet_sharing.%s", key);
            if (fam < 0 && (wo_stream_parse(key, &st) != WO_OK ||
                            st >= WO_STREAM_PRIMARY_COUNT))
                return wo_err_set(L->err, WO_EPARSE,
                                  SJ ": key '%s': '%s' is not a primary "
                                  "stream code, a family (household, "
                                  "construction, medical, agricultural) or "
                                  "'also_serves'",
                                  path, key);
            if ((rc = scope_value(L, path, v, &scope)) != WO_OK)
                return rc;
            /* Spoil and slurry are full truckloads that the earthwork and
             * transfer models send city-wide: never district-run. */
            if (pass == 0 && fam >= 0) {
                for (s = 0; s < WO_STREAM_PRIMARY_COUNT; s++)
                    if ((int)wo_stream_get(s)->family == fam &&
                        s != WO_STREAM_CD_SPOIL && s != WO_STREAM_CD_SLURRY)
                        sc->fleet_scope[s] = scope;
            } else if (pass == 1 && fam < 0) {
                if (scope == WO_FLEET_DISTRICT &&
                    (st == WO_STREAM_CD_SPOIL || st == WO_STREAM_CD_SLURRY))
                    return bad_key(L, path, v,
                                   "is not possible: its truckloads are "
                                   "planned city-wide by the earthwork and "
                                   "transfer models (use \"municipal\")");
                sc->fleet_scope[st] = scope;
            }
        }
    if ((v = json_object_get(fs, "also_serves")) != NULL)
        return load_also_serves(L, v);
    return WO_OK;
}

int wo_ld_fleet_sharing(wo_ld *L)
{
    wo_scenario *sc = L->sc;
    int k;
    sc->n_depot_serves = 0;
    if (L->n_serves == 0)
        return WO_OK;
    sc->depot_serves = wo_arena_alloc(
        &sc->strings, (size_t)L->n_serves * sizeof *sc->depot_serves);
    if (!sc->depot_serves)
        return WO_ENOMEM;
    for (k = 0; k < L->n_serves; k++) {
        int dep = wo_scenario_find_depot(sc, L->serves_depot[k]);
        int dis = wo_scenario_find_district(sc, L->serves_district[k]);
        if (dep < 0)
            return wo_err_set(L->err, WO_EPARSE,
                              SJ ": key 'fleet_sharing.also_serves.%s': '%s' "
                              "is not a depot of the depots file",
                              L->serves_depot[k], L->serves_depot[k]);
        if (dis < 0)
            return wo_err_set(L->err, WO_EPARSE,
                              SJ ": key 'fleet_sharing.also_serves.%s[%d]': "
                              "'%s' is not a district of the districts file",
                              L->serves_depot[k], L->serves_at[k],
                              L->serves_district[k]);
        sc->depot_serves[sc->n_depot_serves].depot = dep;
        sc->depot_serves[sc->n_depot_serves].district = dis;
        sc->n_depot_serves++;
    }
    return WO_OK;
}

int wo_ld_scenario_json(wo_ld *L, const char *text, size_t len)
{
    static const char *const known[] = {
        "format",        "version", "name",  "description", "year",
        "date",          "datum",   "files", "datums",      "circuity_factor",
        "days_per_year", "plan",    "policy",      "fleet_sharing",
        NULL};
    wo_scenario *sc = L->sc;
    json_t *root;
    const char *s;
    size_t skip;
    long n;
    int rc;

    if ((rc = wo_text_check(SJ, text, len, &skip, L->err)) != WO_OK)
        return rc;
    root = parse_json(SJ, text + skip, len - skip, JSON_REJECT_DUPLICATES,
                      L->err);
    if (!root)
        return L->err->code;
    if (!json_is_object(root)) {
        rc = wo_err_set(L->err, WO_EPARSE, SJ ": top level is not an object");
        goto out;
    }
    s = NULL;
    if ((rc = get_str(L, root, "format", "format", 1, &s)) != WO_OK)
        goto out;
    if (strcmp(s, "wasteopt-scenario")) {
        rc = bad_key(L, "format", json_object_get(root, "format"),
                     "is not \"wasteopt-scenario\"");
        goto out;
    }
    if ((rc = get_int(L, root, "version", "version", 1, 1, 1, &n)) != WO_OK)
        goto out;
    s = NULL;
    if ((rc = get_str(L, root, "name", "name", 1, &s)) != WO_OK)
        goto out;
    if (!(sc->name = wo_ld_strdup(L, s)))
        goto nomem;
    s = "";
    if ((rc = get_str(L, root, "description", "description", 0, &s)) != WO_OK)
        goto out;
    if (!(sc->description = wo_ld_strdup(L, s)))
        goto nomem;
    if ((rc = get_int(L, root, "year", "year", 1, 2000, 2100, &n)) != WO_OK)
        goto out;
    sc->year = (int)n;
    s = NULL;
    if ((rc = get_str(L, root, "date", "date", 1, &s)) != WO_OK)
        goto out;
    if (wo_ld_date_check(s, &sc->month) != WO_OK) {
        rc = bad_key(L, "date", json_object_get(root, "date"),
                     "is not a date YYYY-MM-DD");
        goto out;
    }
    wo_strlcpy(sc->date, s, sizeof sc->date);
    sc->datum = WO_DATUM_WGS84;
    s = NULL;
    if ((rc = get_str(L, root, "datum", "datum", 0, &s)) != WO_OK)
        goto out;
    if (s && wo_datum_parse(s, &sc->datum) != WO_OK) {
        rc = bad_key(L, "datum", json_object_get(root, "datum"),
                     "is not a datum (wgs84, gcj02, bd09, cgcs2000)");
        goto out;
    }
    if (!json_object_get(root, "files")) {
        rc =
            wo_err_set(L->err, WO_EPARSE, SJ ": missing required key 'files'");
        goto out;
    }
    if ((rc = load_files(L, json_object_get(root, "files"))) != WO_OK ||
        (rc = load_datums(L, json_object_get(root, "datums"))) != WO_OK)
        goto out;
    sc->circuity_factor = WO_CIRCUITY_DEFAULT;
    if ((rc = get_num(L, root, "circuity_factor", "circuity_factor", 1.0, 5.0,
                      &sc->circuity_factor)) != WO_OK)
        goto out;
    sc->days_per_year = 365.0;
    if ((rc = get_num(L, root, "days_per_year", "days_per_year", 1.0, 366.0,
                      &sc->days_per_year)) != WO_OK)
        goto out;
    if ((rc = load_plan(L, json_object_get(root, "plan"))) != WO_OK ||
        (rc = load_policy(L, json_object_get(root, "policy"))) != WO_OK ||
        (rc = load_fleet_sharing(L, json_object_get(root, "fleet_sharing"))) !=
            WO_OK)
        goto out;
    rc = warn_unknown(L, root, "", known);
    goto out;
nomem:
    rc = WO_ENOMEM;
out:
    json_decref(root);
    return rc;
}

/* ---------------------------------------------------------------- GeoJSON */

typedef struct ring_acc {
    double *lon, *lat; /* vertices                      */
    int n;             /* used vertices                 */
    size_t cap_lon;    /* allocated slots of lon        */
    size_t cap_lat;    /* allocated slots of lat        */
    int *start;        /* ring offsets                  */
    int n_rings;       /* rings completed               */
    size_t cap_rings;  /* allocated slots of start      */
} ring_acc;

static int acc_vertex(ring_acc *a, double lon, double lat)
{
    if (WO_RESERVE(a->lon, a->cap_lon, (size_t)a->n + 1) != WO_OK ||
        WO_RESERVE(a->lat, a->cap_lat, (size_t)a->n + 1) != WO_OK)
        return WO_ENOMEM;
    a->lon[a->n] = lon;
    a->lat[a->n] = lat;
    a->n++;
    return WO_OK;
}

static int acc_ring_start(ring_acc *a)
{
    if (WO_RESERVE(a->start, a->cap_rings, (size_t)a->n_rings + 2) != WO_OK)
        return WO_ENOMEM;
    a->start[a->n_rings] = a->n;
    return WO_OK;
}

/* Add one linear ring (array of [lon, lat] positions). */
static int add_ring(wo_ld *L, const char *file, const char *where,
                    json_t *ring, ring_acc *a)
{
    size_t i, n;
    int rc, first;
    if (!json_is_array(ring) || json_array_size(ring) < 3)
        return wo_err_set(L->err, WO_EPARSE,
                          "%s: %s: a ring is not an array of at least 3 "
                          "positions",
                          file, where);
    if (json_array_size(ring) > (size_t)WO_SCENARIO_MAX_ROWS)
        return wo_err_set(L->err, WO_ETOOBIG, "%s: %s: ring too long", file,
                          where);
    if ((rc = acc_ring_start(a)) != WO_OK)
        return rc;
    first = a->n;
    n = json_array_size(ring);
    for (i = 0; i < n; i++) {
        json_t *p = json_array_get(ring, i);
        json_t *x = json_array_get(p, 0), *y = json_array_get(p, 1);
        double lon, lat;
        if (!json_is_array(p) || !json_is_number(x) || !json_is_number(y))
            return wo_err_set(L->err, WO_EPARSE,
                              "%s: %s: position %zu is not [lon, lat]", file,
                              where, i + 1);
        lon = json_number_value(x);
        lat = json_number_value(y);
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
            return wo_err_set(L->err, WO_ERANGE,
                              "%s: %s: position %zu [%g, %g] is outside "
                              "[-180, 180] x [-90, 90]",
                              file, where, i + 1, lon, lat);
        if ((rc = acc_vertex(a, lon, lat)) != WO_OK)
            return rc;
    }
    /* drop the closing vertex: the point-in-polygon test closes rings */
    if (a->n - first > 3 && a->lon[a->n - 1] == a->lon[first] &&
        a->lat[a->n - 1] == a->lat[first])
        a->n--;
    a->n_rings++;
    a->start[a->n_rings] = a->n;
    return WO_OK;
}

static int add_polygon(wo_ld *L, const char *file, const char *where,
                       json_t *poly, ring_acc *a)
{
    size_t i;
    int rc;
    if (!json_is_array(poly) || json_array_size(poly) == 0)
        return wo_err_set(L->err, WO_EPARSE,
                          "%s: %s: a polygon is not a non-empty array of "
                          "rings",
                          file, where);
    for (i = 0; i < json_array_size(poly); i++)
        if ((rc = add_ring(L, file, where, json_array_get(poly, i), a)) !=
            WO_OK)
            return rc;
    return WO_OK;
}

/* A district's boolean property `name` (true, false, 0 or 1) into *out;
 * absent: *out stays as it is (0). */
static int flag_prop(wo_ld *L, const char *file, const char *where,
                     json_t *props, const char *name, int *out)
{
    json_t *v = json_object_get(props, name);
    if (!v)
        return WO_OK;
    if (json_is_boolean(v))
        *out = json_is_true(v);
    else if (json_is_integer(v) &&
             (json_integer_value(v) == 0 || json_integer_value(v) == 1))
        *out = (int)json_integer_value(v);
    else
        return wo_err_set(L->err, WO_EPARSE,
                          "%s: %s: property '%s' is not true, false, 0 or 1",
                          file, where, name);
    return WO_OK;
}

static int load_feature(wo_ld *L, const char *file, size_t k, json_t *feat,
                        wo_district *d)
{
    json_t *props, *geom, *v, *coords;
    const char *type;
    char where[160], idbuf[32];
    const char *id;
    ring_acc a;
    int rc, i;

    memset(&a, 0, sizeof a);
    snprintf(where, sizeof where, "feature %zu", k + 1);
    props = json_object_get(feat, "properties");
    geom = json_object_get(feat, "geometry");
    if (!json_is_object(feat) || !json_is_object(props))
        return wo_err_set(L->err, WO_EPARSE,
                          "%s: %s: not a Feature with properties", file,
                          where);
    v = json_object_get(props, "id");
    if (json_is_string(v) && json_string_length(v) > 0 &&
        json_string_length(v) <= 64) {
        id = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        id = idbuf;
    } else {
        return wo_err_set(L->err, WO_EPARSE,
                          "%s: %s: property 'id' is missing or not a string "
                          "or integer of 1-64 bytes",
                          file, where);
    }
    snprintf(where, sizeof where, "feature %zu (id '%s')", k + 1, id);
    v = json_object_get(props, "name");
    if (!json_is_string(v) || json_string_length(v) == 0)
        return wo_err_set(L->err, WO_EPARSE,
                          "%s: %s: property 'name' is missing or not a "
                          "non-empty string",
                          file, where);
    if (!(d->id = wo_ld_strdup(L, id)) ||
        !(d->name = wo_ld_strdup(L, json_string_value(v))))
        return WO_ENOMEM;
    if ((rc = flag_prop(L, file, where, props, "urban", &d->urban)) !=
            WO_OK ||
        (rc = flag_prop(L, file, where, props, "central", &d->central)) !=
            WO_OK)
        return rc;
    d->datum = L->sc->datums[WO_TABLE_DISTRICTS];
    type = json_string_value(json_object_get(geom, "type"));
    coords = json_object_get(geom, "coordinates");
    if (!json_is_object(geom) || !type)
        return wo_err_set(L->err, WO_EPARSE, "%s: %s: no geometry", file,
                          where);
    if (!strcmp(type, "Polygon")) {
        rc = add_polygon(L, file, where, coords, &a);
    } else if (!strcmp(type, "MultiPolygon")) {
        size_t p;
        rc = WO_OK;
        if (!json_is_array(coords) || json_array_size(coords) == 0)
            rc = wo_err_set(L->err, WO_EPARSE,
                            "%s: %s: MultiPolygon coordinates are not a "
                            "non-empty array",
                            file, where);
        for (p = 0; rc == WO_OK && p < json_array_size(coords); p++)
            rc = add_polygon(L, file, where, json_array_get(coords, p), &a);
    } else {
        rc = wo_err_set(L->err, WO_EPARSE,
                        "%s: %s: geometry type '%s' is not Polygon or "
                        "MultiPolygon",
                        file, where, type);
    }
    if (rc != WO_OK)
        goto err;
    d->n_rings = a.n_rings;
    d->ring_start = a.start;
    d->lon_deg = a.lon;
    d->lat_deg = a.lat;
    d->min_lon_deg = d->max_lon_deg = a.lon[0];
    d->min_lat_deg = d->max_lat_deg = a.lat[0];
    for (i = 1; i < a.n; i++) {
        d->min_lon_deg = fmin(d->min_lon_deg, a.lon[i]);
        d->max_lon_deg = fmax(d->max_lon_deg, a.lon[i]);
        d->min_lat_deg = fmin(d->min_lat_deg, a.lat[i]);
        d->max_lat_deg = fmax(d->max_lat_deg, a.lat[i]);
    }
    return WO_OK;
err:
    wo_free(a.lon);
    wo_free(a.lat);
    wo_free(a.start);
    return rc;
}

int wo_ld_districts(wo_ld *L, const char *name, const char *text, size_t len)
{
    wo_scenario *sc = L->sc;
    json_t *root, *feats;
    size_t skip, k, n;
    int rc = WO_OK, j;

    if ((rc = wo_text_check(name, text, len, &skip, L->err)) != WO_OK)
        return rc;
    root = parse_json(name, text + skip, len - skip, 0, L->err);
    if (!root)
        return L->err->code;
    feats = json_object_get(root, "features");
    if (!json_is_object(root) ||
        !json_is_string(json_object_get(root, "type")) ||
        strcmp(json_string_value(json_object_get(root, "type")),
               "FeatureCollection") ||
        !json_is_array(feats)) {
        rc = wo_err_set(L->err, WO_EPARSE,
                        "%s: not a GeoJSON FeatureCollection with a "
                        "'features' array",
                        name);
        goto out;
    }
    n = json_array_size(feats);
    if (n == 0) {
        rc = wo_err_set(L->err, WO_EPARSE,
                        "%s: no districts (features is "
                        "empty)",
                        name);
        goto out;
    }
    if (n > 100000) {
        rc = wo_err_set(L->err, WO_ETOOBIG, "%s: more than 100000 features",
                        name);
        goto out;
    }
    if (!(sc->districts = wo_calloc(n, sizeof *sc->districts))) {
        rc = WO_ENOMEM;
        goto out;
    }
    for (k = 0; k < n; k++) {
        if ((rc = load_feature(L, name, k, json_array_get(feats, k),
                               &sc->districts[k])) != WO_OK)
            goto out;
        sc->n_districts = (int)k + 1;
        for (j = 0; j < (int)k; j++)
            if (!strcmp(sc->districts[j].id, sc->districts[k].id)) {
                rc = wo_err_set(L->err, WO_EDUP,
                                "%s: feature %zu: district id '%s' duplicates "
                                "feature %d",
                                name, k + 1, sc->districts[k].id, j + 1);
                goto out;
            }
    }
out:
    json_decref(root);
    return rc;
}
