/*
 * polygon.c — the even-odd ring test. See polygon.h.
 */
#include "geo/polygon.h"

int wo_ring_odd(const double *xs, const double *ys, int n, double x,
                double y)
{
    int i, j, odd = 0;
    for (i = 0, j = n - 1; i < n; j = i++)
        if ((ys[i] > y) != (ys[j] > y) &&
            x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i])
            odd = !odd;
    return odd;
}
