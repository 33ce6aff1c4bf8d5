/*
 * wasteopt.h — the public interface of libwasteopt, the one header a C
 * program includes (`#include <wasteopt.h>`, flags from
 * `pkg-config --cflags --libs wasteopt`).
 *
 * libwasteopt plans the collection and transfer routes of a city's solid
 * waste, sites its facilities and holds the results against the policy
 * targets. A program loads a scenario (a directory, or the embedded
 * Chongqing default), may check it and change it (what-if), then plans it,
 * sites its facilities or computes its indicators, and reads the figures
 * it needs from the result.
 *
 * Conventions:
 *  - Fallible functions return WO_OK (0) or one of the WO_E... codes below;
 *    the detail goes into a wo_err that the caller owns (a NULL wo_err is
 *    allowed: the code alone is returned). Nothing in the library prints
 *    or exits.
 *  - Handles (wo_scenario, wo_plan, wo_siting, wo_indicators) are opaque:
 *    made by the library, released by the matching *_free function, which
 *    accepts NULL. Strings returned by accessors belong to the handle and
 *    live as long as it does.
 *  - Units are in the names: _kg, _m, _s, _cny (yuan).
 *  - The library is thread-safe for distinct handles; one handle is not
 *    to be used by two threads at once.
 *
 * The reference of every function is also installed as a manual page
 * (man 3 wasteopt, man 3 wo_plan_make ...), generated from the comments
 * of this file.
 */
#ifndef WASTEOPT_H
#define WASTEOPT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version; the shared library's SONAME carries the major. */
#define WO_VERSION_MAJOR 0
#define WO_VERSION_MINOR 1
#define WO_VERSION_PATCH 0

/* Marks what the shared library exports; everything else stays hidden. */
#if defined(__GNUC__)
#define WO_API __attribute__((visibility("default")))
#else
#define WO_API
#endif

/* ------------------------------------------------------------------ errors */

/* The error codes, one list expanded into the wo_errno enum (WO_EOK,
 * WO_ENOMEM, ...) and into the texts of wo_strerror. This header is the
 * list's only home: the library's internal error module includes it. */
#define WO_ERRNO_MAP(X)                                                        \
    X(OK, "success")                                                           \
    X(NOMEM, "out of memory")                                                  \
    X(IO, "input/output error")                                                \
    X(PARSE, "malformed input")                                                \
    X(INVAL, "invalid argument or value")                                      \
    X(RANGE, "value out of range")                                             \
    X(NOTFOUND, "not found")                                                   \
    X(DUP, "duplicate identifier")                                             \
    X(ENCODING, "unsupported text encoding")                                   \
    X(INFEASIBLE, "infeasible input")                                          \
    X(UNSUPPORTED, "unsupported operation or format")                          \
    X(VERSION, "incompatible file version")                                    \
    X(CHECKSUM, "checksum mismatch")                                           \
    X(NET, "network error")                                                    \
    X(TIMEOUT, "timed out")                                                    \
    X(TOOBIG, "size limit exceeded")                                           \
    X(SOLVER, "solver failure")                                                \
    X(CANCELLED, "cancelled")                                                  \
    X(INTERNAL, "internal error")

/* Error codes: WO_E followed by a name of WO_ERRNO_MAP. */
typedef enum wo_errno {
#define WO_ERR_ENUM_(name, text) WO_E##name,
    WO_ERRNO_MAP(WO_ERR_ENUM_)
#undef WO_ERR_ENUM_
    WO_ERRNO_COUNT_
} wo_errno;

/* Success. */
#define WO_OK WO_EOK

/* Size of the message buffer of a wo_err, terminating NUL included. */
#define WO_ERR_MSG_MAX 1024

/* The detail of a failure: a caller-owned buffer that fallible functions
 * fill. After a failure, code is the code returned and msg a sentence for
 * a person, naming the file, line and value concerned where there is one,
 * e.g. "sites.csv:12: column 'lon': 'abc' is not a number". */
typedef struct wo_err {
    int code;                  /* last WO_E... code set, WO_OK if none   */
    char msg[WO_ERR_MSG_MAX];  /* human-readable detail, NUL-terminated  */
} wo_err;

/* Static text of an error code (e.g. "out of memory"); never NULL, an
 * unknown code gives "unknown error". */
WO_API const char *wo_strerror(int code);

/* Reset err to WO_OK and an empty message. err may be NULL. */
WO_API void wo_err_clear(wo_err *err);

/* ----------------------------------------------------------------- version */

/* The library's version as "MAJOR.MINOR.PATCH" (static text). Compare with
 * the WO_VERSION_* macros to detect a header / library mismatch. */
WO_API const char *wo_version(void);

/* ---------------------------------------------------------------- scenario */

/* A loaded scenario: the districts, facilities, fleet, sites and demand of
 * a city, checked for consistency by the loader. */
typedef struct wo_scenario wo_scenario;

/* Load the scenario in directory dir (scenario.json and the files it
 * names; the format is data/SCHEMA.md of the sources). On success *out is
 * a new scenario owned by the caller (wo_scenario_free). On failure
 * returns a WO_E... code (WO_EIO, WO_EPARSE, WO_ENOMEM ...), *out is NULL
 * and err holds the first problem as "file:line: column 'x': 'value'
 * <what was expected>". */
WO_API int wo_scenario_load_dir(const char *dir, wo_scenario **out,
                                wo_err *err);

/* Load the embedded default scenario (Chongqing) through the same code
 * path as wo_scenario_load_dir, with the same contract. WO_ENOTFOUND when
 * no scenario is embedded in this build. */
WO_API int wo_scenario_load_embedded(wo_scenario **out, wo_err *err);

/* Release a scenario and everything it owns (NULL is allowed). */
WO_API void wo_scenario_free(wo_scenario *sc);

/* The scenario's name and its plan date "YYYY-MM-DD" (owned by sc). */
WO_API const char *wo_scenario_name(const wo_scenario *sc);
WO_API const char *wo_scenario_date(const wo_scenario *sc);

/* Number of collection sites of the scenario. */
WO_API int wo_scenario_site_count(const wo_scenario *sc);

/* Check what a plan of sc cannot do as given (a stream nobody accepts or
 * carries, demand above all capacity, sites outside every district ...).
 * *n_errors and *n_warnings (either may be NULL) receive the number of
 * findings of each severity. Returns WO_OK when there is no error
 * finding (warnings allowed), WO_EINFEASIBLE with the first error finding
 * in err when there is one, or WO_ENOMEM. */
WO_API int wo_scenario_validate(const wo_scenario *sc, int *n_errors,
                                int *n_warnings, wo_err *err);

/* ------------------------------------------------------------------ what-if */

/* Apply a what-if change to sc, before it is planned again. change is one
 * line, or several joined by ';': "close FACILITY", "open FACILITY",
 * "capacity FACILITY T_PER_D", "scale STREAM FACTOR", "fleet VEHICLE_TYPE
 * +N|-N", "year YEAR", "date YYYY-MM-DD", "add-site ID LON LAT STREAM
 * KG_PER_DAY". Returns WO_OK, or a WO_E... code with err saying which
 * change failed and why (e.g. "close 'X': no facility has this id"); sc
 * may then be partly changed and is best released. */
WO_API int wo_plan_apply_change(wo_scenario *sc, const char *change,
                                wo_err *err);

/* 0 when change only changes what is held against the plan (the year of
 * the targets), so that the plan of the unchanged scenario still serves;
 * 1 otherwise (also for text that would not apply). */
WO_API int wo_plan_change_replans(const char *change);

/* -------------------------------------------------------------- parameters */

/* Options of a run (plan, siting); fill with wo_params_init, then change
 * the fields wanted. */
typedef struct wo_params {
    double time_limit_s;   /* wall-clock budget of the run, > 0            */
    long max_iterations;   /* per routing problem, <= 0: none              */
    uint64_t seed;         /* random seed; the same seed, iterations and
                              threads give the same plan                   */
    int days;              /* days planned from the scenario date, >= 1    */
    int threads;           /* routing problems solved at once, >= 1        */
    int policy_year;       /* siting: the annex targets of this year (2022,
                              2025 or 2027) are constraints; 0: none       */
    long stall_iterations; /* stop rule: a routing search ends once this
                              many iterations in a row found no better
                              solution, <= 0: never                        */
    double stall_s;        /* the same in seconds, <= 0: never; ignored
                              with max_iterations (deterministic runs)     */
} wo_params;

/* Fill p with the defaults of scenario sc (its time limit, iterations,
 * seed and horizon; 2 threads; no policy; the stop rule after 50
 * iterations without improvement, none in seconds). sc may be NULL: built-in
 * defaults (60 s, no iteration limit, seed 1, 1 day). */
WO_API void wo_params_init(wo_params *p, const wo_scenario *sc);

/* -------------------------------------------------------------------- plan */

/* A plan: the collection routes of every stream, the transfer trips, the
 * demand left unserved (with the reason) and the totals. */
typedef struct wo_plan wo_plan;

/* Plan scenario sc with prm (NULL: wo_params_init(sc)'s defaults) for
 * prm->days days from the scenario date; travel is great-circle distance
 * times the scenario's circuity factor. On success *out is a new plan
 * (wo_plan_free). Demand that cannot be served is listed in the plan, not
 * an error. Returns WO_EINVAL for bad parameters (with a message),
 * WO_ENOMEM, or the first error of the routing core. */
WO_API int wo_plan_make(const wo_scenario *sc, const wo_params *prm,
                        wo_plan **out, wo_err *err);

/* Release a plan (NULL allowed). */
WO_API void wo_plan_free(wo_plan *p);

/* Totals of plan p: cost of routes, transfers and unserved penalties in
 * yuan; distance driven in metres (routes and transfer trips); summed
 * route durations in seconds. */
WO_API double wo_plan_cost_cny(const wo_plan *p);
WO_API double wo_plan_dist_m(const wo_plan *p);
WO_API double wo_plan_duration_s(const wo_plan *p);

/* Days planned, routes over all days, distinct vehicles used, transfer
 * trip records and unserved demand records of plan p. */
WO_API int wo_plan_days(const wo_plan *p);
WO_API int wo_plan_route_count(const wo_plan *p);
WO_API int wo_plan_vehicles_used(const wo_plan *p);
WO_API int wo_plan_transfer_count(const wo_plan *p);
WO_API int wo_plan_unserved_count(const wo_plan *p);

/* Waste collected and waste left unserved by plan p, all streams, kg;
 * residues count what the plants yielded and the trucks carried on. */
WO_API double wo_plan_served_kg(const wo_plan *p);
WO_API double wo_plan_unserved_kg(const wo_plan *p);

/* ------------------------------------------------------------------ siting */

/* A siting study: which facilities and transfer stations to run, and the
 * daily flows of every district's waste to them (a MIP). */
typedef struct wo_siting wo_siting;

/* What a siting study may change. */
typedef enum wo_siting_mode {
    WO_SITING_CURRENT = 0,  /* existing sites fixed, flows optimised      */
    WO_SITING_OPTIMISE = 1  /* open, close or expand among all sites      */
} wo_siting_mode;

/* Site the facilities of scenario sc in mode `mode`, within
 * prm->time_limit_s and the targets of prm->policy_year (prm NULL:
 * wo_params_init(sc)'s defaults). On success *out is a new study
 * (wo_siting_free), also when it is infeasible without slack (see
 * wo_siting_feasible). WO_EINVAL for a policy year without targets or a
 * scenario that gives no network, WO_ENOMEM, WO_ESOLVER. */
WO_API int wo_siting_run(const wo_scenario *sc, wo_siting_mode mode,
                         const wo_params *prm, wo_siting **out,
                         wo_err *err);

/* Release a siting study (NULL allowed). */
WO_API void wo_siting_free(wo_siting *s);

/* 1 when the study serves all supply and meets the targets without
 * slack, else 0. */
WO_API int wo_siting_feasible(const wo_siting *s);

/* Daily cost of the study's solution in yuan: fixed, processing and
 * transport costs less revenues (penalties of slack excluded). */
WO_API double wo_siting_cost_cny_per_d(const wo_siting *s);

/* Facilities (treating processes) the solution runs, and facilities the
 * study considered. */
WO_API int wo_siting_open_count(const wo_siting *s);
WO_API int wo_siting_facility_count(const wo_siting *s);

/* -------------------------------------------------------------- indicators */

/* The indicators of the municipal plan's annex computed from the
 * statistics a scenario names, held against the targets of one year. */
typedef struct wo_indicators wo_indicators;

/* Outcome of one indicator against its target. */
typedef enum wo_indicator_status {
    WO_INDICATOR_MET = 0,        /* the value meets the target             */
    WO_INDICATOR_NOT_MET = 1,    /* the value misses the target            */
    WO_INDICATOR_NO_TARGET = 2,  /* no target that year                    */
    WO_INDICATOR_NA = 3          /* no value (no data, zero denominator)   */
} wo_indicator_status;

/* Compute the indicators from the statistics file of scenario sc against
 * the targets that apply to `year` (the first of 2022, 2025, 2027 not
 * before it). On success *out is new (wo_indicators_free). WO_ENOTFOUND
 * when the scenario names no statistics file, WO_ENOMEM. */
WO_API int wo_indicators_compute(const wo_scenario *sc, long year,
                                 wo_indicators **out, wo_err *err);

/* Release indicators (NULL allowed). */
WO_API void wo_indicators_free(wo_indicators *ind);

/* Number of indicator lines, and the target year they are held against. */
WO_API int wo_indicators_count(const wo_indicators *ind);
WO_API long wo_indicators_year(const wo_indicators *ind);

/* Line i (0 <= i < wo_indicators_count): its stable key ("1", "4-city",
 * ...) and English name (static text; NULL when i is out of range). */
WO_API const char *wo_indicators_key(const wo_indicators *ind, int i);
WO_API const char *wo_indicators_name(const wo_indicators *ind, int i);

/* Line i's value in percent into *value_pct; returns 1, or 0 (and leaves
 * *value_pct alone) when the line has no value or i is out of range. */
WO_API int wo_indicators_value(const wo_indicators *ind, int i,
                               double *value_pct);

/* Line i held against its target (WO_INDICATOR_NA when out of range). */
WO_API wo_indicator_status wo_indicators_status(const wo_indicators *ind,
                                                int i);

/* Binding (约束性) lines that are not met; a line without value counts. */
WO_API int wo_indicators_binding_unmet(const wo_indicators *ind);

#ifdef __cplusplus
}
#endif

#endif /* WASTEOPT_H */
