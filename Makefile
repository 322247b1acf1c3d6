# bayrecon: the two commands that matter are `make demo` and `make test`; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

FABRIC_VERSION := 3.1.5
export FABRIC_HOME ?= $(HOME)/.fabric/v$(FABRIC_VERSION)
FABRIC_ARCHIVE_URL := https://github.com/hyperledger/fabric/releases/download/v$(FABRIC_VERSION)/hyperledger-fabric-linux-amd64-$(FABRIC_VERSION).tar.gz
# better-sqlite3 compiles against the machine's Node headers.
export npm_config_nodedir ?= /usr

TS_SOURCES = $(shell find $(1)/src -name '*.ts' ! -name '*.spec.ts' 2>/dev/null)

export CHROMIUM ?= /usr/bin/chromium

.PHONY: help fabric chromium install build up api-up api-down down status demo test test-unit test-network upgrade postgres bench bench-caliper clean

help:
	@echo "make demo     network up, then a scripted day between the banks (leaves it running)"
	@echo "make test     every test: unit, then on the real network (brought up and down)"
	@echo "make fabric   check Fabric v$(FABRIC_VERSION) in FABRIC_HOME=$(FABRIC_HOME), download it if missing"
	@echo "make up | api-up | api-down | down | status | upgrade | postgres | chromium | bench | bench-caliper | clean"

fabric:
	@network/scripts/fabric.sh "$(FABRIC_VERSION)" "$(FABRIC_ARCHIVE_URL)"

install: node_modules/.installed
node_modules/.installed: package-lock.json package.json common/package.json chaincode/package.json api/package.json console/package.json
	npm ci --no-audit --no-fund
	@touch $@

build: install common/dist/index.js chaincode/dist/index.js api/dist/main.js console/dist/index.html
common/dist/index.js: $(call TS_SOURCES,common) $(shell find common/src -name '*.json') common/tsconfig.json tsconfig.json
	npm run --silent build -w common
	@touch $@
chaincode/dist/index.js: common/dist/index.js $(call TS_SOURCES,chaincode) chaincode/tsconfig.json
	npm run --silent build -w chaincode
	@touch $@
api/dist/main.js: common/dist/index.js $(call TS_SOURCES,api) api/tsconfig.json
	npm run --silent build -w api
	@touch $@
# The console's client is generated from the API's OpenAPI documents, so it is rebuilt whenever the API is.
CONSOLE_SOURCES = $(shell find console/src -name '*.ts' -o -name '*.tsx' -o -name '*.css' | grep -v /generated/)
console/dist/index.html: api/dist/main.js $(CONSOLE_SOURCES) console/index.html console/vite.config.ts console/tsconfig.json console/scripts/generate-client.mjs
	npm run --silent build -w console
	@touch $@

up: fabric build
	@network/scripts/up.sh
	@network/scripts/apis.sh start

# The API instances alone, on a running network.
api-up: build
	@network/scripts/apis.sh start

api-down:
	@network/scripts/apis.sh stop

down:
	@network/scripts/down.sh

status:
	@network/scripts/status.sh

# Deploys the chaincode as it is now at the channel's next sequence (new package, approvals, commit).
upgrade: fabric install chaincode/dist/index.js
	@network/scripts/deploy-chaincode.sh

demo: up
	@node -r ts-node/register/transpile-only network/client/demo.ts

test: fabric chromium build
	@test/run.sh

test-unit: build
	@npx mocha --config .mocharc.unit.json

test-network: fabric chromium build
	@npx mocha --config .mocharc.network.json

# Benchmarks on a network of their own beside yours (ports +20000, state in /tmp/bayrecon-bench), taken down
# afterwards; figures printed and written to bench/results/. BENCH_ARGS=--quick for a short run.
BENCH_ENV := BAYRECON_STATE_DIR=/tmp/bayrecon-bench BAYRECON_PORT_OFFSET=20000
bench: fabric build
	@$(BENCH_ENV) node -r ts-node/register/transpile-only bench/run.ts --fresh-network $(BENCH_ARGS); \
	status=$$?; $(BENCH_ENV) network/scripts/down.sh >/dev/null; exit $$status

# The Hyperledger Caliper workload (bench/caliper) on a fresh network of the same kind, taken down afterwards;
# a summary goes to bench/results/caliper-<timestamp>.json and Caliper's HTML report beside it (.html, ignored by git).
bench-caliper: fabric build
	@$(BENCH_ENV) network/scripts/down.sh >/dev/null && $(BENCH_ENV) network/scripts/up.sh && \
	$(BENCH_ENV) node -r ts-node/register/transpile-only bench/caliper/run.ts; \
	status=$$?; $(BENCH_ENV) network/scripts/down.sh >/dev/null; exit $$status

# Debian's Chromium for the console's browser tests (Playwright's own browser download cannot be used here), and a
# font with Chinese characters, without which the screenshots of the Chinese views show empty boxes.
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
chromium:
	@if [ ! -x "$(CHROMIUM)" ] || [ ! -f "$(CJK_FONT)" ]; then \
	  echo "[test] installing Chromium and a CJK font from Debian's packages"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null \
	    || { echo "could not install Chromium (apt-get install chromium fonts-wqy-microhei)" >&2; exit 1; }; \
	fi

# A throwaway PostgreSQL on loopback for the API (installed from Debian's packages if missing).
postgres:
	@network/scripts/postgres.sh start

clean: down
	rm -rf node_modules */node_modules */dist console/src/generated bench/trivial-chaincode/dist
