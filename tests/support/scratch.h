/*
 * scratch.h — test support: scratch directories under /tmp, and the test
 * scenarios of tests/data/scenarios/.
 */
#ifndef WO_TEST_SCRATCH_H
#define WO_TEST_SCRATCH_H

#include "data/model.h"

/* Remove a file or a directory with everything in it (best effort). */
void ts_remove_tree(const char *path);

/* Load tests/data/scenarios/NAME under $WO_TOP; NULL (with the message on
 * stderr) when it does not load. */
wo_scenario *ts_load_test_scenario(const char *name);

#endif /* WO_TEST_SCRATCH_H */
