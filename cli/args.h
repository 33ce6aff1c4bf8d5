/*
 * args.h — the values of a command's options: `--name VALUE` checked, with
 * the message on stderr naming the command, the option and the value.
 */
#ifndef WO_CLI_ARGS_H
#define WO_CLI_ARGS_H

/* The value of option argv[*i] (*i advances past it) as a long in
 * [lo, hi] / as a string; 0, or -1 with "wasteopt CMD: ..." printed. */
int wo_cli_opt_long(const char *cmd, int argc, char **argv, int *i, long lo,
                    long hi, long *out);
int wo_cli_opt_str(const char *cmd, int argc, char **argv, int *i,
                   const char **out);

#endif /* WO_CLI_ARGS_H */
