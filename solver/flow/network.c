/*
 * network.c — the multi-stream network model and its siting MIP. See
 * network.h for the model; this file builds it column by column (one
 * column per arc and stream, so streams never share a variable), solves
 * it with solver/lp and reads the flows, costs, indicators and the
 * slack-based diagnosis back. Distances, stream classes and policy
 * targets come from the caller: nothing here knows a place or a year.
 */
#define _POSIX_C_SOURCE 200809L
#include "solver/flow/network.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ID_MAX 64

typedef struct n_stream {
    char code[ID_MAX];      /* the caller's code, for names and messages  */
    unsigned classes;       /* WO_NET_CLASS_... bits                      */
    double cost_tkm;        /* collection cost per t.km                   */
    double trailer_tkm;     /* onward cost per t.km from transfer/facility */
} n_stream;

typedef struct n_source {
    char id[ID_MAX];        /* zone or site id                            */
    int stream;             /* stream produced                            */
    double supply_t_d;      /* tonnes per day                             */
    double lon_deg, lat_deg; /* location                                  */
} n_source;

typedef struct n_transfer {
    char id[ID_MAX];        /* station id                                 */
    double lon_deg, lat_deg; /* location                                  */
    double cap_t_d;         /* throughput capacity                        */
    double fixed_d;         /* fixed cost per day when open               */
    double handling_t;      /* cost per tonne through                     */
    int existing;           /* in service today                           */
    int group;              /* exclusive group, -1: none                  */
} n_transfer;

typedef struct n_facility {
    char id[ID_MAX];        /* facility id                                */
    double lon_deg, lat_deg; /* location                                  */
    int current_level;      /* today's level, -1 = candidate               */
    int first_level;        /* index of its first level in net->levels     */
    int nlevels;            /* number of levels                            */
} n_facility;

typedef struct n_level {
    int facility;           /* owner                                      */
    double cap_t_d;         /* total capacity at this level               */
    double fixed_d;         /* fixed cost per day at this level           */
} n_level;

typedef struct n_process {
    int facility;           /* where                                      */
    int stream;             /* input stream                               */
    wo_net_proc_kind kind;  /* what it does                               */
    double cost_t;          /* processing cost per tonne                  */
    double revenue_t;       /* revenue per tonne of input                 */
    double cap_use;         /* shared capacity used per tonne              */
} n_process;

typedef struct n_yield {
    int facility;           /* where                                      */
    int input;              /* input stream                               */
    int residue;            /* residue stream                             */
    double t_per_t;         /* residue tonnes per input tonne             */
} n_yield;

typedef struct n_accept {
    int transfer;           /* station                                    */
    int stream;             /* stream it takes                            */
} n_accept;

/* A growable array of n elements of size sz. */
typedef struct vec {
    void *p;                /* elements                                   */
    int n;                  /* used                                       */
    size_t cap;             /* allocated                                  */
} vec;

struct wo_net {
    vec streams, sources, transfers, facilities, levels, procs, yields,
        accepts;
    wo_net_dist_fn dist_fn; /* km between two positions (required)        */
    void *dist_ud;          /* for dist_fn                                */
    void (*dist_free)(void *); /* releases dist_ud, or NULL               */
};

/* Append one zeroed element; returns it or NULL on out of memory. */
static void *vec_push(vec *v, size_t sz)
{
    char *e;
    if (wo_array_reserve(&v->p, &v->cap, (size_t)v->n + 1, sz, 16) != WO_OK)
        return NULL;
    e = (char *)v->p + sz * (size_t)v->n++;
    memset(e, 0, sz);
    return e;
}

#define AT(v, T, i) (((T *)(v).p)[i])

const char *wo_net_proc_kind_name(wo_net_proc_kind k)
{
    switch (k) {
    case WO_PROC_INCINERATE:
        return "incinerate";
    case WO_PROC_RECYCLE:
        return "recycle";
    case WO_PROC_LANDFILL:
        return "landfill";
    case WO_PROC_DISPOSE:
        return "dispose";
    case WO_PROC_OTHER:
        return "other";
    }
    return "other";
}

int wo_net_proc_kind_parse(const char *s, wo_net_proc_kind *out)
{
    int k;
    for (k = WO_PROC_INCINERATE; k <= WO_PROC_OTHER; k++)
        if (strcmp(s, wo_net_proc_kind_name((wo_net_proc_kind)k)) == 0) {
            *out = (wo_net_proc_kind)k;
            return WO_OK;
        }
    return WO_EINVAL;
}

wo_net *wo_net_new(void)
{
    return wo_calloc(1, sizeof(wo_net));
}

void wo_net_free(wo_net *net)
{
    if (!net)
        return;
    wo_free(net->streams.p);
    wo_free(net->sources.p);
    wo_free(net->transfers.p);
    wo_free(net->facilities.p);
    wo_free(net->levels.p);
    wo_free(net->procs.p);
    wo_free(net->yields.p);
    wo_free(net->accepts.p);
    if (net->dist_free)
        net->dist_free(net->dist_ud);
    wo_free(net);
}

void wo_net_set_dist_fn(wo_net *net, wo_net_dist_fn fn, void *ud,
                        void (*free_ud)(void *))
{
    if (net->dist_free)
        net->dist_free(net->dist_ud);
    net->dist_fn = fn;
    net->dist_ud = ud;
    net->dist_free = free_ud;
}

/* ------------------------------------------------------------ adding */

static int bad_num(wo_err *err, const char *what, const char *id,
                   const char *field, double v, const char *expect)
{
    return -wo_err_set(err, WO_EINVAL, "%s '%s': %s %g %s", what, id, field,
                       v, expect);
}

static int check_id(const char *id, const char *what, wo_err *err)
{
    if (!id || !id[0])
        return -wo_err_set(err, WO_EINVAL, "%s: empty identifier", what);
    if (strlen(id) >= ID_MAX)
        return -wo_err_set(err, WO_EINVAL, "%s '%.40s...': identifier longer "
                           "than %d bytes", what, id, ID_MAX - 1);
    return 0;
}

static int check_pos(const char *what, const char *id, double lon,
                     double lat, wo_err *err)
{
    if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90))
        return -wo_err_set(err, WO_EINVAL,
                           "%s '%s': position (%g, %g) is not a lon/lat in "
                           "degrees",
                           what, id, lon, lat);
    return 0;
}

static int nonneg(double v) { return isfinite(v) && v >= 0; }

int wo_net_add_stream(wo_net *net, const char *code, unsigned classes,
                      double cost_per_tkm, double trailer_cost_per_tkm,
                      wo_err *err)
{
    n_stream *s;
    int rc;
    if ((rc = check_id(code, "stream", err)))
        return rc;
    if (wo_net_find_stream(net, code) >= 0)
        return -wo_err_set(err, WO_EDUP, "stream '%s' defined twice", code);
    if (!nonneg(cost_per_tkm))
        return bad_num(err, "stream", code, "cost per t.km", cost_per_tkm,
                       "must be >= 0");
    if (!nonneg(trailer_cost_per_tkm))
        return bad_num(err, "stream", code, "trailer cost per t.km",
                       trailer_cost_per_tkm, "must be >= 0");
    if (classes & ~WO_NET_CLASS_ALL)
        return -wo_err_set(err, WO_EINVAL, "stream '%s': class bits 0x%x "
                           "unknown", code, classes & ~WO_NET_CLASS_ALL);
    s = vec_push(&net->streams, sizeof *s);
    if (!s)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    wo_strlcpy(s->code, code, sizeof s->code);
    s->classes = classes;
    s->cost_tkm = cost_per_tkm;
    s->trailer_tkm = trailer_cost_per_tkm;
    return net->streams.n - 1;
}

static int check_stream(const wo_net *net, int s, const char *what,
                        const char *id, wo_err *err)
{
    if (s < 0 || s >= net->streams.n)
        return -wo_err_set(err, WO_EINVAL, "%s '%s': stream index %d unknown",
                           what, id, s);
    return 0;
}

int wo_net_add_source(wo_net *net, const char *id, int stream,
                      double supply_t_d, double lon_deg, double lat_deg,
                      wo_err *err)
{
    n_source *s;
    int rc;
    if ((rc = check_id(id, "source", err)) ||
        (rc = check_stream(net, stream, "source", id, err)) ||
        (rc = check_pos("source", id, lon_deg, lat_deg, err)))
        return rc;
    if (!nonneg(supply_t_d))
        return bad_num(err, "source", id, "supply (t/d)", supply_t_d,
                       "must be >= 0");
    s = vec_push(&net->sources, sizeof *s);
    if (!s)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    wo_strlcpy(s->id, id, sizeof s->id);
    s->stream = stream;
    s->supply_t_d = supply_t_d;
    s->lon_deg = lon_deg;
    s->lat_deg = lat_deg;
    return net->sources.n - 1;
}

int wo_net_add_transfer(wo_net *net, const char *id, double lon_deg,
                        double lat_deg, double capacity_t_d,
                        double fixed_cost_d, double handling_cost_per_t,
                        int existing, wo_err *err)
{
    n_transfer *t;
    int rc;
    if ((rc = check_id(id, "transfer station", err)) ||
        (rc = check_pos("transfer station", id, lon_deg, lat_deg, err)))
        return rc;
    if (!nonneg(capacity_t_d))
        return bad_num(err, "transfer station", id, "capacity (t/d)",
                       capacity_t_d, "must be >= 0");
    if (!nonneg(fixed_cost_d))
        return bad_num(err, "transfer station", id, "fixed cost",
                       fixed_cost_d, "must be >= 0");
    if (!nonneg(handling_cost_per_t))
        return bad_num(err, "transfer station", id, "handling cost per t",
                       handling_cost_per_t, "must be >= 0");
    t = vec_push(&net->transfers, sizeof *t);
    if (!t)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    wo_strlcpy(t->id, id, sizeof t->id);
    t->lon_deg = lon_deg;
    t->lat_deg = lat_deg;
    t->cap_t_d = capacity_t_d;
    t->fixed_d = fixed_cost_d;
    t->handling_t = handling_cost_per_t;
    t->existing = existing != 0;
    t->group = -1;
    return net->transfers.n - 1;
}

int wo_net_transfer_accept(wo_net *net, int transfer, int stream, wo_err *err)
{
    n_accept *a;
    int rc, k;
    if (transfer < 0 || transfer >= net->transfers.n)
        return -wo_err_set(err, WO_EINVAL, "transfer index %d unknown",
                           transfer);
    if ((rc = check_stream(net, stream, "transfer station",
                           AT(net->transfers, n_transfer, transfer).id, err)))
        return rc;
    for (k = 0; k < net->accepts.n; k++)
        if (AT(net->accepts, n_accept, k).transfer == transfer &&
            AT(net->accepts, n_accept, k).stream == stream)
            return k;
    a = vec_push(&net->accepts, sizeof *a);
    if (!a)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    a->transfer = transfer;
    a->stream = stream;
    return net->accepts.n - 1;
}

int wo_net_transfer_group(wo_net *net, int transfer, int group, wo_err *err)
{
    if (transfer < 0 || transfer >= net->transfers.n || group < 0)
        return -wo_err_set(err, WO_EINVAL, "transfer %d / group %d invalid",
                           transfer, group);
    AT(net->transfers, n_transfer, transfer).group = group;
    return 0;
}

int wo_net_add_facility(wo_net *net, const char *id, double lon_deg,
                        double lat_deg, int current_level, wo_err *err)
{
    n_facility *f;
    int rc;
    if ((rc = check_id(id, "facility", err)) ||
        (rc = check_pos("facility", id, lon_deg, lat_deg, err)))
        return rc;
    if (current_level < -1)
        return -wo_err_set(err, WO_EINVAL,
                           "facility '%s': current level %d (expected -1 for "
                           "a candidate or a level index)",
                           id, current_level);
    f = vec_push(&net->facilities, sizeof *f);
    if (!f)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    wo_strlcpy(f->id, id, sizeof f->id);
    f->lon_deg = lon_deg;
    f->lat_deg = lat_deg;
    f->current_level = current_level;
    f->first_level = -1;
    return net->facilities.n - 1;
}

static int check_fac(const wo_net *net, int f, wo_err *err)
{
    if (f < 0 || f >= net->facilities.n)
        return -wo_err_set(err, WO_EINVAL, "facility index %d unknown", f);
    return 0;
}

int wo_net_add_level(wo_net *net, int facility, double capacity_t_d,
                     double fixed_cost_d, wo_err *err)
{
    n_facility *f;
    n_level *l;
    int rc;
    if ((rc = check_fac(net, facility, err)))
        return rc;
    f = &AT(net->facilities, n_facility, facility);
    if (!(capacity_t_d > 0) || !isfinite(capacity_t_d))
        return bad_num(err, "facility", f->id, "capacity level (t/d)",
                       capacity_t_d, "must be > 0");
    if (!nonneg(fixed_cost_d))
        return bad_num(err, "facility", f->id, "fixed cost", fixed_cost_d,
                       "must be >= 0");
    if (f->nlevels > 0) {
        /* levels of one facility are contiguous and increasing */
        const n_level *last = &AT(net->levels, n_level, net->levels.n - 1);
        if (last->facility != facility)
            return -wo_err_set(err, WO_EINVAL,
                               "facility '%s': add all its levels together",
                               f->id);
        if (!(capacity_t_d > last->cap_t_d))
            return -wo_err_set(err, WO_EINVAL,
                               "facility '%s': capacity level %d (%g t/d) is "
                               "not above level %d (%g t/d): levels must "
                               "increase",
                               f->id, f->nlevels, capacity_t_d, f->nlevels - 1,
                               last->cap_t_d);
    }
    l = vec_push(&net->levels, sizeof *l);
    if (!l)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    l->facility = facility;
    l->cap_t_d = capacity_t_d;
    l->fixed_d = fixed_cost_d;
    if (f->nlevels == 0)
        f->first_level = net->levels.n - 1;
    f->nlevels++;
    return f->nlevels - 1;
}

int wo_net_add_process(wo_net *net, int facility, int stream,
                       wo_net_proc_kind kind, double cost_per_t,
                       double revenue_per_t, double cap_use, wo_err *err)
{
    n_process *p;
    const char *fid;
    int rc, k;
    if ((rc = check_fac(net, facility, err)))
        return rc;
    fid = AT(net->facilities, n_facility, facility).id;
    if ((rc = check_stream(net, stream, "facility", fid, err)))
        return rc;
    if (kind < WO_PROC_INCINERATE || kind > WO_PROC_OTHER)
        return -wo_err_set(err, WO_EINVAL, "facility '%s': process kind %d "
                           "unknown", fid, (int)kind);
    if (!nonneg(cost_per_t))
        return bad_num(err, "facility", fid, "processing cost per t",
                       cost_per_t, "must be >= 0");
    if (!nonneg(revenue_per_t))
        return bad_num(err, "facility", fid, "revenue per t", revenue_per_t,
                       "must be >= 0");
    if (!nonneg(cap_use))
        return bad_num(err, "facility", fid, "capacity use per t", cap_use,
                       "must be >= 0");
    for (k = 0; k < net->procs.n; k++)
        if (AT(net->procs, n_process, k).facility == facility &&
            AT(net->procs, n_process, k).stream == stream)
            return -wo_err_set(err, WO_EDUP,
                               "facility '%s': two processes for stream '%s'",
                               fid, AT(net->streams, n_stream, stream).code);
    p = vec_push(&net->procs, sizeof *p);
    if (!p)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    p->facility = facility;
    p->stream = stream;
    p->kind = kind;
    p->cost_t = cost_per_t;
    p->revenue_t = revenue_per_t;
    p->cap_use = cap_use;
    return net->procs.n - 1;
}

int wo_net_add_yield(wo_net *net, int facility, int input_stream,
                     int residue_stream, double t_per_t, wo_err *err)
{
    n_yield *y;
    const char *fid;
    int rc;
    if ((rc = check_fac(net, facility, err)))
        return rc;
    fid = AT(net->facilities, n_facility, facility).id;
    if ((rc = check_stream(net, input_stream, "facility", fid, err)) ||
        (rc = check_stream(net, residue_stream, "facility", fid, err)))
        return rc;
    if (!(t_per_t >= 0 && t_per_t <= 1))
        return bad_num(err, "facility", fid, "residue yield (t/t)", t_per_t,
                       "must be in [0, 1]");
    if (input_stream == residue_stream)
        return -wo_err_set(err, WO_EINVAL,
                           "facility '%s': stream '%s' cannot be its own "
                           "residue",
                           fid, AT(net->streams, n_stream, input_stream).code);
    y = vec_push(&net->yields, sizeof *y);
    if (!y)
        return -wo_err_set(err, WO_ENOMEM, "out of memory");
    y->facility = facility;
    y->input = input_stream;
    y->residue = residue_stream;
    y->t_per_t = t_per_t;
    return net->yields.n - 1;
}

int wo_net_nstreams(const wo_net *net) { return net->streams.n; }
int wo_net_nsources(const wo_net *net) { return net->sources.n; }
int wo_net_ntransfers(const wo_net *net) { return net->transfers.n; }
int wo_net_nfacilities(const wo_net *net) { return net->facilities.n; }

const char *wo_net_stream_code(const wo_net *net, int s)
{
    return s >= 0 && s < net->streams.n ? AT(net->streams, n_stream, s).code
                                        : "?";
}

const char *wo_net_source_id(const wo_net *net, int k)
{
    return k >= 0 && k < net->sources.n ? AT(net->sources, n_source, k).id
                                        : "?";
}

const char *wo_net_transfer_id(const wo_net *net, int t)
{
    return t >= 0 && t < net->transfers.n
               ? AT(net->transfers, n_transfer, t).id
               : "?";
}

const char *wo_net_facility_id(const wo_net *net, int f)
{
    return f >= 0 && f < net->facilities.n
               ? AT(net->facilities, n_facility, f).id
               : "?";
}

int wo_net_find_stream(const wo_net *net, const char *code)
{
    int s;
    for (s = 0; s < net->streams.n; s++)
        if (strcmp(AT(net->streams, n_stream, s).code, code) == 0)
            return s;
    return -1;
}

void wo_net_node_pos(const wo_net *net, int kind, int idx, double *lon_deg,
                     double *lat_deg)
{
    *lon_deg = *lat_deg = 0;
    if (kind == WO_NODE_SOURCE && idx >= 0 && idx < net->sources.n) {
        *lon_deg = AT(net->sources, n_source, idx).lon_deg;
        *lat_deg = AT(net->sources, n_source, idx).lat_deg;
    } else if (kind == WO_NODE_TRANSFER && idx >= 0 &&
               idx < net->transfers.n) {
        *lon_deg = AT(net->transfers, n_transfer, idx).lon_deg;
        *lat_deg = AT(net->transfers, n_transfer, idx).lat_deg;
    } else if (kind == WO_NODE_FACILITY && idx >= 0 &&
               idx < net->facilities.n) {
        *lon_deg = AT(net->facilities, n_facility, idx).lon_deg;
        *lat_deg = AT(net->facilities, n_facility, idx).lat_deg;
    }
}

/* ------------------------------------------------------------ validation */

/* Short names of the stream classes (network.h) the policies use. */
enum {
    CL_HH = WO_NET_CLASS_HOUSEHOLD,         /* household                  */
    CL_HH_OTHER = WO_NET_CLASS_RESIDUAL,    /* residual household waste   */
    CL_HH_UTIL = WO_NET_CLASS_UTILIZABLE,   /* recyclables, kitchen waste */
    CL_CD = WO_NET_CLASS_CD,                /* construction, demolition   */
    CL_MED = WO_NET_CLASS_MEDICAL           /* medical waste              */
};

static int proc_of(const wo_net *net, int f, int s)
{
    int k;
    for (k = 0; k < net->procs.n; k++)
        if (AT(net->procs, n_process, k).facility == f &&
            AT(net->procs, n_process, k).stream == s)
            return k;
    return -1;
}

/* Some facility other than `except` has a process for stream s. */
static int accepted(const wo_net *net, int s, int except)
{
    int k;
    for (k = 0; k < net->procs.n; k++)
        if (AT(net->procs, n_process, k).stream == s &&
            AT(net->procs, n_process, k).facility != except)
            return 1;
    return 0;
}

int wo_net_validate(const wo_net *net, wo_err *err)
{
    int f, k;
    if (net->streams.n == 0)
        return wo_err_set(err, WO_EINVAL, "network: no streams");
    if (!net->dist_fn)
        return wo_err_set(err, WO_EINVAL,
                          "network: no distance function (wo_net_set_dist_fn)");
    for (f = 0; f < net->facilities.n; f++) {
        const n_facility *fa = &AT(net->facilities, n_facility, f);
        if (fa->nlevels == 0)
            return wo_err_set(err, WO_EINVAL,
                              "facility '%s': no capacity level", fa->id);
        if (fa->current_level >= fa->nlevels)
            return wo_err_set(err, WO_EINVAL,
                              "facility '%s': current level %d but only %d "
                              "level(s)",
                              fa->id, fa->current_level, fa->nlevels);
    }
    for (k = 0; k < net->sources.n; k++) {
        const n_source *so = &AT(net->sources, n_source, k);
        if (!accepted(net, so->stream, -1))
            return wo_err_set(err, WO_EINVAL,
                              "stream '%s' of source '%s': no facility has a "
                              "process that accepts it",
                              AT(net->streams, n_stream, so->stream).code,
                              so->id);
    }
    for (k = 0; k < net->yields.n; k++) {
        const n_yield *y = &AT(net->yields, n_yield, k);
        const char *fid = AT(net->facilities, n_facility, y->facility).id;
        if (proc_of(net, y->facility, y->input) < 0)
            return wo_err_set(err, WO_EINVAL,
                              "facility '%s': residue of stream '%s' but no "
                              "process for that stream",
                              fid, AT(net->streams, n_stream, y->input).code);
        if (!accepted(net, y->residue, y->facility))
            return wo_err_set(err, WO_EINVAL,
                              "residue '%s' of facility '%s': no other "
                              "facility has a process that accepts it",
                              AT(net->streams, n_stream, y->residue).code, fid);
    }
    return WO_OK;
}

/* ------------------------------------------------------------ parameters */

void wo_net_params_init(wo_net_params *p)
{
    memset(p, 0, sizeof *p);
    p->mode = WO_NET_CURRENT;
    p->penalty_per_t = 1e6;
}

void wo_net_result_free(wo_net_result *r)
{
    if (!r)
        return;
    wo_free(r->fac_level);
    wo_free(r->fac_load_t_d);
    wo_free(r->fac_cap_t_d);
    wo_free(r->tr_open);
    wo_free(r->tr_load_t_d);
    wo_free(r->flows);
    wo_free(r->viol);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------ the model */

typedef struct n_arc {
    int stream;              /* stream carried                            */
    wo_net_node_kind fk, tk; /* origin / destination kinds                */
    int from, to;            /* origin / destination indices              */
    int col;                 /* LP column                                 */
    int proc;                /* process at the destination, -1 (transfer) */
    double dist_km;          /* arc length                                */
    double tr_unit;          /* transport cost per tonne                  */
    double proc_unit;        /* processing / handling cost per tonne      */
    double rev_unit;         /* revenue per tonne                         */
    double emerg_unit;       /* emergency price per tonne (raw household
                                waste into landfill under the policy)     */
} n_arc;

typedef struct n_trip {
    int row;                 /* logical row                               */
    int col;                 /* LP column                                 */
    double val;              /* coefficient                               */
} n_trip;

typedef struct n_row {
    double lb, ub;           /* bounds                                    */
    char name[96];           /* for LP/MPS files                          */
} n_row;

enum { POL_INCIN = 0, POL_RECYC, POL_CD, POL_LANDFILL, POL_MED, POL_N };

typedef struct ctx {
    const wo_net *net;       /* the network                               */
    const wo_net_params *p;  /* parameters                                */
    wo_lp *lp;               /* the model                                 */
    int S, K, T, F;          /* counts                                    */
    int *procat;             /* [F*S] process index or -1                 */
    unsigned char *acc;      /* [T*S] transfer accepts stream             */
    unsigned char *gen;      /* [F*S] facility yields residue stream      */
    int *cls;                /* [S] stream classes                        */
    vec arcs;                /* n_arc                                     */
    vec trips;               /* n_trip                                    */
    vec rows;                /* n_row                                     */
    int *col_lev;            /* [nlevels] y column per level              */
    int *col_tr;             /* [T] z column                              */
    int *col_uns;            /* [K] unserved slack                        */
    int *col_res;            /* [F*S] residue slack or -1                 */
    int col_pol[POL_N];      /* policy slack or -1                        */
    int row_src0;            /* first source row                          */
    int *row_trs;            /* [T*S] transfer balance row or -1          */
    int *row_trcap;          /* [T] transfer capacity row                 */
    int *row_fcap;           /* [F] facility capacity row                 */
    int *row_res;            /* [F*S] residue balance row or -1           */
    int row_pol[POL_N];      /* policy rows or -1                         */
    double supply_cls[32];   /* supply by class bit combination           */
} ctx;

/* Length of an arc by the caller's distance function. */
static double node_dist(const ctx *c, int fk, int from, int tk, int to)
{
    double lo1, la1, lo2, la2;
    wo_net_node_pos(c->net, fk, from, &lo1, &la1);
    wo_net_node_pos(c->net, tk, to, &lo2, &la2);
    return c->net->dist_fn(lo1, la1, lo2, la2, c->net->dist_ud);
}

/* Price of a tonne of policy slack (rate rows, landfill cap, raw
 * household waste into landfill). */
static double pol_price(const ctx *c)
{
    return c->p->policy.emergency_per_t > 0 ? c->p->policy.emergency_per_t
                                            : c->p->penalty_per_t;
}

/* Is stream s into process pr a tonne of raw household waste landfilled? */
static int raw_landfill_arc(const ctx *c, int s, int pr)
{
    return pr >= 0 && (c->cls[s] & CL_HH) &&
           AT(c->net->procs, n_process, pr).kind == WO_PROC_LANDFILL;
}

/* Names in LP/MPS files: letters, digits, '_' and '.' only. */
static void clean_name(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '.'))
            *s = '_';
}

static int new_row(ctx *c, double lb, double ub, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Declare a logical row; returns its index or -1 on out of memory. */
static int new_row(ctx *c, double lb, double ub, const char *fmt, ...)
{
    n_row *r = vec_push(&c->rows, sizeof *r);
    va_list ap;
    if (!r)
        return -1;
    r->lb = lb;
    r->ub = ub;
    va_start(ap, fmt);
    vsnprintf(r->name, sizeof r->name, fmt, ap);
    va_end(ap);
    clean_name(r->name);
    return c->rows.n - 1;
}

static int coef(ctx *c, int row, int col, double val)
{
    n_trip *t;
    if (row < 0 || col < 0 || val == 0)
        return WO_OK;
    t = vec_push(&c->trips, sizeof *t);
    if (!t)
        return WO_ENOMEM;
    t->row = row;
    t->col = col;
    t->val = val;
    return WO_OK;
}

static int new_col(ctx *c, const char *name, wo_lp_kind kind, double lb,
                   double ub, double obj)
{
    char nm[160];
    wo_strlcpy(nm, name, sizeof nm);
    clean_name(nm);
    return wo_lp_add_col(c->lp, nm, kind, lb, ub, obj);
}

/* Add the arc and its column. */
static int add_arc(ctx *c, int s, wo_net_node_kind fk, int from,
                   wo_net_node_kind tk, int to, double tkm_cost,
                   double handling)
{
    const wo_net *net = c->net;
    n_arc *a = vec_push(&c->arcs, sizeof *a);
    char nm[160];
    static const char kc[3] = {'s', 't', 'f'};
    if (!a)
        return WO_ENOMEM;
    a->stream = s;
    a->fk = fk;
    a->from = from;
    a->tk = tk;
    a->to = to;
    a->proc = tk == WO_NODE_FACILITY ? c->procat[to * c->S + s] : -1;
    a->dist_km = node_dist(c, fk, from, tk, to);
    if (!(a->dist_km >= 0) || !isfinite(a->dist_km))
        return WO_EINVAL;
    a->tr_unit = a->dist_km * tkm_cost;
    a->proc_unit = handling;
    a->rev_unit = 0;
    a->emerg_unit = 0;
    if (a->proc >= 0) {
        const n_process *pr = &AT(net->procs, n_process, a->proc);
        a->proc_unit += pr->cost_t;
        a->rev_unit = pr->revenue_t;
        if (c->p->policy.raw_landfill && raw_landfill_arc(c, s, a->proc))
            a->emerg_unit = pol_price(c);
    }
    snprintf(nm, sizeof nm, "x%d_%s_%c%d_%c%d", c->arcs.n - 1,
             AT(net->streams, n_stream, s).code, kc[fk], from, kc[tk], to);
    a->col = new_col(c, nm, WO_LP_CONT, 0, WO_LP_INF,
                     a->tr_unit + a->proc_unit - a->rev_unit + a->emerg_unit);
    return a->col < 0 ? WO_ENOMEM : WO_OK;
}

static int allowed(const ctx *c, int f, int s)
{
    int pr = c->procat[f * c->S + s];
    if (pr < 0)
        return 0;
    if (c->p->policy.medical && (c->cls[s] & CL_MED) &&
        AT(c->net->procs, n_process, pr).kind != WO_PROC_DISPOSE)
        return 0;
    return 1;
}

static int build_tables(ctx *c)
{
    const wo_net *net = c->net;
    int k, i;
    c->procat = wo_malloc(sizeof(int) * (size_t)(c->F * c->S + 1));
    c->acc = wo_calloc((size_t)(c->T * c->S + 1), 1);
    c->gen = wo_calloc((size_t)(c->F * c->S + 1), 1);
    c->cls = wo_calloc((size_t)c->S, sizeof(int));
    c->col_lev = wo_malloc(sizeof(int) * (size_t)(net->levels.n + 1));
    c->col_tr = wo_malloc(sizeof(int) * (size_t)(c->T + 1));
    c->col_uns = wo_malloc(sizeof(int) * (size_t)(c->K + 1));
    c->col_res = wo_malloc(sizeof(int) * (size_t)(c->F * c->S + 1));
    c->row_trs = wo_malloc(sizeof(int) * (size_t)(c->T * c->S + 1));
    c->row_trcap = wo_malloc(sizeof(int) * (size_t)(c->T + 1));
    c->row_fcap = wo_malloc(sizeof(int) * (size_t)(c->F + 1));
    c->row_res = wo_malloc(sizeof(int) * (size_t)(c->F * c->S + 1));
    if (!c->procat || !c->acc || !c->gen || !c->cls || !c->col_lev ||
        !c->col_tr || !c->col_uns || !c->col_res || !c->row_trs ||
        !c->row_trcap || !c->row_fcap || !c->row_res)
        return WO_ENOMEM;
    for (i = 0; i < c->F * c->S; i++) {
        c->procat[i] = -1;
        c->col_res[i] = -1;
        c->row_res[i] = -1;
    }
    for (i = 0; i < c->T * c->S; i++)
        c->row_trs[i] = -1;
    for (k = 0; k < net->procs.n; k++) {
        const n_process *pr = &AT(net->procs, n_process, k);
        c->procat[pr->facility * c->S + pr->stream] = k;
    }
    for (k = 0; k < net->accepts.n; k++) {
        const n_accept *a = &AT(net->accepts, n_accept, k);
        c->acc[a->transfer * c->S + a->stream] = 1;
    }
    for (k = 0; k < net->yields.n; k++) {
        const n_yield *y = &AT(net->yields, n_yield, k);
        c->gen[y->facility * c->S + y->residue] = 1;
    }
    for (i = 0; i < c->S; i++)
        c->cls[i] = (int)AT(net->streams, n_stream, i).classes;
    for (k = 0; k < c->K; k++) {
        const n_source *so = &AT(net->sources, n_source, k);
        int cl = c->cls[so->stream], b;
        for (b = 0; b < 5; b++)
            if (cl & (1 << b))
                c->supply_cls[1 << b] += so->supply_t_d;
    }
    for (i = 0; i < POL_N; i++)
        c->col_pol[i] = c->row_pol[i] = -1;
    return WO_OK;
}

/* A site kept as it is today earns this (CNY/d) in the objective, so that
 * among equal-cost networks the optimiser changes nothing it need not
 * (closing an idle site with no fixed cost saves nothing). The cost
 * breakdown of the result leaves it out. */
#define KEEP_BONUS 1e-3

/* Columns: levels, transfer stations, arcs, slacks. */
static int build_cols(ctx *c)
{
    const wo_net *net = c->net;
    const wo_net_params *p = c->p;
    int f, t, k, s, g, l, rc;
    char nm[160];
    for (f = 0; f < c->F; f++) {
        const n_facility *fa = &AT(net->facilities, n_facility, f);
        for (l = 0; l < fa->nlevels; l++) {
            const n_level *lv = &AT(net->levels, n_level, fa->first_level + l);
            double lo = 0, hi = 1;
            if (p->mode == WO_NET_CURRENT)
                lo = hi = (l == fa->current_level) ? 1 : 0;
            snprintf(nm, sizeof nm, "y%d_L%d_%s", f, l, fa->id);
            c->col_lev[fa->first_level + l] =
                new_col(c, nm, WO_LP_BIN, lo, hi,
                        lv->fixed_d - (p->mode == WO_NET_OPTIMISE &&
                                       l == fa->current_level
                                   ? KEEP_BONUS
                                   : 0));
            if (c->col_lev[fa->first_level + l] < 0)
                return WO_ENOMEM;
        }
    }
    for (t = 0; t < c->T; t++) {
        const n_transfer *tr = &AT(net->transfers, n_transfer, t);
        double lo = 0, hi = 1;
        if (p->mode == WO_NET_CURRENT)
            lo = hi = tr->existing ? 1 : 0;
        snprintf(nm, sizeof nm, "z%d_%s", t, tr->id);
        c->col_tr[t] = new_col(c, nm, WO_LP_BIN, lo, hi,
                               tr->fixed_d - (p->mode == WO_NET_OPTIMISE && tr->existing
                                              ? KEEP_BONUS
                                              : 0));
        if (c->col_tr[t] < 0)
            return WO_ENOMEM;
    }
    for (k = 0; k < c->K; k++) {
        const n_source *so = &AT(net->sources, n_source, k);
        const n_stream *st = &AT(net->streams, n_stream, so->stream);
        for (f = 0; f < c->F; f++)
            if (allowed(c, f, so->stream) &&
                (rc = add_arc(c, so->stream, WO_NODE_SOURCE, k,
                              WO_NODE_FACILITY, f, st->cost_tkm, 0)))
                return rc;
        for (t = 0; t < c->T; t++)
            if (c->acc[t * c->S + so->stream] &&
                (rc = add_arc(c, so->stream, WO_NODE_SOURCE, k,
                              WO_NODE_TRANSFER, t, st->cost_tkm,
                              AT(net->transfers, n_transfer, t).handling_t)))
                return rc;
    }
    for (t = 0; t < c->T; t++)
        for (s = 0; s < c->S; s++) {
            if (!c->acc[t * c->S + s])
                continue;
            for (f = 0; f < c->F; f++)
                if (allowed(c, f, s) &&
                    (rc = add_arc(c, s, WO_NODE_TRANSFER, t, WO_NODE_FACILITY,
                                  f, AT(net->streams, n_stream, s).trailer_tkm,
                                  0)))
                    return rc;
        }
    for (f = 0; f < c->F; f++)
        for (s = 0; s < c->S; s++) {
            if (!c->gen[f * c->S + s])
                continue;
            for (g = 0; g < c->F; g++)
                if (g != f && allowed(c, g, s) &&
                    (rc = add_arc(c, s, WO_NODE_FACILITY, f, WO_NODE_FACILITY,
                                  g, AT(net->streams, n_stream, s).trailer_tkm,
                                  0)))
                    return rc;
            snprintf(nm, sizeof nm, "stranded%d_%d_%s_%s", f, s,
                     AT(net->streams, n_stream, s).code,
                     AT(net->facilities, n_facility, f).id);
            c->col_res[f * c->S + s] =
                new_col(c, nm, WO_LP_CONT, 0, WO_LP_INF, p->penalty_per_t);
            if (c->col_res[f * c->S + s] < 0)
                return WO_ENOMEM;
        }
    for (k = 0; k < c->K; k++) {
        const n_source *so = &AT(net->sources, n_source, k);
        snprintf(nm, sizeof nm, "unserved%d_%s_%s", k,
                 AT(net->streams, n_stream, so->stream).code, so->id);
        c->col_uns[k] = new_col(c, nm, WO_LP_CONT, 0, WO_LP_INF,
                                p->penalty_per_t);
        if (c->col_uns[k] < 0)
            return WO_ENOMEM;
    }
    {
        static const char *pn[POL_N] = {"short_incineration", "short_recycling",
                                        "short_cd", "over_landfill",
                                        "short_medical"};
        int on[POL_N];
        on[POL_INCIN] = p->policy.incineration && c->supply_cls[CL_HH_OTHER] > 0;
        on[POL_RECYC] = p->policy.recycling && c->supply_cls[CL_HH] > 0;
        on[POL_CD] = p->policy.cd && c->supply_cls[CL_CD] > 0;
        on[POL_LANDFILL] = p->policy.landfill_cap;
        on[POL_MED] = p->policy.medical_rate && c->supply_cls[CL_MED] > 0;
        for (k = 0; k < POL_N; k++) {
            if (!on[k])
                continue;
            c->col_pol[k] = new_col(c, pn[k], WO_LP_CONT, 0, WO_LP_INF,
                                    pol_price(c));
            if (c->col_pol[k] < 0)
                return WO_ENOMEM;
        }
    }
    return WO_OK;
}

/* Does the arc count for policy row k? */
static int arc_counts(const ctx *c, const n_arc *a, int k)
{
    wo_net_proc_kind kind;
    int cl = c->cls[a->stream];
    if (a->tk != WO_NODE_FACILITY || a->proc < 0)
        return 0;
    kind = AT(c->net->procs, n_process, a->proc).kind;
    switch (k) {
    case POL_INCIN:
        return (cl & CL_HH_OTHER) && kind == WO_PROC_INCINERATE;
    case POL_RECYC:
        return (cl & CL_HH_UTIL) && kind == WO_PROC_RECYCLE;
    case POL_CD:
        return (cl & CL_CD) && kind == WO_PROC_RECYCLE;
    case POL_LANDFILL:
        return kind == WO_PROC_LANDFILL;
    case POL_MED:
        return (cl & CL_MED) && kind == WO_PROC_DISPOSE;
    }
    return 0;
}

/* Sites the caller keeps open in optimise mode: a facility at one of its
 * levels, a transfer station or another option of its group. */
static int keep_rows(ctx *c)
{
    const wo_net *net = c->net;
    const wo_net_params *p = c->p;
    int f, t, u, l, row, rc;
    for (f = 0; p->keep_facility && f < c->F; f++) {
        const n_facility *fa = &AT(net->facilities, n_facility, f);
        if (!p->keep_facility[f])
            continue;
        if ((row = new_row(c, 1, WO_LP_INF, "keep%d_%s", f, fa->id)) < 0)
            return WO_ENOMEM;
        for (l = 0; l < fa->nlevels; l++)
            if ((rc = coef(c, row, c->col_lev[fa->first_level + l], 1.0)))
                return rc;
    }
    for (t = 0; p->keep_transfer && t < c->T; t++) {
        const n_transfer *tr = &AT(net->transfers, n_transfer, t);
        if (!p->keep_transfer[t])
            continue;
        if ((row = new_row(c, 1, WO_LP_INF, "tkeep%d_%s", t, tr->id)) < 0)
            return WO_ENOMEM;
        for (u = 0; u < c->T; u++)
            if ((u == t ||
                 (tr->group >= 0 &&
                  AT(net->transfers, n_transfer, u).group == tr->group)) &&
                (rc = coef(c, row, c->col_tr[u], 1.0)))
                return rc;
    }
    return WO_OK;
}

static int build_rows(ctx *c)
{
    const wo_net *net = c->net;
    const wo_net_policy *pol = &c->p->policy;
    int f, t, k, s, l, i, rc = WO_OK;
    /* rows */
    c->row_src0 = c->rows.n;
    for (k = 0; k < c->K; k++) {
        const n_source *so = &AT(net->sources, n_source, k);
        if (new_row(c, so->supply_t_d, so->supply_t_d, "supply%d_%s_%s", k,
                    AT(net->streams, n_stream, so->stream).code, so->id) < 0)
            return WO_ENOMEM;
    }
    for (t = 0; t < c->T; t++) {
        const char *tid = AT(net->transfers, n_transfer, t).id;
        for (s = 0; s < c->S; s++)
            if (c->acc[t * c->S + s] &&
                (c->row_trs[t * c->S + s] =
                     new_row(c, 0, 0, "through%d_%d_%s_%s", t, s, tid,
                             AT(net->streams, n_stream, s).code)) < 0)
                return WO_ENOMEM;
        if ((c->row_trcap[t] = new_row(c, -WO_LP_INF, 0, "tcap%d_%s", t, tid)) < 0)
            return WO_ENOMEM;
    }
    for (f = 0; f < c->F; f++) {
        const n_facility *fa = &AT(net->facilities, n_facility, f);
        int rl;
        if ((c->row_fcap[f] = new_row(c, -WO_LP_INF, 0, "cap%d_%s", f, fa->id)) < 0)
            return WO_ENOMEM;
        if ((rl = new_row(c, -WO_LP_INF, 1, "level%d_%s", f, fa->id)) < 0)
            return WO_ENOMEM;
        for (l = 0; l < fa->nlevels; l++) {
            const n_level *lv = &AT(net->levels, n_level, fa->first_level + l);
            int col = c->col_lev[fa->first_level + l];
            if ((rc = coef(c, c->row_fcap[f], col, -lv->cap_t_d)) ||
                (rc = coef(c, rl, col, 1.0)))
                return rc;
        }
        for (s = 0; s < c->S; s++) {
            if (!c->gen[f * c->S + s])
                continue;
            if ((c->row_res[f * c->S + s] =
                     new_row(c, 0, 0, "residue%d_%d_%s_%s", f, s, fa->id,
                             AT(net->streams, n_stream, s).code)) < 0)
                return WO_ENOMEM;
            if ((rc = coef(c, c->row_res[f * c->S + s],
                           c->col_res[f * c->S + s], 1.0)))
                return rc;
        }
    }
    for (k = 0; k < c->K; k++)
        if ((rc = coef(c, c->row_src0 + k, c->col_uns[k], 1.0)))
            return rc;
    for (t = 0; t < c->T; t++)
        if ((rc = coef(c, c->row_trcap[t], c->col_tr[t],
                       -AT(net->transfers, n_transfer, t).cap_t_d)))
            return rc;
    /* at most one member of each transfer group: the row of a group is
     * made at its first member */
    for (t = 0; t < c->T; t++) {
        int g = AT(net->transfers, n_transfer, t).group, u, first = 1, row;
        for (u = 0; u < t && first; u++)
            first = AT(net->transfers, n_transfer, u).group != g;
        if (g < 0 || !first)
            continue;
        if ((row = new_row(c, -WO_LP_INF, 1, "tgroup_%d", g)) < 0)
            return WO_ENOMEM;
        for (u = t; u < c->T; u++)
            if (AT(net->transfers, n_transfer, u).group == g &&
                (rc = coef(c, row, c->col_tr[u], 1.0)))
                return rc;
    }
    if (c->p->mode == WO_NET_OPTIMISE && (rc = keep_rows(c)))
        return rc;
    {
        static const char *pn[POL_N] = {"incineration_rate", "recycling_rate",
                                        "cd_rate", "landfill_cap",
                                        "medical_rate"};
        double rhs[POL_N];
        rhs[POL_INCIN] = pol->incineration_min * c->supply_cls[CL_HH_OTHER];
        rhs[POL_RECYC] = pol->recycling_min * c->supply_cls[CL_HH];
        rhs[POL_CD] = pol->cd_min * c->supply_cls[CL_CD];
        rhs[POL_LANDFILL] = pol->landfill_max_t_d;
        rhs[POL_MED] = pol->medical_min * c->supply_cls[CL_MED];
        for (k = 0; k < POL_N; k++) {
            if (c->col_pol[k] < 0)
                continue;
            if (k == POL_LANDFILL)
                c->row_pol[k] = new_row(c, -WO_LP_INF, rhs[k], "%s", pn[k]);
            else
                c->row_pol[k] = new_row(c, rhs[k], WO_LP_INF, "%s", pn[k]);
            if (c->row_pol[k] < 0)
                return WO_ENOMEM;
            if ((rc = coef(c, c->row_pol[k], c->col_pol[k],
                           k == POL_LANDFILL ? -1.0 : 1.0)))
                return rc;
        }
    }
    /* arc coefficients */
    for (i = 0; i < c->arcs.n; i++) {
        const n_arc *a = &AT(c->arcs, n_arc, i);
        int y;
        if (a->fk == WO_NODE_SOURCE)
            rc = coef(c, c->row_src0 + a->from, a->col, 1.0);
        else if (a->fk == WO_NODE_TRANSFER)
            rc = coef(c, c->row_trs[a->from * c->S + a->stream], a->col, -1.0);
        else
            rc = coef(c, c->row_res[a->from * c->S + a->stream], a->col, 1.0);
        if (rc)
            return rc;
        if (a->tk == WO_NODE_TRANSFER) {
            if ((rc = coef(c, c->row_trs[a->to * c->S + a->stream], a->col,
                           1.0)) ||
                (rc = coef(c, c->row_trcap[a->to], a->col, 1.0)))
                return rc;
        } else {
            const n_process *pr = &AT(net->procs, n_process, a->proc);
            if ((rc = coef(c, c->row_fcap[a->to], a->col, pr->cap_use)))
                return rc;
            for (y = 0; y < net->yields.n; y++) {
                const n_yield *yl = &AT(net->yields, n_yield, y);
                if (yl->facility == a->to && yl->input == a->stream &&
                    (rc = coef(c, c->row_res[a->to * c->S + yl->residue],
                               a->col, -yl->t_per_t)))
                    return rc;
            }
        }
        for (k = 0; k < POL_N; k++)
            if (c->row_pol[k] >= 0 && arc_counts(c, a, k) &&
                (rc = coef(c, c->row_pol[k], a->col, 1.0)))
                return rc;
    }
    return WO_OK;
}

/* Hand the logical rows to the LP, grouping the triplets by row. */
static int emit_rows(ctx *c)
{
    int nr = c->rows.n, i, k, *start = NULL, *pos = NULL, *idx = NULL,
        rc = WO_OK;
    double *val = NULL;
    start = wo_calloc((size_t)nr + 1, sizeof(int));
    pos = wo_calloc((size_t)nr + 1, sizeof(int));
    idx = wo_malloc(sizeof(int) * (size_t)(c->trips.n + 1));
    val = wo_malloc(sizeof(double) * (size_t)(c->trips.n + 1));
    if (!start || !pos || !idx || !val) {
        rc = WO_ENOMEM;
        goto out;
    }
    for (k = 0; k < c->trips.n; k++)
        start[AT(c->trips, n_trip, k).row + 1]++;
    for (i = 0; i < nr; i++)
        start[i + 1] += start[i];
    for (i = 0; i < nr; i++)
        pos[i] = start[i];
    for (k = 0; k < c->trips.n; k++) {
        const n_trip *t = &AT(c->trips, n_trip, k);
        idx[pos[t->row]] = t->col;
        val[pos[t->row]++] = t->val;
    }
    for (i = 0; i < nr; i++) {
        const n_row *r = &AT(c->rows, n_row, i);
        if (wo_lp_add_row(c->lp, r->name, r->lb, r->ub, start[i + 1] - start[i],
                          idx + start[i], val + start[i]) < 0) {
            rc = wo_lp_error(c->lp, NULL) == WO_ENOMEM ? WO_ENOMEM : WO_EINVAL;
            goto out;
        }
    }
out:
    wo_free(start);
    wo_free(pos);
    wo_free(idx);
    wo_free(val);
    return rc;
}

/* ------------------------------------------------------------ results */

void wo_net_viol_append(wo_net_violation *v, const char *fmt, ...)
{
    size_t n = strlen(v->text);
    va_list ap;
    if (n + 1 >= sizeof v->text)
        return;
    va_start(ap, fmt);
    vsnprintf(v->text + n, sizeof v->text - n, fmt, ap);
    va_end(ap);
}

void wo_net_viol_site(wo_net_violation *v, const char *sep, const char *id,
                      double load_t_d, double cap_t_d)
{
    int full = load_t_d >= cap_t_d * (1 - 1e-6);
    wo_net_viol_append(v, "%s %s %s (%.1f of %.1f t/d)", sep, id,
                       full ? "capacity binds" : "has room", load_t_d,
                       cap_t_d);
}

/* Append facility f to v: "(closed)", or its load of its capacity. */
static void fac_state(const ctx *c, const wo_net_result *r, int f,
                      const char *sep, wo_net_violation *v)
{
    if (r->fac_level[f] < 0)
        wo_net_viol_append(v, "%s %s (closed)", sep,
                           AT(c->net->facilities, n_facility, f).id);
    else
        wo_net_viol_site(v, sep, AT(c->net->facilities, n_facility, f).id,
                         r->fac_load_t_d[f], r->fac_cap_t_d[f]);
}

/* Name the facilities (and transfer stations) that could take stream s
 * and whether their capacity binds. */
static void binding_sites(const ctx *c, const wo_net_result *r, int s,
                          int except, wo_net_violation *v)
{
    const wo_net *net = c->net;
    int f, t, any = 0;
    for (f = 0; f < c->F; f++) {
        if (f == except || c->procat[f * c->S + s] < 0)
            continue;
        if (!allowed(c, f, s)) {
            wo_net_viol_append(v, "%s %s (not licensed for it under the medical policy)",
                  any++ ? ";" : "", AT(net->facilities, n_facility, f).id);
        } else if (r->fac_level[f] < 0) {
            wo_net_viol_append(v, "%s %s (closed%s)", any++ ? ";" : "",
                  AT(net->facilities, n_facility, f).id,
                  c->p->mode == WO_NET_CURRENT ? " in the current network"
                                               : "");
        } else {
            wo_net_viol_site(v, any++ ? ";" : "",
                             AT(net->facilities, n_facility, f).id,
                             r->fac_load_t_d[f], r->fac_cap_t_d[f]);
        }
    }
    for (t = 0; t < c->T; t++) {
        if (!c->acc[t * c->S + s] || !r->tr_open[t])
            continue;
        if (r->tr_load_t_d[t] >=
            AT(net->transfers, n_transfer, t).cap_t_d * (1 - 1e-6))
            wo_net_viol_append(v, "%s transfer %s capacity binds (%.1f t/d)",
                  any++ ? ";" : "", AT(net->transfers, n_transfer, t).id,
                  r->tr_load_t_d[t]);
    }
    if (!any)
        wo_net_viol_append(v, " no facility accepts it");
}

static wo_net_violation *new_viol(wo_net_result *r, int cap, int kind,
                                  int stream, int node, double amount)
{
    wo_net_violation *v;
    if (r->nviol >= cap)
        return NULL;
    v = &r->viol[r->nviol++];
    memset(v, 0, sizeof *v);
    v->kind = (wo_net_violation_kind)kind;
    v->stream = stream;
    v->node = node;
    v->amount_t_d = amount;
    return v;
}

/* Why a rate target binds: the eligible streams are all used already
 * (the share separated at source binds), or the facilities that could
 * take more of them are full (named). */
static void policy_binding(const ctx *c, const wo_net_result *r, int k,
                           wo_net_violation *v)
{
    int want = k == POL_INCIN ? CL_HH_OTHER : k == POL_RECYC ? CL_HH_UTIL
                                                             : CL_CD;
    int base = k == POL_INCIN ? CL_HH_OTHER : k == POL_RECYC ? CL_HH : CL_CD;
    double eligible = 0;
    int s;
    for (s = 0; s < c->S; s++)
        if (c->cls[s] & want) {
            int kk;
            for (kk = 0; kk < c->K; kk++)
                if (AT(c->net->sources, n_source, kk).stream == s)
                    eligible += AT(c->net->sources, n_source, kk).supply_t_d;
        }
    if (k == POL_RECYC && c->supply_cls[base] > 0 &&
        eligible / c->supply_cls[base] < c->p->policy.recycling_min) {
        wo_net_viol_append(v, "; recyclables and kitchen waste are only %.1f %% of "
                 "household waste: separation at source binds, not capacity",
              100 * eligible / c->supply_cls[base]);
        return;
    }
    for (s = 0; s < c->S; s++) {
        int f, any = 0;
        if (!(c->cls[s] & want))
            continue;
        wo_net_viol_append(v, "; %s:", AT(c->net->streams, n_stream, s).code);
        for (f = 0; f < c->F; f++) {
            int pr = c->procat[f * c->S + s];
            wo_net_proc_kind kind;
            if (pr < 0)
                continue;
            kind = AT(c->net->procs, n_process, pr).kind;
            if (kind != (k == POL_INCIN ? WO_PROC_INCINERATE : WO_PROC_RECYCLE))
                continue;
            fac_state(c, r, f, any++ ? "," : "", v);
        }
        if (!any)
            wo_net_viol_append(v, " no %s process accepts it",
                  k == POL_INCIN ? "incineration" : "recovery");
    }
}

/* The first stream of class cl, or -1. */
static int first_of_class(const ctx *c, int cl)
{
    int s;
    for (s = 0; s < c->S; s++)
        if (c->cls[s] & cl)
            return s;
    return -1;
}

/* Raw household waste landfilled under the policy: one violation per
 * landfill that took some, with the tonnes per stream and the facilities
 * that could have treated it otherwise (full or closed). */
static void name_raw_landfill(const ctx *c, wo_net_result *r, int vcap)
{
    int f, s, i;
    for (f = 0; f < c->F; f++) {
        double tot = 0, by[64];
        wo_net_violation *v;
        int any = 0;
        memset(by, 0, sizeof by);
        for (i = 0; i < r->nflows; i++) {
            const wo_net_flow *fl = &r->flows[i];
            if (fl->to_kind != WO_NODE_FACILITY || fl->to != f ||
                !raw_landfill_arc(c, fl->stream, c->procat[f * c->S + fl->stream]))
                continue;
            tot += fl->t_d;
            if (fl->stream < 64)
                by[fl->stream] += fl->t_d;
        }
        if (tot <= 1e-6)
            continue;
        v = new_viol(r, vcap, WO_VIOL_RAW_LANDFILL, -1, f, tot);
        if (!v)
            return;
        wo_net_viol_append(v, "no raw household waste to landfill: %.2f t/d "
                           "into %s as an emergency (",
                           tot, AT(c->net->facilities, n_facility, f).id);
        for (s = 0; s < c->S && s < 64; s++)
            if (by[s] > 1e-6)
                wo_net_viol_append(v, "%s%s %.2f", any++ ? ", " : "",
                                   AT(c->net->streams, n_stream, s).code, by[s]);
        wo_net_viol_append(v, "); the other sites:");
        for (s = 0; s < c->S && s < 64; s++)
            if (by[s] > 1e-6) {
                int g, n = 0;
                wo_net_viol_append(v, " %s:", AT(c->net->streams, n_stream, s).code);
                for (g = 0; g < c->F; g++) {
                    int pr = c->procat[g * c->S + s];
                    if (g == f || pr < 0 || raw_landfill_arc(c, s, pr))
                        continue;
                    fac_state(c, r, g, n++ ? "," : "", v);
                }
                if (!n)
                    wo_net_viol_append(v, " no other facility accepts it");
            }
    }
}

static int extract(ctx *c, wo_net_result *r)
{
    const wo_net *net = c->net;
    int f, t, k, s, i, l, nf = 0, vcap;
    double incin = 0, recyc = 0, cd = 0, med = 0, eps = 1e-6;
    r->fac_level = wo_malloc(sizeof(int) * (size_t)(c->F + 1));
    r->fac_load_t_d = wo_calloc((size_t)c->F + 1, sizeof(double));
    r->fac_cap_t_d = wo_calloc((size_t)c->F + 1, sizeof(double));
    r->tr_open = wo_calloc((size_t)c->T + 1, 1);
    r->tr_load_t_d = wo_calloc((size_t)c->T + 1, sizeof(double));
    r->flows = wo_malloc(sizeof *r->flows * (size_t)(c->arcs.n + 1));
    vcap = c->K + c->F * c->S + POL_N + c->F;
    r->viol = wo_malloc(sizeof *r->viol * (size_t)(vcap + 1));
    if (!r->fac_level || !r->fac_load_t_d || !r->fac_cap_t_d || !r->tr_open ||
        !r->tr_load_t_d || !r->flows || !r->viol)
        return WO_ENOMEM;
    for (f = 0; f < c->F; f++) {
        const n_facility *fa = &AT(net->facilities, n_facility, f);
        r->fac_level[f] = -1;
        for (l = 0; l < fa->nlevels; l++)
            if (wo_lp_value(c->lp, c->col_lev[fa->first_level + l]) > 0.5) {
                const n_level *lv =
                    &AT(net->levels, n_level, fa->first_level + l);
                r->fac_level[f] = l;
                r->fac_cap_t_d[f] = lv->cap_t_d;
                r->cost_fixed_d += lv->fixed_d;
            }
    }
    for (t = 0; t < c->T; t++)
        if (wo_lp_value(c->lp, c->col_tr[t]) > 0.5) {
            r->tr_open[t] = 1;
            r->cost_fixed_d += AT(net->transfers, n_transfer, t).fixed_d;
        }
    for (i = 0; i < c->arcs.n; i++) {
        const n_arc *a = &AT(c->arcs, n_arc, i);
        double x = wo_lp_value(c->lp, a->col);
        wo_net_flow *fl;
        if (x <= eps)
            continue;
        fl = &r->flows[nf++];
        fl->stream = a->stream;
        fl->from_kind = a->fk;
        fl->from = a->from;
        fl->to_kind = a->tk;
        fl->to = a->to;
        fl->t_d = x;
        fl->dist_km = a->dist_km;
        fl->cost_d = x * (a->tr_unit + a->proc_unit - a->rev_unit);
        r->cost_transport_d += x * a->tr_unit;
        r->cost_processing_d += x * a->proc_unit;
        r->revenue_d += x * a->rev_unit;
        r->penalty_d += x * a->emerg_unit;
        if (a->tk == WO_NODE_FACILITY && raw_landfill_arc(c, a->stream, a->proc))
            r->raw_landfill_t_d += x;
        if (a->tk == WO_NODE_TRANSFER) {
            r->tr_load_t_d[a->to] += x;
        } else {
            wo_net_proc_kind kind = AT(net->procs, n_process, a->proc).kind;
            int cl = c->cls[a->stream];
            r->fac_load_t_d[a->to] +=
                x * AT(net->procs, n_process, a->proc).cap_use;
            if ((cl & CL_HH_OTHER) && kind == WO_PROC_INCINERATE)
                incin += x;
            if ((cl & CL_HH_UTIL) && kind == WO_PROC_RECYCLE)
                recyc += x;
            if ((cl & CL_CD) && kind == WO_PROC_RECYCLE)
                cd += x;
            if ((cl & CL_MED) && kind == WO_PROC_DISPOSE)
                med += x;
            if (kind == WO_PROC_LANDFILL)
                r->landfill_t_d += x;
        }
    }
    r->nflows = nf;
    r->base_t_d[0] = c->supply_cls[CL_HH_OTHER];
    r->base_t_d[1] = c->supply_cls[CL_HH];
    r->base_t_d[2] = c->supply_cls[CL_CD];
    r->base_t_d[3] = c->supply_cls[CL_MED];
    r->incineration_rate = c->supply_cls[CL_HH_OTHER] > 0
                               ? incin / c->supply_cls[CL_HH_OTHER]
                               : -1;
    r->recycling_rate =
        c->supply_cls[CL_HH] > 0 ? recyc / c->supply_cls[CL_HH] : -1;
    r->cd_rate = c->supply_cls[CL_CD] > 0 ? cd / c->supply_cls[CL_CD] : -1;
    r->medical_rate =
        c->supply_cls[CL_MED] > 0 ? med / c->supply_cls[CL_MED] : -1;
    /* what binds */
    for (k = 0; k < c->K; k++) {
        double u = wo_lp_value(c->lp, c->col_uns[k]);
        const n_source *so = &AT(net->sources, n_source, k);
        wo_net_violation *v;
        if (u <= eps)
            continue;
        r->penalty_d += u * c->p->penalty_per_t;
        v = new_viol(r, vcap, WO_VIOL_UNSERVED, so->stream, k, u);
        if (!v)
            continue;
        wo_net_viol_append(v, "stream %s of zone %s: %.2f of %.2f t/d cannot be placed:",
              AT(net->streams, n_stream, so->stream).code, so->id, u,
              so->supply_t_d);
        binding_sites(c, r, so->stream, -1, v);
    }
    for (f = 0; f < c->F; f++)
        for (s = 0; s < c->S; s++) {
            double u;
            wo_net_violation *v;
            if (c->col_res[f * c->S + s] < 0)
                continue;
            u = wo_lp_value(c->lp, c->col_res[f * c->S + s]);
            if (u <= eps)
                continue;
            r->penalty_d += u * c->p->penalty_per_t;
            v = new_viol(r, vcap, WO_VIOL_RESIDUE, s, f, u);
            if (!v)
                continue;
            wo_net_viol_append(v, "residue %s of facility %s: %.2f t/d has nowhere to go:",
                  AT(net->streams, n_stream, s).code,
                  AT(net->facilities, n_facility, f).id, u);
            binding_sites(c, r, s, f, v);
        }
    for (k = 0; k < POL_N; k++) {
        static const int vk[POL_N] = {WO_VIOL_INCINERATION, WO_VIOL_RECYCLING,
                                      WO_VIOL_CD, WO_VIOL_LANDFILL,
                                      WO_VIOL_MEDICAL};
        static const char *what[POL_N] = {
            "incineration rate target", "recycling rate target",
            "C&D resource-utilization target", "landfill cap",
            "medical harmless-disposal share"};
        double u, target = 0, reached = 0;
        wo_net_violation *v;
        int stream = -1;

        if (c->col_pol[k] < 0)
            continue;
        u = wo_lp_value(c->lp, c->col_pol[k]);
        if (u <= eps)
            continue;
        r->penalty_d += u * pol_price(c);
        if (k == POL_INCIN) {
            target = c->p->policy.incineration_min;
            reached = r->incineration_rate;
            stream = first_of_class(c, CL_HH_OTHER);
        } else if (k == POL_RECYC) {
            target = c->p->policy.recycling_min;
            reached = r->recycling_rate;
        } else if (k == POL_CD) {
            target = c->p->policy.cd_min;
            reached = r->cd_rate;
        } else if (k == POL_MED) {
            target = c->p->policy.medical_min;
            reached = r->medical_rate;
            stream = first_of_class(c, CL_MED);
        }
        v = new_viol(r, vcap, vk[k], stream, -1, u);
        if (!v)
            continue;
        if (k == POL_LANDFILL) {
            wo_net_viol_append(v, "landfill cap %.1f t/d exceeded by %.2f t/d",
                  c->p->policy.landfill_max_t_d, u);
        } else if (k == POL_MED) {
            wo_net_viol_append(v, "%s %.1f %% not met: %.1f %% reached, short by %.2f t/d:",
                  what[k], 100 * target, 100 * reached, u);
            binding_sites(c, r, stream, -1, v);
        } else {
            wo_net_viol_append(v, "%s %.1f %% not met: %.1f %% reached, short by %.2f t/d",
                  what[k], 100 * target, 100 * reached, u);
            policy_binding(c, r, k, v);
        }
    }
    if (c->p->policy.raw_landfill)
        name_raw_landfill(c, r, vcap);
    r->feasible = r->nviol == 0;
    return WO_OK;
}

static void ctx_free(ctx *c)
{
    wo_lp_free(c->lp);
    wo_free(c->procat);
    wo_free(c->acc);
    wo_free(c->gen);
    wo_free(c->cls);
    wo_free(c->arcs.p);
    wo_free(c->trips.p);
    wo_free(c->rows.p);
    wo_free(c->col_lev);
    wo_free(c->col_tr);
    wo_free(c->col_uns);
    wo_free(c->col_res);
    wo_free(c->row_trs);
    wo_free(c->row_trcap);
    wo_free(c->row_fcap);
    wo_free(c->row_res);
}

int wo_net_solve(const wo_net *net, const wo_net_params *pin, wo_net_result *r,
                 wo_err *err)
{
    wo_net_params pdef;
    const wo_net_params *p = pin;
    ctx c;
    wo_lp_params lpp;
    wo_lp_result lr;
    int rc;
    double t0 = wo_now_s();
    memset(r, 0, sizeof *r);
    memset(&c, 0, sizeof c);
    if (!p) {
        wo_net_params_init(&pdef);
        p = &pdef;
    }
    if ((rc = wo_net_validate(net, err)))
        return rc;
    if (!(p->penalty_per_t > 0) || !isfinite(p->penalty_per_t))
        return wo_err_set(err, WO_EINVAL, "penalty per tonne %g must be > 0",
                          p->penalty_per_t);
    {
        const wo_net_policy *pol = &p->policy;
        if ((pol->incineration && !(pol->incineration_min >= 0 &&
                                    pol->incineration_min <= 1)) ||
            (pol->recycling && !(pol->recycling_min >= 0 &&
                                 pol->recycling_min <= 1)) ||
            (pol->cd && !(pol->cd_min >= 0 && pol->cd_min <= 1)) ||
            (pol->medical_rate &&
             !(pol->medical_min >= 0 && pol->medical_min <= 1)))
            return wo_err_set(err, WO_EINVAL,
                              "policy targets must be fractions in [0, 1]");
        if (!(pol->emergency_per_t >= 0) || !isfinite(pol->emergency_per_t))
            return wo_err_set(err, WO_EINVAL,
                              "policy emergency price %g must be >= 0",
                              pol->emergency_per_t);
        if (pol->landfill_cap && !nonneg(pol->landfill_max_t_d))
            return wo_err_set(err, WO_EINVAL, "landfill cap %g t/d must be >= 0",
                              pol->landfill_max_t_d);
    }
    c.net = net;
    c.p = p;
    c.S = net->streams.n;
    c.K = net->sources.n;
    c.T = net->transfers.n;
    c.F = net->facilities.n;
    c.lp = wo_lp_new(p->mode == WO_NET_CURRENT ? "network_current"
                                               : "network_optimise",
                     WO_LP_MIN);
    if (!c.lp || (rc = build_tables(&c)) || (rc = build_cols(&c)) ||
        (rc = build_rows(&c)) || (rc = emit_rows(&c))) {
        if (!rc || rc == WO_ENOMEM)
            rc = wo_err_set(err, WO_ENOMEM, "out of memory building the "
                            "network model");
        else
            rc = wo_err_set(err, rc, "network model: a distance is not a "
                            "finite non-negative number or a row is invalid");
        goto out;
    }
    if (p->write_lp && (rc = wo_lp_write_lp(c.lp, p->write_lp, err)))
        goto out;
    if (p->write_mps && (rc = wo_lp_write_mps(c.lp, p->write_mps, err)))
        goto out;
    wo_lp_params_init(&lpp);
    lpp.time_limit_s = p->time_limit_s;
    lpp.cancel = p->cancel;
    rc = wo_lp_solve(c.lp, &lpp, &lr, err);
    if (rc)
        goto out;
    r->status = lr.status;
    r->obj = lr.obj;
    r->bound = lr.bound;
    if (lr.status == WO_LP_OPTIMAL || lr.status == WO_LP_FEASIBLE) {
        rc = extract(&c, r);
        if (rc) {
            rc = wo_err_set(err, rc, "out of memory reading the solution");
            goto out;
        }
    }
    r->seconds = wo_now_s() - t0;
out:
    if (rc)
        wo_net_result_free(r);
    ctx_free(&c);
    return rc;
}
