/*
 * Files named by scenario.json stay inside the scenario directory and are
 * regular files: each refusal on disk with its exact message, given before
 * a byte of the file is read (a FIFO never blocks, a device is never read).
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "data/model.h"
#include "tests/support/files.h"
#include "tests/support/scratch.h"

/* A copy of the small test scenario in a new scratch directory. */
static void copy_small(char *dir, size_t size)
{
    char src[4096], path[4200];
    ts_files files;
    int i;
    snprintf(dir, size, "/tmp/wo_paths.XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(src, sizeof src, "%s/tests/data/scenarios/small", ts_top());
    ts_files_init(&files);
    assert_int_equal(ts_files_add_dir(&files, src, NULL), 0);
    for (i = 0; i < files.n; i++) {
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", dir, files.f[i].name);
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(files.f[i].data, 1, (size_t)files.f[i].size,
                                f),
                         (size_t)files.f[i].size);
        assert_int_equal(fclose(f), 0);
    }
    ts_files_free(&files);
}

/* Load dir and expect a failure with exactly `expected`. */
static void expect_refused(const char *dir, const char *expected)
{
    wo_scenario *sc = NULL;
    wo_err err;
    int rc = wo_scenario_load_dir(dir, &sc, &err);
    assert_int_not_equal(rc, WO_OK);
    assert_null(sc);
    assert_string_equal(err.msg, expected);
}

/* A copy of the small scenario whose sites.csv is replaced by what
 * make() puts at path (returning 0, or -1 when it cannot: the case is
 * skipped), loaded: it must fail with exactly `expected`. */
static void sites_refused(int (*make)(const char *path), const char *expected)
{
    char dir[64], path[4200];
    int made;
    copy_small(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/sites.csv", dir);
    assert_int_equal(unlink(path), 0);
    made = make(path) == 0;
    if (made)
        expect_refused(dir, expected);
    ts_remove_tree(dir);
    if (!made) {
        print_message("cannot create the file: case skipped\n");
        skip();
    }
}

static int make_fifo(const char *path)
{
    return mkfifo(path, 0600);
}

static int make_dir(const char *path)
{
    return mkdir(path, 0700);
}

static int make_symlink(const char *path)
{
    return symlink("/dev/zero", path);
}

/* The numbers of /dev/zero; creating a device node needs privileges. */
static int make_device(const char *path)
{
    return mknod(path, S_IFCHR | 0600, makedev(1, 5));
}

/* Above the cap (sparse: it takes no space). */
static int make_big(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(
        ftruncate(fd, (off_t)WO_SCENARIO_MAX_FILE_BYTES + 4096), 0);
    return close(fd);
}

static void test_fifo(void **state)
{
    (void)state;
    sites_refused(make_fifo, "scenario.json: key 'files.sites': sites.csv: "
                             "is a FIFO (expected a regular file)");
}

static void test_directory(void **state)
{
    (void)state;
    sites_refused(make_dir, "scenario.json: key 'files.sites': sites.csv: is "
                            "a directory (expected a regular file)");
}

/* A symbolic link (here to /dev/zero) is refused, not followed. */
static void test_symlink(void **state)
{
    (void)state;
    sites_refused(make_symlink,
                  "scenario.json: key 'files.sites': sites.csv: is a "
                  "symbolic link (expected a regular file inside the "
                  "scenario directory)");
}

/* A device node is refused as a device, not read up to the size cap. */
static void test_device(void **state)
{
    (void)state;
    sites_refused(make_device, "scenario.json: key 'files.sites': sites.csv: "
                               "is a device (expected a regular file)");
}

/* A file above the cap is refused from its size, before reading. */
static void test_too_big(void **state)
{
    char expected[160];
    (void)state;
    snprintf(expected, sizeof expected,
             "scenario.json: key 'files.sites': sites.csv: file is larger "
             "than %zu MiB",
             WO_SCENARIO_MAX_FILE_BYTES >> 20);
    sites_refused(make_big, expected);
}

/* A reference out of the directory is refused from its name: nothing of
 * the file it names appears in the message. */
static void test_outside(void **state)
{
    static const char *const cases[] = {
        "\"../../../../../../etc/shadow\"",
        "\"/etc/passwd\"",
        "\"sub/../../stats.csv\"",
    };
    static const char *const expected[] = {
        "scenario.json: key 'files.stats': '../../../../../../etc/shadow' has "
        "a '..' component (expected a file inside the scenario directory)",
        "scenario.json: key 'files.stats': '/etc/passwd' is an absolute path "
        "(expected a file inside the scenario directory)",
        "scenario.json: key 'files.stats': 'sub/../../stats.csv' has a '..' "
        "component (expected a file inside the scenario directory)",
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64], path[4200], *text, *at;
        size_t len;
        FILE *f;
        copy_small(dir, sizeof dir);
        snprintf(path, sizeof path, "%s/scenario.json", dir);
        text = ts_slurp(path, &len);
        assert_non_null(text);
        at = strstr(text, "\"demand.csv\"");
        assert_non_null(at);
        f = fopen(path, "wb");
        assert_non_null(f);
        fprintf(f, "%.*s\"demand.csv\", \"stats\": %s%s", (int)(at - text),
                text, cases[i], at + strlen("\"demand.csv\""));
        assert_int_equal(fclose(f), 0);
        free(text);
        expect_refused(dir, expected[i]);
        ts_remove_tree(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_symlink),
        cmocka_unit_test(test_device),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_outside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
