# Two commands do everything on a fresh machine:
#   make build   builds the shipped briefing into public/
#   make test    runs the whole test suite (installs the test tools it needs)
GO ?= go

.PHONY: build test vet clean

build:
	$(GO) run ./cmd/briefing build

test: node_modules/.package-lock.json
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test ./...

# The Nu Html Checker the tests validate pages with. --ignore-scripts: the
# package's own install script would download a Java runtime; the system's is used.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

clean:
	rm -rf public node_modules
