/*
 * vroom_stub.c — TEMPORARY stand-in for cli/vroom.c (`wasteopt solve`),
 * so that the HTTP server can be built and tested before the solver is
 * merged. It checks the shape of a problem (the checks the server's tests
 * rely on: vehicles present, jobs present, integer ids, amounts >= 0,
 * indices inside the matrix) and answers a solution in VROOM's format with
 * every job unassigned. Delete this file when cli/vroom.c is merged.
 */
#include "cli/vroom.h"

#include "cli/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wo_vroom_opts_init(wo_vroom_opts *o)
{
    memset(o, 0, sizeof *o);
    o->time_limit_s = 10;
    o->seed = 1;
    o->circuity = 1.3;
    o->threads = 1;
}

/* 2 with "PATH: WHAT" in err. */
static int bad(char *err, size_t err_len, const char *path, size_t i,
               const char *what)
{
    snprintf(err, err_len, "%s[%zu]%s", path, i, what);
    return 2;
}

static int check_amounts(const wo_json *job, const char *key, size_t i,
                         char *err, size_t err_len)
{
    const wo_json *a = wo_json_object_get(job, key), *v;
    size_t k;
    char what[64];
    if (!a)
        return 0;
    if (!wo_json_is_array(a)) {
        snprintf(what, sizeof what, ".%s: expected an array of integers", key);
        return bad(err, err_len, "jobs", i, what);
    }
    wo_json_array_foreach(a, k, v) {
        if (!wo_json_is_integer(v) || wo_json_integer_value(v) < 0) {
            snprintf(what, sizeof what, ".%s[%zu]: expected an integer >= 0",
                     key, k);
            return bad(err, err_len, "jobs", i, what);
        }
    }
    return 0;
}

int wo_vroom_solve_text(const char *in, size_t in_len, const wo_vroom_opts *opts,
                        char **out, size_t *out_len, char *err, size_t err_len)
{
    wo_json_error je;
    wo_json *doc, *vehicles, *jobs, *job, *sol, *unassigned, *m;
    size_t i, n_loc = 0;
    char *text;
    int rc = 0;
    (void)opts;
    *out = NULL;
    *out_len = 0;
    if (!(doc = wo_json_loadb(in, in_len, 0, &je))) {
        snprintf(err, err_len, "invalid JSON at line %d, column %d: %s",
                 je.line, je.column, je.text);
        return 2;
    }
    if (!wo_json_is_object(doc)) {
        snprintf(err, err_len, "the problem must be a JSON object");
        rc = 2;
        goto done;
    }
    m = wo_json_object_get(wo_json_object_get(doc, "matrices"), "car");
    n_loc = wo_json_array_size(wo_json_object_get(m, "durations"));
    vehicles = wo_json_object_get(doc, "vehicles");
    if (!wo_json_is_array(vehicles) || wo_json_array_size(vehicles) == 0) {
        snprintf(err, err_len, "vehicles: expected a non-empty array");
        rc = 2;
        goto done;
    }
    wo_json_array_foreach(vehicles, i, job) {
        if (!wo_json_is_integer(wo_json_object_get(job, "id"))) {
            rc = bad(err, err_len, "vehicles", i, ".id: expected an integer");
            goto done;
        }
    }
    jobs = wo_json_object_get(doc, "jobs");
    if (!jobs) {
        snprintf(err, err_len, "jobs: missing");
        rc = 2;
        goto done;
    }
    if (!wo_json_is_array(jobs)) {
        snprintf(err, err_len, "jobs: expected an array");
        rc = 2;
        goto done;
    }
    wo_json_array_foreach(jobs, i, job) {
        const wo_json *li = wo_json_object_get(job, "location_index");
        if (!wo_json_is_integer(wo_json_object_get(job, "id"))) {
            rc = bad(err, err_len, "jobs", i, ".id: expected an integer");
            goto done;
        }
        if (li && (!wo_json_is_integer(li) || wo_json_integer_value(li) < 0 ||
                   (size_t)wo_json_integer_value(li) >= n_loc)) {
            rc = bad(err, err_len, "jobs", i,
                     ".location_index: not an index of the matrix");
            goto done;
        }
        if ((rc = check_amounts(job, "delivery", i, err, err_len)) != 0 ||
            (rc = check_amounts(job, "pickup", i, err, err_len)) != 0)
            goto done;
    }
    unassigned = wo_json_array();
    wo_json_array_foreach(jobs, i, job)
        wo_json_array_append_new(
            unassigned,
            wo_json_pack("{s:O,s:s}", "id", wo_json_object_get(job, "id"),
                         "type", "job"));
    sol = wo_json_pack(
        "{s:i,s:{s:i,s:i,s:I,s:[],s:[],s:i,s:i,s:i,s:i,s:i,"
        "s:{s:i,s:i,s:i}},s:o,s:[]}",
        "code", 0, "summary", "cost", 0, "routes", 0, "unassigned",
        (wo_json_int)wo_json_array_size(jobs), "delivery", "pickup", "service",
        0, "duration", 0, "waiting_time", 0, "priority", 0, "distance", 0,
        "computing_times", "loading", 0, "solving", 0, "routing", 0,
        "unassigned", unassigned, "routes");
    text = sol ? wo_json_dumps(sol, WO_JSON_COMPACT) : NULL;
    wo_json_decref(sol);
    if (!text || !(*out = malloc(strlen(text) + 1))) {
        wo_json_free_text(text);
        snprintf(err, err_len, "out of memory");
        rc = 1;
        goto done;
    }
    *out_len = strlen(text);
    memcpy(*out, text, *out_len + 1);
    wo_json_free_text(text);
done:
    wo_json_decref(doc);
    return rc;
}
