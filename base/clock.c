/*
 * clock.c — The monotonic clock. See clock.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/clock.h"

#include <math.h>
#include <time.h>

double wo_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

wo_deadline wo_deadline_in(double seconds)
{
    wo_deadline d;
    d.at_s = seconds > 0 && isfinite(seconds) ? wo_now_s() + seconds : INFINITY;
    return d;
}

wo_deadline wo_deadline_none(void)
{
    wo_deadline d;
    d.at_s = INFINITY;
    return d;
}

double wo_deadline_left(wo_deadline d)
{
    double left;
    if (!isfinite(d.at_s))
        return INFINITY;
    left = d.at_s - wo_now_s();
    return left > 0 ? left : 0;
}

int wo_deadline_passed(wo_deadline d)
{
    return isfinite(d.at_s) && wo_now_s() >= d.at_s;
}

wo_deadline wo_deadline_min(wo_deadline a, wo_deadline b)
{
    return a.at_s <= b.at_s ? a : b;
}

wo_deadline wo_deadline_share(wo_deadline d, double frac)
{
    double now, left;
    if (!isfinite(d.at_s))
        return d;
    if (frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    now = wo_now_s();
    left = d.at_s > now ? d.at_s - now : 0;
    d.at_s = now + frac * left;
    return d;
}
