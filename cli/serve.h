/*
 * serve.h — `wasteopt serve`: the HTTP service on libmicrohttpd.
 *
 * Routes:
 *   POST /             a VROOM problem -> its solution (cli/vroom.h), the
 *                      vroom-express convention: 200 with the solution, or
 *                      {"code": N, "error": "..."} with 4xx/5xx
 *   POST /plan         a scenario (cli/bundle.h: a JSON bundle or a tar)
 *                      -> plan.json; the page of GET / shows it afterwards
 *   GET  /             the page of the last plan (POST /plan or --plan DIR)
 *   GET  /plan.json    the last plan.json made by POST /plan
 *   GET  /health       {"status": "ok", workers, running, queued, ...}
 *   GET  /leaflet/...  Leaflet's files (Debian libjs-leaflet), read at
 *                      start-up from a fixed table of names
 *
 * Bounds: a request body above max_body is refused with 413 (before it is
 * read when it announces its length); solves run on `workers` threads
 * with at most `queue` more waiting, beyond which 503; every solve has a
 * time limit; bodies held at once are capped; no request names a path of
 * the file system. A wrong method gets 405, an unknown path 404, a bad
 * problem 400 with its message: every refusal is a JSON message, and the
 * server goes on serving.
 *
 * Threads: libmicrohttpd's one polling thread reads requests and writes
 * responses; a solve is queued and the connection suspended until a worker
 * has its answer. Draining (wo_serve_quiesce, then waiting for
 * wo_serve_busy to reach 0) finishes every request accepted before.
 *
 * Test hook, read on each solve: while the file named by the environment
 * variable WO_TEST_SERVE_GATE exists, a worker that has taken a solve
 * waits before solving it (so that tests can fill the queue on purpose).
 */
#ifndef WO_CLI_SERVE_H
#define WO_CLI_SERVE_H

#include <stddef.h>

#include "base/err.h"

/* Where Debian's libjs-leaflet puts Leaflet. */
#define WO_SERVE_LEAFLET_DIR "/usr/share/javascript/leaflet"

/* Options of a server; fill with wo_serve_opts_init. */
typedef struct wo_serve_opts {
    const char *bind;          /* numeric IPv4 or IPv6 address             */
    int port;                  /* TCP port, 0: any free one (wo_serve_port) */
    int workers;               /* solves at once, >= 1                     */
    int queue;                 /* solves waiting beyond those, >= 0         */
    size_t max_body;           /* bytes of one request body                */
    double time_limit_s;       /* seconds of one solve                     */
    const char *plan_dir;      /* NULL, or a plan's output directory whose
                                  map.html is GET / until POST /plan        */
    const char *leaflet_dir;   /* directory of leaflet.js and leaflet.css   */
    int quiet;                 /* 1: no line per request on stderr          */
} wo_serve_opts;

/* Defaults: 127.0.0.1:3000, 2 workers, queue 16, 32 MiB bodies, 60 s,
 * WO_SERVE_LEAFLET_DIR. */
void wo_serve_opts_init(wo_serve_opts *o);

typedef struct wo_server wo_server;

/* Start listening and serving (the call returns at once; the server runs
 * on its own threads). On success *out is the server. Fails with
 * WO_EINVAL (bad address or options), WO_EIO (cannot bind: port taken,
 * address not local; --plan's map.html unreadable), WO_ENOMEM. */
int wo_serve_start(const wo_serve_opts *o, wo_server **out, wo_err *err);

/* The port the server listens on (the one bound when port was 0). */
int wo_serve_port(const wo_server *s);

/* Stop accepting connections: the listening socket is closed; requests
 * already received are still answered; a new solve arriving on an open
 * connection gets 503. */
void wo_serve_quiesce(wo_server *s);

/* Requests received and not yet answered (reading, queued, solving or
 * being sent). */
int wo_serve_busy(wo_server *s);

/* Ask running plans to stop searching and answer with their best plan
 * (a second signal while draining). */
void wo_serve_cancel(wo_server *s);

/* Stop: close every connection, join the threads, free s (NULL is
 * fine). Call after the requests are drained. */
void wo_serve_stop(wo_server *s);

#endif /* WO_CLI_SERVE_H */
