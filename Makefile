# The two commands: `make run` and `make test`. Everything else is a helper.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
HOST ?= 127.0.0.1
PORT ?= 8080
DATA ?= ./data
# Lets ccache reuse objects across checkouts in different directories.
export CCACHE_BASEDIR := $(CURDIR)

.PHONY: run test deps build configure deb bench bench-glucose bench-store bench-world bench-media bench-motion bench-imaging bench-tissue clean

run: deps build
	$(BUILD_DIR)/src/app/metaclinic serve --demo --host $(HOST) --port $(PORT) --data $(DATA)

test: deps build
	ctest --preset $(PRESET) -j $(JOBS) --timeout 600

deps:
	@scripts/install-deps

configure: $(BUILD_DIR)/build.ninja

$(BUILD_DIR)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset $(PRESET)

build: configure
	@if [ -f web/package.json ]; then (cd web && npm run build --silent); fi
	cmake --build --preset $(PRESET) -j $(JOBS)

# The Debian package: dist/metaclinic_<version>_<arch>.deb (docs/deployment.md).
deb: deps build
	scripts/make-deb $(BUILD_DIR) dist

bench: bench-glucose bench-store bench-world bench-motion bench-imaging bench-tissue

bench-glucose: deps build
	scripts/bench-glucose $(BUILD_DIR)

bench-store: deps build
	scripts/bench-store $(BUILD_DIR)

bench-world: deps build
	scripts/bench-world $(BUILD_DIR)

bench-imaging: deps build
	scripts/bench-imaging $(BUILD_DIR)

bench-media: deps build
	scripts/bench-media $(BUILD_DIR)

bench-motion: deps build
	scripts/bench-motion $(BUILD_DIR)

bench-tissue: deps build
	scripts/bench-tissue $(BUILD_DIR)

clean:
	rm -rf build
