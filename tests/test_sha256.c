/* Unit tests of geo/sha256 against the FIPS 180-4 example vectors (NIST
 * "SHA256.pdf" examples and the one-million-'a' message). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "geo/sha256.h"

static void test_vectors(void **state)
{
    char hex[WO_SHA256_HEX_LEN + 1];
    (void)state;
    wo_sha256_hex_of("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                             "27ae41e4649b934ca495991b7852b855");
    wo_sha256_hex_of("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                             "b00361a396177a9cb410ff61f20015ad");
    wo_sha256_hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                     56, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
                             "a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a' fed in uneven pieces exercises the block buffering. */
static void test_million_a_incremental(void **state)
{
    char chunk[997], hex[WO_SHA256_HEX_LEN + 1];
    unsigned char d[WO_SHA256_BYTES];
    wo_sha256 s;
    size_t left = 1000000, n;
    (void)state;
    memset(chunk, 'a', sizeof chunk);
    wo_sha256_init(&s);
    while (left) {
        n = left < sizeof chunk ? left : sizeof chunk;
        wo_sha256_update(&s, chunk, n % 61 ? n : n - 1);
        left -= n % 61 ? n : n - 1;
    }
    wo_sha256_final(&s, d);
    wo_sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                             "f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_million_a_incremental),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
