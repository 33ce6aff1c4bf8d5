/*
 * err.h — the library's side of errors: setting and prefixing the message
 * of a caller-owned wo_err. The codes, the wo_err buffer, wo_strerror and
 * wo_err_clear are public and have their one home in include/wasteopt.h,
 * included here, so that the installed header and the library can never
 * disagree on a code. Nothing here prints or exits.
 */
#ifndef WO_BASE_ERR_H
#define WO_BASE_ERR_H

#include <stdarg.h>

#include "include/wasteopt.h"

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

/* The text of a system error number for a message: "out of memory" for
 * ENOMEM (so that a planner and a script read the same words whatever
 * failed to allocate), strerror(e) otherwise. */
const char *wo_errno_text(int e);

/* The code of a failed system call's errno e: WO_ENOMEM for ENOMEM,
 * WO_EIO for every other. */
int wo_errno_code(int e);

#endif /* WO_BASE_ERR_H */
