/*
 * scratch.h — test support: scratch directories under /tmp.
 */
#ifndef WO_TEST_SCRATCH_H
#define WO_TEST_SCRATCH_H

/* Remove a file or a directory with everything in it (best effort). */
void ts_remove_tree(const char *path);

#endif /* WO_TEST_SCRATCH_H */
