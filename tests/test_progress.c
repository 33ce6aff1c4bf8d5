/* Unit tests of cli/progress: bar and plain-line output, --quiet, the
 * cancel flag set by SIGINT/SIGTERM and the default action restored. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/progress.h"

static wo_progress report(const char *phase, double frac)
{
    wo_progress pr;
    memset(&pr, 0, sizeof pr);
    pr.phase = phase;
    pr.fraction = frac;
    pr.best_cost = NAN;
    return pr;
}

static void test_plain_lines(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wo_cli_progress p;
    wo_progress pr;
    (void)state;
    wo_cli_progress_init(&p, f, 0, 0);
    pr = report("household", 0.5);
    pr.best_cost = 1234.4;
    wo_cli_progress_report(&pr, &p);
    pr = report("household", 0.6); /* too soon: suppressed */
    wo_cli_progress_report(&pr, &p);
    pr = report("medical", -1); /* a log keeps its pace: not shown */
    wo_cli_progress_report(&pr, &p);
    pr = report("medical", 1.0); /* completion is always shown */
    wo_cli_progress_report(&pr, &p);
    wo_cli_progress_note(&p, "wrote %s", "plan.json");
    wo_cli_progress_finish(&p);
    fclose(f);
    assert_non_null(strstr(buf, "progress:  50% household"));
    assert_non_null(strstr(buf, "best 1234"));
    assert_null(strstr(buf, "60%"));
    assert_null(strstr(buf, "progress: medical,"));
    assert_non_null(strstr(buf, "progress: 100% medical"));
    assert_non_null(strstr(buf, "wrote plan.json\n"));
    assert_null(strchr(buf, '\r'));
    assert_null(strchr(buf, '\033'));
    free(buf);
}

static void test_tty_bar(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wo_cli_progress p;
    wo_progress pr;
    (void)state;
    wo_cli_progress_init(&p, f, 0, 1);
    pr = report("construction", 0.5);
    wo_cli_progress_report(&pr, &p);
    wo_cli_progress_note(&p, "note");
    wo_cli_progress_finish(&p);
    fclose(f);
    assert_non_null(strstr(buf, "\r\033[K[###############---------------]  50%"));
    assert_non_null(strstr(buf, "construction"));
    /* the note clears the bar line first */
    assert_non_null(strstr(buf, "\r\033[Knote\n"));
    free(buf);
}

static void test_quiet(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wo_cli_progress p;
    wo_progress pr = report("x", 0.5);
    (void)state;
    wo_cli_progress_init(&p, f, 1, 1);
    wo_cli_progress_report(&pr, &p);
    wo_cli_progress_note(&p, "hidden");
    wo_cli_progress_finish(&p);
    fclose(f);
    assert_int_equal(len, 0);
    free(buf);
}

static void test_signals(void **state)
{
    wo_cancel_flag flag = 0;
    struct sigaction sa;
    (void)state;
    assert_int_equal(wo_cli_signals_install(&flag), 0);
    assert_int_equal(wo_cli_signal_received(), 0);
    sigaction(SIGTERM, NULL, &sa);
    assert_true(sa.sa_handler != SIG_DFL);
    raise(SIGTERM);
    assert_int_equal(flag, 1);
    assert_int_equal(wo_cli_signal_received(), SIGTERM);
    /* a second signal would end the process: both are back to default */
    sigaction(SIGTERM, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
    sigaction(SIGINT, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
    flag = 0;
    assert_int_equal(wo_cli_signals_install(&flag), 0);
    raise(SIGINT);
    assert_int_equal(flag, 1);
    assert_int_equal(wo_cli_signal_received(), SIGINT);
    wo_cli_signals_restore();
    sigaction(SIGINT, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_tty_bar),
        cmocka_unit_test(test_quiet),
        cmocka_unit_test(test_signals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
