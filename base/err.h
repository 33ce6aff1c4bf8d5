/*
 * err.h — error codes (one X-macro list), wo_strerror and the caller-owned
 * message buffer that fallible functions fill. Nothing here prints or exits.
 */
#ifndef WO_BASE_ERR_H
#define WO_BASE_ERR_H

#include <stdarg.h>

/* One list, expanded into the enum and into wo_strerror(). */
#define WO_ERRNO_MAP(X)                                                        \
    X(OK, "success")                                                           \
    X(NOMEM, "out of memory")                                                  \
    X(IO, "input/output error")                                                \
    X(PARSE, "malformed input")                                                \
    X(INVAL, "invalid argument or value")                                      \
    X(RANGE, "value out of range")                                             \
    X(NOTFOUND, "not found")                                                   \
    X(DUP, "duplicate identifier")                                             \
    X(ENCODING, "unsupported text encoding")                                   \
    X(INFEASIBLE, "infeasible input")                                          \
    X(UNSUPPORTED, "unsupported operation or format")                          \
    X(VERSION, "incompatible file version")                                    \
    X(CHECKSUM, "checksum mismatch")                                           \
    X(NET, "network error")                                                    \
    X(TIMEOUT, "timed out")                                                    \
    X(TOOBIG, "size limit exceeded")                                           \
    X(SOLVER, "solver failure")                                                \
    X(CANCELLED, "cancelled")                                                  \
    X(INTERNAL, "internal error")

typedef enum wo_errno {
#define WO_ERR_ENUM_(name, text) WO_E##name,
    WO_ERRNO_MAP(WO_ERR_ENUM_)
#undef WO_ERR_ENUM_
    WO_ERRNO_COUNT_
} wo_errno;

#define WO_OK WO_EOK

/* Static text of an error code; never NULL. */
const char *wo_strerror(int code);

/* A caller-owned message buffer that fallible functions fill. */
#define WO_ERR_MSG_MAX 1024
typedef struct wo_err {
    int code;                  /* last WO_E... code set, WO_OK if none   */
    char msg[WO_ERR_MSG_MAX];  /* human-readable detail, NUL-terminated  */
} wo_err;

/* Reset to WO_OK and an empty message. err may be NULL. */
void wo_err_clear(wo_err *err);

/* Set code and a printf-style message; returns code so callers can write
 * `return wo_err_set(err, WO_EPARSE, "...")`. err may be NULL. */
int wo_err_set(wo_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int wo_err_vset(wo_err *err, int code, const char *fmt, va_list ap);

/* Prefix the current message with "prefix: " (for adding context). */
void wo_err_prefix(wo_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif /* WO_BASE_ERR_H */
