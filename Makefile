# The front door. `make run` and `make test` set up everything they need.
.PHONY: all deps build native wasm run test test-unit test-e2e test-asan native-journey bench crashtest soak fuzz clean help

JOBS        ?= $(shell nproc)
NATIVE_DIR  := build/native
WASM_DIR    := build/wasm
DB          ?= data/sesame.db
LISTEN      ?= 127.0.0.1:8080
BUILD_TYPE  ?= RelWithDebInfo

# CI (.ci/run sets SESAME_CCACHE=1) compiles the native and sanitizer builds
# through ccache: each CI run starts from a clean clone on the same machine, and
# reuses the objects of the previous run for every file that did not change.
# Paths are made relative to the clone, so where it lies does not matter.
ifeq ($(SESAME_CCACHE),1)
LAUNCHER := -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
endif

# Debian's Node does not search Debian's node modules by itself; em++ needs acorn from there.
export NODE_PATH := /usr/share/nodejs

all: build

help:
	@echo "make run     set up, build, create $(DB) with demo data if absent, start on http://$(LISTEN)"
	@echo "make test    set up, build, run every test (native, WebAssembly, browser)"
	@echo "make test-asan  the shared and server tests under AddressSanitizer and UndefinedBehaviorSanitizer (build/asan)"
	@echo "make build   build everything; make native / make wasm build one side"
	@echo "make deps    install what is missing (Debian packages, ImGui sources, npm tools)"
	@echo "make native-journey  the native client's account creation under Xvfb, screenshots in build/native-journey/"
	@echo "make bench   measures Sésame beside its baselines (about 4 minutes after the build; BENCH_QUICK=1 for a smoke run): build/bench/results.json"
	@echo "make crashtest  300 account creations while the server is killed (SIGKILL) and restarted, then database and SMS checks (about a minute; CRASHTEST_SEED=N repeats the choices)"
	@echo "make soak    200 keep-alive connections on a realistic mix for SOAK_SECONDS (60): no socket error, no 5xx, p99 per request kind"
	@echo "make fuzz    each libFuzzer target of tests/fuzz for FUZZ_SECONDS (60) under ASan and UBSan (clang, build/fuzz): fails on a crash, leak or timeout"

deps:
	@bash scripts/deps.sh

native: deps
	@cmake -S . -B $(NATIVE_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(LAUNCHER) --log-level=WARNING
	@cmake --build $(NATIVE_DIR) -j$(JOBS)

wasm: deps
	@emcmake cmake -S . -B $(WASM_DIR) -DCMAKE_BUILD_TYPE=MinSizeRel --log-level=WARNING
	@cmake --build $(WASM_DIR) -j$(JOBS)

build: native wasm

test: build
	@$(MAKE) --no-print-directory test-unit test-e2e

test-unit:
	ctest --test-dir $(NATIVE_DIR) --output-on-failure -j$(JOBS)
	ctest --test-dir $(WASM_DIR) --output-on-failure -j$(JOBS)

test-e2e:
	node tests/e2e/smoke.mjs

# Not part of `make test`: the debugging client driven with X11 input (a minute).
native-journey: native
	python3 tools/native_journey.py

# Not part of `make test`: the measurements of issue 6, table and build/bench/results.json.
# The programs measured, from the same build as `make native` (RelWithDebInfo: optimised),
# without the test binaries (a fresh clone is measured sooner); the web client for web_bench.mjs.
BENCH_TARGETS := sesame-server sesame-admin sesame-load sesame-bench-baseline sesame-argon2-rate sesame-journeys

bench: deps wasm
	@cmake -S . -B $(NATIVE_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) --log-level=WARNING
	@cmake --build $(NATIVE_DIR) -j$(JOBS) --target $(BENCH_TARGETS)
	python3 bench/run.py --bin build/bin --web build/web

# Not part of `make test`: the reliability checks of issue 7 (tests/reliability/), on the
# programs of the same build as `make native`, without the test binaries.
# crashtest: activation journeys while sesame-server is killed with SIGKILL at random moments
# and restarted; then integrity, no half-applied step, every SMS delivered (about a minute).
# soak: 200 keep-alive connections on a realistic mix for SOAK_SECONDS; no socket error, no 5xx.
# CRASHTEST_ARGS / SOAK_ARGS pass options (see --help of each script).
RELIABILITY_TARGETS := sesame-server sesame-admin
SOAK_SECONDS ?= 60

crashtest: deps
	@cmake -S . -B $(NATIVE_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) --log-level=WARNING
	@cmake --build $(NATIVE_DIR) -j$(JOBS) --target $(RELIABILITY_TARGETS)
	python3 tests/reliability/crashtest.py --bin build/bin $(CRASHTEST_ARGS)

soak: deps
	@cmake -S . -B $(NATIVE_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) --log-level=WARNING
	@cmake --build $(NATIVE_DIR) -j$(JOBS) --target $(RELIABILITY_TARGETS)
	python3 tests/reliability/soak.py --bin build/bin --seconds $(SOAK_SECONDS) $(SOAK_ARGS)

# Not part of `make test` (which only replays the committed corpus): the libFuzzer targets of
# tests/fuzz, built by clang with ASan and UBSan in build/fuzz (SESAME_FUZZ=ON), each run for
# FUZZ_SECONDS; what they find is kept in build/fuzz/corpus/, reproducers in build/fuzz/artifacts/.
# FUZZ_ARGS passes options to tests/fuzz/run.py (e.g. --targets phone,date).
FUZZ_DIR     := build/fuzz
FUZZ_SECONDS ?= 60

fuzz: deps
	@cmake -S . -B $(FUZZ_DIR) -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSESAME_FUZZ=ON \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo --log-level=WARNING
	@cmake --build $(FUZZ_DIR) -j$(JOBS) --target sesame-fuzzers
	python3 tests/fuzz/run.py --bin $(FUZZ_DIR)/bin --out $(FUZZ_DIR) --seconds $(FUZZ_SECONDS) $(FUZZ_ARGS)

# The shared and server tests (and the sesame-server and sesame-admin they start) built
# with AddressSanitizer and UndefinedBehaviorSanitizer in build/asan, apart from
# build/bin; no client, no WebAssembly, no nginx or browser test. The first finding
# (memory error, leak, undefined behaviour) aborts the program and fails its test.
# docs/security.md, "Sanitizers": what runs, how long, what it found.
# Like the normal build (RelWithDebInfo, NDEBUG) but at -O1: with the sanitizers gcc spends
# a third less time per file than at -O2, minutes saved against a test run of about two.
ASAN_DIR        := build/asan
ASAN_OPT        ?= -O1 -g -DNDEBUG
ASAN_TARGETS    := sesame-shared-tests sesame-server-tests
ASAN_TESTS      := ^(shared_rules_native|server_.*)$$
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:strict_init_order=1 \
            LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan-suppressions.txt:print_suppressions=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

test-asan: deps
	@cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSESAME_SANITIZE=ON $(LAUNCHER) \
	    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$(ASAN_OPT)" -DCMAKE_C_FLAGS_RELWITHDEBINFO="$(ASAN_OPT)" \
	    -DSESAME_OUTPUT_ROOT=$(CURDIR)/$(ASAN_DIR)/out --log-level=WARNING
	@cmake --build $(ASAN_DIR) -j$(JOBS) --target $(ASAN_TARGETS)
	$(ASAN_ENV) ctest --test-dir $(ASAN_DIR) --output-on-failure -j$(JOBS) -R '$(ASAN_TESTS)'

# The demonstration FranceConnect (sesame-fc-demo) beside the server, stopped with it.
FC_LISTEN   ?= 127.0.0.1:8081
FC_SECRET   := $(dir $(DB))fc-demo-secret

run: build
	@mkdir -p $(dir $(DB))
	@[ -f $(DB) ] || ./build/bin/sesame-admin demo --db $(DB)
	@[ -f $(FC_SECRET) ] || (umask 077; head -c 24 /dev/urandom | base64 > $(FC_SECRET))
	@echo "Console des personnels : http://$(LISTEN)/#/personnel/connexion, nadia.benali@ac-normandie.fr," \
	    "mot de passe Console-Courtils-2026 ; son code : curl -s 'http://$(LISTEN)/api/v1/dev/staff-code?email=nadia.benali@ac-normandie.fr'"
	./build/bin/sesame-fc-demo --listen $(FC_LISTEN) --client-secret-file $(FC_SECRET) \
	    --key $(dir $(DB))fc-demo-key.pem \
	    --redirect-uri http://$(LISTEN)/api/v1/franceconnect/callback \
	    --post-logout-redirect-uri http://$(LISTEN)/ & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	./build/bin/sesame-server --listen $(LISTEN) --db $(DB) --web build/web \
	    --services server/ent_services/demo-services.json --dev \
	    --fc-issuer http://$(FC_LISTEN)/api/v2 --fc-client-id sesame-demo --fc-client-secret-file $(FC_SECRET)

clean:
	rm -rf build
