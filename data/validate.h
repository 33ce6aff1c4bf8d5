/*
 * validate.h — what a planner checks before a run: per-stream totals of
 * demand, fleet and facility capacity, and every infeasibility visible
 * before routing (a stream nobody accepts or carries, demand above all
 * capacity, residues without a sink, sites outside every district ...).
 *
 * Works on a loaded scenario (data/model.h); the loader has already
 * rejected malformed input, so the findings here are about the network,
 * not the files.
 */
#ifndef WO_VALIDATE_H
#define WO_VALIDATE_H

#include "data/model.h"

typedef enum wo_severity {
    WO_SEV_WARNING = 0,  /* worth a look; a run is possible           */
    WO_SEV_ERROR = 1     /* a run cannot serve everything as given     */
} wo_severity;

/* One finding. */
typedef struct wo_issue {
    wo_severity severity;   /* warning or error                        */
    const char *code;       /* stable short code, e.g. "no_facility"   */
    int stream;             /* stream concerned, -1: none              */
    char *msg;              /* sentence naming the ids involved        */
} wo_issue;

/* Totals of one stream over the demand active on the plan date. */
typedef struct wo_stream_summary {
    int n_sites;                 /* sites with active demand              */
    int n_rows;                  /* active demand rows                    */
    double kg_per_day;           /* demand (residues: yield at full load
                                    of the processes producing them)      */
    double m3_per_day;           /* demand volume                         */
    int n_vehicle_types;         /* types allowed to carry it             */
    int n_vehicles;              /* vehicles of those types               */
    double fleet_kg_per_day;     /* sum of count x capacity_kg x trips,
                                    capped by max_load_kg_per_day; a type
                                    allowed several streams counts fully
                                    for each                               */
    double fleet_m3_per_day;     /* same for volume                       */
    int n_facilities;            /* usable facilities accepting it        */
    double facility_kg_per_day;  /* capacity of their accepting processes
                                    (shared capacity counted for each
                                    stream it accepts)                    */
    double treat_kg_per_day;     /* of which not transfer / storage       */
    double need_kg_per_day;      /* cd_spoil: backfill the sites can take
                                    (earthwork balance)                   */
    int n_need_sites;            /* sites with a backfill need            */
} wo_stream_summary;

/* The result of a check; release with wo_check_free. */
typedef struct wo_check {
    wo_stream_summary streams[WO_STREAM_COUNT]; /* per stream id          */
    int n_sites;                 /* sites in the scenario                 */
    int n_sites_outside;         /* sites outside every district          */
    int n_inactive_rows;         /* demand rows not active on the date    */
    int n_errors;                /* issues of severity error              */
    int n_warnings;              /* issues of severity warning            */
    int n_issues;                /* issues, in the order found            */
    wo_issue *issues;            /* owned                                 */
    size_t cap_issues;           /* allocated slots of issues             */
} wo_check;

/* Check scenario sc. Fills *out (owned by the caller, wo_check_free).
 * Returns WO_OK (findings are results, not errors) or WO_ENOMEM. */
int wo_scenario_check(const wo_scenario *sc, wo_check *out, wo_err *err);

/* Add a finding to c (a check filled by wo_scenario_check): severity,
 * stable code, stream (-1: none) and the sentence, printf-style (cut at
 * WO_ERR_MSG_MAX). For findings made elsewhere, such as the plan's own
 * pre-routing checks. WO_OK or WO_ENOMEM. */
int wo_check_add(wo_check *c, wo_severity sev, const char *code, int stream,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Release the issues of a check and zero it. */
void wo_check_free(wo_check *c);

/* The most one vehicle of type `type` can collect of stream s in a day,
 * whatever its route: each load needs at least a visit (the least service
 * time of s's demand rows), a drive to a place that takes s (the least
 * distance between a site with s and a usable facility accepting it, or a
 * medical storage site; great circle x the circuity factor at the type's
 * speed, as the plan without a road graph), an unload there (the least
 * unload time) and, but for the last, the drive back; so the shift (or
 * shift_max if shorter) holds a bounded number of loads of capacity_kg /
 * capacity_m3, and no more than max_load_kg_per_day. *kg and *m3 receive
 * the bounds (INFINITY when those least times are all 0). */
void wo_vehicle_day_capacity(const wo_scenario *sc, int type, int s,
                             double *kg, double *m3);

/* Sum of wo_vehicle_day_capacity over the vehicles (count) of the types
 * allowed stream s (0 when none). Used by validate ("fleet_capacity"
 * error) and by the plan to name capacity as the reason of what it leaves
 * unserved. */
void wo_fleet_day_capacity(const wo_scenario *sc, int s, double *kg,
                           double *m3);

/* 1 when the demand of primary stream s due on `day` (days since
 * 1970-01-01, data/calendar.h) is more than any routing can collect: above
 * wo_fleet_day_capacity, or, as a vehicle carries one stream a day, the
 * streams of a type carrying s need more vehicles together than the types
 * carrying them have. why (size bytes) then receives the sentence with the
 * figures. The bounds validate checks ("fleet_capacity"); the plan gives
 * them as the reason ("capacity") of what routing leaves. */
int wo_fleet_day_short(const wo_scenario *sc, int s, long day, char *why,
                       size_t size);

/* Usable in a plan of the scenario: operating, or planned. */
int wo_facility_usable(const wo_facility *f);

#endif /* WO_VALIDATE_H */
