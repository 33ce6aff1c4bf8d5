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

/* The fixture of tests that write files and run the real binary: a fresh
 * scratch directory /tmp/wo_NAME.XXXXXX and the wasteopt binary ($WO_BIN,
 * else build/wasteopt under the source tree). */
typedef struct ts_cli {
    char dir[64];     /* scratch directory             */
    char bin[1024];   /* the wasteopt binary           */
} ts_cli;

/* cmocka setup and teardown: a new ts_cli into *state (-1 when the
 * directory cannot be made), and its removal with everything in it. */
int ts_cli_setup(void **state, const char *name);
int ts_cli_teardown(void **state);

#endif /* WO_TEST_SCRATCH_H */
