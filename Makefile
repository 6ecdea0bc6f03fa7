# Notaria. `make run`: install what is missing, build, start on embedded defaults.
#          `make test`: install what is missing, build, run every test.
# CI (CI=true) builds with warnings as errors.

PRESET ?= $(if $(filter true,$(CI)),ci,release)
BUILD_DIR := build/$(PRESET)
NOTARIA := $(BUILD_DIR)/src/app/notaria
JOBS ?= $(shell nproc)

.PHONY: all deps build run test unit-test eval bench format clean

all: build

deps:
	scripts/install-deps.sh

build: deps
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	NOTARIA_DATA_DIR=$${NOTARIA_DATA_DIR:-$(CURDIR)/data} $(NOTARIA) serve

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

unit-test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -L unit

eval: build
	scripts/eval.sh $(NOTARIA)

bench: build
	bench/read_speed.sh $(NOTARIA)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc')

clean:
	rm -rf build
