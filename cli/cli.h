/*
 * cli.h — the wasteopt command line: subcommand entry points, exit codes
 * and the few helpers every subcommand shares.
 *
 * Each subcommand lives in cli/cmd_<name>.c and has the signature
 * `int wo_cmd_<name>(int argc, char **argv)`, where argv[0] is the
 * subcommand's name; it returns one of the exit codes below.
 */
#ifndef WO_CLI_H
#define WO_CLI_H

/* Exit codes (documented in README.md and man/wasteopt.1). */
enum {
    WO_EXIT_OK = 0,         /* success                                         */
    WO_EXIT_ERROR = 1,      /* bad input, I/O or solver error                  */
    WO_EXIT_USAGE = 2,      /* wrong command-line usage                        */
    WO_EXIT_TARGET = 3,     /* ran, but a binding target is not met or demand
                               is left unserved                               */
    WO_EXIT_INFEASIBLE = 4, /* the study has no feasible solution              */
    WO_EXIT_INTERRUPTED = 130 /* stopped by SIGINT/SIGTERM (best result written) */
};

int wo_cmd_validate(int argc, char **argv);
int wo_cmd_indicators(int argc, char **argv);
int wo_cmd_geo(int argc, char **argv);
int wo_cmd_osm(int argc, char **argv);
/* `wasteopt osm fetch ...` (argv[0] is "fetch"), called by wo_cmd_osm. */
int wo_cmd_osm_fetch(int argc, char **argv);
int wo_cmd_matrix(int argc, char **argv);
int wo_cmd_plan(int argc, char **argv);
int wo_cmd_site(int argc, char **argv);
int wo_cmd_whatif(int argc, char **argv);
int wo_cmd_serve(int argc, char **argv);
int wo_cmd_solve(int argc, char **argv);

/* How `plan` and `whatif` solve their routing problems: when set, called
 * on their plan parameters once the routing core (wo_plan_use_vrp) and
 * --threads are in place, to replace them. NULL in wasteopt;
 * wasteopt-mpi (cli/mpi/main.c) sends the problems to its other ranks. */
struct wo_plan_params;
extern void (*wo_cli_plan_solver)(struct wo_plan_params *prm);

#endif /* WO_CLI_H */
