/*
 * json.h — the command line's JSON values: one opaque value type, wo_json,
 * and the calls the writers (and the tests that read their output back)
 * make on it. The JSON library behind it is included by cli/json.c alone:
 * no other header or file of the command line names its types, so it
 * could change in one file.
 *
 * Every function maps 1:1 onto the library call of the same name without
 * the wo_ prefix, with that call's contract: the same reference counting
 * (a *_new call or "o" in wo_json_pack steals the reference it is given;
 * wo_json_object_get / wo_json_array_get return borrowed references; a
 * constructor returns a new reference, NULL when out of memory), the same
 * return codes (0 or -1) and the same dump flags (WO_JSON_INDENT ... equal
 * the library's JSON_INDENT ..., so the bytes written are its own). The
 * scenario reader of data/ (data/scenario_json.c) reads with the library
 * directly and does not use this.
 */
#ifndef WO_CLI_JSON_H
#define WO_CLI_JSON_H

#include <stddef.h>
#include <stdio.h>

/* A JSON value (object, array, string, number, true, false or null),
 * reference counted. */
typedef struct wo_json wo_json;

/* The integer type of JSON integers (the library's json_int_t). */
typedef long long wo_json_int;

/* Where and why text could not be parsed (the library's json_error_t). */
typedef struct wo_json_error {
    int line;          /* 1-based line, -1 when unknown             */
    int column;        /* 1-based column, -1 when unknown           */
    int position;      /* byte offset, -1 when unknown              */
    char source[80];   /* the file name, "<string>" or "<buffer>"   */
    char text[160];    /* what is wrong                             */
} wo_json_error;

/* Dump flags, the values of the library's JSON_* flags. */
#define WO_JSON_INDENT(n) ((n) & 0x1F)
#define WO_JSON_COMPACT 0x20
#define WO_JSON_ENSURE_ASCII 0x40
#define WO_JSON_SORT_KEYS 0x80
#define WO_JSON_PRESERVE_ORDER 0x100
#define WO_JSON_ENCODE_ANY 0x200
#define WO_JSON_ESCAPE_SLASH 0x400
#define WO_JSON_REAL_PRECISION(n) (((n) & 0x1F) << 11)

/* Decoding flag, the value of the library's JSON_REJECT_DUPLICATES: an
 * object with a key twice is an error. */
#define WO_JSON_REJECT_DUPLICATES 0x1

/* ------------------------------------------------------------ constructors */

/* New values; NULL when out of memory (or, for wo_json_string, when s is
 * NULL or not UTF-8). */
wo_json *wo_json_object(void);
wo_json *wo_json_array(void);
wo_json *wo_json_string(const char *s);
wo_json *wo_json_integer(wo_json_int v);
wo_json *wo_json_real(double v);
wo_json *wo_json_boolean(int v);
wo_json *wo_json_null(void);

/* Build a value from a format and arguments (the library's json_pack: "{s:s,
 * s:i, s:f, s:o, s:[]}" ...). NULL on error or out of memory; an "o"
 * argument is stolen even then. */
wo_json *wo_json_pack(const char *fmt, ...);

/* A deep copy of j (new reference), NULL when out of memory. */
wo_json *wo_json_deep_copy(const wo_json *j);

/* Release one reference of j (NULL allowed). */
void wo_json_decref(wo_json *j);

/* ----------------------------------------------------------------- objects */

/* Set key to value: *_set_new steals the reference of value, *_set takes
 * one of its own. 0, or -1 on error (value NULL, not an object, OOM); the
 * reference is stolen by *_set_new even then. */
int wo_json_object_set_new(wo_json *obj, const char *key, wo_json *value);
int wo_json_object_set(wo_json *obj, const char *key, wo_json *value);

/* The value of key (borrowed), NULL when absent or obj is not an object. */
wo_json *wo_json_object_get(const wo_json *obj, const char *key);

/* Keys of obj (0 when not an object). */
size_t wo_json_object_size(const wo_json *obj);

/* The keys of obj in order: wo_json_object_iter gives the first position
 * (NULL when obj is empty or not an object), wo_json_object_iter_next the
 * one after it (NULL at the end); wo_json_object_iter_key and
 * wo_json_object_iter_value read a position (borrowed). */
void *wo_json_object_iter(wo_json *obj);
void *wo_json_object_iter_next(wo_json *obj, void *iter);
const char *wo_json_object_iter_key(void *iter);
wo_json *wo_json_object_iter_value(void *iter);

/* ------------------------------------------------------------------ arrays */

/* Elements of arr (0 when not an array) and element i (borrowed, NULL out
 * of range). */
size_t wo_json_array_size(const wo_json *arr);
wo_json *wo_json_array_get(const wo_json *arr, size_t i);

/* Append / insert value: *_append_new steals the reference, the others
 * take one of their own. 0, or -1 on error. */
int wo_json_array_append_new(wo_json *arr, wo_json *value);
int wo_json_array_append(wo_json *arr, wo_json *value);
int wo_json_array_insert(wo_json *arr, size_t i, wo_json *value);

/* Remove element i. 0, or -1 when out of range or not an array. */
int wo_json_array_remove(wo_json *arr, size_t i);

/* for (index = 0; index < size && (value = element index); index++). */
#define wo_json_array_foreach(array, index, value)                             \
    for ((index) = 0; (index) < wo_json_array_size(array) &&                   \
                      ((value) = wo_json_array_get((array), (index)));         \
         (index)++)

/* ------------------------------------------------------------------ values */

/* The text of a string (NULL when j is not a string), the value of a
 * number as a double (0 when j is not a number), of an integer (0 when
 * not an integer), of a real (0 when not a real). */
const char *wo_json_string_value(const wo_json *j);
double wo_json_number_value(const wo_json *j);
wo_json_int wo_json_integer_value(const wo_json *j);
double wo_json_real_value(const wo_json *j);

/* Type tests: 1 or 0 (0 for NULL). */
int wo_json_is_object(const wo_json *j);
int wo_json_is_array(const wo_json *j);
int wo_json_is_string(const wo_json *j);
int wo_json_is_number(const wo_json *j);
int wo_json_is_integer(const wo_json *j);
int wo_json_is_true(const wo_json *j);
int wo_json_is_false(const wo_json *j);
int wo_json_is_null(const wo_json *j);

/* 1 when a and b are equal values (objects: same keys and values in any
 * order), else 0. */
int wo_json_equal(const wo_json *a, const wo_json *b);

/* ---------------------------------------------------------------- dumping */

/* Called with the successive pieces of the text; returns 0, or -1 to stop
 * the dump. */
typedef int (*wo_json_dump_fn)(const char *buffer, size_t size, void *data);

/* The text of j with flags WO_JSON_...: a new string (release with
 * wo_json_free_text), NULL on error (out of memory). */
char *wo_json_dumps(const wo_json *j, size_t flags);

/* Release a text of wo_json_dumps (NULL is ignored). */
void wo_json_free_text(char *s);

/* Write the text of j to f / through fn. 0, or -1 on error. */
int wo_json_dumpf(const wo_json *j, FILE *f, size_t flags);
int wo_json_dump_callback(const wo_json *j, wo_json_dump_fn fn, void *data,
                          size_t flags);

/* ---------------------------------------------------------------- loading */

/* Parse the text of a NUL-terminated string, of buf[0..len), of the file
 * at path. A new value, or NULL with *error (may be NULL) saying where and
 * why. flags as the library's decoding flags (0: one object or array). */
wo_json *wo_json_loads(const char *text, size_t flags, wo_json_error *error);
wo_json *wo_json_loadb(const char *buf, size_t len, size_t flags,
                       wo_json_error *error);
wo_json *wo_json_load_file(const char *path, size_t flags,
                           wo_json_error *error);

/* ----------------------------------------------------------------- numbers */

/* A JSON real rounded to `decimals` places (NaN and infinities become
 * null, since JSON has no such numbers). New reference. */
wo_json *wo_json_num(double v, int decimals);

#endif /* WO_CLI_JSON_H */
