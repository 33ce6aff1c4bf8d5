/*
 * network.h — the multi-stream, two-echelon waste network and its siting
 * MIP (GLPK through solver/lp).
 *
 *   sources (zones or sites; one stream each, t/d)
 *     -> optional transfer stations (accepted streams, capacity)
 *     -> facilities (capacity levels to build or expand in steps; one
 *        process per accepted stream: kind, cost, revenue, use of the
 *        shared capacity, residue yields)
 *     -> residues (bottom ash, fly ash, sludge, ...) routed on to the
 *        facilities that accept them.
 *
 * Streams never mix in a vehicle (every flow variable carries one stream)
 * but share facility capacity through the process's capacity use. Modes:
 * WO_NET_CURRENT keeps today's network (existing sites at their current
 * level, candidates closed) and optimises flows only; WO_NET_OPTIMISE
 * opens, closes or expands among all sites. Policy constraints of the
 * annex are rows with penalised slack, so an infeasible study still
 * solves and the result names what binds (stream, zone, facility,
 * target) instead of just "infeasible".
 *
 * The model knows no place, stream name or year: the caller (the
 * formulation layer, e.g. solver/plan/scenario_flow) gives each stream its
 * classes (which policy rows and indicators it counts in), the distance
 * between two nodes (a function) and the policy as plain targets.
 *
 * Units: tonnes per day (t/d), cost per day (any currency), distances km.
 */
#ifndef WO_FLOW_NETWORK_H
#define WO_FLOW_NETWORK_H

#include "base/base.h"
#include "solver/lp.h"

typedef struct wo_net wo_net;

/* What a process does with its input; the annex indicators count by it. */
typedef enum wo_net_proc_kind {
    WO_PROC_INCINERATE = 0, /* incineration (energy recovery)             */
    WO_PROC_RECYCLE,        /* resource utilization: sorting, recycling,
                               composting, digestion, C&D recycling       */
    WO_PROC_LANDFILL,       /* landfill                                   */
    WO_PROC_DISPOSE,        /* licensed harmless disposal (medical,
                               hazardous, fly ash)                        */
    WO_PROC_OTHER           /* anything else (storage, dewatering, ...)   */
} wo_net_proc_kind;

const char *wo_net_proc_kind_name(wo_net_proc_kind k);
/* Parse a kind name ("incinerate", "recycle", "landfill", "dispose",
 * "other"); WO_EINVAL if unknown. */
int wo_net_proc_kind_parse(const char *s, wo_net_proc_kind *out);

typedef enum wo_net_mode {
    WO_NET_CURRENT = 0, /* existing sites fixed, flows optimised           */
    WO_NET_OPTIMISE     /* open / close / expand among all sites            */
} wo_net_mode;

/* Distance between two points in km (a road matrix lookup, or an
 * estimate such as great-circle x circuity): the caller's geography. */
typedef double (*wo_net_dist_fn)(double lon1_deg, double lat1_deg,
                                 double lon2_deg, double lat2_deg, void *ud);

/* Classes of a stream (a bit set given to wo_net_add_stream). They say
 * which policy rows and result indicators a stream counts in; the
 * formulation layer sets them from the domain model. */
#define WO_NET_CLASS_HOUSEHOLD 0x01u  /* household waste: the base of the
                                         recycling rate                   */
#define WO_NET_CLASS_RESIDUAL 0x02u   /* residual household waste: the
                                         incineration rate                */
#define WO_NET_CLASS_UTILIZABLE 0x04u /* recyclables and kitchen waste:
                                         what the recycling rate counts   */
#define WO_NET_CLASS_CD 0x08u         /* construction and demolition waste:
                                         the C&D utilization rate         */
#define WO_NET_CLASS_MEDICAL 0x10u    /* medical waste: licensed disposal
                                         under the medical policy         */
#define WO_NET_CLASS_ALL 0x1fu        /* every class bit                   */

/* ------------------------------------------------------------ building */

/* New empty network; NULL on out of memory. */
wo_net *wo_net_new(void);
void wo_net_free(wo_net *net);

/* Distances: fn gives the km of every arc from the positions of its two
 * nodes, with ud. Required: a network without it does not validate.
 * free_ud (or NULL) releases ud when the network is freed or fn is set
 * again, so the network may own ud. */
void wo_net_set_dist_fn(wo_net *net, wo_net_dist_fn fn, void *ud,
                        void (*free_ud)(void *));

/* Each add returns the new index (>= 0) or a negative WO_E... code with
 * the message in *err. Identifiers are copied (at most 63 bytes).
 * classes: WO_NET_CLASS_... bits (0: none of them);
 * cost_per_tkm: collection vehicle cost per tonne-km of this stream;
 * trailer_cost_per_tkm: cost per tonne-km from a transfer station on. */
int wo_net_add_stream(wo_net *net, const char *code, unsigned classes,
                      double cost_per_tkm, double trailer_cost_per_tkm,
                      wo_err *err);
int wo_net_add_source(wo_net *net, const char *id, int stream,
                      double supply_t_d, double lon_deg, double lat_deg,
                      wo_err *err);
/* A transfer station; existing: in service today. handling_cost_per_t is
 * paid on every tonne passing through. */
int wo_net_add_transfer(wo_net *net, const char *id, double lon_deg,
                        double lat_deg, double capacity_t_d,
                        double fixed_cost_d, double handling_cost_per_t,
                        int existing, wo_err *err);
int wo_net_transfer_accept(wo_net *net, int transfer, int stream, wo_err *err);
/* Put a transfer station in a group of mutually exclusive options (e.g.
 * the capacity levels of one site: at most one member of a group opens).
 * group >= 0; stations are in no group by default. */
int wo_net_transfer_group(wo_net *net, int transfer, int group, wo_err *err);
/* A facility. current_level: index of today's capacity level, or -1 for a
 * candidate site not built. Levels are added next, in increasing order of
 * capacity; level k means total capacity capacity_t_d at fixed_cost_d. */
int wo_net_add_facility(wo_net *net, const char *id, double lon_deg,
                        double lat_deg, int current_level, wo_err *err);
int wo_net_add_level(wo_net *net, int facility, double capacity_t_d,
                     double fixed_cost_d, wo_err *err);
/* The process of facility for one input stream (at most one per stream).
 * cap_use: tonnes of the facility's shared capacity per tonne of input. */
int wo_net_add_process(wo_net *net, int facility, int stream,
                       wo_net_proc_kind kind, double cost_per_t,
                       double revenue_per_t, double cap_use, wo_err *err);
/* Residue of a process: t_per_t tonnes of residue stream per tonne of the
 * input stream at this facility. */
int wo_net_add_yield(wo_net *net, int facility, int input_stream,
                     int residue_stream, double t_per_t, wo_err *err);

int wo_net_nstreams(const wo_net *net);
int wo_net_nsources(const wo_net *net);
int wo_net_ntransfers(const wo_net *net);
int wo_net_nfacilities(const wo_net *net);
const char *wo_net_stream_code(const wo_net *net, int s);
const char *wo_net_source_id(const wo_net *net, int k);
const char *wo_net_transfer_id(const wo_net *net, int t);
const char *wo_net_facility_id(const wo_net *net, int f);
int wo_net_find_stream(const wo_net *net, const char *code);
/* Location of a node: kind 0 source, 1 transfer, 2 facility. */
void wo_net_node_pos(const wo_net *net, int kind, int idx, double *lon_deg,
                     double *lat_deg);

/* Check the network: a distance function is set, every stream of a
 * source or residue has a facility whose process accepts it, levels are
 * in increasing order, existing levels exist. WO_EINVAL with a message
 * naming the item. */
int wo_net_validate(const wo_net *net, wo_err *err);

/* ------------------------------------------------------------ policy */

/* Policy rows as plain targets (the annex targets of a year are made into
 * a policy by solver/plan/policy.h). Stream classes are WO_NET_CLASS_. */
typedef struct wo_net_policy {
    int incineration;        /* RESIDUAL incinerated / RESIDUAL >= min    */
    double incineration_min; /* fraction 0..1                             */
    int recycling;           /* UTILIZABLE to RECYCLE / HOUSEHOLD >= min  */
    double recycling_min;
    int cd;                  /* CD to RECYCLE / all CD >= min             */
    double cd_min;
    int medical;             /* MEDICAL only to DISPOSE processes
                                (licensed) and all of it served           */
    int landfill_cap;        /* total into LANDFILL processes <= max       */
    double landfill_max_t_d;
    int raw_landfill;        /* HOUSEHOLD streams into LANDFILL processes
                                only as an emergency: each tonne pays the
                                emergency price and is named (residue
                                streams are not HOUSEHOLD: they may go)  */
    int medical_rate;        /* MEDICAL to DISPOSE / all MEDICAL >= min   */
    double medical_min;
    double emergency_per_t;  /* price of a tonne of slack of the rows above
                                and of a raw landfill tonne; <= 0: the
                                params' penalty_per_t                    */
} wo_net_policy;

/* ------------------------------------------------------------ solving */

typedef struct wo_net_params {
    wo_net_mode mode;         /* default WO_NET_CURRENT                   */
    wo_net_policy policy;     /* default: all off                         */
    double time_limit_s;      /* <= 0: none                               */
    double penalty_per_t;     /* cost of a tonne/day of unserved supply or
                                 of a policy shortfall (default 1e6)      */
    const char *write_lp;     /* write the MIP as CPLEX-LP here, or NULL  */
    const char *write_mps;    /* write the MIP as free MPS here, or NULL  */
    wo_cancel_flag *cancel;   /* stop when set, or NULL                   */
    const unsigned char *keep_facility; /* [nfacilities] 1: open at some
                                 level in optimise mode (a candidate is
                                 built); NULL: none                       */
    const unsigned char *keep_transfer; /* [ntransfers] 1: this station or
                                 another option of its group stays open in
                                 optimise mode; NULL: none                */
} wo_net_params;

void wo_net_params_init(wo_net_params *p);

typedef enum wo_net_node_kind {
    WO_NODE_SOURCE = 0,
    WO_NODE_TRANSFER = 1,
    WO_NODE_FACILITY = 2
} wo_net_node_kind;

typedef struct wo_net_flow {
    int stream;               /* stream index                              */
    wo_net_node_kind from_kind; /* kind of the origin node                */
    int from;                 /* origin index                              */
    wo_net_node_kind to_kind; /* kind of the destination node             */
    int to;                   /* destination index                         */
    double t_d;               /* tonnes per day                            */
    double dist_km;           /* distance of the arc                       */
    double cost_d;            /* transport + handling/processing - revenue */
} wo_net_flow;

typedef enum wo_net_violation_kind {
    WO_VIOL_UNSERVED = 0,     /* supply of a source not taken anywhere     */
    WO_VIOL_RESIDUE,          /* residue of a facility with no room left   */
    WO_VIOL_INCINERATION,     /* incineration target short                 */
    WO_VIOL_RECYCLING,        /* recycling target short                    */
    WO_VIOL_CD,               /* C&D resource-utilization target short     */
    WO_VIOL_LANDFILL,         /* landfill cap exceeded                     */
    WO_VIOL_RAW_LANDFILL,     /* household waste landfilled (emergency)    */
    WO_VIOL_MEDICAL           /* medical harmless-disposal share short     */
} wo_net_violation_kind;

typedef struct wo_net_violation {
    wo_net_violation_kind kind; /* what binds                             */
    int stream;               /* stream concerned, or -1                   */
    int node;                 /* source (UNSERVED) / facility (RESIDUE), -1 */
    double amount_t_d;        /* shortfall in t/d                          */
    char text[512];           /* planner-readable: stream, zone, the
                                 facilities whose capacity binds          */
} wo_net_violation;

typedef struct wo_net_result {
    wo_lp_status status;      /* of the MIP (with slacks it is feasible)   */
    int feasible;             /* 1 when no slack is used                   */
    double obj;               /* objective: costs + penalties, less 0.001
                                 per existing site kept as it is in optimise
                                 mode (tie-break)                           */
    double bound;             /* proven bound                              */
    double seconds;           /* wall time                                 */
    double cost_fixed_d;      /* facilities + transfer stations            */
    double cost_processing_d; /* processing + handling                     */
    double cost_transport_d;  /* tonne-km costs                            */
    double revenue_d;         /* sales of outputs                          */
    double penalty_d;         /* slack penalties                           */
    int *fac_level;           /* [nfac] chosen level, -1 closed            */
    double *fac_load_t_d;     /* [nfac] capacity used                      */
    double *fac_cap_t_d;      /* [nfac] capacity of the chosen level       */
    unsigned char *tr_open;   /* [ntr] 1 if the transfer station is open   */
    double *tr_load_t_d;      /* [ntr] tonnes through                      */
    wo_net_flow *flows;       /* [nflows] arcs with a positive flow        */
    int nflows;
    wo_net_violation *viol;   /* [nviol] what binds when slack is used     */
    int nviol;
    /* indicators implied by the flows (fractions 0..1, or -1 when the
     * network has none of the denominator) */
    double incineration_rate; /* RESIDUAL incinerated / RESIDUAL supply    */
    double recycling_rate;    /* UTILIZABLE recycled / HOUSEHOLD supply    */
    double cd_rate;           /* CD recycled / CD supply                   */
    double medical_rate;      /* MEDICAL to DISPOSE / MEDICAL supply       */
    double landfill_t_d;      /* total into landfill                        */
    double raw_landfill_t_d;  /* of it, HOUSEHOLD streams (raw waste)       */
    double base_t_d[4];       /* supply the rates divide by: RESIDUAL,
                                 HOUSEHOLD, CD, MEDICAL (t/d)               */
} wo_net_result;

/* Append printf-style text to v->text, keeping it NUL-terminated and
 * cutting what does not fit. Shared by the flow MIPs that name what binds
 * (network.c, transfer.c). */
void wo_net_viol_append(wo_net_violation *v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Append "<sep> <id> capacity binds (<load> of <cap> t/d)", or "has room"
 * when the load is below the capacity. */
void wo_net_viol_site(wo_net_violation *v, const char *sep, const char *id,
                      double load_t_d, double cap_t_d);

/* Build and solve the MIP of net for p. On WO_OK, *r holds the outcome
 * (free with wo_net_result_free). Validation errors are returned before
 * any solve. */
int wo_net_solve(const wo_net *net, const wo_net_params *p, wo_net_result *r,
                 wo_err *err);

void wo_net_result_free(wo_net_result *r);

#endif /* WO_FLOW_NETWORK_H */
