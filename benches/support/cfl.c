/*
 * cfl.c — capacitated facility location: OR-Library reader, Lagrangian
 * relaxation, primal heuristic, reduced-cost fixing and the GLPK MIP with
 * lazy x_ij <= y_i cuts. See cfl.h for the model.
 *
 * Lagrangian relaxation: the demand rows sum_i x_ij = 1 are relaxed with
 * multipliers u_j. For a fixed u the problem splits into one continuous
 * knapsack per facility,
 *     v_i = f_i + min { sum_j (c_ij - u_j) x_ij : sum_j d_j x_ij <= s_i,
 *                       0 <= x_ij <= 1 },
 * and a 0/1 "cover" knapsack that keeps the valid aggregate row
 * sum_i s_i y_i >= D:  L(u) = sum_j u_j + min { sum_i v_i y_i :
 * sum_i s_i y_i >= D }. L(u) is a lower bound for every u, at least as
 * strong as the strong LP relaxation; u is improved by subgradient steps.
 * The cover knapsack is solved exactly by dynamic programming over
 * capacities divided by their gcd when that table is small, otherwise by
 * its LP relaxation (still a valid, weaker bound).
 */
#define _POSIX_C_SOURCE 200809L
#include "benches/support/cfl.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ reader */

int wo_cfl_alloc(wo_cfl *c, int m, int n, wo_err *err)
{
    size_t mn;
    memset(c, 0, sizeof *c);
    if (m <= 0 || n <= 0 || m > 100000 || n > 1000000 ||
        !wo_mul_ok((size_t)m, (size_t)n, &mn) || mn > 200000000u)
        return wo_err_set(err, WO_ERANGE,
                          "facility-location size %d x %d out of range", m,
                          n);
    c->m = m;
    c->n = n;
    c->cap = wo_calloc((size_t)m, sizeof(double));
    c->fixed = wo_calloc((size_t)m, sizeof(double));
    c->demand = wo_calloc((size_t)n, sizeof(double));
    c->cost = wo_calloc(mn, sizeof(double));
    if (!c->cap || !c->fixed || !c->demand || !c->cost) {
        wo_cfl_free(c);
        return wo_err_set(err, WO_ENOMEM, "out of memory (%d x %d instance)",
                          m, n);
    }
    return WO_OK;
}

void wo_cfl_free(wo_cfl *c)
{
    if (!c)
        return;
    wo_free(c->cap);
    wo_free(c->fixed);
    wo_free(c->demand);
    wo_free(c->cost);
    memset(c, 0, sizeof *c);
}

/* A whitespace token stream over a file held in memory. */
typedef struct tokens {
    const char *path; /* for messages          */
    const char *s;    /* text (NUL-terminated) */
    size_t pos;       /* read position         */
    long line;        /* line of the last token */
    char tok[64];     /* the last token         */
} tokens;

/* Next token into t->tok; 0 at end of input, -1 if a token is too long. */
static int next_token(tokens *t)
{
    size_t k = 0;
    while (t->s[t->pos] && isspace((unsigned char)t->s[t->pos])) {
        if (t->s[t->pos] == '\n')
            t->line++;
        t->pos++;
    }
    if (!t->s[t->pos])
        return 0;
    while (t->s[t->pos] && !isspace((unsigned char)t->s[t->pos])) {
        if (k + 1 >= sizeof t->tok)
            return -1;
        t->tok[k++] = t->s[t->pos++];
    }
    t->tok[k] = '\0';
    return 1;
}

/* Read the next token as a number in [lo, hi]; what names it in errors. */
static int next_number(tokens *t, const char *what, double lo, double hi,
                       double *out, wo_err *err)
{
    int r = next_token(t);
    if (r == 0)
        return wo_err_set(err, WO_EPARSE,
                          "%s:%ld: unexpected end of file, expected %s",
                          t->path, t->line, what);
    if (r < 0)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: %s: token too long",
                          t->path, t->line, what);
    if (wo_parse_double(t->tok, out) != WO_OK)
        return wo_err_set(err, WO_EPARSE, "%s:%ld: %s: '%s' is not a number",
                          t->path, t->line, what, t->tok);
    if (*out < lo || *out > hi)
        return wo_err_set(err, WO_ERANGE,
                          "%s:%ld: %s: %s is out of range [%g, %g]", t->path,
                          t->line, what, t->tok, lo, hi);
    return WO_OK;
}

static int slurp(const char *path, char **out, wo_err *err)
{
    FILE *f = fopen(path, "rb");
    wo_buf b;
    char chunk[65536];
    size_t k;
    int rc = WO_OK;
    *out = NULL;
    if (!f)
        return wo_err_set(err, WO_EIO, "%s: cannot open", path);
    wo_buf_init(&b, (size_t)1 << 30);
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = wo_buf_append(&b, chunk, k);
        if (rc)
            break;
    }
    if (!rc && ferror(f))
        rc = WO_EIO;
    fclose(f);
    if (!rc && !wo_buf_cstr(&b))
        rc = WO_ENOMEM;
    if (rc) {
        wo_buf_free(&b);
        return wo_err_set(err, rc, "%s: cannot read (%s)", path,
                          wo_strerror(rc));
    }
    if (b.len == 0) {
        wo_buf_free(&b);
        return wo_err_set(err, WO_EPARSE, "%s: empty file", path);
    }
    *out = b.data;
    return WO_OK;
}

/* Parse NUL-terminated text; path names it in messages. */
static int parse_text(const char *text, const char *path,
                      double capacity_override, wo_cfl *out, wo_err *err)
{
    tokens t;
    double v, m_d, n_d;
    int rc, i, j;
    char what[64];
    memset(out, 0, sizeof *out);
    t.path = path;
    t.s = text;
    t.pos = 0;
    t.line = 1;
    if ((rc = next_number(&t, "number of facilities", 1, 100000, &m_d, err)) ||
        (rc = next_number(&t, "number of customers", 1, 1000000, &n_d, err)))
        goto out;
    if (m_d != floor(m_d) || n_d != floor(n_d)) {
        rc = wo_err_set(err, WO_EPARSE, "%s:%ld: sizes must be integers",
                        path, t.line);
        goto out;
    }
    /* every number takes at least 2 bytes: refuse sizes the text cannot
     * hold before allocating for them */
    if ((m_d * 2 + n_d * (m_d + 1)) * 2 > (double)strlen(text + t.pos) + 2) {
        rc = wo_err_set(err, WO_EPARSE,
                        "%s:%ld: %g facilities x %g customers do not fit in "
                        "the rest of the file",
                        path, t.line, m_d, n_d);
        goto out;
    }
    rc = wo_cfl_alloc(out, (int)m_d, (int)n_d, err);
    if (rc)
        goto out;
    for (i = 0; i < out->m; i++) {
        snprintf(what, sizeof what, "capacity of facility %d", i + 1);
        rc = next_token(&t);
        if (rc <= 0) {
            rc = wo_err_set(err, WO_EPARSE, "%s:%ld: %s missing", path,
                            t.line, what);
            goto out;
        }
        if (strcmp(t.tok, "capacity") == 0) {
            if (!(capacity_override > 0)) {
                rc = wo_err_set(err, WO_EINVAL,
                                "%s:%ld: %s is the word 'capacity': give the "
                                "capacity (e.g. --capacity 8000)",
                                path, t.line, what);
                goto out;
            }
            out->cap[i] = capacity_override;
        } else if (wo_parse_double(t.tok, &v) != WO_OK || v < 0) {
            rc = wo_err_set(err, WO_EPARSE,
                            "%s:%ld: %s: '%s' is not a non-negative number",
                            path, t.line, what, t.tok);
            goto out;
        } else {
            out->cap[i] = v;
        }
        snprintf(what, sizeof what, "fixed cost of facility %d", i + 1);
        rc = next_number(&t, what, 0, 1e15, &out->fixed[i], err);
        if (rc)
            goto out;
    }
    for (j = 0; j < out->n; j++) {
        snprintf(what, sizeof what, "demand of customer %d", j + 1);
        rc = next_number(&t, what, 0, 1e15, &out->demand[j], err);
        if (rc)
            goto out;
        for (i = 0; i < out->m; i++) {
            snprintf(what, sizeof what, "cost of customer %d at facility %d",
                     j + 1, i + 1);
            rc = next_number(&t, what, 0, 1e15,
                             &out->cost[(size_t)i * (size_t)out->n + (size_t)j],
                             err);
            if (rc)
                goto out;
        }
    }
    if (next_token(&t) != 0) {
        rc = wo_err_set(err, WO_EPARSE,
                        "%s:%ld: unexpected token '%s' after the last customer",
                        path, t.line, t.tok);
        goto out;
    }
    rc = WO_OK;
out:
    if (rc)
        wo_cfl_free(out);
    return rc;
}

int wo_cfl_read(const char *path, double capacity_override, wo_cfl *out,
                wo_err *err)
{
    char *text = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    rc = slurp(path, &text, err);
    if (rc)
        return rc;
    rc = parse_text(text, path, capacity_override, out, err);
    wo_free(text);
    return rc;
}

int wo_cfl_parse(const char *data, size_t len, const char *name,
                 double capacity_override, wo_cfl *out, wo_err *err)
{
    char *text;
    int rc;
    memset(out, 0, sizeof *out);
    if (len > ((size_t)1 << 30))
        return wo_err_set(err, WO_ETOOBIG, "%s: larger than 1 GiB", name);
    if (len == 0)
        return wo_err_set(err, WO_EPARSE, "%s: empty file", name);
    if (memchr(data, '\0', len))
        return wo_err_set(err, WO_EPARSE, "%s: NUL byte in a text file", name);
    text = wo_malloc(len + 1);
    if (!text)
        return wo_err_set(err, WO_ENOMEM, "out of memory");
    memcpy(text, data, len);
    text[len] = '\0';
    rc = parse_text(text, name, capacity_override, out, err);
    wo_free(text);
    return rc;
}

/* ------------------------------------------------------------------ params */

void wo_cfl_params_init(wo_cfl_params *p)
{
    memset(p, 0, sizeof *p);
    p->lagr_iters = 600;
    p->use_lagrangian = 1;
    p->lazy_cuts = 1;
}

void wo_cfl_result_free(wo_cfl_result *r)
{
    if (!r)
        return;
    wo_free(r->open);
    r->open = NULL;
}

/* ------------------------------------------------------------------ state */

typedef struct ratio_item {
    double key; /* reduced cost per unit of demand (negative) */
    int j;      /* customer                                */
} ratio_item;

typedef struct solver {
    const wo_cfl *c;      /* the instance                                */
    double total_demand;  /* D = sum_j d_j                               */
    double t0;            /* start time                                  */
    double deadline;      /* absolute time limit (INFINITY if none)      */
    /* Lagrangian */
    double *u;            /* multipliers [n]                             */
    double *best_u;       /* multipliers of the best bound [n]           */
    double *v;            /* v_i of the current u [m]                    */
    double *g;            /* subgradient [n]                             */
    ratio_item *items;    /* knapsack scratch [n]                        */
    unsigned char *ylag;  /* cover-knapsack solution [m]                 */
    double lb;            /* best Lagrangian bound                       */
    /* cover knapsack */
    double unit;          /* gcd of the capacities (0: no exact DP)      */
    int *w;               /* capacity in units [m]                       */
    double *dp;           /* DP table [W+1]                              */
    unsigned char *take;  /* choice bits [m][W+1] for reconstruction     */
    size_t dp_cap;        /* allocated length of dp                      */
    /* fixing: -1 free, 0 closed, 1 open */
    signed char *fix;     /* [m]                                         */
    /* incumbent */
    double ub;            /* best objective found (INFINITY if none)     */
    unsigned char *best;  /* open set of the incumbent [m]               */
    unsigned char *trial; /* scratch open set [m]                        */
    uint64_t *seen;       /* hashes of evaluated open sets (ring)        */
    int nseen;            /* entries used in seen                        */
    int evals;            /* transportation LPs solved                   */
} solver;

#define SEEN_MAX 4096

static double elapsed_ok(const solver *s) { return wo_now_s() < s->deadline; }

static int cmp_ratio(const void *a, const void *b)
{
    const ratio_item *x = a, *y = b;
    if (x->key < y->key)
        return -1;
    if (x->key > y->key)
        return 1;
    return x->j - y->j;
}

/* Continuous knapsack of facility i under the current u: returns its
 * value (<= 0); if g is non-NULL subtracts the x_ij chosen from g_j. */
static double facility_knapsack(solver *s, int i, double *g)
{
    const wo_cfl *c = s->c;
    const double *ci = c->cost + (size_t)i * (size_t)c->n;
    int j, k = 0, q;
    double left = c->cap[i], val = 0;
    for (j = 0; j < c->n; j++) {
        double r = ci[j] - s->u[j];
        if (r < 0 && c->demand[j] > 0) {
            s->items[k].key = r / c->demand[j];
            s->items[k].j = j;
            k++;
        } else if (r < 0) {
            val += r; /* zero-demand customer: free to take */
            if (g)
                g[j] -= 1.0;
        }
    }
    if (k == 0)
        return val;
    /* Take everything if it fits, else sort by ratio. */
    {
        double need = 0;
        for (q = 0; q < k; q++)
            need += c->demand[s->items[q].j];
        if (need <= left) {
            for (q = 0; q < k; q++) {
                j = s->items[q].j;
                val += ci[j] - s->u[j];
                if (g)
                    g[j] -= 1.0;
            }
            return val;
        }
    }
    qsort(s->items, (size_t)k, sizeof *s->items, cmp_ratio);
    for (q = 0; q < k && left > 0; q++) {
        double d, f;
        j = s->items[q].j;
        d = c->demand[j];
        f = d <= left ? 1.0 : left / d;
        left -= f * d;
        val += f * (ci[j] - s->u[j]);
        if (g)
            g[j] -= f;
    }
    return val;
}


/* ------------------------------------------------------------ cover knapsack */

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Choose the exact DP for the cover knapsack when every capacity is an
 * integer and the table (facilities x capacity units) stays small. */
static int cover_setup(solver *s)
{
    const wo_cfl *c = s->c;
    uint64_t g = 0;
    double units;
    int i;
    s->unit = 0;
    for (i = 0; i < c->m; i++) {
        double a = c->cap[i];
        if (a != floor(a) || a > 1e12)
            return WO_OK;
        if (a > 0)
            g = gcd_u64((uint64_t)a, g);
    }
    if (g == 0)
        return WO_OK;
    units = ceil(s->total_demand / (double)g) + 1;
    if (units * (double)c->m > 4e6)
        return WO_OK;
    s->dp_cap = (size_t)units + 1;
    s->dp = wo_malloc(sizeof(double) * s->dp_cap);
    s->take = wo_malloc((size_t)c->m * s->dp_cap);
    if (!s->dp || !s->take)
        return WO_ENOMEM;
    for (i = 0; i < c->m; i++)
        s->w[i] = (int)(c->cap[i] / (double)g);
    s->unit = (double)g;
    return WO_OK;
}

/* min sum v_i y_i s.t. sum s_i y_i >= D over the facilities not fixed by
 * s->fix, with facility force_i (if >= 0) forced to force_val. Writes the
 * choice to y (may be NULL; with the LP-relaxation fallback a fractional
 * facility is rounded up). Returns the minimum, INFINITY if infeasible. */
static double cover_solve(solver *s, const double *v, int force_i,
                          int force_val, unsigned char *y)
{
    const wo_cfl *c = s->c;
    int m = c->m, i, k, ncand = 0;
    double base = 0, rest = s->total_demand;
    ratio_item candbuf[256];
    ratio_item *cl = m <= 256 ? candbuf : NULL;
    for (i = 0; i < m; i++) {
        int st = s->fix[i];
        if (i == force_i)
            st = force_val;
        if (y)
            y[i] = 0;
        if (st == 0)
            continue;
        if (st == 1 || v[i] <= 0) {
            base += v[i];
            rest -= c->cap[i];
            if (y)
                y[i] = 1;
        }
    }
    if (rest <= 1e-9)
        return base;
    /* candidates: free facilities with v_i > 0 */
    if (!cl)
        cl = wo_malloc(sizeof *cl * (size_t)m);
    if (!cl)
        return -INFINITY; /* out of memory: no information (a valid bound) */
    for (i = 0; i < m; i++) {
        int st = s->fix[i];
        if (i == force_i)
            st = force_val;
        if (st == -1 && v[i] > 0 && c->cap[i] > 0) {
            cl[ncand].key = v[i] / c->cap[i];
            cl[ncand].j = i;
            ncand++;
        }
    }
    if (s->unit > 0) {
        int W = (int)ceil(rest / s->unit - 1e-9), x;
        double *dp = s->dp, res;
        if (W < 1)
            W = 1;
        for (x = 0; x <= W; x++)
            dp[x] = INFINITY;
        dp[0] = 0;
        for (k = 0; k < ncand; k++) {
            int a = s->w[cl[k].j];
            double vk = v[cl[k].j];
            unsigned char *tk = s->take + (size_t)k * s->dp_cap;
            for (x = W; x >= 1; x--) {
                int p = x - a < 0 ? 0 : x - a;
                tk[x] = 0;
                if (dp[p] + vk < dp[x]) {
                    dp[x] = dp[p] + vk;
                    tk[x] = 1;
                }
            }
        }
        res = dp[W];
        if (y && isfinite(res)) {
            x = W;
            for (k = ncand - 1; k >= 0 && x > 0; k--) {
                if (s->take[(size_t)k * s->dp_cap + (size_t)x]) {
                    y[cl[k].j] = 1;
                    x = x - s->w[cl[k].j];
                    if (x < 0)
                        x = 0;
                }
            }
        }
        if (cl != candbuf)
            wo_free(cl);
        return base + res;
    }
    /* LP relaxation: fill by increasing cost per unit of capacity. */
    for (i = 1; i < ncand; i++) {
        ratio_item t = cl[i];
        int q = i - 1;
        while (q >= 0 && cl[q].key > t.key) {
            cl[q + 1] = cl[q];
            q--;
        }
        cl[q + 1] = t;
    }
    for (k = 0; k < ncand && rest > 1e-9; k++) {
        int f = cl[k].j;
        double frac = c->cap[f] <= rest ? 1.0 : rest / c->cap[f];
        base += frac * v[f];
        rest -= frac * c->cap[f];
        if (y)
            y[f] = 1;
    }
    if (cl != candbuf)
        wo_free(cl);
    return rest > 1e-9 ? INFINITY : base;
}

/* ------------------------------------------------------------ Lagrangian */

/* L(u) for the current s->u: fills s->v, y (cover solution) and, if g is
 * non-NULL, the subgradient g_j = 1 - sum_i x_ij. */
static double lagr_eval(solver *s, double *g, unsigned char *y)
{
    const wo_cfl *c = s->c;
    double L = 0, cov;
    int i, j;
    for (j = 0; j < c->n; j++)
        L += s->u[j];
    for (i = 0; i < c->m; i++)
        s->v[i] = s->fix[i] == 0 ? 0 : c->fixed[i] + facility_knapsack(s, i, NULL);
    cov = cover_solve(s, s->v, -1, 0, y);
    if (g) {
        for (j = 0; j < c->n; j++)
            g[j] = 1.0;
        for (i = 0; i < c->m; i++)
            if (y[i])
                facility_knapsack(s, i, g);
    }
    return L + cov;
}

/* Reduced-cost fixing from the current u (s->v filled, L its bound):
 * facility i is fixed to its state in the cover solution y when the
 * bound with i forced the other way exceeds the incumbent. Strictly, so
 * the incumbent always agrees with the fixings. */
static void lagr_fix(solver *s, double L, const unsigned char *y)
{
    const wo_cfl *c = s->c;
    double base = 0, cov, tol;
    int i, j;
    if (!isfinite(s->ub))
        return;
    tol = 1e-7 * fabs(s->ub) + 1e-9;
    for (j = 0; j < c->n; j++)
        base += s->u[j];
    cov = L - base;
    for (i = 0; i < c->m; i++) {
        double alt;
        if (s->fix[i] != -1)
            continue;
        alt = cover_solve(s, s->v, i, y[i] ? 0 : 1, NULL);
        if (base + alt > s->ub + tol && alt > cov)
            s->fix[i] = (signed char)(y[i] ? 1 : 0);
    }
}

/* ------------------------------------------------------------ MIP */

typedef struct mip_map {
    const wo_cfl *c;  /* the instance                                  */
    int *ycol;        /* column of y_i [m], -1 if fixed closed         */
    int *xcol;        /* first column of x_i. [m], -1 if fixed closed  */
    const signed char *fix; /* fixings (NULL: none)                    */
    int *cidx;        /* cut scratch [2]                               */
    long cuts;        /* lazy cuts added                               */
    const double *u;  /* Lagrangian multipliers [n] for strong == 2    */
} mip_map;

/* Build the MIP. With fix non-NULL, fixed-closed facilities are left
 * out and fixed-open ones have y_i = 1. strong: 0 no x_ij <= y_i rows,
 * 1 every one (for facilities not fixed open), 2 those whose Lagrangian
 * reduced cost c_ij - u_j (mm->u) is negative: the pairs the relaxation
 * wants; the cut callback adds the others when violated. */
static wo_lp *build_mip(const wo_cfl *c, const signed char *fix, int strong,
                        mip_map *mm)
{
    wo_lp *lp = wo_lp_new("cfl", WO_LP_MIN);
    int i, j, k, m = c->m, n = c->n, cnt;
    int *idx = NULL;
    double *val = NULL, dsum = 0;
    char nm[64];
    if (!lp)
        return NULL;
    idx = wo_malloc(sizeof(int) * (size_t)(m > n ? m : n) + sizeof(int) * 2);
    val = wo_malloc(sizeof(double) * (size_t)(m > n ? m : n) + sizeof(double) * 2);
    if (!idx || !val)
        goto err;
    for (i = 0; i < m; i++) {
        mm->ycol[i] = mm->xcol[i] = -1;
        if (fix && fix[i] == 0)
            continue;
        snprintf(nm, sizeof nm, "y_%d", i + 1);
        mm->ycol[i] = wo_lp_add_col(lp, nm, WO_LP_BIN,
                                    fix && fix[i] == 1 ? 1 : 0, 1, c->fixed[i]);
        if (mm->ycol[i] < 0)
            goto err;
    }
    for (i = 0; i < m; i++) {
        if (mm->ycol[i] < 0)
            continue;
        for (j = 0; j < n; j++) {
            snprintf(nm, sizeof nm, "x_%d_%d", i + 1, j + 1);
            k = wo_lp_add_col(lp, nm, WO_LP_CONT, 0, 1,
                              c->cost[(size_t)i * (size_t)n + (size_t)j]);
            if (k < 0)
                goto err;
            if (j == 0)
                mm->xcol[i] = k;
        }
    }
    for (j = 0; j < n; j++) {
        cnt = 0;
        dsum += c->demand[j];
        for (i = 0; i < m; i++)
            if (mm->xcol[i] >= 0) {
                idx[cnt] = mm->xcol[i] + j;
                val[cnt++] = 1.0;
            }
        snprintf(nm, sizeof nm, "demand_%d", j + 1);
        if (wo_lp_add_row(lp, nm, 1, 1, cnt, idx, val) < 0)
            goto err;
    }
    for (i = 0; i < m; i++) {
        if (mm->ycol[i] < 0)
            continue;
        for (j = 0; j < n; j++) {
            idx[j] = mm->xcol[i] + j;
            val[j] = c->demand[j];
        }
        idx[n] = mm->ycol[i];
        val[n] = -c->cap[i];
        snprintf(nm, sizeof nm, "cap_%d", i + 1);
        if (wo_lp_add_row(lp, nm, -WO_LP_INF, 0, n + 1, idx, val) < 0)
            goto err;
    }
    cnt = 0;
    for (i = 0; i < m; i++)
        if (mm->ycol[i] >= 0) {
            idx[cnt] = mm->ycol[i];
            val[cnt++] = c->cap[i];
        }
    if (wo_lp_add_row(lp, "total_capacity", dsum, WO_LP_INF, cnt, idx, val) < 0)
        goto err;
    /* link rows x_ij <= y_i (facilities not fixed open); a customer
     * without demand is not held by the capacity row, so its row is always
     * needed */
    for (i = 0; i < m; i++) {
        if (mm->ycol[i] < 0 || (fix && fix[i] == 1))
            continue;
        for (j = 0; j < n; j++) {
            int want = c->demand[j] <= 0 || strong == 1 ||
                       (strong == 2 &&
                        c->cost[(size_t)i * (size_t)n + (size_t)j] < mm->u[j]);
            if (!want)
                continue;
            idx[0] = mm->xcol[i] + j;
            val[0] = 1.0;
            idx[1] = mm->ycol[i];
            val[1] = -1.0;
            snprintf(nm, sizeof nm, "link_%d_%d", i + 1, j + 1);
            if (wo_lp_add_row(lp, nm, -WO_LP_INF, 0, 2, idx, val) < 0)
                goto err;
        }
    }
    wo_free(idx);
    wo_free(val);
    return lp;
err:
    wo_free(idx);
    wo_free(val);
    wo_lp_free(lp);
    return NULL;
}

/* ------------------------------------------------------------ transport */

static uint64_t set_hash(const unsigned char *open, int m)
{
    uint64_t h = 1469598103934665603ull;
    int i;
    for (i = 0; i < m; i++) {
        h ^= (uint64_t)(open[i] + 1) * (uint64_t)(i + 1);
        h *= 1099511628211ull;
    }
    return h;
}

/* Cost of the open set (fixed + optimal transportation), INFINITY when
 * infeasible: the MIP of build_mip with every y_i fixed is the
 * transportation LP. If x is non-NULL it receives x_ij [m*n]. */
static int transport_cost(const wo_cfl *c, const unsigned char *open,
                          double *x, double *cost, wo_err *err)
{
    mip_map mm;
    signed char *fix = wo_malloc((size_t)c->m);
    int i, j, rc = WO_OK;
    double capsum = 0, dsum = 0;
    wo_lp *lp = NULL;
    wo_lp_result r;
    *cost = INFINITY;
    memset(&mm, 0, sizeof mm);
    mm.ycol = wo_malloc(sizeof(int) * (size_t)c->m);
    mm.xcol = wo_malloc(sizeof(int) * (size_t)c->m);
    if (!fix || !mm.ycol || !mm.xcol) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < c->m; i++) {
        fix[i] = (signed char)(open[i] ? 1 : 0);
        if (open[i])
            capsum += c->cap[i];
    }
    for (j = 0; j < c->n; j++)
        dsum += c->demand[j];
    if (capsum < dsum * (1 - 1e-12))
        goto out;
    lp = build_mip(c, fix, 0, &mm);
    if (!lp) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory (transportation LP)");
        goto out;
    }
    rc = wo_lp_solve_relaxation(lp, NULL, &r, err);
    if (rc || r.status != WO_LP_OPTIMAL)
        goto out;
    *cost = r.obj;
    if (x) {
        for (i = 0; i < c->m; i++)
            for (j = 0; j < c->n; j++)
                x[(size_t)i * (size_t)c->n + (size_t)j] =
                    mm.xcol[i] >= 0 ? wo_lp_value(lp, mm.xcol[i] + j) : 0.0;
    }
out:
    wo_lp_free(lp);
    wo_free(fix);
    wo_free(mm.ycol);
    wo_free(mm.xcol);
    return rc;
}

/* Evaluate an open set once (repeats are skipped); keeps the best. */
static int try_set(solver *s, const unsigned char *open, int *improved,
                   wo_err *err)
{
    uint64_t h = set_hash(open, s->c->m);
    double cost;
    int k, rc;
    *improved = 0;
    for (k = 0; k < s->nseen && k < SEEN_MAX; k++)
        if (s->seen[k] == h)
            return WO_OK;
    s->seen[s->nseen % SEEN_MAX] = h;
    s->nseen++;
    s->evals++;
    rc = transport_cost(s->c, open, NULL, &cost, err);
    if (rc)
        return rc;
    if (cost < s->ub - 1e-9 * fabs(cost)) {
        s->ub = cost;
        memcpy(s->best, open, (size_t)s->c->m);
        *improved = 1;
    }
    return WO_OK;
}

/* Make the Lagrangian open set capacity-feasible (adding the facilities
 * with the smallest v_i per unit of capacity) and evaluate it. */
static int lagr_heuristic(solver *s, const unsigned char *y, wo_err *err)
{
    const wo_cfl *c = s->c;
    double capsum = 0;
    int i, imp;
    for (i = 0; i < c->m; i++) {
        s->trial[i] = (unsigned char)(s->fix[i] == 1 || (s->fix[i] != 0 && y[i]));
        if (s->trial[i])
            capsum += c->cap[i];
    }
    while (capsum < s->total_demand) {
        int bi = -1;
        double bk = INFINITY;
        for (i = 0; i < c->m; i++) {
            double key;
            if (s->trial[i] || s->fix[i] == 0 || c->cap[i] <= 0)
                continue;
            key = s->v[i] / c->cap[i];
            if (key < bk) {
                bk = key;
                bi = i;
            }
        }
        if (bi < 0)
            return WO_OK;
        s->trial[bi] = 1;
        capsum += c->cap[bi];
    }
    return try_set(s, s->trial, &imp, err);
}

/* Local search around the incumbent: close, open and swap moves, each
 * evaluated exactly; candidate facilities to open are the most attractive
 * by Lagrangian v_i. First improvement, until no move improves or the
 * budget (evaluations, time) runs out. */
static int local_search(solver *s, int max_evals, double until, wo_err *err)
{
    const wo_cfl *c = s->c;
    int m = c->m, i, k, q, rc, imp, more = 1;
    int ncand = 6, cand[6];
    while (more && s->evals < max_evals && wo_now_s() < until) {
        double capsum = 0;
        more = 0;
        for (i = 0; i < m; i++)
            if (s->best[i])
                capsum += c->cap[i];
        /* the ncand closed facilities with the smallest v_i */
        for (q = 0; q < ncand; q++) {
            double bv = INFINITY;
            cand[q] = -1;
            for (i = 0; i < m; i++) {
                int used = 0, r;
                if (s->best[i] || s->fix[i] == 0)
                    continue;
                for (r = 0; r < q; r++)
                    used |= cand[r] == i;
                if (!used && s->v[i] < bv) {
                    bv = s->v[i];
                    cand[q] = i;
                }
            }
        }
        /* close */
        for (i = 0; i < m && !more; i++) {
            if (!s->best[i] || s->fix[i] == 1 ||
                capsum - c->cap[i] < s->total_demand)
                continue;
            memcpy(s->trial, s->best, (size_t)m);
            s->trial[i] = 0;
            if ((rc = try_set(s, s->trial, &imp, err)))
                return rc;
            more = imp;
        }
        /* open */
        for (q = 0; q < ncand && !more; q++) {
            if (cand[q] < 0)
                continue;
            memcpy(s->trial, s->best, (size_t)m);
            s->trial[cand[q]] = 1;
            if ((rc = try_set(s, s->trial, &imp, err)))
                return rc;
            more = imp;
        }
        /* swap */
        for (i = 0; i < m && !more; i++) {
            if (!s->best[i] || s->fix[i] == 1)
                continue;
            for (q = 0; q < ncand && !more; q++) {
                k = cand[q];
                if (k < 0 || capsum - c->cap[i] + c->cap[k] < s->total_demand)
                    continue;
                memcpy(s->trial, s->best, (size_t)m);
                s->trial[i] = 0;
                s->trial[k] = 1;
                if ((rc = try_set(s, s->trial, &imp, err)))
                    return rc;
                more = imp;
                if (s->evals >= max_evals || wo_now_s() >= until)
                    return WO_OK;
            }
        }
    }
    return WO_OK;
}

static int lagrangian(solver *s, const wo_cfl_params *p, wo_err *err)
{
    const wo_cfl *c = s->c;
    double lambda = 2.0, L;
    int it, noimp = 0, i, j, rc;
    /* start: each customer's cheapest cost including a share of the fixed
     * cost proportional to its demand */
    for (j = 0; j < c->n; j++) {
        double best = INFINITY;
        for (i = 0; i < c->m; i++) {
            double e = c->cost[(size_t)i * (size_t)c->n + (size_t)j] +
                       (c->cap[i] > 0 ? c->fixed[i] * c->demand[j] / c->cap[i]
                                      : INFINITY);
            if (e < best)
                best = e;
        }
        s->u[j] = isfinite(best) ? best : 0;
    }
    for (it = 0; it < p->lagr_iters && elapsed_ok(s); it++) {
        double norm = 0, target, step;
        L = lagr_eval(s, s->g, s->ylag);
        if (!isfinite(L))
            break;
        if (L > s->lb + 1e-9 * fabs(L)) {
            s->lb = L;
            memcpy(s->best_u, s->u, sizeof(double) * (size_t)c->n);
            noimp = 0;
        } else if (++noimp >= 25) {
            lambda *= 0.5;
            noimp = 0;
        }
        /* evaluate the Lagrangian open set now and then, and whenever the
         * bound improves in the second half (its sets are good by then) */
        if (it % 20 == 0 || (noimp == 0 && 2 * it > p->lagr_iters)) {
            rc = lagr_heuristic(s, s->ylag, err);
            if (rc)
                return rc;
        }
        if (isfinite(s->ub) && it % 10 == 0 &&
            s->ub - L < 0.02 * fabs(s->ub))
            lagr_fix(s, L, s->ylag);
        if (isfinite(s->ub) && s->ub - s->lb <= 1e-9 * fabs(s->ub))
            break;
        for (j = 0; j < c->n; j++)
            norm += s->g[j] * s->g[j];
        if (norm < 1e-12)
            break;
        target = isfinite(s->ub) ? s->ub : 1.05 * fabs(L) + 1;
        step = lambda * (target - L) / norm;
        for (j = 0; j < c->n; j++)
            s->u[j] += step * s->g[j];
        if (lambda < 1e-4)
            break;
    }
    /* back to the best multipliers for fixing and the search */
    memcpy(s->u, s->best_u, sizeof(double) * (size_t)c->n);
    L = lagr_eval(s, NULL, s->ylag);
    if (isfinite(L) && L > s->lb)
        s->lb = L;
    return lagr_heuristic(s, s->ylag, err);
}

/* Where link separation reads values and puts what it finds: the node
 * LP of a cut callback (cb) or a solved model (lp). */
typedef struct link_sink {
    wo_lp_cb *cb;   /* callback: cuts go to the node                 */
    wo_lp *lp;      /* else: rows go to the model                    */
    int added;      /* inequalities added                            */
    int failed;     /* out of memory adding a row                    */
} link_sink;

static double sink_value(const link_sink *k, int col)
{
    return k->cb ? wo_lp_cb_value(k->cb, col) : wo_lp_value(k->lp, col);
}

/* Add x_ij - y_i <= 0 for every pair with x_ij > y_i + tol (facilities
 * not fixed open, y_i below one). */
static void separate_links(const mip_map *mm, link_sink *k, double tol)
{
    const wo_cfl *c = mm->c;
    int i, j, idx[2];
    double val[2] = {1.0, -1.0};
    for (i = 0; i < c->m && !k->failed; i++) {
        double yv;
        if (mm->ycol[i] < 0 || (mm->fix && mm->fix[i] == 1))
            continue;
        yv = sink_value(k, mm->ycol[i]);
        if (yv > 1 - 1e-7)
            continue;
        for (j = 0; j < c->n; j++) {
            if (sink_value(k, mm->xcol[i] + j) <= yv + tol)
                continue;
            idx[0] = mm->xcol[i] + j;
            idx[1] = mm->ycol[i];
            if (k->cb) {
                if (wo_lp_cb_add_cut(k->cb, 2, idx, val, -WO_LP_INF, 0) ==
                    WO_OK)
                    k->added++;
            } else if (wo_lp_add_row(k->lp, NULL, -WO_LP_INF, 0, 2, idx,
                                     val) < 0) {
                k->failed = 1;
                return;
            } else {
                k->added++;
            }
        }
    }
}

/* Cut callback: the violated x_ij <= y_i of facilities with fractional
 * y_i in the node's LP. */
static void link_cuts(wo_lp_cb *cb, void *ud)
{
    mip_map *mm = ud;
    link_sink k;
    memset(&k, 0, sizeof k);
    k.cb = cb;
    separate_links(mm, &k, 1e-6);
    mm->cuts += k.added;
}

/* Rows x_ij - y_i <= 0 for the pairs the solution of lp violates. */
static int add_violated_links(wo_lp *lp, const mip_map *mm, int *added)
{
    link_sink k;
    memset(&k, 0, sizeof k);
    k.lp = lp;
    separate_links(mm, &k, 1e-9);
    *added = k.added;
    return k.failed ? WO_ENOMEM : WO_OK;
}

static int write_full(const wo_cfl *c, const wo_cfl_params *p, wo_err *err)
{
    mip_map mm;
    wo_lp *lp;
    int rc = WO_OK;
    memset(&mm, 0, sizeof mm);
    mm.c = c;
    mm.ycol = wo_malloc(sizeof(int) * (size_t)c->m);
    mm.xcol = wo_malloc(sizeof(int) * (size_t)c->m);
    lp = (mm.ycol && mm.xcol) ? build_mip(c, NULL, 1, &mm) : NULL;
    if (!lp) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory building the model");
        goto out;
    }
    if (p->write_lp && (rc = wo_lp_write_lp(lp, p->write_lp, err)))
        goto out;
    if (p->write_mps && (rc = wo_lp_write_mps(lp, p->write_mps, err)))
        goto out;
out:
    wo_lp_free(lp);
    wo_free(mm.ycol);
    wo_free(mm.xcol);
    return rc;
}

static void solver_free(solver *s)
{
    wo_free(s->u);
    wo_free(s->best_u);
    wo_free(s->v);
    wo_free(s->g);
    wo_free(s->items);
    wo_free(s->ylag);
    wo_free(s->w);
    wo_free(s->dp);
    wo_free(s->take);
    wo_free(s->fix);
    wo_free(s->best);
    wo_free(s->trial);
    wo_free(s->seen);
}

static int check_instance(const wo_cfl *c, wo_err *err)
{
    int i, j;
    if (c->m <= 0 || c->n <= 0 || !c->cap || !c->fixed || !c->demand || !c->cost)
        return wo_err_set(err, WO_EINVAL, "empty facility-location instance");
    for (i = 0; i < c->m; i++)
        if (!(c->cap[i] >= 0) || !(c->fixed[i] >= 0) || !isfinite(c->cap[i]) ||
            !isfinite(c->fixed[i]))
            return wo_err_set(err, WO_EINVAL,
                              "facility %d: capacity %g / fixed cost %g must be "
                              "finite and >= 0",
                              i + 1, c->cap[i], c->fixed[i]);
    for (j = 0; j < c->n; j++)
        if (!(c->demand[j] >= 0) || !isfinite(c->demand[j]))
            return wo_err_set(err, WO_EINVAL,
                              "customer %d: demand %g must be finite and >= 0",
                              j + 1, c->demand[j]);
    for (i = 0; i < c->m; i++)
        for (j = 0; j < c->n; j++) {
            double v = c->cost[(size_t)i * (size_t)c->n + (size_t)j];
            if (!isfinite(v))
                return wo_err_set(err, WO_EINVAL,
                                  "cost of customer %d at facility %d is not "
                                  "finite",
                                  j + 1, i + 1);
        }
    return WO_OK;
}

int wo_cfl_solve(const wo_cfl *c, const wo_cfl_params *pin, wo_cfl_result *r,
                 wo_err *err)
{
    wo_cfl_params pdef;
    const wo_cfl_params *p = pin;
    solver s;
    mip_map mm;
    wo_lp *lp = NULL;
    wo_lp_params lpp;
    wo_lp_result lr;
    double *x = NULL, *start = NULL, capsum = 0;
    int rc, i, j, m, n, round;
    memset(r, 0, sizeof *r);
    memset(&s, 0, sizeof s);
    memset(&mm, 0, sizeof mm);
    if (!p) {
        wo_cfl_params_init(&pdef);
        p = &pdef;
    }
    if ((rc = check_instance(c, err)))
        return rc;
    if ((p->write_lp || p->write_mps) && (rc = write_full(c, p, err)))
        return rc;
    m = c->m;
    n = c->n;
    s.c = c;
    s.t0 = wo_now_s();
    s.deadline = p->time_limit_s > 0 ? s.t0 + p->time_limit_s : INFINITY;
    s.ub = INFINITY;
    s.lb = -INFINITY;
    for (j = 0; j < n; j++)
        s.total_demand += c->demand[j];
    for (i = 0; i < m; i++)
        capsum += c->cap[i];
    r->status = WO_LP_INFEASIBLE;
    r->obj = r->bound = INFINITY;
    r->lagr_bound = r->heur_obj = INFINITY;
    if (capsum < s.total_demand) {
        r->seconds = wo_now_s() - s.t0;
        return WO_OK;
    }
    s.u = wo_calloc((size_t)n, sizeof(double));
    s.best_u = wo_calloc((size_t)n, sizeof(double));
    s.g = wo_calloc((size_t)n, sizeof(double));
    s.items = wo_calloc((size_t)n, sizeof *s.items);
    s.v = wo_calloc((size_t)m, sizeof(double));
    s.ylag = wo_calloc((size_t)m, 1);
    s.w = wo_calloc((size_t)m, sizeof(int));
    s.fix = wo_malloc((size_t)m);
    s.best = wo_calloc((size_t)m, 1);
    s.trial = wo_calloc((size_t)m, 1);
    s.seen = wo_calloc(SEEN_MAX, sizeof(uint64_t));
    mm.ycol = wo_malloc(sizeof(int) * (size_t)m);
    mm.xcol = wo_malloc(sizeof(int) * (size_t)m);
    if (!s.u || !s.best_u || !s.g || !s.items || !s.v || !s.ylag || !s.w ||
        !s.fix || !s.best || !s.trial || !s.seen || !mm.ycol || !mm.xcol ||
        cover_setup(&s) != WO_OK) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory (facility location)");
        goto out;
    }
    memset(s.fix, -1, (size_t)m);
    if (p->use_lagrangian) {
        double ls_until;
        rc = lagrangian(&s, p, err);
        if (rc)
            goto out;
        ls_until = isfinite(s.deadline)
                       ? s.t0 + 0.5 * (s.deadline - s.t0)
                       : INFINITY;
        rc = local_search(&s, s.evals + 400, ls_until, err);
        if (rc)
            goto out;
        /* a last fixing pass with the best multipliers and the final UB */
        lagr_fix(&s, s.lb, s.ylag);
        for (i = 0; i < m; i++) {
            r->fixed_open += s.fix[i] == 1;
            r->fixed_closed += s.fix[i] == 0;
        }
        r->lagr_bound = s.lb;
        r->heur_obj = s.ub;
    }
    r->lagr_seconds = wo_now_s() - s.t0;
    if (isfinite(s.ub) && s.ub - s.lb <= 1e-9 * fabs(s.ub)) {
        /* the Lagrangian bound closes the gap on its own */
        r->status = WO_LP_OPTIMAL;
        r->obj = r->bound = s.ub;
        r->open = wo_malloc((size_t)m);
        if (!r->open) {
            rc = wo_err_set(err, WO_ENOMEM, "out of memory");
            goto out;
        }
        memcpy(r->open, s.best, (size_t)m);
        goto done;
    }
    mm.c = c;
    mm.fix = s.fix;
    mm.u = s.u;
    lp = build_mip(c, s.fix, p->lazy_cuts ? (p->use_lagrangian ? 2 : 0) : 1,
                   &mm);
    if (!lp) {
        rc = wo_err_set(err, WO_ENOMEM, "out of memory building the MIP");
        goto out;
    }
    wo_lp_params_init(&lpp);
    lpp.verbose = p->verbose;
    lpp.best_bound_search = 1;
    if (isfinite(s.deadline)) {
        lpp.time_limit_s = s.deadline - wo_now_s();
        if (lpp.time_limit_s < 0.5)
            lpp.time_limit_s = 0.5;
    }
    if (p->lazy_cuts) {
        lpp.cut_cb = link_cuts;
        lpp.cb_ud = &mm;
    }
    if (isfinite(s.ub)) {
        int ok = 1;
        x = wo_malloc(sizeof(double) * (size_t)m * (size_t)n);
        start = wo_calloc((size_t)wo_lp_ncols(lp), sizeof(double));
        if (!x || !start) {
            rc = wo_err_set(err, WO_ENOMEM, "out of memory");
            goto out;
        }
        rc = transport_cost(c, s.best, x, &capsum, err);
        if (rc)
            goto out;
        for (i = 0; i < m && ok; i++) {
            if (!s.best[i])
                continue;
            if (mm.ycol[i] < 0) {
                ok = 0;
                break;
            }
            start[mm.ycol[i]] = 1;
            for (j = 0; j < n; j++)
                start[mm.xcol[i] + j] = x[(size_t)i * (size_t)n + (size_t)j];
        }
        for (i = 0; i < m && ok; i++)
            if (!s.best[i] && s.fix[i] == 1)
                ok = 0;
        if (ok)
            lpp.start = start;
    }
    /* GLPK takes y_i = 1e-6 as integral; with a link row left to the cut
     * callback (never called on an "integral" node) x_ij could then use
     * y_i's capacity almost for free. Such links are added as rows and the
     * MIP solved again. */
    for (round = 0;; round++) {
        int added = 0;
        rc = wo_lp_solve(lp, &lpp, &lr, err);
        if (rc)
            goto out;
        r->nodes += lr.nodes;
        if (lr.status != WO_LP_OPTIMAL && lr.status != WO_LP_FEASIBLE)
            break;
        rc = add_violated_links(lp, &mm, &added);
        if (rc) {
            rc = wo_err_set(err, rc, "out of memory");
            goto out;
        }
        if (!added || round >= 10)
            break;
        if (isfinite(s.deadline)) {
            lpp.time_limit_s = s.deadline - wo_now_s();
            if (lpp.time_limit_s < 0.5)
                lpp.time_limit_s = 0.5;
        }
    }
    if ((lr.status == WO_LP_OPTIMAL || lr.status == WO_LP_FEASIBLE) &&
        lr.obj < s.ub) {
        r->obj = lr.obj;
        r->open = wo_malloc((size_t)m);
        if (!r->open) {
            rc = wo_err_set(err, WO_ENOMEM, "out of memory");
            goto out;
        }
        for (i = 0; i < m; i++)
            r->open[i] = (unsigned char)(mm.ycol[i] >= 0 &&
                                         wo_lp_value(lp, mm.ycol[i]) > 0.5);
    } else if (isfinite(s.ub)) {
        r->obj = s.ub;
        r->open = wo_malloc((size_t)m);
        if (!r->open) {
            rc = wo_err_set(err, WO_ENOMEM, "out of memory");
            goto out;
        }
        memcpy(r->open, s.best, (size_t)m);
    }
    if (lr.status == WO_LP_OPTIMAL || lr.status == WO_LP_INFEASIBLE) {
        /* proven: the restricted MIP is optimal, or no solution better than
         * the incumbent survives the fixings */
        r->status = r->open ? WO_LP_OPTIMAL : WO_LP_INFEASIBLE;
        r->bound = r->obj;
    } else {
        double b = lr.bound;
        if (!isfinite(b) || (isfinite(s.lb) && s.lb > b))
            b = s.lb;
        r->bound = b < r->obj ? b : r->obj;
        r->status = r->open ? WO_LP_FEASIBLE : WO_LP_NOSOLUTION;
    }
done:
    r->seconds = wo_now_s() - s.t0;
    rc = WO_OK;
out:
    wo_lp_free(lp);
    wo_free(x);
    wo_free(start);
    wo_free(mm.ycol);
    wo_free(mm.xcol);
    solver_free(&s);
    if (rc)
        wo_cfl_result_free(r);
    return rc;
}
