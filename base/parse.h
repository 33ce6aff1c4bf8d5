/*
 * parse.h — checked number, clock-time and string parsing.
 */
#ifndef WO_BASE_PARSE_H
#define WO_BASE_PARSE_H

#include <stddef.h>

/* Parse a whole string as a finite decimal double (an exponent allowed:
 * 2.5e3; never hex floats, inf or nan) / a decimal long; leading and
 * trailing blanks are allowed, anything else is WO_EPARSE; overflow is
 * WO_ERANGE. */
int wo_parse_double(const char *s, double *out);
int wo_parse_long(const char *s, long *out);
/* Parse "HH:MM" or "HH:MM:SS" (HH may exceed 23 for overnight shifts) to
 * seconds. */
int wo_parse_hhmm(const char *s, double *out_s);

/* Bounded string copy that always NUL-terminates; returns strlen(src). */
size_t wo_strlcpy(char *dst, const char *src, size_t size);

#endif /* WO_BASE_PARSE_H */
