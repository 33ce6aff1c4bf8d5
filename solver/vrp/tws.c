/*
 * tws.c — time-window segments of stop sequences, as concatenated in
 * Vidal et al. (2013), "A unified solution framework for multi-attribute
 * vehicle routing problems": the least time warp of a sequence, and the
 * earliest and latest start of its first visit that reach it, kept so
 * that two sequences joined by a leg give the measures of the whole in
 * constant time (vrp_tws_join in internal.h).
 *
 * A segment relaxes the drive of drive.c: each stop's windows become one
 * window from the opening of the first to the closing of the last, the
 * break, the unload trips and the release dates are left out (each only
 * adds time or moves a departure later, which never lowers the warp when
 * travel times keep the triangle inequality), and the start and end depots
 * keep the shift. The least time warp of a route's segment is thus a
 * lower bound of the time warp its drive measures (vrp_eval tw_s); with
 * single windows and no break, facility, release date or shift length
 * limit, the two are equal (tests/test_vrp_tws.c checks both).
 */
#include "solver/vrp/internal.h"

void vrp_tws_stop(const vrp_ctx *c, int i, vrp_tws *s)
{
    const wo_vrp_stop *st = &c->pb->stops[i];
    s->dur_s = st->service_s;
    s->tw_s = 0.0;
    if (st->n_tw > 0 && !c->ignore_tw) {
        s->early_s = st->tw[0].open_s;
        s->late_s = st->tw[st->n_tw - 1].close_s;
    } else {
        s->early_s = -VRP_TWS_FAR;
        s->late_s = VRP_TWS_FAR;
    }
}

void vrp_tws_depots(const vrp_ctx *c, int t, vrp_tws *start, vrp_tws *end)
{
    const wo_vrp_vehicle_type *v = &c->pb->types[t];
    start->dur_s = end->dur_s = 0.0;
    start->tw_s = end->tw_s = 0.0;
    start->early_s = v->shift_open_s;
    start->late_s = VRP_TWS_FAR;
    end->early_s = -VRP_TWS_FAR;
    end->late_s = v->shift_close_s;
}

double vrp_tws_route(const vrp_ctx *c, int t, const int *seq, int len)
{
    const wo_vrp_problem *pb = c->pb;
    vrp_tws acc, one, end;
    int prev = pb->types[t].start_loc, k;
    if (len == 0)
        return 0.0;
    vrp_tws_depots(c, t, &acc, &end);
    for (k = 0; k < len; k++) {
        int loc = pb->stops[seq[k]].loc;
        vrp_tws_stop(c, seq[k], &one);
        vrp_tws_join(&acc, &acc, vrp_travel_s(pb, t, prev, loc), &one);
        prev = loc;
    }
    vrp_tws_join(&acc, &acc, vrp_travel_s(pb, t, prev, pb->types[t].end_loc),
                 &end);
    return acc.tw_s;
}
