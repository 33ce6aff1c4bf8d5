/*
 * scenario_arg.h — what the planning commands (plan, whatif, validate,
 * site) share: the
 * SCENARIO argument (a scenario directory, the path of its scenario.json,
 * or nothing for the embedded Chongqing default) and their defaults.
 */
#ifndef WO_CLI_SCENARIO_ARG_H
#define WO_CLI_SCENARIO_ARG_H

#include "data/model.h"

/* Load the scenario named by `arg` (NULL: the embedded default). On
 * success *out is a new scenario (wo_scenario_free). A path that does not
 * exist, is not a directory (nor its scenario.json) or has no
 * scenario.json is an error naming the path as given. */
int wo_cli_load_scenario(const char *arg, wo_scenario **out, wo_err *err);

/* The checks of wo_cli_load_scenario on the path alone, for commands
 * that read only part of a scenario (NULL: WO_OK). */
int wo_cli_check_scenario(const char *arg, wo_err *err);

/* Replace the plan date of a loaded scenario ("YYYY-MM-DD"; the month
 * follows). WO_EINVAL with a message when it is not a valid date. */
int wo_cli_set_date(wo_scenario *sc, const char *date, wo_err *err);

/* Default of --threads: the cores available, clamped to 1..64. */
long wo_cli_default_threads(void);

#endif /* WO_CLI_SCENARIO_ARG_H */
