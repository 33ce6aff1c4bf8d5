/*
 * csvfield.h — the one quoting rule of every CSV file wasteopt writes (the
 * command's outputs, `geo convert --csv`, the generated default scenario):
 * a field is quoted when it holds a comma, a double quote, CR or LF, or
 * starts or ends with a blank (which readers would trim); quotes inside
 * are doubled. Reading CSV is data/csv.h's business.
 */
#ifndef WO_BASE_CSVFIELD_H
#define WO_BASE_CSVFIELD_H

#include <stddef.h>

#include "base/buf.h"

/* Receives the bytes of a quoted field; returns 0, or nonzero to stop. */
typedef int (*wo_csv_put_fn)(void *ud, const char *p, size_t n);

/* Pass field s (not NULL), quoted by the rule above, to put in pieces.
 * Returns put's first nonzero result, or 0. No separator is written. */
int wo_csv_quote(const char *s, wo_csv_put_fn put, void *ud);

/* Append s (NULL: empty) to b as one field by the rule above, without a
 * separator. WO_OK, or wo_buf_append's error. */
int wo_csv_field_buf(wo_buf *b, const char *s);

#endif /* WO_BASE_CSVFIELD_H */
