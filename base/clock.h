/*
 * clock.h — the monotonic clock and the absolute deadline that a command's
 * time limit becomes: one deadline is set where the limit is known and
 * passed down; every layer asks it what is left instead of keeping a start
 * time and a budget of its own.
 */
#ifndef WO_BASE_CLOCK_H
#define WO_BASE_CLOCK_H

/* Seconds from an arbitrary fixed point (CLOCK_MONOTONIC). */
double wo_now_s(void);

/* An absolute point in wo_now_s() time; at_s is +infinity for "no limit". */
typedef struct wo_deadline {
    double at_s;
} wo_deadline;

/* The deadline seconds from now; seconds <= 0 or not finite: no limit. */
wo_deadline wo_deadline_in(double seconds);
/* No limit. */
wo_deadline wo_deadline_none(void);
/* Seconds left (never negative; +infinity without a limit). */
double wo_deadline_left(wo_deadline d);
/* 1 once the deadline has passed. */
int wo_deadline_passed(wo_deadline d);
/* The earlier of two deadlines. */
wo_deadline wo_deadline_min(wo_deadline a, wo_deadline b);
/* A share of what is left: the deadline at now + frac * left (frac in
 * [0, 1]); without a limit, no limit. */
wo_deadline wo_deadline_share(wo_deadline d, double frac);

#endif /* WO_BASE_CLOCK_H */
