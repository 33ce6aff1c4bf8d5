/*
 * model.h — the domain model of a wasteopt scenario: waste streams,
 * districts, facilities and their processes, capacity levels, depots,
 * vehicle types, sites and their demand, plus the scenario that holds them
 * and the functions that load it.
 *
 * Units inside the library are always kg, m3, m, s and CNY (yuan); the CSV
 * columns carry their unit in their name (capacity_t_per_d, service_s,
 * speed_kmh ...) and the loader converts to these internal units. Times of
 * day are seconds from midnight of the plan day (may exceed 86400 for
 * overnight shifts). Coordinates are in WGS84 degrees: the loader converts
 * every table from the datum its file declared (geo/coord.h) and keeps the
 * values as written, with that datum, for messages and outputs.
 *
 * A loaded scenario is one wo_scenario with plain arrays that reference
 * each other by index (never by pointer); every cross-reference has been
 * checked by the loader, so an index field is either a valid index or -1
 * where the field says "-1: none". Consumers treat the scenario as
 * read-only. The file format is documented in data/SCHEMA.md.
 */
#ifndef WO_MODEL_H
#define WO_MODEL_H

#include "data/embedded.h"
#include "geo/coord.h"
#include "base/base.h"

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- streams */

/* The 14 waste streams of the municipal plan (DOMAIN.md), then the residue
 * streams that processes yield and that must themselves be routed and
 * treated. Ids are stable (they index tables and bit masks; < 64 so they
 * fit a uint64_t mask and the routing core's stream field). */
typedef enum wo_stream {
    WO_STREAM_HH_RECYCLABLE = 0,  /* 可回收物 recyclables                    */
    WO_STREAM_HH_KITCHEN,         /* 厨余垃圾 kitchen / food waste           */
    WO_STREAM_HH_HAZARDOUS,       /* 有害垃圾 household hazardous            */
    WO_STREAM_HH_OTHER,           /* 其他垃圾 residual / other               */
    WO_STREAM_CD_SPOIL,           /* 工程渣土 excavated spoil                */
    WO_STREAM_CD_SLURRY,          /* 工程泥浆 engineering slurry             */
    WO_STREAM_CD_CONSTRUCTION,    /* 工程垃圾 construction debris            */
    WO_STREAM_CD_DEMOLITION,      /* 拆除垃圾 demolition waste               */
    WO_STREAM_CD_RENOVATION,      /* 装修垃圾 renovation waste               */
    WO_STREAM_MEDICAL,            /* 医疗废物 medical waste                  */
    WO_STREAM_AG_FILM,            /* 废旧农膜 waste agricultural film        */
    WO_STREAM_AG_STRAW,           /* 秸秆 crop straw                         */
    WO_STREAM_AG_MANURE,          /* 畜禽粪污 livestock manure               */
    WO_STREAM_AG_PESTICIDE_PACK,  /* 农药包装物 pesticide packaging          */
    /* residue streams (yielded by processes, never generated at sites) */
    WO_STREAM_BOTTOM_ASH,         /* 炉渣 incinerator bottom ash             */
    WO_STREAM_FLY_ASH,            /* 飞灰 incinerator fly ash (hazardous)    */
    WO_STREAM_SLUDGE,             /* 污泥 sludge (dewatering, municipal)     */
    WO_STREAM_DIGESTATE,          /* 沼渣 digestate of anaerobic digestion   */
    WO_STREAM_REJECT,             /* 分拣残余 rejects of sorting/recycling   */
    WO_STREAM_COUNT
} wo_stream;

/* Number of primary (site-generated) streams: ids 0 .. 13. */
#define WO_STREAM_PRIMARY_COUNT 14

/* A set of streams: bit s set when stream s is in the set. */
typedef uint64_t wo_stream_mask;
#define WO_STREAM_BIT(s) ((wo_stream_mask)1 << (s))

/* Stream families: which department and which logistics apply. */
typedef enum wo_family {
    WO_FAMILY_HOUSEHOLD = 0,  /* 生活垃圾 hh_*                    */
    WO_FAMILY_CONSTRUCTION,   /* 建筑垃圾 cd_*                    */
    WO_FAMILY_MEDICAL,        /* 医疗废物 medical                 */
    WO_FAMILY_AGRICULTURAL,   /* 农业废弃物 ag_*                  */
    WO_FAMILY_RESIDUE,        /* residues of treatment processes  */
    WO_FAMILY_COUNT
} wo_family;

/* Fixed facts about one stream. */
typedef struct wo_stream_info {
    wo_stream id;                /* the stream                                  */
    const char *code;            /* file code, e.g. "hh_kitchen"                */
    const char *name_zh;         /* Chinese name, UTF-8, e.g. "厨余垃圾"        */
    const char *name_en;         /* English name, e.g. "kitchen / food waste"   */
    wo_family family;            /* family                                      */
    int hazardous;               /* 1: hazardous (dedicated handling)           */
    double density_kg_per_m3;    /* typical bulk density as collected; used to
                                    derive m3 when a demand row leaves m3 empty */
} wo_stream_info;

/* Facts of stream s; NULL when s is not a valid stream id. */
const wo_stream_info *wo_stream_get(int s);

/* Stream code (case-sensitive, as in DOMAIN.md) -> id. Returns WO_OK or
 * WO_ENOTFOUND. */
int wo_stream_parse(const char *code, wo_stream *out);

/* "household", "construction", "medical", "agricultural", "residue";
 * "?" for an invalid value. */
const char *wo_family_name(wo_family f);

/* ---------------------------------------------------------------- enums */

/* Kinds of sites where waste is generated or collected. */
typedef enum wo_site_kind {
    WO_SITE_COLLECTION_POINT = 0, /* 收集点 household collection point     */
    WO_SITE_CONSTRUCTION_SITE,    /* 工地 construction / demolition site    */
    WO_SITE_HOSPITAL,             /* 医院 (may be a medical storage node)   */
    WO_SITE_CLINIC,               /* 诊所 / 社区卫生服务站                  */
    WO_SITE_TOWNSHIP_HEALTH_CENTRE, /* 乡镇卫生院 (medical storage node)    */
    WO_SITE_VILLAGE_POINT,        /* 村收集点 film / pesticide / household  */
    WO_SITE_FARM,                 /* 养殖场 livestock farm                  */
    WO_SITE_FIELD,                /* 农田 field (straw)                     */
    WO_SITE_STRAW_STORAGE,        /* 秸秆收储点 straw storage point          */
    WO_SITE_MARKET,               /* 农贸市场 wet market                    */
    WO_SITE_CANTEEN,              /* 食堂 canteen of a public institution   */
    WO_SITE_KIND_COUNT
} wo_site_kind;

/* Kinds of facilities (descriptive; behaviour comes from the processes). */
typedef enum wo_facility_kind {
    WO_FAC_TRANSFER_STATION = 0,  /* 转运站                                 */
    WO_FAC_SORTING_CENTRE,        /* 分拣中心 recyclables                   */
    WO_FAC_INCINERATOR,           /* 焚烧发电厂 waste-to-energy             */
    WO_FAC_KITCHEN_WASTE_PLANT,   /* 餐厨/厨余垃圾处理厂                    */
    WO_FAC_HAZARDOUS_WASTE,       /* 危险废物处置中心                       */
    WO_FAC_LANDFILL,              /* 填埋场                                 */
    WO_FAC_CD_RECYCLING,          /* 建筑垃圾资源化利用厂                   */
    WO_FAC_SPOIL_SITE,            /* 渣土消纳场 / backfill site             */
    WO_FAC_SLURRY_PLANT,          /* 泥浆处理厂                             */
    WO_FAC_MEDICAL_DISPOSAL,      /* 医疗废物集中处置中心                   */
    WO_FAC_FILM_CENTRE,           /* 农膜回收加工中心                       */
    WO_FAC_STRAW_UTILIZATION,     /* 秸秆利用 (feed, fuel, board ...)        */
    WO_FAC_FERTILIZER_PLANT,      /* 有机肥厂                               */
    WO_FAC_PESTICIDE_PACK_CENTRE, /* 农药包装物回收处置中心                 */
    WO_FAC_SLUDGE_PLANT,          /* 污泥处置                               */
    WO_FAC_CEMENT_KILN,           /* 水泥窑协同处置                         */
    WO_FAC_ASH_UTILIZATION,       /* 炉渣综合利用                           */
    WO_FAC_STORAGE,               /* 收储 / 中转贮存 storage point           */
    WO_FAC_OTHER,                 /* anything else                          */
    WO_FAC_KIND_COUNT
} wo_facility_kind;

/* Whether a facility exists and may be used or built. */
typedef enum wo_facility_status {
    WO_FSTATUS_OPERATING = 0, /* in service                                 */
    WO_FSTATUS_CLOSED,        /* exists but out of service (not usable)     */
    WO_FSTATUS_PLANNED,       /* decided, will operate (usable in plans of
                                 its year onwards; siting treats it as fixed) */
    WO_FSTATUS_CANDIDATE,     /* a site the siting model may open           */
    WO_FSTATUS_COUNT
} wo_facility_status;

/* Treatment class of a process: what happens to the material. Indicators
 * are computed from it (see wo_treatment_info). */
typedef enum wo_treatment {
    WO_TREAT_TRANSFER = 0,    /* 转运 passes the stream on unchanged          */
    WO_TREAT_STORAGE,         /* 收储 / 中转贮存 holds it, passes it on       */
    WO_TREAT_SORTING,         /* 分拣 material recovery of recyclables        */
    WO_TREAT_RESOURCE_UTILIZATION, /* 资源化利用 (C&D aggregate, film, ash,
                                      straw products ...)                   */
    WO_TREAT_COMPOSTING,      /* 堆肥                                         */
    WO_TREAT_DIGESTION,       /* 厌氧消化 anaerobic (co-)digestion            */
    WO_TREAT_FERTILIZER,      /* 有机肥 organic-fertilizer production         */
    WO_TREAT_INCINERATION,    /* 焚烧 (with energy recovery)                  */
    WO_TREAT_CO_PROCESSING,   /* 协同处置 cement kiln co-processing           */
    WO_TREAT_HARMLESS_DISPOSAL, /* 无害化处置 (medical, hazardous)            */
    WO_TREAT_DEWATERING,      /* 脱水 slurry / sludge dewatering              */
    WO_TREAT_BACKFILL,        /* 回填 spoil reused as fill (土方平衡)         */
    WO_TREAT_LANDFILL,        /* 填埋 (sanitary landfill, spoil disposal)     */
    WO_TREAT_COUNT
} wo_treatment;

/* Indicator-relevant facts of a treatment class. */
typedef struct wo_treatment_info {
    wo_treatment id;         /* the class                                      */
    const char *code;        /* file code, e.g. "incineration"                 */
    int intermediate;        /* 1: the input leaves again as the same stream
                                (transfer, storage): not a treatment           */
    int recovery;            /* 1: counts as recycling / resource utilization  */
    int incineration;        /* 1: counts as incineration                      */
    int harmless;            /* 1: counts as harmless (无害化) treatment        */
    int landfill;            /* 1: final disposal by landfill                  */
} wo_treatment_info;

/* Facts of treatment t; NULL when t is invalid. */
const wo_treatment_info *wo_treatment_get(int t);

/* Code -> enum for the file vocabularies; each returns WO_OK or
 * WO_ENOTFOUND. Names are the codes of data/SCHEMA.md. */
int wo_treatment_parse(const char *code, wo_treatment *out);
int wo_site_kind_parse(const char *code, wo_site_kind *out);
int wo_facility_kind_parse(const char *code, wo_facility_kind *out);
int wo_facility_status_parse(const char *code, wo_facility_status *out);

/* The file vocabularies, for generic lookups. */
typedef enum wo_vocab {
    WO_VOCAB_STREAM = 0,      /* wo_stream codes                           */
    WO_VOCAB_SITE_KIND,       /* wo_site_kind codes                        */
    WO_VOCAB_FACILITY_KIND,   /* wo_facility_kind codes                    */
    WO_VOCAB_FACILITY_STATUS, /* wo_facility_status codes                  */
    WO_VOCAB_TREATMENT,       /* wo_treatment codes                        */
    WO_VOCAB_VEHICLE_ROLE,    /* wo_vehicle_role codes                     */
    WO_VOCAB_COUNT
} wo_vocab;

/* Enum value of `code` in vocabulary v, or -1 when it is not one. */
int wo_vocab_parse(wo_vocab v, const char *code);

/* Write the codes of vocabulary v as "a, b, c" into buf (truncated to
 * size, always NUL-terminated); returns buf. */
const char *wo_vocab_list(wo_vocab v, char *buf, size_t size);

/* Enum -> code; "?" for an invalid value. */
const char *wo_site_kind_name(wo_site_kind k);
const char *wo_facility_kind_name(wo_facility_kind k);
const char *wo_facility_status_name(wo_facility_status s);

/* ---------------------------------------------------------------- parts */

/* Time windows per site / demand (same bound as the routing core). */
#define WO_MAX_TW 4

typedef struct wo_tw {
    double open_s;   /* window start, seconds from midnight  */
    double close_s;  /* window end (> open_s), may pass 86400 */
} wo_tw;

/* A point of a table: WGS84 position plus what the file said. */
typedef struct wo_point {
    double lon_deg;            /* WGS84 longitude (converted on load)      */
    double lat_deg;            /* WGS84 latitude (converted on load)       */
    wo_datum datum;            /* datum declared for the file              */
    double uncertainty_m;      /* stated position uncertainty, 0 = unknown */
    double lon_in_deg;         /* longitude as written, in datum `datum`   */
    double lat_in_deg;         /* latitude as written, in datum `datum`    */
} wo_point;

/* A district (区/县) with its boundary from districts.geojson. The
 * boundary is a set of rings (outer rings and holes of one or more
 * polygons); a point is inside when it lies inside an odd number of rings
 * (even-odd rule). */
typedef struct wo_district {
    char *id;                 /* district code, e.g. "500103"             */
    char *name;               /* name, e.g. "渝中区"                       */
    int urban;                /* 1: central urban area (中心城区)          */
    int central;              /* 1: one of the districts whose own
                                 indicator line (central-urban recycling)
                                 applies when a scenario is all of them   */
    wo_datum datum;           /* datum the file declared (the vertices
                                 below are converted to WGS84)            */
    int n_rings;              /* rings in the boundary (>= 1)             */
    int *ring_start;          /* [n_rings + 1] offsets into lon/lat       */
    double *lon_deg;          /* [ring_start[n_rings]] WGS84 longitudes   */
    double *lat_deg;          /* [ring_start[n_rings]] WGS84 latitudes    */
    double min_lon_deg, min_lat_deg, max_lon_deg, max_lat_deg; /* WGS84
                                 bounding box of the vertices             */
} wo_district;

/* One process of a facility: accepts some streams into one shared daily
 * capacity, treats them by one treatment class and yields residues. */
#define WO_MAX_RESIDUES 4
typedef struct wo_residue {
    wo_stream stream;         /* residue stream yielded                     */
    double fraction;          /* kg of residue per kg of input, in [0, 1]   */
} wo_residue;

typedef struct wo_process {
    char *id;                 /* process id, unique within its facility     */
    int facility;             /* owning facility index                      */
    wo_treatment treatment;   /* treatment class                            */
    wo_stream_mask streams;   /* accepted streams (at least one)            */
    double capacity_kg_per_d; /* shared daily capacity over the streams     */
    double min_load_kg_per_d; /* minimum throughput when operating (0: none) */
    double cost_cny_per_t;    /* variable processing cost                   */
    double revenue_cny_per_t; /* revenue per tonne (energy, products)       */
    int n_residues;           /* residue yields used                        */
    wo_residue residues[WO_MAX_RESIDUES]; /* residue yields                 */
    int line;                 /* line in processes.csv                      */
} wo_process;

/* A capacity option of a process for siting: build (candidate facility) or
 * expand (operating / planned facility) to this total capacity. */
typedef struct wo_capacity_level {
    int facility;             /* facility index                             */
    int process;              /* process index (into wo_scenario.processes) */
    char *level;              /* level name, e.g. "L1", unique per process  */
    double capacity_kg_per_d; /* total process capacity at this level       */
    double fixed_cost_cny_per_year; /* annualised cost of having this level,
                                       beyond the facility's current state */
    int line;                 /* line in capacity_levels.csv                */
} wo_capacity_level;

/* A facility (treatment plant, transfer station, sink ...). */
typedef struct wo_facility {
    char *id;                 /* unique id                                  */
    char *name;               /* display name (may be Chinese)              */
    wo_facility_kind kind;    /* descriptive kind                           */
    wo_facility_status status;/* operating / closed / planned / candidate   */
    int district;             /* district index, -1: none given             */
    wo_point pos;             /* location                                   */
    double open_s, close_s;   /* opening hours for unloading                */
    double unload_s;          /* duration of one vehicle unload             */
    double fixed_cost_cny_per_year; /* annualised fixed cost while open
                                       (saved when the siting closes it)    */
    int process_first;        /* its processes are processes[process_first ..
                                 process_first + process_count - 1]         */
    int process_count;        /* number of processes (>= 1)                 */
    wo_stream_mask streams;   /* union of its processes' accepted streams   */
    int line;                 /* line in facilities.csv (for messages)      */
} wo_facility;

/* A depot where vehicles start and end. */
typedef struct wo_depot {
    char *id;                 /* unique id                                  */
    char *name;               /* display name                               */
    int district;             /* district index, -1: none given             */
    wo_point pos;             /* location                                   */
    int line;                 /* line in depots.csv                         */
} wo_depot;

/* What the vehicles of a type do (vehicle_types.csv `role`). */
typedef enum wo_vehicle_role {
    WO_ROLE_COLLECTION = 0,   /* collection routes from sites (spoil and
                                 slurry, never routed, go in truckloads)   */
    WO_ROLE_TRANSFER,         /* second echelon: full loads from transfer
                                 and storage facilities and medical storage
                                 nodes to the plants; no collection        */
    WO_ROLE_HAUL,             /* full loads from sites (spoil, slurry)
                                 only; no collection routes                */
    WO_ROLE_COUNT
} wo_vehicle_role;

/* "collection", "transfer", "haul"; "?" for an invalid value. */
const char *wo_vehicle_role_name(wo_vehicle_role r);

/* A vehicle type: `count` identical vehicles based at one depot. */
typedef struct wo_vehicle_type {
    char *id;                 /* unique id                                  */
    char *name;               /* display name                               */
    wo_stream_mask streams;   /* streams it may carry (one per trip)        */
    wo_vehicle_role role;     /* collection, transfer or haul               */
    int count;                /* vehicles available (>= 0)                  */
    int start_depot;          /* depot index where routes start             */
    int end_depot;            /* depot index where routes end               */
    double capacity_kg;       /* payload per trip                           */
    double capacity_m3;       /* body volume per trip                       */
    double speed_kmh;         /* average travel speed (no road graph)       */
    double speed_factor;      /* multiplies road-graph travel times (>= 1
                                 for slow trucks); 1 when not given         */
    double cost_cny_per_km;   /* cost per km driven                         */
    double cost_cny_per_h;    /* cost per hour of route duration            */
    double fixed_cost_cny;    /* cost per vehicle used per day              */
    double shift_start_s;     /* earliest departure from the start depot    */
    double shift_end_s;       /* latest return to the end depot             */
    double shift_max_s;       /* maximum route duration, 0: shift window    */
    double break_s;           /* break duration, 0: no break                */
    double break_earliest_s;  /* earliest break start                       */
    double break_latest_s;    /* latest break start                         */
    int max_stops;            /* stops per route, 0: no limit               */
    double max_load_kg_per_day; /* collected per route per day, 0: no limit */
    int trips_per_day;        /* planning estimate of unload trips per
                                 vehicle per day (validate's fleet capacity) */
    double gross_weight_kg;   /* loaded gross weight for road weight limits,
                                 0: unknown                                 */
    double co2_kg_per_km;     /* emission factor, 0: unknown                */
    double compaction_kg_per_m3; /* density of the load in a compacting body
                                 (kg per m3 loaded): a trip then carries at
                                 most this x capacity_m3 kg whatever the
                                 waste's loose volume; 0: no compaction, the
                                 loose volume counts (data/capacity.h)     */
    int line;                 /* line in vehicle_types.csv                  */
} wo_vehicle_type;

/* 1 when vehicles of type v load stream s at its sites: the type carries
 * s, has vehicles, and is no transfer type (those carry on from the
 * stations what the trips of the stream brought there). */
int wo_vehicle_loads_at_sites(const wo_vehicle_type *v, int s);

/* A site that generates or gathers waste. */
typedef struct wo_site {
    char *id;                 /* unique id                                  */
    char *name;               /* display name                               */
    wo_site_kind kind;        /* kind                                       */
    int district;             /* district index, -1: none given             */
    int rural;                /* 1: rural (village) site, 0: urban          */
    wo_point pos;             /* location                                   */
    double service_s;         /* default service time per visit             */
    int n_tw;                 /* default time windows, 0: always open       */
    wo_tw tw[WO_MAX_TW];      /* sorted, disjoint                           */
    double storage_capacity_kg; /* > 0: medical transfer-storage node (中转
                                   贮存) able to hold this much from others */
    int demand_first;         /* its demand rows are demands[demand_first ..
                                 demand_first + demand_count - 1]           */
    int demand_count;         /* number of demand rows (may be 0)           */
    int line;                 /* line in sites.csv                          */
} wo_site;

/* Longest storage of medical waste at the producer, in days (national
 * rule): the loader's default and maximum for the medical stream. */
#define WO_MEDICAL_STORAGE_LIMIT_D 2

/* The demand of one site for one stream. */
typedef struct wo_demand {
    int site;                 /* site index                                 */
    wo_stream stream;         /* primary stream                             */
    double kg_per_day;        /* generation rate                            */
    double m3_per_day;        /* volume rate (derived from the stream's
                                 density when the file leaves it empty)     */
    double need_kg_per_day;   /* cd_spoil only: fill this site can take
                                 (earthwork balance), 0: none               */
    int frequency_d;          /* collected every N days (>= 1); a visit
                                 collects kg_per_day * frequency_d          */
    int storage_limit_d;      /* longest allowed storage, 0: no limit
                                 (medical: at most
                                 WO_MEDICAL_STORAGE_LIMIT_D)               */
    double service_s;         /* service time of one visit                  */
    int n_tw;                 /* time windows (site's when not overridden)  */
    wo_tw tw[WO_MAX_TW];      /* sorted, disjoint                           */
    int optional;             /* 1: may be left unserved at `penalty_cny`   */
    double penalty_cny;       /* cost of leaving it unserved (optional)     */
    unsigned months;          /* bit m-1 set: active in month m (1..12);
                                 0xfff = all year                           */
    char date[11];            /* "YYYY-MM-DD": one-off reservation (预约),
                                 "" = recurring                             */
    int line;                 /* line in demand.csv                         */
} wo_demand;

/* The time limit of a plan whose scenario.json sets none (s). */
#define WO_PLAN_DEFAULT_LIMIT_S 60.0

/* Options of the plan run (scenario.json "plan"). */
typedef struct wo_plan_options {
    double time_limit_s;      /* wall-clock limit of a plan, > 0            */
    long max_iterations;      /* iteration budget, 0: none                  */
    uint64_t seed;            /* RNG seed                                   */
    int horizon_d;            /* days planned (frequencies), >= 1           */
    int lexicographic;        /* 1: fewest vehicles first, then cost        */
    int threads;              /* worker threads, >= 1                       */
} wo_plan_options;

/* How a rule of the scenario's policy binds (scenario.json "policy"). */
typedef enum wo_rule_mode {
    WO_RULE_OFF = 0,          /* not applied, not reported                  */
    WO_RULE_REPORT,           /* no constraint: the gap is reported         */
    WO_RULE_ENFORCE           /* a constraint of the flow MIPs; what cannot
                                 keep it goes through an emergency slack at
                                 emergency_cny_per_t, named in the results */
} wo_rule_mode;

/* The rules the city runs by (scenario.json "policy", data/SCHEMA.md).
 * Percentages are 0..100; a target below 0 means "the annex target of the
 * plan year" (data/indicators.h). Without a "policy" object: incineration
 * enforced at the annex target, every other rule off, given 0. */
typedef struct wo_policy_rules {
    int given;                   /* 1: scenario.json has a "policy" object   */
    wo_rule_mode no_raw_landfill; /* household streams (hh_*) never into a
                                    landfill process but in an emergency;
                                    residues (ash, rejects ...) may go     */
    wo_rule_mode medical;        /* medical waste to harmless disposal      */
    double medical_pct;          /* share required (100: all of it)         */
    wo_rule_mode incineration;   /* annex indicator 3: residual household
                                    waste incinerated                       */
    double incineration_pct;     /* target, < 0: the annex's               */
    wo_rule_mode recycling;      /* annex indicator 1                       */
    double recycling_pct;        /* target, < 0: the annex's               */
    wo_rule_mode cd;             /* annex indicator 7: C&D utilization      */
    double cd_pct;               /* target, < 0: the annex's               */
    wo_rule_mode landfill_cap;   /* all landfill at most landfill_cap_t_d   */
    double landfill_cap_t_d;     /* t/d, >= 0                               */
    double emergency_cny_per_t;  /* price of a tonne through an emergency
                                    slack of an enforced rule, > 0          */
} wo_policy_rules;

/* Default price of an emergency tonne (CNY/t): above any haul or
 * treatment difference, below leaving waste in the street. */
#define WO_POLICY_EMERGENCY_CNY_PER_T 1000.0
/* Who may serve the stops of a stream (scenario.json "fleet_sharing"):
 * districts run their own household collection, while medical and
 * hazardous waste go to municipal fleets. */
typedef enum wo_fleet_scope {
    WO_FLEET_DEFAULT = 0,     /* the stream's default (wo_fleet_default),
                                 also in a scenario built in code          */
    WO_FLEET_DISTRICT,        /* only vehicles whose start depot lies in the
                                 stop's district, or whose depot is listed
                                 as also serving it                        */
    WO_FLEET_MUNICIPAL,       /* every vehicle that may carry the stream   */
    WO_FLEET_SCOPE_COUNT
} wo_fleet_scope;

/* "Depot X also serves district Y" (fleet_sharing.also_serves): the
 * vehicles based at the depot serve that district too, for every
 * district-run stream they carry. */
typedef struct wo_depot_serves {
    int depot;                /* depot index                                */
    int district;             /* district index                             */
} wo_depot_serves;

/* Table / file roles of a scenario, for datums and messages. */
typedef enum wo_table {
    WO_TABLE_DISTRICTS = 0,   /* districts.geojson                          */
    WO_TABLE_FACILITIES,      /* facilities.csv                             */
    WO_TABLE_PROCESSES,       /* processes.csv                              */
    WO_TABLE_CAPACITY_LEVELS, /* capacity_levels.csv (optional)             */
    WO_TABLE_DEPOTS,          /* depots.csv                                 */
    WO_TABLE_VEHICLE_TYPES,   /* vehicle_types.csv                          */
    WO_TABLE_SITES,           /* sites.csv                                  */
    WO_TABLE_DEMAND,          /* demand.csv                                 */
    WO_TABLE_COUNT
} wo_table;

/* A whole scenario. All memory is owned by the scenario and released by
 * wo_scenario_free. */
typedef struct wo_scenario {
    char *name;               /* scenario name                              */
    char *description;        /* free text, "" when none                    */
    int year;                 /* planning year (targets of that year)       */
    char date[11];            /* plan date "YYYY-MM-DD"                     */
    int month;                /* month of `date`, 1..12                     */
    char *source;             /* directory loaded, or "<embedded>"          */
    wo_datum datum;           /* default datum                              */
    char *files[WO_TABLE_COUNT]; /* file name of each table ("" when an
                                    optional table is absent)               */
    wo_datum datums[WO_TABLE_COUNT]; /* datum of each table                 */
    char *stats_file;         /* statistics file for indicators, "" if none */
    char *roads_file;         /* road data (OSM / graph cache), "" if none  */
    double circuity_factor;   /* road / great-circle distance when no road
                                 graph is used (>= 1)                       */
    double days_per_year;     /* converts annual costs to daily (> 0)       */
    wo_plan_options plan;     /* plan-run options                           */
    wo_policy_rules policy;   /* the city's rules (scenario.json policy)    */
    wo_fleet_scope fleet_scope[WO_STREAM_PRIMARY_COUNT]; /* who serves
                                 each primary stream (fleet_sharing)       */
    int n_depot_serves;       /* fleet_sharing.also_serves entries          */
    wo_depot_serves *depot_serves; /* in the `strings` arena                */

    int n_districts;          /* districts                                  */
    wo_district *districts;
    int n_facilities;         /* facilities                                 */
    wo_facility *facilities;
    int n_processes;          /* processes, grouped by facility             */
    wo_process *processes;
    int n_levels;             /* capacity levels                            */
    wo_capacity_level *levels;
    int n_depots;             /* depots                                     */
    wo_depot *depots;
    int n_vehicle_types;      /* vehicle types                              */
    wo_vehicle_type *vehicle_types;
    int n_sites;              /* sites                                      */
    wo_site *sites;
    int n_demands;            /* demand rows, grouped by site               */
    wo_demand *demands;

    int n_warnings;           /* non-fatal findings of the loader (unknown
                                 columns or keys ...), each "file:line: ..." */
    char **warnings;
    wo_arena strings;         /* backing store of the strings above         */
    struct wo_ind_stats *stats; /* the statistics file (stats_file) parsed
                                   by data/indicators.h, NULL when none;
                                   owned                                    */
} wo_scenario;

/* ---------------------------------------------------------------- loading */

/* Hard limits of the loader (bigger inputs fail with WO_ETOOBIG). */
#define WO_SCENARIO_MAX_FILE_BYTES ((size_t)256 << 20) /* per file       */
#define WO_SCENARIO_MAX_ROWS 2000000                   /* per table      */

/* Sane physical ranges of the quantities a scenario gives (data/SCHEMA.md
 * lists them per column): a value outside is refused, by the loader and by
 * a what-if change, with the range in the message. */
#define WO_RANGE_VEHICLE_KG_MIN 1.0        /* payload: 1 kg ...            */
#define WO_RANGE_VEHICLE_KG_MAX 100000.0   /* ... to 100 t                 */
#define WO_RANGE_VEHICLE_M3_MIN 0.01       /* body volume, m3              */
#define WO_RANGE_VEHICLE_M3_MAX 1000.0
#define WO_RANGE_COMPACTION_MIN 50.0      /* load density in a compacting
                                              body, kg/m3 (0: none) ...   */
#define WO_RANGE_COMPACTION_MAX 2000.0     /* ... up to wet soil's         */
#define WO_RANGE_SPEED_KMH_MIN 1.0         /* average speed, km/h          */
#define WO_RANGE_SPEED_KMH_MAX 130.0
#define WO_RANGE_COST_CNY_MAX 1e7          /* per t, km, h, vehicle-day or
                                              unserved demand              */
#define WO_RANGE_COST_CNY_PER_YEAR_MAX 1e11 /* annualised fixed costs      */
#define WO_RANGE_CAPACITY_T_MIN 0.001      /* process capacity, t/d: 1 kg  */
#define WO_RANGE_CAPACITY_T_MAX 100000.0   /* ... to 100,000 t             */
#define WO_RANGE_DEMAND_KG_MAX 1e9         /* one demand, kg/d             */
#define WO_RANGE_UNCERTAINTY_M_MAX 100000.0 /* coordinate uncertainty, m   */
#define WO_RANGE_FLEET_COUNT_MAX 100000    /* vehicles of one type         */

/* Loading from a directory or the embedded default, and the release
 * (wo_scenario_load_dir, wo_scenario_load_embedded, wo_scenario_free), are
 * public: their contracts are in include/wasteopt.h. Every coordinate is
 * converted from its file's datum to WGS84 with one geo/coord.h converter
 * (PROJ is opened only when a table is in cgcs2000: WO_EINTERNAL when it
 * is needed and unavailable); the statistics file, when named, is parsed
 * into sc->stats. */

/* Load from an in-memory file table (name -> bytes), ending with a
 * {NULL, NULL, 0} entry, which must hold "scenario.json". `source` names
 * the origin in messages and in wo_scenario.source. Same contract as
 * wo_scenario_load_dir. */
int wo_scenario_load_files(const wo_embedded_file *files, const char *source,
                           wo_scenario **out, wo_err *err);

/* Road / great-circle distance of sc when no road graph is used: its
 * circuity_factor, or the loader's default (WO_CIRCUITY_DEFAULT, geo/matrix.h)
 * when a scenario built in code leaves it unset (below 1 or not finite). */
double wo_scenario_circuity(const wo_scenario *sc);

/* Index of the element with this id, or -1. */
int wo_scenario_find_site(const wo_scenario *sc, const char *id);
int wo_scenario_find_facility(const wo_scenario *sc, const char *id);
int wo_scenario_find_depot(const wo_scenario *sc, const char *id);
int wo_scenario_find_vehicle_type(const wo_scenario *sc, const char *id);
int wo_scenario_find_district(const wo_scenario *sc, const char *id);

/* Whether demand row d is active on the scenario's plan date (its month is
 * in d->months and a reservation date, if any, equals the plan date). */
int wo_demand_active(const wo_scenario *sc, const wo_demand *d);

/* ---------------------------------------------------------------- fleets */

/* The scope of stream s when the scenario does not say: district-run for
 * recyclables, kitchen and other household waste; municipal for household
 * hazardous, medical, construction and agricultural waste (data/SCHEMA.md
 * gives the reasons). Residue streams: municipal. */
wo_fleet_scope wo_fleet_default(int s);

/* Scope of stream s in sc: its fleet_sharing entry, else the default. */
wo_fleet_scope wo_fleet_scope_of(const wo_scenario *sc, int s);

/* "district" / "municipal" / "default"; "?" for an invalid value. */
const char *wo_fleet_scope_name(wo_fleet_scope f);

/* The district a point belongs to: the declared one (>= 0) when given,
 * else the first district containing it, else -1. */
int wo_point_district(const wo_scenario *sc, int declared,
                      const wo_point *pos);

/* The districts of a scenario's sites and depots, computed once
 * (wo_point_district of each). */
typedef struct wo_territory {
    int *site_district;       /* [n_sites] district index or -1             */
    int *depot_district;      /* [n_depots] district index or -1            */
} wo_territory;

/* Fill t for sc. WO_OK or WO_ENOMEM (t then holds nothing to free). */
int wo_territory_init(wo_territory *t, const wo_scenario *sc);

/* Release what t holds; t may be zeroed or already released. */
void wo_territory_free(wo_territory *t);

/* 1 when vehicle type `type` may serve a stop of stream s lying in
 * district `district` (-1: outside every district): it carries s, and s is
 * municipal, or its start depot lies in that district (a depot and a site
 * both outside every district count as one), or fleet_sharing.also_serves
 * lists the pair. Ignores the type's count. */
int wo_territory_serves(const wo_scenario *sc, const wo_territory *t,
                        int type, int s, int district);

/* 1 when (lon, lat) lies inside district d (even-odd rule over its rings).
 * Both are WGS84 in a loaded scenario. */
int wo_district_contains(const wo_district *d, double lon_deg, double lat_deg);

#endif /* WO_MODEL_H */
