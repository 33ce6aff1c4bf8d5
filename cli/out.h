/*
 * out.h — the command line's file writers: atomic output files, JSON and
 * GeoJSON documents (values of cli/json.h) and CSV (RFC 4180, optional
 * UTF-8 BOM for Excel).
 *
 * Every output goes through a wo_outfile, the safe temporary file of
 * base/atomic.h: the bytes are written to a temporary file of an
 * unpredictable name in the same directory (never through a planted
 * symlink), flushed to disk (fsync) and then renamed over the final name,
 * so a reader (or a killed nightly run) only ever sees the previous
 * complete file or the new complete file. A path naming a device or FIFO
 * (/dev/stdout, /dev/null) is written in place: renaming onto it would
 * replace the device.
 */
#ifndef WO_CLI_OUT_H
#define WO_CLI_OUT_H

#include <stdio.h>

#include "base/base.h"
#include "cli/json.h"

/* ------------------------------------------------------------ atomic files */

/* One output file being written (base/atomic.h). Initialise by
 * wo_out_open; finish with exactly one of wo_out_commit / wo_out_abort.
 * Write through ->f. */
typedef wo_atomic_file wo_outfile;

/* Create the temporary file for `path` (its directory must exist):
 * wo_atomic_open. On failure *o is left closed and err names the path and
 * the reason. */
int wo_out_open(wo_outfile *o, const char *path, wo_err *err);

/* Flush and close the temporary file, then commit it over the final path
 * (wo_atomic_commit of base/atomic.h: fsync, rename, fsync the
 * directory). Any write error seen on the way (disk
 * full, ...) fails the commit and removes the temporary file, so the
 * previous file stays intact. *o is closed afterwards in every case. */
int wo_out_commit(wo_outfile *o, wo_err *err);

/* Close and remove the temporary file; the final path is untouched. Safe
 * on a closed or zeroed wo_outfile. */
void wo_out_abort(wo_outfile *o);

/* Write `n` bytes to `path` atomically. */
int wo_out_write_bytes(const char *path, const void *data, size_t n,
                       wo_err *err);

/* Remove what dead runs left beside `dir` (wo_atomic_set_clean), make
 * sure `dir` exists (created with its parents when missing) and that
 * files can be created, written and renamed in it, by writing and removing
 * a probe file. Meant to run before any long computation so that an
 * unwritable --out fails at once. */
int wo_out_prepare_dir(const char *dir, wo_err *err);

/* "dir/name" in a new string (wo_free it), or NULL when out of memory. */
char *wo_out_join(const char *dir, const char *name);

/* ------------------------------------------------------------------ JSON */

/* Write a JSON document atomically: two-space indentation, object keys in
 * insertion order, reals with 10 significant digits, UTF-8 unescaped. */
int wo_out_write_json(const char *path, const wo_json *root, wo_err *err);

/* ---------------------------------------------------------------- GeoJSON */

/* A new empty {"type":"FeatureCollection","features":[]}; NULL on OOM. */
wo_json *wo_geojson_new(void);

/* Append a Point feature at (lon_deg, lat_deg) with the given properties
 * (the reference to props is stolen; NULL gives {}). Coordinates are
 * rounded to 6 decimals (about 0.1 m). Returns WO_OK, WO_EINVAL for a
 * non-finite coordinate or WO_ENOMEM. */
int wo_geojson_add_point(wo_json *fc, double lon_deg, double lat_deg,
                         wo_json *props);

/* Append a LineString feature through n >= 2 points given as interleaved
 * lon,lat pairs (lonlat[2*i], lonlat[2*i+1]); props as above. A line of
 * fewer than 2 points is WO_EINVAL. */
int wo_geojson_add_line(wo_json *fc, const double *lonlat, size_t n,
                        wo_json *props);

/* ------------------------------------------------------------------- CSV */

/* A CSV writer over an open stream: fields are quoted only when needed
 * (a comma, a double quote, CR or LF, or a leading/trailing blank), quotes
 * doubled, rows end with CRLF as RFC 4180 asks. Write errors are left to
 * the stream (wo_out_commit sees them). */
typedef struct wo_csvw {
    FILE *f;   /* destination stream (not owned)               */
    int col;   /* fields written in the current row            */
} wo_csvw;

/* Start a CSV on f; with bom != 0 a UTF-8 byte-order mark goes first so
 * that Excel reads the file as UTF-8 (Chinese names stay readable). */
void wo_csvw_init(wo_csvw *c, FILE *f, int bom);
/* A text field; NULL is written as an empty field. */
void wo_csvw_str(wo_csvw *c, const char *s);
/* A number with `decimals` places; NaN writes an empty field. */
void wo_csvw_num(wo_csvw *c, double v, int decimals);
/* An integer field. */
void wo_csvw_long(wo_csvw *c, long v);
/* End the current row. */
void wo_csvw_end_row(wo_csvw *c);

/* Append s (NULL: empty) to b as one CSV field by the same rule: quoted
 * when needed, quotes doubled, no separator. For CSV built in memory
 * (reports written to standard output). WO_ENOMEM / WO_ETOOBIG from the
 * buffer. */
int wo_csvw_field(wo_buf *b, const char *s);

#endif /* WO_CLI_OUT_H */
