/*
 * httpd.h — a tiny HTTP/1.1 server for the download tests. It listens on
 * 127.0.0.1 on an ephemeral port, serves one connection at a time from a
 * thread, answers every request with one fixed body according to a mode
 * that simulates a failure, and records what it was asked.
 */
#ifndef WO_TEST_HTTPD_H
#define WO_TEST_HTTPD_H

#include <stddef.h>

typedef enum wo_httpd_mode {
    WO_HTTPD_OK,            /* 200 + Content-Length; "Range: bytes=N-"
                               gets 206 with Content-Range               */
    WO_HTTPD_FAIL_THEN_OK,  /* the first fail_count requests get 500     */
    WO_HTTPD_STALL,         /* headers and half the body, then silence   */
    WO_HTTPD_TRUNCATE,      /* full Content-Length, half the body, close */
    WO_HTTPD_BREAK_THEN_OK, /* first request like TRUNCATE, then OK      */
    WO_HTTPD_NO_LENGTH,     /* 200 without Content-Length, close at end  */
    WO_HTTPD_STATUS,        /* always `status` with a short text body     */
    WO_HTTPD_IGNORE_RANGE   /* 200 and the whole body even for a Range   */
} wo_httpd_mode;

typedef struct wo_httpd wo_httpd;

/* Start a server answering with body[0..len) in mode. fail_count is used
 * by FAIL_THEN_OK, status by STATUS. Returns NULL on failure. */
wo_httpd *wo_httpd_start(wo_httpd_mode mode, const char *body, size_t len,
                         int fail_count, int status);

/* Port the server listens on. */
int wo_httpd_port(const wo_httpd *h);

/* Requests answered or being answered so far. */
int wo_httpd_requests(wo_httpd *h);

/* Copy of the last request's method, Range header value ("" if none)
 * and body (truncated to size-1 bytes). */
void wo_httpd_last(wo_httpd *h, char *method, size_t method_size,
                   char *range, size_t range_size, char *body,
                   size_t body_size);

/* Stop the thread, close the socket, free everything. */
void wo_httpd_stop(wo_httpd *h);

/* Parse a mode name ("ok", "fail-then-ok", "stall", "truncate",
 * "break-then-ok", "no-length", "status", "ignore-range"); -1 if unknown. */
int wo_httpd_mode_parse(const char *name);

#endif /* WO_TEST_HTTPD_H */
