/*
 * indicators.h — the 11 main indicators of the annex of the Chongqing
 * waste-classification plan (重庆市垃圾分类治理工作主要指标, 渝府办发〔2023〕97号),
 * their targets for 2022 / 2025 / 2027, and their computation from a
 * statistics record (one year of tonnages and counts) or from the served
 * and treated tonnages of a plan.
 *
 * Indicator 4 (sorting coverage) has two parts, a city part (binding,
 * 100 % every year) and an administrative-village part (expected); each is
 * one line of the report. One extra line, not in the annex, carries the
 * related 2025 target of the patriotic-health plan (渝府发〔2021〕8号):
 * household-waste recycling rate of the central urban districts ≥ 40 %.
 *
 * Every indicator is a percentage 100 × numerator / denominator. A missing
 * input makes it "n/a (no data)", a zero denominator "n/a (zero
 * denominator)"; a value is never NaN. The statistics-file format is
 * documented in data/STATS.md.
 */
#ifndef WO_INDICATORS_H
#define WO_INDICATORS_H

#include <stddef.h>

#include "data/model.h"
#include "base/base.h"

/* ---------------------------------------------------------------- metrics */

/* Unit kinds of the statistics metrics. */
typedef enum wo_ind_unit {
    WO_IND_UNIT_T,     /* mass, stored in tonnes; file may say t, kg, kt, Mt */
    WO_IND_UNIT_COUNT, /* a number of units (communities, villages ...)      */
    WO_IND_UNIT_M2,    /* floor area in square metres                        */
    WO_IND_UNIT_YEAR   /* a calendar year                                    */
} wo_ind_unit;

/* The metrics a statistics file may hold: X(enum suffix, name, unit kind,
 * meaning). The names are the `metric` column of the file. */
#define WO_IND_METRIC_MAP(X)                                                   \
    X(YEAR, "year", WO_IND_UNIT_YEAR, "year the figures describe")             \
    X(HH_TOTAL, "household_waste_total_t", WO_IND_UNIT_T,                      \
      "urban household waste, total")                                          \
    X(HH_RECYCLABLES, "recyclables_recovered_t", WO_IND_UNIT_T,                \
      "urban recyclables recovered and utilized")                              \
    X(HH_KITCHEN, "kitchen_resource_utilized_t", WO_IND_UNIT_T,                \
      "urban kitchen waste resource-utilized")                                 \
    X(SORT_OK, "sorted_correctly_t", WO_IND_UNIT_T,                            \
      "waste found correctly sorted into the 4 classes (surveys)")             \
    X(SORT_ALL, "sorting_assessed_t", WO_IND_UNIT_T,                           \
      "waste assessed for sorting accuracy (surveys)")                         \
    X(OTHER_INC, "other_incinerated_t", WO_IND_UNIT_T,                         \
      "other (residual) waste incinerated")                                    \
    X(OTHER_TREAT, "other_treated_t", WO_IND_UNIT_T,                           \
      "other (residual) waste treated by any means")                           \
    X(CITY_SORT, "city_units_sorting", WO_IND_UNIT_COUNT,                      \
      "urban communities, public institutions and places that sort")           \
    X(CITY_ALL, "city_units_total", WO_IND_UNIT_COUNT,                         \
      "urban communities, public institutions and places, total")              \
    X(VIL_SORT, "villages_sorting", WO_IND_UNIT_COUNT,                         \
      "administrative villages that sort")                                     \
    X(VIL_ALL, "villages_total", WO_IND_UNIT_COUNT,                            \
      "administrative villages, total")                                        \
    X(FILM_REC, "film_recovered_t", WO_IND_UNIT_T,                             \
      "agricultural film recovered")                                           \
    X(FILM_USED, "film_used_t", WO_IND_UNIT_T, "agricultural film used")       \
    X(STRAW_UTIL, "straw_utilized_t", WO_IND_UNIT_T,                           \
      "crop straw comprehensively utilized")                                   \
    X(STRAW_ALL, "straw_collectable_t", WO_IND_UNIT_T,                         \
      "collectable crop straw")                                                \
    X(CD_UTIL, "cd_resource_utilized_t", WO_IND_UNIT_T,                        \
      "construction & demolition waste resource-utilized")                     \
    X(CD_ALL, "cd_total_t", WO_IND_UNIT_T,                                     \
      "construction & demolition waste, total")                                \
    X(GREEN_NEW, "green_new_buildings_m2", WO_IND_UNIT_M2,                     \
      "floor area of new green buildings")                                     \
    X(NEW_ALL, "new_buildings_m2", WO_IND_UNIT_M2,                             \
      "floor area of new buildings")                                           \
    X(BULK_UTIL, "bulk_industrial_utilized_t", WO_IND_UNIT_T,                  \
      "bulk industrial solid waste resource-utilized (incl. old stock)")       \
    X(BULK_GEN, "bulk_industrial_generated_t", WO_IND_UNIT_T,                  \
      "bulk industrial solid waste generated (incl. old stock utilized)")      \
    X(HAZ_DONE, "industrial_hazardous_handled_t", WO_IND_UNIT_T,               \
      "industrial hazardous waste utilized or disposed (incl. old stock)")     \
    X(HAZ_GEN, "industrial_hazardous_generated_t", WO_IND_UNIT_T,              \
      "industrial hazardous waste generated (incl. old stock handled)")        \
    X(MED_DISP, "medical_disposed_t", WO_IND_UNIT_T,                           \
      "medical waste of the built-up area harmlessly disposed")                \
    X(MED_GEN, "medical_generated_t", WO_IND_UNIT_T,                           \
      "medical waste generated in the built-up area")                          \
    X(C_HH_TOTAL, "central_household_waste_total_t", WO_IND_UNIT_T,            \
      "household waste of the central urban districts, total")                 \
    X(C_HH_RECYCLABLES, "central_recyclables_recovered_t", WO_IND_UNIT_T,      \
      "recyclables recovered in the central urban districts")                  \
    X(C_HH_KITCHEN, "central_kitchen_resource_utilized_t", WO_IND_UNIT_T,      \
      "kitchen waste resource-utilized in the central urban districts")

typedef enum wo_ind_metric {
#define WO_IND_METRIC_ENUM_(sym, name, unit, text) WO_IND_M_##sym,
    WO_IND_METRIC_MAP(WO_IND_METRIC_ENUM_)
#undef WO_IND_METRIC_ENUM_
    WO_IND_METRIC_COUNT
} wo_ind_metric;

/* Name (the file's `metric` column), unit kind and meaning of a metric;
 * NULL / -1 for an index out of range. */
const char *wo_ind_metric_name(int metric);
int wo_ind_metric_unit(int metric);
const char *wo_ind_metric_text(int metric);

/* One year of statistics. value[] is in the base unit of the metric
 * (t, count, m², year); only entries with present[] set are meaningful. */
typedef struct wo_ind_stats {
    double value[WO_IND_METRIC_COUNT];       /* base-unit values            */
    unsigned char present[WO_IND_METRIC_COUNT]; /* 1 when the file gave it  */
    int line[WO_IND_METRIC_COUNT];           /* source line, 0 if none      */
} wo_ind_stats;

/* Empty record: nothing present. */
void wo_ind_stats_init(wo_ind_stats *s);

/* Parse a statistics file held in memory (text[0..len), need not be
 * NUL-terminated) with the scenario CSV reader (data/csv.h). `fname` names
 * the file in error messages ("stats.csv:7: ..."). On success *out holds
 * the figures; on failure it is left empty and err says file, line,
 * column, value and what was expected. The temporary memory is freed
 * before returning. */
int wo_ind_stats_parse(const char *text, size_t len, const char *fname,
                       wo_ind_stats *out, wo_err *err);

/* Largest statistics file read, in bytes (also by the scenario loader). */
#define WO_IND_STATS_MAX_BYTES (1L << 20)

/* Read and parse the statistics file at `path` (at most
 * WO_IND_STATS_MAX_BYTES). Messages name the file by its base name. */
int wo_ind_stats_load(const char *path, wo_ind_stats *out, wo_err *err);

/* The statistics file a scenario refers to (scenario.json "files"."stats",
 * data/SCHEMA.md). The scenario is loaded as a whole (wo_scenario_load_dir,
 * or wo_scenario_load_embedded when `dir` is NULL), which parses the
 * statistics too, so a broken scenario or statistics file fails with the
 * loader's message (the file named as in scenario.json). `source` (size
 * source_size, may be NULL) receives the statistics file's path or name
 * for headings. WO_ENOTFOUND when the scenario names no statistics. */
int wo_ind_stats_load_scenario(const char *dir, wo_ind_stats *out,
                               char *source, size_t source_size,
                               wo_err *err);

/* ---------------------------------------------------------------- indicators */

/* The lines of the report, in annex order. */
typedef enum wo_ind_id {
    WO_IND_RECYCLING,      /* 1  urban household-waste recycling rate     */
    WO_IND_ACCURACY,       /* 2  urban sorting accuracy                    */
    WO_IND_INCINERATION,   /* 3  urban incineration rate                   */
    WO_IND_COVERAGE_CITY,  /* 4  sorting coverage, city part (binding)     */
    WO_IND_COVERAGE_VIL,   /* 4  sorting coverage, administrative villages */
    WO_IND_FILM,           /* 5  agricultural-film recovery                */
    WO_IND_STRAW,          /* 6  straw comprehensive utilization           */
    WO_IND_CD,             /* 7  C&D waste resource utilization            */
    WO_IND_GREEN,          /* 8  new green-building share                  */
    WO_IND_BULK,           /* 9  bulk industrial solid-waste utilization   */
    WO_IND_HAZARDOUS,      /* 10 industrial hazardous-waste handling       */
    WO_IND_MEDICAL,        /* 11 urban medical-waste harmless disposal (binding) */
    WO_IND_CENTRAL_RECYCLING, /* extra: central-urban recycling rate (2025 ≥ 40) */
    WO_IND_COUNT
} wo_ind_id;

/* How a value is held against its target. */
typedef enum wo_ind_cmp {
    WO_IND_CMP_NONE, /* "—": no target that year          */
    WO_IND_CMP_GE,   /* value ≥ target                    */
    WO_IND_CMP_GT    /* value > target (">90": strictly)  */
} wo_ind_cmp;

/* A target for one year. */
typedef struct wo_ind_target {
    wo_ind_cmp cmp;   /* comparison kind                     */
    double pct;       /* target value in %, 0 when cmp NONE  */
} wo_ind_target;

/* The target years, index of wo_ind_def.target[]. */
enum { WO_IND_Y2022, WO_IND_Y2025, WO_IND_Y2027, WO_IND_NYEARS };

/* Static description of one report line. */
typedef struct wo_ind_def {
    wo_ind_id id;             /* the line                                 */
    const char *key;          /* stable id: "1", "4-city", "4-village", "R" */
    const char *name_en;      /* English name                             */
    const char *name_zh;      /* name in the annex                        */
    const char *definition;   /* numerator / denominator in words         */
    wo_ind_target target[WO_IND_NYEARS]; /* 2022, 2025, 2027               */
    int binding;              /* 1 for 约束性 (binding), 0 for 预期性       */
    int in_annex;             /* 0 for the extra central-urban line        */
} wo_ind_def;

/* The definition of a line; NULL when out of range. */
const wo_ind_def *wo_ind_def_get(int id);

/* Index into target[] for a target year: 2022, 2025 or 2027 exactly;
 * -1 otherwise. */
int wo_ind_year_index(long year);

/* The target year whose targets apply to statistics of `year`: the first
 * of 2022 / 2025 / 2027 not before it (2027 for later years). */
long wo_ind_target_year_for(long year);

/* Outcome of one line against its target. */
typedef enum wo_ind_status {
    WO_IND_MET,       /* value meets the target          */
    WO_IND_NOT_MET,   /* value misses the target         */
    WO_IND_NO_TARGET, /* no target that year ("—")       */
    WO_IND_NA         /* no value: see na_reason         */
} wo_ind_status;

/* One computed line. */
typedef struct wo_ind_result {
    const wo_ind_def *def;   /* the line's definition (static)              */
    int has_value;           /* 1 when value_pct is meaningful              */
    double value_pct;        /* 100 × numerator / denominator               */
    double numerator;        /* in the metric's base unit, when known        */
    double denominator;      /* idem                                        */
    const char *na_reason;   /* "no data" / "zero denominator"; NULL if value */
    wo_ind_target target;    /* the target of the report's year             */
    wo_ind_status status;    /* held against the target                     */
} wo_ind_result;

/* The whole report for one target year. */
typedef struct wo_ind_report {
    long year;                         /* target year: 2022, 2025 or 2027    */
    long stats_year;                   /* year of the figures, 0 if unknown  */
    wo_ind_result line[WO_IND_COUNT];  /* one per wo_ind_id                  */
    int binding_unmet;                 /* binding lines not met (n/a counts) */
} wo_ind_report;

/* Compute every line from `s` and hold it against the targets of
 * `target_year` (2022, 2025 or 2027; WO_EINVAL otherwise). A binding line
 * without a value counts as not met. Never fails on the figures. */
int wo_ind_compute(const wo_ind_stats *s, long target_year,
                   wo_ind_report *out, wo_err *err);

/* Does `value_pct` meet target `t`? Exact comparison with a tolerance of
 * 1e-9 percentage points against rounding in 100 × a / b: ≥ 37 accepts
 * 37.0, > 90 rejects 90.0 and accepts 90.1. Always 1 for CMP_NONE. */
int wo_ind_meets(double value_pct, wo_ind_target t);

/* ---------------------------------------------------------------- from a plan */

/* What a plan or flow study implies over a period (any period: the rates
 * do not depend on it), by primary stream (wo_stream) and treatment class
 * (wo_treatment of data/model.h). Tonnage delivered to a transfer or
 * storage process is not treated yet and must not be counted here. */
typedef struct wo_ind_flows {
    double generated_t[WO_STREAM_PRIMARY_COUNT]; /* demand of the period    */
    double treated_t[WO_STREAM_PRIMARY_COUNT][WO_TREAT_COUNT]; /* served
                                             tonnage treated by each class  */
    int central_urban;                    /* 1 when the plan covers exactly the
                                             9 central urban districts       */
} wo_ind_flows;

/* Fill a statistics record with what the flows imply: indicators 1, 3, 5,
 * 6, 7 and 11 (and the central line when central_urban is set); the
 * others (surveys, coverage, buildings, industry) stay "no data".
 * Treatment classes count by their flags in wo_treatment_info: "recovery"
 * classes are recycling / resource utilization (1, 5, 6, 7), "incineration"
 * is incineration (3; for straw it is fuel use and counts in 6),
 * "harmless" classes are harmless disposal (11); every non-intermediate
 * class counts as treated (denominator of 3). Household generation is the
 * urban total, medical generation is taken as the built-up area's.
 * Negative or non-finite tonnages give WO_EINVAL. */
int wo_ind_stats_from_flows(const wo_ind_flows *f, wo_ind_stats *out,
                            wo_err *err);

#endif /* WO_INDICATORS_H */
