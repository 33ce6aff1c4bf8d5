/*
 * parse.c — Checked parsing. See parse.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

static const char *skip_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

int wo_parse_double(const char *s, double *out)
{
    char *end;
    double v;
    size_t n;
    if (!s)
        return WO_EPARSE;
    s = skip_blank(s);
    if (!*s)
        return WO_EPARSE;
    /* Decimal only (an exponent allowed): strtod would also take hex
     * floats (0x1p3), "inf" and "nan", which no planner means. */
    n = strspn(s, "0123456789+-.eE");
    if (n == 0 || (s[n] && s[n] != ' ' && s[n] != '\t'))
        return WO_EPARSE;
    errno = 0;
    v = strtod(s, &end);
    if (end == s)
        return WO_EPARSE;
    end = (char *)skip_blank(end);
    if (*end)
        return WO_EPARSE;
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
        return WO_ERANGE;
    if (!isfinite(v))
        return WO_EPARSE; /* "nan", "inf" are not numbers a planner means */
    *out = v;
    return WO_OK;
}

int wo_parse_long(const char *s, long *out)
{
    char *end;
    long v;
    if (!s)
        return WO_EPARSE;
    s = skip_blank(s);
    if (!*s)
        return WO_EPARSE;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s)
        return WO_EPARSE;
    end = (char *)skip_blank(end);
    if (*end)
        return WO_EPARSE;
    if (errno == ERANGE)
        return WO_ERANGE;
    *out = v;
    return WO_OK;
}

int wo_parse_hhmm(const char *s, double *out_s)
{
    long part[3] = {0, 0, 0};
    int n = 0;
    if (!s)
        return WO_EPARSE;
    s = skip_blank(s);
    while (n < 3) {
        long v = 0;
        int digits = 0;
        while (isdigit((unsigned char)*s) && digits < 3) {
            v = v * 10 + (*s - '0');
            s++;
            digits++;
        }
        if (digits == 0)
            return WO_EPARSE;
        part[n++] = v;
        if (*s != ':')
            break;
        s++;
    }
    s = skip_blank(s);
    if (*s || n < 2)
        return WO_EPARSE;
    if (part[1] > 59 || part[2] > 59 || part[0] > 48)
        return WO_ERANGE;
    *out_s = (double)(part[0] * 3600 + part[1] * 60 + part[2]);
    return WO_OK;
}

size_t wo_strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}
