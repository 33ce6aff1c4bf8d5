/*
 * json.c — the command line's JSON values on jansson: the only file of the
 * command line that includes <jansson.h>. Each function passes its call on
 * to the jansson function of the same name; a wo_json pointer is a json_t
 * pointer under another name (the type is never defined, only converted).
 * See json.h for the contracts.
 */
#include "cli/json.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "base/alloc.h"

/* The dump flags must be jansson's own, so that the bytes are too. */
_Static_assert(WO_JSON_INDENT(2) == JSON_INDENT(2), "JSON_INDENT");
_Static_assert(WO_JSON_COMPACT == JSON_COMPACT, "JSON_COMPACT");
_Static_assert(WO_JSON_ENSURE_ASCII == JSON_ENSURE_ASCII, "JSON_ENSURE_ASCII");
_Static_assert(WO_JSON_SORT_KEYS == JSON_SORT_KEYS, "JSON_SORT_KEYS");
_Static_assert(WO_JSON_PRESERVE_ORDER == JSON_PRESERVE_ORDER,
               "JSON_PRESERVE_ORDER");
_Static_assert(WO_JSON_ENCODE_ANY == JSON_ENCODE_ANY, "JSON_ENCODE_ANY");
_Static_assert(WO_JSON_ESCAPE_SLASH == JSON_ESCAPE_SLASH, "JSON_ESCAPE_SLASH");
_Static_assert(WO_JSON_REAL_PRECISION(10) == JSON_REAL_PRECISION(10),
               "JSON_REAL_PRECISION");
_Static_assert(WO_JSON_REJECT_DUPLICATES == JSON_REJECT_DUPLICATES,
               "JSON_REJECT_DUPLICATES");
_Static_assert(sizeof(wo_json_int) == sizeof(json_int_t), "json_int_t");
_Static_assert(sizeof(((wo_json_error *)0)->text) == JSON_ERROR_TEXT_LENGTH,
               "JSON_ERROR_TEXT_LENGTH");
_Static_assert(sizeof(((wo_json_error *)0)->source) ==
                   JSON_ERROR_SOURCE_LENGTH,
               "JSON_ERROR_SOURCE_LENGTH");

/* The jansson value behind a wo_json, and back. */
#define J(j) ((json_t *)(j))
#define CJ(j) ((const json_t *)(j))
#define W(j) ((wo_json *)(j))

/* ------------------------------------------------------------ constructors */

/* The containers and the loaders make the first values of a document:
 * they route jansson's allocations through the hook first. */
wo_json *wo_json_object(void)
{
    wo_alloc_hook_jansson();
    return W(json_object());
}

wo_json *wo_json_array(void)
{
    wo_alloc_hook_jansson();
    return W(json_array());
}

wo_json *wo_json_string(const char *s) { return W(json_string(s)); }
wo_json *wo_json_integer(wo_json_int v) { return W(json_integer(v)); }
wo_json *wo_json_real(double v) { return W(json_real(v)); }
wo_json *wo_json_boolean(int v) { return W(json_boolean(v)); }
wo_json *wo_json_null(void) { return W(json_null()); }

wo_json *wo_json_pack(const char *fmt, ...)
{
    va_list ap;
    json_t *j;
    wo_alloc_hook_jansson();
    va_start(ap, fmt);
    j = json_vpack_ex(NULL, 0, fmt, ap);
    va_end(ap);
    return W(j);
}

wo_json *wo_json_deep_copy(const wo_json *j)
{
    return W(json_deep_copy(CJ(j)));
}

void wo_json_decref(wo_json *j)
{
    json_decref(J(j));
}

/* ----------------------------------------------------------------- objects */

int wo_json_object_set_new(wo_json *obj, const char *key, wo_json *value)
{
    return json_object_set_new(J(obj), key, J(value));
}

int wo_json_object_set(wo_json *obj, const char *key, wo_json *value)
{
    return json_object_set(J(obj), key, J(value));
}

wo_json *wo_json_object_get(const wo_json *obj, const char *key)
{
    return W(json_object_get(CJ(obj), key));
}

size_t wo_json_object_size(const wo_json *obj)
{
    return json_object_size(CJ(obj));
}

void *wo_json_object_iter(wo_json *obj) { return json_object_iter(J(obj)); }

void *wo_json_object_iter_next(wo_json *obj, void *iter)
{
    return json_object_iter_next(J(obj), iter);
}

const char *wo_json_object_iter_key(void *iter)
{
    return json_object_iter_key(iter);
}

wo_json *wo_json_object_iter_value(void *iter)
{
    return W(json_object_iter_value(iter));
}

/* ------------------------------------------------------------------ arrays */

size_t wo_json_array_size(const wo_json *arr)
{
    return json_array_size(CJ(arr));
}

wo_json *wo_json_array_get(const wo_json *arr, size_t i)
{
    return W(json_array_get(CJ(arr), i));
}

int wo_json_array_append_new(wo_json *arr, wo_json *value)
{
    return json_array_append_new(J(arr), J(value));
}

int wo_json_array_append(wo_json *arr, wo_json *value)
{
    return json_array_append(J(arr), J(value));
}

int wo_json_array_insert(wo_json *arr, size_t i, wo_json *value)
{
    return json_array_insert(J(arr), i, J(value));
}

int wo_json_array_remove(wo_json *arr, size_t i)
{
    return json_array_remove(J(arr), i);
}

/* ------------------------------------------------------------------ values */

const char *wo_json_string_value(const wo_json *j)
{
    return json_string_value(CJ(j));
}

double wo_json_number_value(const wo_json *j)
{
    return json_number_value(CJ(j));
}

wo_json_int wo_json_integer_value(const wo_json *j)
{
    return json_integer_value(CJ(j));
}

double wo_json_real_value(const wo_json *j)
{
    return json_real_value(CJ(j));
}

int wo_json_is_object(const wo_json *j) { return json_is_object(CJ(j)); }
int wo_json_is_array(const wo_json *j) { return json_is_array(CJ(j)); }
int wo_json_is_string(const wo_json *j) { return json_is_string(CJ(j)); }
int wo_json_is_number(const wo_json *j) { return json_is_number(CJ(j)); }
int wo_json_is_integer(const wo_json *j) { return json_is_integer(CJ(j)); }
int wo_json_is_true(const wo_json *j) { return json_is_true(CJ(j)); }
int wo_json_is_false(const wo_json *j) { return json_is_false(CJ(j)); }
int wo_json_is_null(const wo_json *j) { return json_is_null(CJ(j)); }

int wo_json_equal(const wo_json *a, const wo_json *b)
{
    return json_equal(CJ(a), CJ(b));
}

/* ---------------------------------------------------------------- dumping */

char *wo_json_dumps(const wo_json *j, size_t flags)
{
    return json_dumps(CJ(j), flags);
}

void wo_json_free_text(char *s)
{
    json_free_t release;
    if (!s)
        return;
    json_get_alloc_funcs(NULL, &release);
    release(s);
}

int wo_json_dumpf(const wo_json *j, FILE *f, size_t flags)
{
    return json_dumpf(CJ(j), f, flags);
}

int wo_json_dump_callback(const wo_json *j, wo_json_dump_fn fn, void *data,
                          size_t flags)
{
    return json_dump_callback(CJ(j), fn, data, flags);
}

/* ---------------------------------------------------------------- loading */

/* Copy jansson's error record into the caller's (may be NULL). */
static void copy_error(wo_json_error *out, const json_error_t *e)
{
    if (!out)
        return;
    out->line = e->line;
    out->column = e->column;
    out->position = e->position;
    memcpy(out->source, e->source, sizeof out->source);
    memcpy(out->text, e->text, sizeof out->text);
}

wo_json *wo_json_loads(const char *text, size_t flags, wo_json_error *error)
{
    json_error_t e;
    json_t *j;
    wo_alloc_hook_jansson();
    j = json_loads(text, flags, &e);
    copy_error(error, &e);
    return W(j);
}

wo_json *wo_json_loadb(const char *buf, size_t len, size_t flags,
                       wo_json_error *error)
{
    json_error_t e;
    json_t *j;
    wo_alloc_hook_jansson();
    j = json_loadb(buf, len, flags, &e);
    copy_error(error, &e);
    return W(j);
}

wo_json *wo_json_load_file(const char *path, size_t flags,
                           wo_json_error *error)
{
    json_error_t e;
    json_t *j;
    wo_alloc_hook_jansson();
    j = json_load_file(path, flags, &e);
    copy_error(error, &e);
    return W(j);
}

/* ----------------------------------------------------------------- numbers */

wo_json *wo_json_num(double v, int decimals)
{
    double scale;
    if (!isfinite(v))
        return wo_json_null();
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    scale = pow(10.0, decimals);
    if (fabs(v) < 1e15 / scale)
        v = round(v * scale) / scale;
    return wo_json_real(v);
}
