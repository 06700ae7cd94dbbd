# Two commands do everything on a fresh machine:
#   make build   builds the shipped briefing into public/
#   make test    runs the whole test suite (installs the test tools it needs)
GO ?= go

.PHONY: build test test-long vet clean bench bench-hugo

build:
	$(GO) run ./cmd/briefing build

test: node_modules/.package-lock.json
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -timeout $(TEST_TIMEOUT) ./...

# What the environment asks of the tests (internal/testenv reads it):
#   BRIEFING_LONG=1         long runs: the randomised comparisons and the kill
#                           loop at full length, every axe rule in both themes.
#                           make test runs them short; make test-long (CI's
#                           step after make test) runs them long.
#   CI=true                 a test whose tool is missing (Chromium, Java and the
#                           Nu Html Checker, axe-core, nginx) fails instead of
#                           skipping.
#   BRIEFING_ARTEFACTS=DIR  screenshots and the printed matrix are kept under
#                           DIR; without it the tests keep nothing.
# A test package that runs longer than TEST_TIMEOUT fails with every
# goroutine's stack; make test should take a few minutes in all.
TEST_TIMEOUT      ?= 5m
TEST_LONG_TIMEOUT ?= 30m

# Only the packages whose tests read BRIEFING_LONG run again after make
# test: go test's cache knows which environment variables a test read.
test-long: node_modules/.package-lock.json
	BRIEFING_LONG=1 $(GO) test -timeout $(TEST_LONG_TIMEOUT) ./...

# The Nu Html Checker the tests validate pages with. --ignore-scripts: the
# package's own install script would download a Java runtime; the system's is used.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

clean:
	rm -rf public node_modules

# Performance (docs/performance.md). bench builds generated sites of 1k, 10k
# and 50k briefs (200 countries, two pledges a brief) with a freshly built
# briefing and prints wall time, pages per second and peak memory as a table;
# bench-hugo builds the same briefs with Hugo too, where it is installed, and
# prints the two side by side. Neither is part of the tests.
BENCH_DIR     ?= /tmp/briefing-bench
BENCH_SIZES   ?= 1000,10000,50000
BENCH_RUNS    ?= 3
BENCH_TIMEOUT ?= 20m

bench:
	$(GO) build -o $(BENCH_DIR)/briefing ./cmd/briefing
	$(GO) run ./cmd/benchtable -briefing $(BENCH_DIR)/briefing -work $(BENCH_DIR) -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) -timeout $(BENCH_TIMEOUT)

bench-hugo:
	@command -v hugo >/dev/null || { echo "make bench-hugo: hugo is not installed (Debian: apt-get install hugo)"; exit 1; }
	$(GO) build -o $(BENCH_DIR)/briefing ./cmd/briefing
	$(GO) run ./cmd/benchtable -briefing $(BENCH_DIR)/briefing -work $(BENCH_DIR) -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) -timeout $(BENCH_TIMEOUT) -hugo

# Fuzzing: .ci/fuzz runs each fuzz target for FUZZTIME on its committed seeds
# (testdata/fuzz/) and whatever it finds; CI runs it after make test.
FUZZTIME ?= 15s

.PHONY: fuzz
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) .ci/fuzz
