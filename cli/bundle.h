/*
 * bundle.h — a scenario sent over HTTP (`POST /plan` of `wasteopt serve`):
 * the bytes of a request body read into a table of files, then written
 * into a private temporary directory for the scenario loader.
 *
 * Two forms, told apart by their bytes:
 *   - a tar (ustar or GNU) of the scenario directory: the members are the
 *     scenario's files (`tar -C DIR -cf - .`);
 *   - a JSON bundle: {"scenario.json": {...}, "files": {"demand.csv":
 *     "text", ...}}; a .json or .geojson file may be given as a JSON value
 *     instead of its text.
 * Every member name is a plain file name: no '/', no "." or "..", no
 * leading '.', no control character, at most WO_BUNDLE_NAME_MAX bytes; a
 * tar's "./" prefix and its "./" directory entry are the only exceptions.
 * Links, devices, FIFOs, directories and GNU long names are refused, as
 * are duplicates. scenario.json must be present. Nothing from a request
 * ever becomes a path but such a plain name inside the new directory.
 */
#ifndef WO_CLI_BUNDLE_H
#define WO_CLI_BUNDLE_H

#include <stddef.h>

#include "base/err.h"
#include "data/embedded.h"

#define WO_BUNDLE_NAME_MAX 100 /* bytes of a member name (tar's field)  */
#define WO_BUNDLE_FILES_MAX 64 /* members of one bundle                 */

/* The files of a bundle, in the form the in-memory scenario loader takes:
 * files[0..n) then a {NULL, NULL, 0} entry; each data is NUL-terminated. */
typedef struct wo_bundle {
    wo_embedded_file *files; /* owned, with every name and data          */
    int n;                   /* files                                    */
    int from_tar;            /* 1: read from a tar, 0: a JSON bundle      */
} wo_bundle;

/* Read body[0..len) (either form) into *b (zeroed first). WO_OK, or
 * WO_EINVAL / WO_EPARSE / WO_ETOOBIG with a message naming the member or
 * the JSON path, WO_ENOMEM; *b holds nothing on failure. */
int wo_bundle_read(const char *body, size_t len, wo_bundle *b, wo_err *err);

/* Release the files of b (a zeroed b is fine). */
void wo_bundle_free(wo_bundle *b);

/* Write every file of b into a new private directory (mkdtemp, mode 0700)
 * under tmp_parent (NULL: $TMPDIR when absolute, else /tmp), each created
 * with O_EXCL|O_NOFOLLOW, mode 0600. On success *dir is its path (owned:
 * wo_bundle_remove then free). On failure nothing is left behind. */
int wo_bundle_extract(const wo_bundle *b, const char *tmp_parent, char **dir,
                      wo_err *err);

/* Remove the files of b from dir and dir itself (best effort). */
void wo_bundle_remove(const wo_bundle *b, const char *dir);

#endif /* WO_CLI_BUNDLE_H */
