/*
 * files.h — test support: in-memory scenario file tables built from
 * directories (a base scenario overlaid with a case's files), and file
 * reading for the tests.
 */
#ifndef WO_TEST_FILES_H
#define WO_TEST_FILES_H

#include "data/embedded.h"

#include <stddef.h>

/* A growable file table ending with a {NULL, NULL, 0} entry, in the
 * layout wo_scenario_load_files takes. */
typedef struct ts_files {
    wo_embedded_file *f;   /* n entries + the terminating one      */
    int n;                 /* files held                           */
} ts_files;

/* The project root for tests: $WO_TOP, or "." when unset. */
const char *ts_top(void);

/* Read a whole file into a NUL-terminated malloc'ed buffer; NULL on
 * failure. *len (may be NULL) receives the size. */
char *ts_slurp(const char *path, size_t *len);

void ts_files_init(ts_files *t);

/* Add (or replace, by name) one file with a copy of data[0..len). */
int ts_files_put(ts_files *t, const char *name, const void *data, size_t len);

/* Add every regular file of dir except `skip` (may be NULL), replacing
 * files of the same name. Returns 0 or -1. */
int ts_files_add_dir(ts_files *t, const char *dir, const char *skip);

void ts_files_free(ts_files *t);

#endif /* WO_TEST_FILES_H */
