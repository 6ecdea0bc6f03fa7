# Notaria. `make run`: install what is missing, build, start on embedded defaults.
#          `make test`: install what is missing, build, run every test.
# CI (CI=true) builds with warnings as errors.

PRESET ?= $(if $(filter true,$(CI)),ci,release)
BUILD_DIR := build/$(PRESET)
NOTARIA := $(BUILD_DIR)/src/app/notaria
JOBS ?= $(shell nproc)

.PHONY: all deps test-deps web configure build binary run test unit-test eval bench format clean

all: build

deps:
	scripts/install-deps.sh

# What only the tests start: s3rver (npm). PostgreSQL and Redis come with deps.
test-deps: deps
	scripts/fetch-test-tools.sh

# The web UI (TypeScript, npm packages from web/package-lock.json) into web/dist.
web: deps
	scripts/build-web.sh

configure: deps
	cmake --preset $(PRESET)

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

# Only the binary: starting the platform does not wait for the tests to compile.
binary: configure
	cmake --build --preset $(PRESET) -j $(JOBS) --target notaria

run: binary web
	NOTARIA_DATA_DIR=$${NOTARIA_DATA_DIR:-$(CURDIR)/data} $(NOTARIA) serve

test: build test-deps web
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

unit-test: build test-deps web
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -L unit

eval: binary
	scripts/eval.sh $(NOTARIA)
	scripts/search_eval.py --notaria $(NOTARIA) --corpus $${NOTARIA_SHARED_DIR:-$(CURDIR)/../shared}/corpus

bench: build test-deps
	$(BUILD_DIR)/bench/analysis_bench
	bench/read_speed.sh $(NOTARIA)
	bench/throughput.py $(NOTARIA)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc')

clean:
	rm -rf build
