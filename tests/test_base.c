/* Unit tests of base/: errors, parsing, RNG, buffers, arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(wo_strerror(WO_OK), "success");
    assert_string_equal(wo_strerror(WO_EPARSE), "malformed input");
    assert_string_equal(wo_strerror(9999), "unknown error");
}

static void test_err_set_prefix(void **state)
{
    wo_err e;
    (void)state;
    wo_err_clear(&e);
    assert_int_equal(wo_err_set(&e, WO_EPARSE, "column '%s': '%s' is not a number", "lat", "abc"), WO_EPARSE);
    wo_err_prefix(&e, "%s:%d", "sites.csv", 12);
    assert_string_equal(e.msg, "sites.csv:12: column 'lat': 'abc' is not a number");
    assert_int_equal(e.code, WO_EPARSE);
}

static void test_parse_double(void **state)
{
    double v = 0;
    (void)state;
    assert_int_equal(wo_parse_double(" 29.5 ", &v), WO_OK);
    assert_true(v == 29.5);
    assert_int_equal(wo_parse_double("abc", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("1.5x", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("nan", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("1e999", &v), WO_ERANGE);
    /* decimal only: no hex floats, no inf */
    assert_int_equal(wo_parse_double("0x1p3", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double(" 0X10 ", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("-0x1.8p1", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("inf", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("-Infinity", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("1e", &v), WO_EPARSE);
    assert_int_equal(wo_parse_double("-2.5E-3", &v), WO_OK);
    assert_true(v == -2.5e-3);
    assert_int_equal(wo_parse_double("+.5e+2\t", &v), WO_OK);
    assert_true(v == 50);
}

static void test_parse_long_hhmm(void **state)
{
    long l = 0;
    double s = 0;
    (void)state;
    assert_int_equal(wo_parse_long("42", &l), WO_OK);
    assert_int_equal(l, 42);
    assert_int_equal(wo_parse_long("4.2", &l), WO_EPARSE);
    assert_int_equal(wo_parse_hhmm("06:30", &s), WO_OK);
    assert_true(s == 23400);
    assert_int_equal(wo_parse_hhmm("25:00:30", &s), WO_OK);
    assert_true(s == 90030);
    assert_int_equal(wo_parse_hhmm("6", &s), WO_EPARSE);
    assert_int_equal(wo_parse_hhmm("06:75", &s), WO_ERANGE);
}

static void test_rng_deterministic(void **state)
{
    wo_rng a, b;
    int i;
    (void)state;
    wo_rng_seed(&a, 7);
    wo_rng_seed(&b, 7);
    for (i = 0; i < 1000; i++) {
        uint32_t x = wo_rng_below(&a, 10);
        assert_int_equal(x, wo_rng_below(&b, 10));
        assert_true(x < 10);
    }
    for (i = 0; i < 1000; i++) {
        double u = wo_rng_unit(&a);
        assert_true(u >= 0 && u < 1);
    }
}

static void test_buf_max(void **state)
{
    wo_buf b;
    (void)state;
    wo_buf_init(&b, 8);
    assert_int_equal(wo_buf_append(&b, "abcd", 4), WO_OK);
    assert_int_equal(wo_buf_printf(&b, "%d", 1234), WO_OK);
    assert_string_equal(wo_buf_cstr(&b), "abcd1234");
    assert_int_equal(wo_buf_append(&b, "x", 1), WO_ETOOBIG);
    wo_buf_free(&b);
}

static void test_arena(void **state)
{
    wo_arena a;
    char *p, *q;
    int i;
    (void)state;
    wo_arena_init(&a, 256);
    for (i = 0; i < 100; i++) {
        p = wo_arena_alloc(&a, 100);
        assert_non_null(p);
        assert_true(((uintptr_t)p & 15u) == 0);
    }
    wo_arena_reset(&a);
    q = wo_arena_alloc(&a, 1000);
    assert_non_null(q);
    assert_int_equal(q[999], 0);
    wo_arena_free(&a);
}

static int fail_after;
static void *failing_malloc(size_t n, void *ud)
{
    (void)ud;
    if (fail_after-- <= 0)
        return NULL;
    return malloc(n);
}
static void *plain_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return realloc(p, n);
}
static void plain_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

static void test_alloc_hook(void **state)
{
    wo_alloc_hooks h = {failing_malloc, plain_realloc, plain_free, NULL};
    char *s;
    (void)state;
    fail_after = 1;
    wo_set_alloc_hooks(&h);
    s = wo_strdup("ok");
    assert_non_null(s);
    assert_null(wo_strdup("fails"));
    wo_free(s);
    wo_set_alloc_hooks(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_err_set_prefix),
        cmocka_unit_test(test_parse_double),
        cmocka_unit_test(test_parse_long_hhmm),
        cmocka_unit_test(test_rng_deterministic),
        cmocka_unit_test(test_buf_max),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_alloc_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
