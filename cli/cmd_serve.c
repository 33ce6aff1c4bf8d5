/*
 * cmd_serve.c — `wasteopt serve [options]`: the HTTP service (cli/serve.h)
 * until SIGTERM or SIGINT, which stop it accepting, let every request
 * already received be answered (running and queued solves included) and
 * end it with status 0. A second signal while draining asks running plans
 * to stop searching; a third ends the process at once (130).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "cli/args.h"

#include "base/parse.h"
#include "cli/scenario_arg.h"
#include "cli/serve.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: wasteopt serve [--bind ADDR] [--port N] [--workers N] "
            "[--queue Q]\n"
            "                      [--max-body BYTES] [--request-time-limit S]\n"
            "                      [--plan DIR] [--quiet]\n"
            "\n"
            "An HTTP service: VROOM problems and scenarios in, solutions and "
            "plans out.\n"
            "\n"
            "  POST /         a VROOM problem (JSON) -> its solution, as "
            "vroom-express\n"
            "  POST /plan     a scenario: a JSON bundle {\"scenario.json\": "
            "{...},\n"
            "                 \"files\": {\"demand.csv\": \"...\", ...}} or a "
            "tar of its\n"
            "                 directory -> plan.json (query: iterations, seed, "
            "days,\n"
            "                 time_limit, date)\n"
            "  GET  /         the page of the last plan; GET /plan.json its "
            "plan.json\n"
            "  GET  /health   status, workers, running and queued solves\n"
            "\n"
            "  --bind ADDR    numeric address to listen on (default "
            "127.0.0.1: this\n"
            "                 machine only)\n"
            "  --port N       TCP port (default 3000; 0: any free port, "
            "printed)\n"
            "  --workers N    solves at once (default: the cores)\n"
            "  --queue Q      solves waiting beyond those; more get 503 "
            "(default 16)\n"
            "  --max-body B   largest request body in bytes; more get 413 "
            "(default\n"
            "                 33554432)\n"
            "  --request-time-limit S  seconds of one solve (default 60)\n"
            "  --plan DIR     serve DIR/map.html (from 'wasteopt plan') at GET "
            "/\n"
            "  --quiet        no line per request on stderr\n"
            "\n"
            "Errors are JSON {\"code\": 2, \"error\": \"...\"} with a 4xx "
            "status (code 1\n"
            "with a 5xx). SIGTERM or SIGINT: stop accepting, answer every "
            "request\n"
            "received, exit 0.\n"
            "\n"
            "exit status: 0 stopped by a signal after draining, 1 cannot "
            "start, 2 usage,\n"
            "             130 stopped by a third signal before draining "
            "ended\n");
}

/* Wait up to ms milliseconds for SIGINT or SIGTERM (blocked in every
 * thread): the signal number, or 0. */
static int wait_signal(const sigset_t *set, long ms)
{
    struct timespec ts;
    int sig;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    do
        sig = sigtimedwait(set, NULL, &ts);
    while (sig < 0 && errno == EINTR);
    return sig < 0 ? 0 : sig;
}

int wo_cmd_serve(int argc, char **argv)
{
    wo_serve_opts o;
    wo_server *s = NULL;
    long v;
    int i, sig, signals = 0;
    sigset_t set, old;
    wo_err err;

    wo_serve_opts_init(&o);
    o.workers = (int)wo_cli_default_threads();
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WO_EXIT_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o.quiet = 1;
        } else if (!strcmp(a, "--bind")) {
            if (wo_cli_opt_str("serve", argc, argv, &i, &o.bind))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--plan")) {
            if (wo_cli_opt_str("serve", argc, argv, &i, &o.plan_dir))
                return WO_EXIT_USAGE;
        } else if (!strcmp(a, "--port")) {
            if (wo_cli_opt_long("serve", argc, argv, &i, 0, 65535, &v))
                return WO_EXIT_USAGE;
            o.port = (int)v;
        } else if (!strcmp(a, "--workers")) {
            if (wo_cli_opt_long("serve", argc, argv, &i, 1, 256, &v))
                return WO_EXIT_USAGE;
            o.workers = (int)v;
        } else if (!strcmp(a, "--queue")) {
            if (wo_cli_opt_long("serve", argc, argv, &i, 0, 100000, &v))
                return WO_EXIT_USAGE;
            o.queue = (int)v;
        } else if (!strcmp(a, "--max-body")) {
            if (wo_cli_opt_long("serve", argc, argv, &i, 1, 1L << 32, &v))
                return WO_EXIT_USAGE;
            o.max_body = (size_t)v;
        } else if (!strcmp(a, "--request-time-limit")) {
            if (i + 1 >= argc ||
                wo_parse_double(argv[i + 1], &o.time_limit_s) != WO_OK ||
                !(o.time_limit_s > 0) || o.time_limit_s > 1e6) {
                fprintf(stderr, "wasteopt serve: --request-time-limit needs "
                                "a number of seconds > 0\n");
                return WO_EXIT_USAGE;
            }
            i++;
        } else {
            fprintf(stderr, "wasteopt serve: unknown %s '%s'\n",
                    a[0] == '-' ? "option" : "argument", a);
            usage(stderr);
            return WO_EXIT_USAGE;
        }
    }

    /* The signals are taken by this thread alone (sigtimedwait below):
     * blocked before the server's threads start, which inherit the mask. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    signal(SIGPIPE, SIG_IGN);
    wo_err_clear(&err);
    if (wo_serve_start(&o, &s, &err) != WO_OK) {
        fprintf(stderr, "wasteopt serve: %s\n", err.msg);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return WO_EXIT_ERROR;
    }
    printf("wasteopt serve: listening on http://%s%s%s:%d/ (%d workers, "
           "queue %d)\n",
           strchr(o.bind, ':') ? "[" : "", o.bind,
           strchr(o.bind, ':') ? "]" : "", wo_serve_port(s), o.workers,
           o.queue);
    fflush(stdout);

    while (!(sig = wait_signal(&set, 1000)))
        ;
    signals = 1;
    fprintf(stderr, "wasteopt serve: %s: no new connections; answering the "
                    "%d requests received\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT", wo_serve_busy(s));
    wo_serve_quiesce(s);
    while (wo_serve_busy(s) > 0) {
        if (!wait_signal(&set, 100))
            continue;
        if (++signals == 2) {
            fprintf(stderr, "wasteopt serve: second signal: running plans "
                            "stop searching (a third ends at once)\n");
            wo_serve_cancel(s);
        } else {
            fprintf(stderr, "wasteopt serve: stopped with %d requests "
                            "unanswered\n",
                    wo_serve_busy(s));
            return WO_EXIT_INTERRUPTED;
        }
    }
    wo_serve_stop(s);
    fprintf(stderr, "wasteopt serve: stopped\n");
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return WO_EXIT_OK;
}
