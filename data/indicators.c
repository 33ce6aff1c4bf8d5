/*
 * indicators.c — the annex indicators: definitions and targets, the
 * statistics-file parser, computation from statistics or plan flows. The
 * report's text / CSV / JSON writer is the command line's
 * (cli/indicators_out.h). See indicators.h and data/STATS.md.
 */
#define _POSIX_C_SOURCE 200809L
#include "data/indicators.h"

#include "data/csv.h"
#include "data/embedded.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- metrics */

typedef struct metric_info {
    const char *name;  /* the file's metric name */
    int unit;          /* wo_ind_unit            */
    const char *text;  /* meaning                */
} metric_info;

static const metric_info metrics[WO_IND_METRIC_COUNT] = {
#define WO_IND_METRIC_ROW_(sym, name, unit, text) {name, unit, text},
    WO_IND_METRIC_MAP(WO_IND_METRIC_ROW_)
#undef WO_IND_METRIC_ROW_
};

const char *wo_ind_metric_name(int metric)
{
    return metric >= 0 && metric < WO_IND_METRIC_COUNT ? metrics[metric].name
                                                       : NULL;
}

int wo_ind_metric_unit(int metric)
{
    return metric >= 0 && metric < WO_IND_METRIC_COUNT ? metrics[metric].unit
                                                       : -1;
}

const char *wo_ind_metric_text(int metric)
{
    return metric >= 0 && metric < WO_IND_METRIC_COUNT ? metrics[metric].text
                                                       : NULL;
}

void wo_ind_stats_init(wo_ind_stats *s)
{
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- definitions */

#define GE(v) {WO_IND_CMP_GE, v}
#define GT(v) {WO_IND_CMP_GT, v}
#define NONE {WO_IND_CMP_NONE, 0}

static const wo_ind_def defs[WO_IND_COUNT] = {
    {WO_IND_RECYCLING, "1", "urban household-waste recycling rate",
     "城市生活垃圾回收利用率",
     "(recyclables recovered + kitchen waste resource-utilized) / urban "
     "household waste",
     {GE(37), GE(43), GE(45)}, 0, 1},
    {WO_IND_ACCURACY, "2", "urban sorting accuracy", "城市生活垃圾分类准确率",
     "waste correctly sorted into the 4 classes / waste assessed (surveys)",
     {GE(45), GE(65), GE(80)}, 0, 1},
    {WO_IND_INCINERATION, "3", "urban incineration rate", "城市生活垃圾焚烧率",
     "other waste incinerated / other waste treated",
     {GE(68), GE(80), GE(90)}, 0, 1},
    {WO_IND_COVERAGE_CITY, "4-city", "sorting coverage, city",
     "生活垃圾分类覆盖率(城市)",
     "communities, public institutions and places that sort / all of them",
     {GE(100), GE(100), GE(100)}, 1, 1},
    {WO_IND_COVERAGE_VIL, "4-village", "sorting coverage, admin. villages",
     "生活垃圾分类覆盖率(行政村)",
     "administrative villages that sort / all administrative villages",
     {GE(50), GE(75), GE(90)}, 0, 1},
    {WO_IND_FILM, "5", "agricultural-film recovery", "农膜回收率",
     "film recovered / film used", {GE(91), GE(92), GE(95)}, 0, 1},
    {WO_IND_STRAW, "6", "straw comprehensive utilization", "秸秆综合利用率",
     "straw utilized / collectable straw", {GE(90), GT(90), GT(90)}, 0, 1},
    {WO_IND_CD, "7", "C&D waste resource utilization", "建筑垃圾资源化利用率",
     "C&D waste resource-utilized / all C&D waste",
     {GE(30), GE(45), GE(50)}, 0, 1},
    {WO_IND_GREEN, "8", "new green-building share", "新建绿色建筑比例",
     "floor area of new green buildings / of all new buildings",
     {GE(85), GE(90), GE(100)}, 0, 1},
    {WO_IND_BULK, "9", "bulk industrial solid-waste utilization",
     "大宗工业固体废物资源化利用率",
     "utilized / generated (both incl. old stock utilized)",
     {NONE, GE(70), GT(75)}, 0, 1},
    {WO_IND_HAZARDOUS, "10", "industrial hazardous-waste handling",
     "工业危险废物利用处置率",
     "utilized or disposed / generated (both incl. old stock handled)",
     {GE(91), GE(95), GE(98)}, 0, 1},
    {WO_IND_MEDICAL, "11", "urban medical-waste harmless disposal",
     "城市建成区医疗废物无害化处置率",
     "harmlessly disposed / generated, built-up area",
     {GE(100), GE(100), GE(100)}, 1, 1},
    {WO_IND_CENTRAL_RECYCLING, "R", "recycling rate, central urban districts",
     "中心城区生活垃圾回收利用率",
     "(recyclables recovered + kitchen waste resource-utilized) / household "
     "waste, 9 central urban districts (渝府发〔2021〕8号, 2025 only)",
     {NONE, GE(40), NONE}, 0, 0},
};

#undef GE
#undef GT
#undef NONE

/* Inputs of each line: up to two numerator metrics (-1 unused) over one
 * denominator metric. */
typedef struct line_inputs {
    int num[2];
    int den;
} line_inputs;

static const line_inputs inputs[WO_IND_COUNT] = {
    {{WO_IND_M_HH_RECYCLABLES, WO_IND_M_HH_KITCHEN}, WO_IND_M_HH_TOTAL},
    {{WO_IND_M_SORT_OK, -1}, WO_IND_M_SORT_ALL},
    {{WO_IND_M_OTHER_INC, -1}, WO_IND_M_OTHER_TREAT},
    {{WO_IND_M_CITY_SORT, -1}, WO_IND_M_CITY_ALL},
    {{WO_IND_M_VIL_SORT, -1}, WO_IND_M_VIL_ALL},
    {{WO_IND_M_FILM_REC, -1}, WO_IND_M_FILM_USED},
    {{WO_IND_M_STRAW_UTIL, -1}, WO_IND_M_STRAW_ALL},
    {{WO_IND_M_CD_UTIL, -1}, WO_IND_M_CD_ALL},
    {{WO_IND_M_GREEN_NEW, -1}, WO_IND_M_NEW_ALL},
    {{WO_IND_M_BULK_UTIL, -1}, WO_IND_M_BULK_GEN},
    {{WO_IND_M_HAZ_DONE, -1}, WO_IND_M_HAZ_GEN},
    {{WO_IND_M_MED_DISP, -1}, WO_IND_M_MED_GEN},
    {{WO_IND_M_C_HH_RECYCLABLES, WO_IND_M_C_HH_KITCHEN}, WO_IND_M_C_HH_TOTAL},
};

const wo_ind_def *wo_ind_def_get(int id)
{
    return id >= 0 && id < WO_IND_COUNT ? &defs[id] : NULL;
}

int wo_ind_year_index(long year)
{
    switch (year) {
    case 2022:
        return WO_IND_Y2022;
    case 2025:
        return WO_IND_Y2025;
    case 2027:
        return WO_IND_Y2027;
    default:
        return -1;
    }
}

long wo_ind_target_year_for(long year)
{
    if (year <= 2022)
        return 2022;
    if (year <= 2025)
        return 2025;
    return 2027;
}

/* ---------------------------------------------------------------- parsing */

/* Longest value quoted back in a message. */
#define QUOTE_MAX 40

/* Factor from a stated unit to the base unit of `kind`; 0 when the unit
 * does not fit the kind. An empty unit means the base unit. */
static double unit_factor(int kind, const char *unit)
{
    switch ((wo_ind_unit)kind) {
    case WO_IND_UNIT_T:
        if (!*unit || !strcmp(unit, "t"))
            return 1;
        if (!strcmp(unit, "kg"))
            return 1e-3;
        if (!strcmp(unit, "kt"))
            return 1e3;
        if (!strcmp(unit, "Mt"))
            return 1e6;
        return 0;
    case WO_IND_UNIT_COUNT:
        return !*unit || !strcmp(unit, "count") ? 1 : 0;
    case WO_IND_UNIT_M2:
        return !*unit || !strcmp(unit, "m2") ? 1 : 0;
    case WO_IND_UNIT_YEAR:
        return !*unit || !strcmp(unit, "year") ? 1 : 0;
    }
    return 0;
}

static const char *unit_expected(int kind)
{
    switch ((wo_ind_unit)kind) {
    case WO_IND_UNIT_T:
        return "t, kg, kt or Mt";
    case WO_IND_UNIT_COUNT:
        return "count";
    case WO_IND_UNIT_M2:
        return "m2";
    case WO_IND_UNIT_YEAR:
        return "year";
    }
    return "?";
}

static int metric_lookup(const char *name)
{
    int m;
    for (m = 0; m < WO_IND_METRIC_COUNT; m++)
        if (!strcmp(metrics[m].name, name))
            return m;
    return -1;
}

/* Parse one data row: metric name, value and unit ("" when none). */
static int parse_row(const char *name, const char *val, const char *unit,
                     const char *fname, int lineno, wo_ind_stats *st,
                     wo_err *err)
{
    double v, fac;
    int m, rc;
    if (!*name)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%d: column 'metric': value required", fname,
                          lineno);
    m = metric_lookup(name);
    if (m < 0)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%d: column 'metric': '%.*s' is not a known "
                          "metric (see data/STATS.md)",
                          fname, lineno, QUOTE_MAX, name);
    if (st->present[m])
        return wo_err_set(err, WO_EDUP,
                          "%s:%d: column 'metric': '%s' duplicates line %d",
                          fname, lineno, metrics[m].name, st->line[m]);
    rc = wo_parse_double(val, &v);
    if (rc != WO_OK)
        return wo_err_set(err, rc,
                          "%s:%d: column 'value': '%.*s' is not a number",
                          fname, lineno, QUOTE_MAX, val);
    fac = unit_factor(metrics[m].unit, unit);
    if (fac == 0)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%d: column 'unit': '%.*s' is not a unit of "
                          "metric '%s' (expected %s)",
                          fname, lineno, QUOTE_MAX, unit, metrics[m].name,
                          unit_expected(metrics[m].unit));
    if (v < 0)
        return wo_err_set(err, WO_ERANGE,
                          "%s:%d: column 'value': '%.*s' is negative "
                          "(expected a value >= 0)",
                          fname, lineno, QUOTE_MAX, val);
    if (metrics[m].unit == WO_IND_UNIT_YEAR &&
        (v != floor(v) || v < 1990 || v > 2100))
        return wo_err_set(err, WO_ERANGE,
                          "%s:%d: column 'value': '%.*s' is not a year "
                          "(expected a whole number 1990..2100)",
                          fname, lineno, QUOTE_MAX, val);
    if (metrics[m].unit == WO_IND_UNIT_COUNT && v != floor(v))
        return wo_err_set(err, WO_EPARSE,
                          "%s:%d: column 'value': '%.*s' is not a whole "
                          "number (metric '%s' is a count)",
                          fname, lineno, QUOTE_MAX, val, metrics[m].name);
    v *= fac;
    if (!isfinite(v))
        return wo_err_set(err, WO_ERANGE,
                          "%s:%d: column 'value': '%.*s' is out of range",
                          fname, lineno, QUOTE_MAX, val);
    st->value[m] = v;
    st->present[m] = 1;
    st->line[m] = lineno;
    return WO_OK;
}

/* Check that no numerator exceeds its denominator (a rate above 100 %
 * means the figures are wrong, not that the target is exceeded). */
static int check_rates(const wo_ind_stats *st, const char *fname, wo_err *err)
{
    int i, k;
    for (i = 0; i < WO_IND_COUNT; i++) {
        const line_inputs *in = &inputs[i];
        double num = 0;
        int last = 0, have = 1;
        char names[160] = "";
        for (k = 0; k < 2; k++) {
            int m = in->num[k];
            if (m < 0)
                continue;
            if (!st->present[m]) {
                have = 0;
                break;
            }
            num += st->value[m];
            if (st->line[m] > last)
                last = st->line[m];
            if (names[0]) {
                size_t n = strlen(names);
                snprintf(names + n, sizeof names - n, " + %s",
                         metrics[m].name);
            } else {
                wo_strlcpy(names, metrics[m].name, sizeof names);
            }
        }
        if (!have || !st->present[in->den])
            continue;
        if (num > st->value[in->den] * (1 + 1e-12)) {
            const char *u = metrics[in->den].unit == WO_IND_UNIT_T ? " t"
                            : metrics[in->den].unit == WO_IND_UNIT_M2
                                ? " m2"
                                : "";
            return wo_err_set(err, WO_ERANGE,
                              "%s:%d: %s = %.10g%s exceeds %s = %.10g%s "
                              "(line %d): indicator %s would be above 100 %%",
                              fname, last, names, num, u,
                              metrics[in->den].name, st->value[in->den], u,
                              st->line[in->den], defs[i].key);
        }
    }
    return WO_OK;
}

int wo_ind_stats_parse(const char *text, size_t len, const char *fname,
                       wo_ind_stats *out, wo_err *err)
{
    wo_csv *csv = NULL;
    int c_metric, c_value, c_unit, c, r, rc;
    wo_ind_stats st;
    wo_ind_stats_init(&st);
    wo_ind_stats_init(out);
    if (!fname)
        fname = "stats";
    rc = wo_csv_parse(fname, text, len, &csv, err);
    if (rc != WO_OK)
        return rc;
    for (c = 0; c < wo_csv_ncols(csv); c++) {
        const char *n = wo_csv_colname(csv, c);
        if (strcmp(n, "metric") && strcmp(n, "value") && strcmp(n, "unit") &&
            strcmp(n, "note")) {
            rc = wo_err_set(err, WO_EPARSE,
                            "%s:1: column '%.*s' is not a column of a "
                            "statistics file (expected metric, value, unit, "
                            "note)",
                            fname, QUOTE_MAX, n);
            goto err;
        }
    }
    c_metric = wo_csv_col(csv, "metric");
    c_value = wo_csv_col(csv, "value");
    c_unit = wo_csv_col(csv, "unit");
    if (c_metric < 0 || c_value < 0) {
        rc = wo_err_set(err, WO_EPARSE, "%s:1: missing required column '%s'",
                        fname, c_metric < 0 ? "metric" : "value");
        goto err;
    }
    for (r = 0; r < wo_csv_nrows(csv); r++) {
        rc = parse_row(wo_csv_get(csv, r, c_metric),
                       wo_csv_get(csv, r, c_value),
                       wo_csv_get(csv, r, c_unit), fname, wo_csv_line(csv, r),
                       &st, err);
        if (rc != WO_OK)
            goto err;
    }
    rc = check_rates(&st, fname, err);
    if (rc != WO_OK)
        goto err;
    *out = st;
err:
    wo_csv_free(csv);
    return rc;
}

int wo_ind_stats_load(const char *path, wo_ind_stats *out, wo_err *err)
{
    const char *base = strrchr(path, '/');
    FILE *fp;
    char *buf = NULL;
    size_t n = 0;
    int rc;
    wo_ind_stats_init(out);
    base = base ? base + 1 : path;
    fp = fopen(path, "rb");
    if (!fp)
        return wo_err_set(err, WO_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    buf = wo_malloc((size_t)WO_IND_STATS_MAX_BYTES + 1);
    if (!buf) {
        rc = wo_err_set(err, WO_ENOMEM, "%s: out of memory", path);
        goto err;
    }
    n = fread(buf, 1, (size_t)WO_IND_STATS_MAX_BYTES + 1, fp);
    if (ferror(fp)) {
        rc = wo_err_set(err, WO_EIO, "%s: read error: %s", path,
                        strerror(errno));
        goto err;
    }
    if (n > (size_t)WO_IND_STATS_MAX_BYTES) {
        rc = wo_err_set(err, WO_ETOOBIG,
                        "%s: larger than %ld bytes; not a statistics file",
                        path, WO_IND_STATS_MAX_BYTES);
        goto err;
    }
    rc = wo_ind_stats_parse(buf, n, base, out, err);
err:
    wo_free(buf);
    fclose(fp);
    return rc;
}

int wo_ind_stats_load_scenario(const char *dir, wo_ind_stats *out,
                               char *source, size_t source_size,
                               wo_err *err)
{
    wo_scenario *sc = NULL;
    int rc;
    wo_ind_stats_init(out);
    rc = dir ? wo_scenario_load_dir(dir, &sc, err)
             : wo_scenario_load_embedded(&sc, err);
    if (rc != WO_OK)
        return rc;
    if (!sc->stats) {
        rc = wo_err_set(err, WO_ENOTFOUND,
                        "scenario.json: no key 'files.stats' naming the "
                        "statistics file (give --stats FILE)");
        goto err;
    }
    if (source && dir) {
        snprintf(source, source_size, "%s/%s", dir, sc->stats_file);
    } else if (source) {
        const char *base = strrchr(sc->stats_file, '/');
        snprintf(source, source_size, "%s (embedded default)",
                 base ? base + 1 : sc->stats_file);
    }
    *out = *sc->stats;
err:
    wo_scenario_free(sc);
    return rc;
}

/* ---------------------------------------------------------------- compute */

int wo_ind_meets(double value_pct, wo_ind_target t)
{
    const double eps = 1e-9;
    switch (t.cmp) {
    case WO_IND_CMP_NONE:
        return 1;
    case WO_IND_CMP_GE:
        return value_pct >= t.pct - eps;
    case WO_IND_CMP_GT:
        return value_pct > t.pct + eps;
    }
    return 0;
}

int wo_ind_compute(const wo_ind_stats *s, long target_year,
                   wo_ind_report *out, wo_err *err)
{
    int yi = wo_ind_year_index(target_year);
    int i, k;
    if (yi < 0)
        return wo_err_set(err, WO_EINVAL,
                          "target year %ld: expected 2022, 2025 or 2027",
                          target_year);
    memset(out, 0, sizeof *out);
    out->year = target_year;
    out->stats_year = s->present[WO_IND_M_YEAR] ? (long)s->value[WO_IND_M_YEAR]
                                                : 0;
    for (i = 0; i < WO_IND_COUNT; i++) {
        wo_ind_result *r = &out->line[i];
        const line_inputs *in = &inputs[i];
        int have = s->present[in->den];
        double num = 0;
        r->def = &defs[i];
        r->target = defs[i].target[yi];
        for (k = 0; k < 2; k++)
            if (in->num[k] >= 0) {
                have = have && s->present[in->num[k]];
                num += s->value[in->num[k]];
            }
        if (!have) {
            r->na_reason = "no data";
        } else {
            r->numerator = num;
            r->denominator = s->value[in->den];
            if (r->denominator > 0) {
                r->value_pct = num * 100.0 / r->denominator;
                r->has_value = isfinite(r->value_pct);
                if (!r->has_value)
                    r->na_reason = "out of range";
            } else {
                r->na_reason = "zero denominator";
            }
        }
        if (!r->has_value)
            r->status = WO_IND_NA;
        else if (r->target.cmp == WO_IND_CMP_NONE)
            r->status = WO_IND_NO_TARGET;
        else
            r->status = wo_ind_meets(r->value_pct, r->target) ? WO_IND_MET
                                                              : WO_IND_NOT_MET;
        if (defs[i].binding && r->status != WO_IND_MET &&
            r->status != WO_IND_NO_TARGET)
            out->binding_unmet++;
    }
    return WO_OK;
}

/* ---------------------------------------------------------------- from flows */

static void put(wo_ind_stats *s, int m, double v)
{
    s->value[m] = v;
    s->present[m] = 1;
}

/* Sum of the classes of stream st that have the given flag set
 * (0: recovery, 1: incineration, 2: harmless, 3: any treatment). */
static double treated_by(const wo_ind_flows *f, int st, int flag)
{
    double sum = 0;
    int k;
    for (k = 0; k < WO_TREAT_COUNT; k++) {
        const wo_treatment_info *ti = wo_treatment_get(k);
        int on = flag == 0   ? ti->recovery
                 : flag == 1 ? ti->incineration
                 : flag == 2 ? ti->harmless
                             : !ti->intermediate;
        if (on)
            sum += f->treated_t[st][k];
    }
    return sum;
}

enum { BY_RECOVERY, BY_INCINERATION, BY_HARMLESS, BY_ANY };

int wo_ind_stats_from_flows(const wo_ind_flows *f, wo_ind_stats *out,
                            wo_err *err)
{
    double hh = 0, rec, kit, cd_gen = 0, cd_util = 0;
    int i, k;
    wo_ind_stats_init(out);
    for (i = 0; i < WO_STREAM_PRIMARY_COUNT; i++) {
        const char *code = wo_stream_get(i)->code;
        if (!isfinite(f->generated_t[i]) || f->generated_t[i] < 0)
            return wo_err_set(err, WO_EINVAL,
                              "flows: stream %s: generated %g t is not a "
                              "tonnage >= 0",
                              code, f->generated_t[i]);
        for (k = 0; k < WO_TREAT_COUNT; k++)
            if (!isfinite(f->treated_t[i][k]) || f->treated_t[i][k] < 0)
                return wo_err_set(err, WO_EINVAL,
                                  "flows: stream %s: treated %g t (%s) is "
                                  "not a tonnage >= 0",
                                  code, f->treated_t[i][k],
                                  wo_treatment_get(k)->code);
    }
    for (i = WO_STREAM_HH_RECYCLABLE; i <= WO_STREAM_HH_OTHER; i++)
        hh += f->generated_t[i];
    rec = treated_by(f, WO_STREAM_HH_RECYCLABLE, BY_RECOVERY);
    kit = treated_by(f, WO_STREAM_HH_KITCHEN, BY_RECOVERY);
    put(out, WO_IND_M_HH_TOTAL, hh);
    put(out, WO_IND_M_HH_RECYCLABLES, rec);
    put(out, WO_IND_M_HH_KITCHEN, kit);
    if (f->central_urban) {
        put(out, WO_IND_M_C_HH_TOTAL, hh);
        put(out, WO_IND_M_C_HH_RECYCLABLES, rec);
        put(out, WO_IND_M_C_HH_KITCHEN, kit);
    }
    put(out, WO_IND_M_OTHER_INC,
        treated_by(f, WO_STREAM_HH_OTHER, BY_INCINERATION));
    put(out, WO_IND_M_OTHER_TREAT, treated_by(f, WO_STREAM_HH_OTHER, BY_ANY));
    put(out, WO_IND_M_FILM_REC, treated_by(f, WO_STREAM_AG_FILM, BY_RECOVERY));
    put(out, WO_IND_M_FILM_USED, f->generated_t[WO_STREAM_AG_FILM]);
    /* straw burnt as fuel counts as utilization (燃料化) */
    put(out, WO_IND_M_STRAW_UTIL,
        treated_by(f, WO_STREAM_AG_STRAW, BY_RECOVERY) +
            treated_by(f, WO_STREAM_AG_STRAW, BY_INCINERATION));
    put(out, WO_IND_M_STRAW_ALL, f->generated_t[WO_STREAM_AG_STRAW]);
    for (i = WO_STREAM_CD_SPOIL; i <= WO_STREAM_CD_RENOVATION; i++) {
        cd_gen += f->generated_t[i];
        cd_util += treated_by(f, i, BY_RECOVERY);
    }
    put(out, WO_IND_M_CD_UTIL, cd_util);
    put(out, WO_IND_M_CD_ALL, cd_gen);
    put(out, WO_IND_M_MED_DISP, treated_by(f, WO_STREAM_MEDICAL, BY_HARMLESS));
    put(out, WO_IND_M_MED_GEN, f->generated_t[WO_STREAM_MEDICAL]);
    return WO_OK;
}
