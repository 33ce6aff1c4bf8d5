/*
 * err.c — Error codes and messages. See err.h for the contracts.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/parse.h"

const char *wo_strerror(int code)
{
    switch ((wo_errno)code) {
#define WO_ERR_CASE_(name, text)                                               \
    case WO_E##name:                                                           \
        return text;
        WO_ERRNO_MAP(WO_ERR_CASE_)
#undef WO_ERR_CASE_
    case WO_ERRNO_COUNT_:
        break;
    }
    return "unknown error";
}

void wo_err_clear(wo_err *err)
{
    if (!err)
        return;
    err->code = WO_OK;
    err->msg[0] = '\0';
}

int wo_err_vset(wo_err *err, int code, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    if (fmt)
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    else
        wo_strlcpy(err->msg, wo_strerror(code), sizeof err->msg);
    return code;
}

int wo_err_set(wo_err *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wo_err_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void wo_err_prefix(wo_err *err, const char *fmt, ...)
{
    char prefix[256];
    char old[WO_ERR_MSG_MAX];
    va_list ap;
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    wo_strlcpy(old, err->msg, sizeof old);
    {
        size_t n = wo_strlcpy(err->msg, prefix, sizeof err->msg);
        if (n < sizeof err->msg - 2) {
            err->msg[n] = ':';
            err->msg[n + 1] = ' ';
            wo_strlcpy(err->msg + n + 2, old, sizeof err->msg - n - 2);
        }
    }
}

const char *wo_errno_text(int e)
{
    return e == ENOMEM ? "out of memory" : strerror(e);
}

int wo_errno_code(int e)
{
    return e == ENOMEM ? WO_ENOMEM : WO_EIO;
}
