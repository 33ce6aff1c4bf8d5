/*
 * csv.h — an RFC 4180 CSV reader for scenario tables, and the text-encoding
 * check shared by every scenario file.
 *
 * A whole file is parsed from memory into records whose fields are
 * unescaped, trimmed of blanks and NUL-terminated. Each record remembers
 * the physical line it starts on (the header is line 1). Columns are looked
 * up by header name. Errors name the file and the line:
 *   sites.csv:7: 5 fields, expected 6 as in the header
 */
#ifndef WO_CSV_H
#define WO_CSV_H

#include "base/base.h"

#include <stddef.h>

#define WO_CSV_MAX_FIELDS 256           /* columns per record            */
#define WO_CSV_MAX_FIELD_BYTES 65536    /* bytes per field               */
#define WO_CSV_MAX_RECORDS 2000000      /* data records per file         */
#define WO_CSV_MAX_BYTES ((size_t)256 << 20) /* file size                */

typedef struct wo_csv wo_csv;

/* Check that data[0..len) is UTF-8 text. Returns the offset past a UTF-8
 * byte-order mark in *skip (0 when there is none). Fails with WO_EPARSE for
 * an empty file ("NAME: file is empty"), WO_EENCODING for a GBK file
 * ("NAME: file is GBK-encoded (Excel's default in China), not UTF-8; save it
 * as \"CSV UTF-8\"") or other invalid UTF-8 ("NAME:LINE: invalid UTF-8 byte
 * 0xNN at byte offset N"), and WO_EPARSE for a NUL byte. `name` is used
 * in messages only. */
int wo_text_check(const char *name, const char *data, size_t len,
                  size_t *skip, wo_err *err);

/* Parse CSV text (after wo_text_check, which this calls itself). The first
 * record is the header: its names must be non-empty and distinct. Empty
 * lines are skipped; every other record must have as many fields as the
 * header. On success *out is owned by the caller (wo_csv_free). */
int wo_csv_parse(const char *name, const char *data, size_t len,
                 wo_csv **out, wo_err *err);

/* Release a parsed file (NULL is allowed). */
void wo_csv_free(wo_csv *csv);

/* The file name given to wo_csv_parse. */
const char *wo_csv_name(const wo_csv *csv);

/* Number of header columns / data records (header not counted). */
int wo_csv_ncols(const wo_csv *csv);
int wo_csv_nrows(const wo_csv *csv);

/* Header name of column c (0 <= c < ncols). */
const char *wo_csv_colname(const wo_csv *csv, int c);

/* Column index of header `name`, or -1 when absent. */
int wo_csv_col(const wo_csv *csv, const char *name);

/* Physical line on which data record r starts. */
int wo_csv_line(const wo_csv *csv, int r);

/* Field of record r in column c, trimmed; "" when c < 0. Valid until
 * wo_csv_free. */
const char *wo_csv_get(const wo_csv *csv, int r, int c);

#endif /* WO_CSV_H */
