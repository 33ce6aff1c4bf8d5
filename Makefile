# wasteopt — one plain Makefile.
#
#   make            build the library, wasteopt, wasteopt-mpi, tests and benches
#   make run        install missing packages, build, run the nightly plan on
#                   the embedded Chongqing default
#   make check      install missing packages, build with -Werror, run all
#                   tests, then run them again under ASan+UBSan
#   make bench      the long benchmarks (results: benches/RESULTS.md)
#   make fuzz       build the libFuzzer targets with clang and run each
#   make oom-sweep  fail every allocation of validate, plan, site,
#                   indicators and solve runs in turn (tests/support/oom/sweep.sh)
#   make install    PREFIX=/usr/local: binary, libraries (static, shared
#                   with its SONAME links), the public header
#                   include/wasteopt.h, wasteopt.pc, the man pages
#   make deps       install the missing Debian packages (apt-get)

PREFIX     ?= /usr/local
CC         ?= cc
BUILD      ?= build
WERROR     ?= 0
SAN        ?= 0
FUZZ_SECONDS ?= 30

# Debian packages the build, tests and run need. libjs-leaflet: the map of
# map.html (read when a plan is written); chromium, nodejs and a CJK font:
# the browser test of the page (tests/e2e_browser.sh). The machines' nodejs
# (Node 20, NodeSource's package) carries npm; Debian's npm package would
# conflict with it and is not listed.
DEB_PACKAGES = build-essential pkg-config clang libglpk-dev glpk-utils \
               libproj-dev proj-data libcurl4-openssl-dev libcmocka-dev \
               libjansson-dev libreadosm-dev libexpat1-dev zlib1g-dev \
               curl libmicrohttpd-dev libjs-leaflet chromium \
               fonts-wqy-microhei nodejs openmpi-bin libopenmpi-dev

PKGS       = proj libcurl jansson readosm zlib libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN   = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
         -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 $(CFLAGS) $(WARN) -I. -I$(BUILD)/gen -pthread -fPIC \
             -MMD -MP $(PKG_CFLAGS)
ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif
ifeq ($(SAN),1)
BUILD := build/san
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined -O1
LDSAN = -fsanitize=address,undefined
endif
LDLIBS = $(PKG_LIBS) -lglpk -lm -pthread

# The version has its one home in include/wasteopt.h; the shared library is
# libwasteopt.so.VERSION with the SONAME libwasteopt.so.MAJOR.
version_part = $(shell sed -n 's/^\#define WO_VERSION_$(1) \([0-9]*\).*/\1/p' \
                 include/wasteopt.h)
VERSION_MAJOR := $(call version_part,MAJOR)
VERSION := $(VERSION_MAJOR).$(call version_part,MINOR).$(call version_part,PATCH)

# Sources are found by wildcard so that adding a file needs no edit here.
LIB_SRC   := $(sort $(wildcard base/*.c solver/*.c solver/plan/*.c solver/vrp/*.c solver/flow/*.c \
                               geo/*.c data/*.c))
CLI_SRC   := $(sort $(wildcard cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/test_*.c))
TESTLIB_SRC := $(sort $(wildcard tests/support/*.c))
BENCH_SRC := $(sort $(wildcard benches/bench_*.c))
# Benchmark readers and solvers that only benches and tests use (CVRPLIB,
# VRPLIB, Kim, CFL): linked into those programs, never into the library.
BENCHLIB_SRC := $(sort $(wildcard benches/support/*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
DATA_FILES := $(sort $(wildcard data/chongqing/*.csv data/chongqing/*.json \
                                data/chongqing/*.geojson))

GEN_EMBED = $(BUILD)/gen/embedded_data.c
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/embedded_data.o
CLI_OBJ   = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
# The CLI's writers and helpers (everything but main) as an archive, so that
# unit tests can link the pieces they test.
CLI_A     = $(BUILD)/libwocli.a
TESTLIB_OBJ = $(TESTLIB_SRC:%.c=$(BUILD)/obj/%.o)
BENCHLIB_OBJ = $(BENCHLIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN  = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN = $(BENCH_SRC:benches/%.c=$(BUILD)/benches/%)
LIB_A     = $(BUILD)/libwasteopt.a
LIB_SO    = $(BUILD)/libwasteopt.so
LIB_SONAME = libwasteopt.so.$(VERSION_MAJOR)
LIB_SO_REAL = $(BUILD)/libwasteopt.so.$(VERSION)
# The manual of the public API (section 3), generated from the comments of
# include/wasteopt.h by cli/man3.sh.
MAN3_STAMP = $(BUILD)/man3/.stamp
# The API example built against the library as installed (staging PREFIX).
STAGE     = $(CURDIR)/$(BUILD)/stage
API_EXAMPLE = $(BUILD)/stage/api_example
BIN       = $(BUILD)/wasteopt
# wasteopt-mpi (cli/mpi/): plan and whatif with the routing problems solved
# on the ranks of an MPI job; compiled and linked with Open MPI's mpicc.
# Nothing else links MPI.
MPICC     ?= mpicc
MPI_SRC   := $(sort $(wildcard cli/mpi/*.c))
MPI_OBJ   = $(MPI_SRC:%.c=$(BUILD)/obj/%.o)
MPI_BIN   = $(BUILD)/wasteopt-mpi

.PHONY: all run check test test-plain test-san bench soak fuzz install deps \
        clean asan ubsan default-data man3 oom-sweep
.DEFAULT_GOAL := all
# Keep object files that pattern rules treat as intermediate.
.SECONDARY:

# The LD_PRELOAD shim that fails the Nth allocation of a process
# (tests/support/oom/): never sanitized, it only passes calls on.
FAILNTH   = $(BUILD)/tests/libfailnth.so

all: $(BIN) $(MPI_BIN) $(LIB_SO) $(TEST_BIN) $(BENCH_BIN) $(GEN_CQ) $(FAILNTH)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The library exports only what include/wasteopt.h marks WO_API: its
# objects hide every other symbol from the shared library's table.
$(LIB_OBJ): ALL_CFLAGS += -fvisibility=hidden

$(BUILD)/obj/gen/embedded_data.o: $(GEN_EMBED)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The embedded default scenario: every file of data/chongqing/ compiled in.
$(GEN_EMBED): $(DATA_FILES) $(BUILD)/data-tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/data-tools/embed $@ $(DATA_FILES)

# The page of map.html (cli/maphtml.c) compiles in its script and style,
# cli/maphtml.js and cli/maphtml.css, as arrays of C string lines.
MAPHTML_INC = $(BUILD)/gen/maphtml_js.inc $(BUILD)/gen/maphtml_css.inc
$(BUILD)/gen/maphtml_%.inc: cli/maphtml.%
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' \
	    -e 's/$$/\\n",/' $< > $@
$(BUILD)/obj/cli/maphtml.o: $(MAPHTML_INC)

$(BUILD)/data-tools/embed: data/tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

# The generator of the embedded default (reads $(SHARED)/geo, writes
# data/chongqing/); `make default-data` reruns it. Its output is committed.
SHARED ?= ../shared
GEN_CQ = $(BUILD)/data-tools/gen_chongqing
$(GEN_CQ): data/tools/gen_chongqing.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LDSAN) $(LDLIBS)

default-data: $(GEN_CQ)
	$(GEN_CQ) $(SHARED) data/chongqing

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(CLI_A): $(filter-out $(BUILD)/obj/cli/main.o,$(CLI_OBJ))
	@rm -f $@
	ar rcs $@ $^

$(LIB_SO_REAL): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(LIB_SONAME) -o $@ $^ $(LDSAN) $(LDLIBS)

$(LIB_SO): $(LIB_SO_REAL)
	ln -sf $(notdir $(LIB_SO_REAL)) $(BUILD)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $@

$(BIN): $(CLI_OBJ) $(LIB_A)
	$(CC) -o $@ $(CLI_OBJ) $(LIB_A) $(LDSAN) $(LDLIBS)

$(BUILD)/obj/cli/mpi/%.o: CC = $(MPICC)

$(MPI_BIN): $(MPI_OBJ) $(CLI_A) $(LIB_A)
	$(MPICC) -o $@ $(MPI_OBJ) $(CLI_A) $(LIB_A) $(LDSAN) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TESTLIB_OBJ) $(BENCHLIB_OBJ) $(CLI_A) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(TESTLIB_OBJ) $(BENCHLIB_OBJ) $(CLI_A) $(LIB_A) $(LDSAN) \
	      $(CMOCKA_LIBS) $(LDLIBS)

$(BUILD)/benches/%: $(BUILD)/obj/benches/%.o $(BENCHLIB_OBJ) $(CLI_A) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(BENCHLIB_OBJ) $(CLI_A) $(LIB_A) $(LDSAN) $(LDLIBS)

# ------------------------------------------------------------------ set-up
# The browser test's driver (tests/browser: playwright-core, the version
# pinned by its package-lock.json) goes into tests/browser/node_modules.
BROWSER_DEPS = tests/browser/node_modules/.package-lock.json
deps:
	@sh data/tools/deps.sh $(DEB_PACKAGES)
	@$(MAKE) --no-print-directory $(BROWSER_DEPS)

$(BROWSER_DEPS): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "deps: npm not found:" \
	    "install Node.js 20 with npm for the browser test" >&2; exit 1; }
	cd tests/browser && npm ci --no-audit --no-fund

# ------------------------------------------------------------------ run
run: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh cli/run_default.sh $(BIN)

# ------------------------------------------------------------------ tests
# Unit tests (cmocka) and end-to-end tests (tests/e2e_*.sh run the real
# binary); WO_SHARED points at ../shared for tests that read real data.
# tests/e2e_serve.sh runs a short load test with bench_serve, and
# tests/e2e_vrplib.sh bench_vrplib on small instances, and
# tests/e2e_mpi_schedule.sh bench_mpi_schedule on a hand-made log.
test-plain: $(BIN) $(MPI_BIN) $(TEST_BIN) $(GEN_CQ) $(API_EXAMPLE) $(FAILNTH) \
            $(BUILD)/benches/bench_serve $(BUILD)/benches/bench_vrplib \
            $(BUILD)/benches/bench_mpi_schedule
	@WO_SAN=$(SAN) sh tests/run.sh $(BUILD)

$(FAILNTH): tests/support/oom/failnth.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -g $(WARN) $(if $(filter 1,$(WERROR)),-Werror) \
	      -fPIC -shared -o $@ $< -ldl

# Every allocation of each sweep command failed in turn (tests/e2e_oom.sh
# runs a sample of them); two runs at a time.
oom-sweep: $(BIN) $(FAILNTH)
	WO_TOP=$(CURDIR) sh tests/support/oom/sweep.sh $(BIN) $(FAILNTH) \
	    --all --jobs 2

# tests/api_example.c compiled as a user would, against the installed
# header and library: `make install` into a staging PREFIX, then only
# pkg-config's flags (tests/e2e_api.sh runs it). A sanitized build links
# the sanitizer runtime too: the staged library is instrumented.
$(API_EXAMPLE): tests/api_example.c $(BIN) $(LIB_A) $(LIB_SO) $(MAN3_STAMP)
	@$(MAKE) --no-print-directory install PREFIX=$(STAGE)
	PKG_CONFIG_PATH=$(STAGE)/lib/pkgconfig $(CC) -std=c11 $(WARN) -Werror \
	    -o $@ $< $$(PKG_CONFIG_PATH=$(STAGE)/lib/pkgconfig \
	                pkg-config --cflags --libs wasteopt) $(LDSAN)

# Both builds use every core unless make was given -j; tests/run.sh runs
# as many suites at a time (WO_TEST_JOBS).
NPROC := $(shell nproc 2>/dev/null || echo 1)
JOBS_FLAG = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(NPROC))
check: deps
	@$(MAKE) --no-print-directory $(JOBS_FLAG) WERROR=1 test-plain
	@$(MAKE) --no-print-directory $(JOBS_FLAG) WERROR=1 SAN=1 test-plain

test: test-plain

asan ubsan:
	@$(MAKE) --no-print-directory SAN=1 test-plain

# ------------------------------------------------------------------ bench
bench: deps
	@$(MAKE) --no-print-directory $(BENCH_BIN) $(BIN) $(MPI_BIN)
	@sh benches/run_all.sh $(BUILD) $${WO_SHARED:-../shared}

# The long output-set soak (tests/soak.sh): 20 nightly plans of the
# embedded default into one directory with random kills and full disks;
# prints runs, kills, ENOSPC injections, mixed sets and leftovers.
soak: $(BIN) $(BUILD)/tests/test_out
	@WO_BIN=$(CURDIR)/$(BIN) WO_BUILD=$(CURDIR)/$(BUILD) \
	    sh tests/soak.sh 20 --iterations 5

# ------------------------------------------------------------------ fuzz
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
# WO_FUZZING compiles in what only a fuzz build may do (the graph cache
# reader skips its checksums so that mutations reach the structure checks).
# Every sanitizer report aborts, so that `make fuzz` fails on it.
FUZZ_BASE_CFLAGS = -std=c11 -O1 -g -I. -Ibuild/fuzz/gen -Ibuild/gen -pthread $(PKG_CFLAGS) \
                   -DWO_FUZZING -fno-sanitize-recover=all
FUZZ_CFLAGS = $(FUZZ_BASE_CFLAGS) -fsanitize=fuzzer,address,undefined
FUZZ_FLAGS = build/fuzz/flags
# The library is compiled once with the fuzzer's coverage instrumentation
# (fuzzer-no-link) and linked into every target.
FUZZ_LIB = build/fuzz/libwasteopt_fuzz.a
# The command line's pieces the targets drive: the report writers of
# fuzz_stats (the indicators report and the JSON and CSV writers under it),
# the points reader of `wasteopt matrix`, the VROOM solve of `wasteopt
# solve`, and the HTTP service of fuzz_serve and fuzz_bundle with what it
# calls (the scenario bundle, plan.json, the VROOM entry).
FUZZ_CLI_SRC = cli/indicators_out.c cli/json.c cli/out.c cli/points.c \
               cli/bundle.c cli/serve.c cli/plan_out.c cli/svgmap.c \
               cli/scenario_arg.c cli/vroom.c cli/maphtml.c
FUZZ_OBJ = $(LIB_SRC:%.c=build/fuzz/obj/%.o) $(BENCHLIB_SRC:%.c=build/fuzz/obj/%.o) \
           $(FUZZ_CLI_SRC:%.c=build/fuzz/obj/%.o) build/fuzz/obj/embedded_data.o

build/fuzz/obj/cli/maphtml.o: $(MAPHTML_INC)

build/fuzz/gen/embedded_data.c: $(DATA_FILES) build/data-tools/embed
	@mkdir -p $(dir $@)
	build/data-tools/embed $@ $(DATA_FILES)

build/fuzz/obj/embedded_data.o: build/fuzz/gen/embedded_data.c $(FUZZ_FLAGS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_BASE_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	      -MMD -MP -c -o $@ $<

# The fuzz objects depend on their flags: the stamp is rewritten (and they
# are rebuilt) only when FUZZ_BASE_CFLAGS changes.
$(FUZZ_FLAGS): fuzz-flags-check
	@mkdir -p build/fuzz
	@echo '$(FUZZ_BASE_CFLAGS)' | cmp -s - $@ || \
	    echo '$(FUZZ_BASE_CFLAGS)' > $@

build/fuzz/obj/%.o: %.c $(FUZZ_FLAGS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_BASE_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	      -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB) $(FUZZ_FLAGS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -o $@ $< $(FUZZ_LIB) $(LDLIBS)

.PHONY: fuzz-flags-check
fuzz: $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

# ------------------------------------------------------------------ install
# One public header, include/wasteopt.h (installed as <wasteopt.h>); the
# internal headers stay in the source tree.
man3: $(MAN3_STAMP)
$(MAN3_STAMP): include/wasteopt.h cli/man3.sh
	@rm -rf $(BUILD)/man3
	@mkdir -p $(BUILD)/man3
	sh cli/man3.sh include/wasteopt.h $(BUILD)/man3 $(VERSION)
	@touch $@

install: $(BIN) $(LIB_A) $(LIB_SO) $(MAN3_STAMP)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	           $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include \
	           $(DESTDIR)$(PREFIX)/share/man/man1 \
	           $(DESTDIR)$(PREFIX)/share/man/man3
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/wasteopt
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/libwasteopt.a
	install -m 755 $(LIB_SO_REAL) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(notdir $(LIB_SO_REAL)) $(DESTDIR)$(PREFIX)/lib/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $(DESTDIR)$(PREFIX)/lib/libwasteopt.so
	install -m 644 include/wasteopt.h $(DESTDIR)$(PREFIX)/include/wasteopt.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    cli/wasteopt.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/wasteopt.pc
	install -m 644 cli/wasteopt.1 $(DESTDIR)$(PREFIX)/share/man/man1/wasteopt.1
	install -m 644 $(BUILD)/man3/*.3 $(DESTDIR)$(PREFIX)/share/man/man3/

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
