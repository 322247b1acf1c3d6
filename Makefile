# bayrecon: the two commands that matter are `make demo` and `make test`; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

FABRIC_VERSION := 3.1.5
export FABRIC_HOME ?= $(HOME)/.fabric/v$(FABRIC_VERSION)
FABRIC_CA_VERSION := 1.5.21
FABRIC_ARCHIVE_URL := https://github.com/hyperledger/fabric/releases/download/v$(FABRIC_VERSION)/hyperledger-fabric-linux-amd64-$(FABRIC_VERSION).tar.gz
FABRIC_CA_ARCHIVE_URL := https://github.com/hyperledger/fabric-ca/releases/download/v$(FABRIC_CA_VERSION)/hyperledger-fabric-ca-linux-amd64-$(FABRIC_CA_VERSION).tar.gz
# How a new network is made (a resumed one keeps what it was made with): TOPOLOGY=single|hosts, ORDERING=bft|raft.
export TOPOLOGY ORDERING
# better-sqlite3 compiles against the machine's Node headers.
export npm_config_nodedir ?= /usr

TS_SOURCES = $(shell find $(1)/src -name '*.ts' ! -name '*.spec.ts' 2>/dev/null)

export CHROMIUM ?= /usr/bin/chromium

.PHONY: help fabric chromium link-tools linkem install build up start stop api-up api-down down status demo test test-unit test-network upgrade postgres bench bench-caliper \
	bench-backup bench-chaincode-cpu bench-consortium bench-matching bench-members bench-uetr-check clean add-bank remove-bank enrol-identity revoke-identity backup restore

help:
	@echo "make demo     network up, then a scripted day between the banks (leaves it running)"
	@echo "make test     every test: unit, then on the real network (brought up and down)"
	@echo "make fabric   check Fabric v$(FABRIC_VERSION) and Fabric CA $(FABRIC_CA_VERSION) in FABRIC_HOME=$(FABRIC_HOME), download them if missing"
	@echo "make up | stop | down | status | add-bank | remove-bank | enrol-identity | revoke-identity | api-up | api-down"
	@echo "     upgrade | postgres | chromium | linkem | link-tools | bench | bench-caliper | bench-backup | bench-matching | bench-chaincode-cpu | bench-uetr-check | bench-consortium | bench-members | clean"
	@echo "make backup ORG=<Org> [DEST=folder|file.tar.gz]    make restore ORG=<Org> SOURCE=<backup> [PEER_JOIN=genesis] [ORDERER_JOIN=genesis]"

fabric:
	@network/scripts/fabric.sh "$(FABRIC_VERSION)" "$(FABRIC_ARCHIVE_URL)" "$(FABRIC_CA_VERSION)" "$(FABRIC_CA_ARCHIVE_URL)"

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

# Creates the network, or resumes the one whose state is there (`make start` is the same).
up start: fabric build
	@network/scripts/up.sh
	@network/scripts/apis.sh start

# Stops every process and keeps all state; `make up` resumes the same network.
stop:
	@network/scripts/stop.sh

# Admits a bank on the running network: make add-bank ORG=GZBank JURISDICTION=GZ BIC8=GZBKCNBG [NAME="..."]
add-bank: fabric build
	@[ -n "$(ORG)" ] && [ -n "$(JURISDICTION)" ] && [ -n "$(BIC8)" ] || { echo "usage: make add-bank ORG=<name> JURISDICTION=<code> BIC8=<bic8> [NAME=<display name>]" >&2; exit 2; }
	@network/scripts/add-bank.sh "$(ORG)" "$(JURISDICTION)" "$(BIC8)" "$(or $(NAME),$(ORG))"
	@network/scripts/api.sh start "$(ORG)"

# Removes a bank from the running network: make remove-bank ORG=GZBank
remove-bank: fabric build
	@[ -n "$(ORG)" ] || { echo "usage: make remove-bank ORG=<name>" >&2; exit 2; }
	@network/scripts/remove-bank.sh "$(ORG)"

# An organisation's operator enrols or revokes a client identity at its own CA: make enrol-identity ORG=SZBank NAME=api2
enrol-identity:
	@[ -n "$(ORG)" ] && [ -n "$(NAME)" ] || { echo "usage: make enrol-identity ORG=<name> NAME=<identity>" >&2; exit 2; }
	@network/scripts/org/identity.sh enrol "$(ORG)" "$(NAME)"

revoke-identity:
	@[ -n "$(ORG)" ] && [ -n "$(NAME)" ] || { echo "usage: make revoke-identity ORG=<name> NAME=<identity>" >&2; exit 2; }
	@network/scripts/org/identity.sh revoke "$(ORG)" "$(NAME)"

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

test: fabric chromium linkem build
	@test/run.sh

test-unit: build
	@npx mocha --config .mocharc.unit.json

test-network: fabric chromium build
	@npx mocha --config .mocharc.network.json

# A consistent backup of one organisation's state while the network runs (ledger snapshots, identities and CA,
# chaincode package ids, API database), to a folder or a .tar.gz; see docs/backup-and-restore.md.
backup: install
	@test -n "$(ORG)" || { echo "usage: make backup ORG=<Org> [DEST=folder|file.tar.gz]" >&2; exit 2; }
	@network/scripts/org/backup.sh "$(ORG)" $(DEST)

# Brings an organisation back from a backup after its state folder was lost, while the rest of the network runs:
# its peer from the backup's snapshots (PEER_JOIN=genesis: from the genesis blocks), its orderer from the latest
# configuration blocks (ORDERER_JOIN=genesis: from the genesis blocks).
restore: fabric install chaincode/dist/index.js
	@test -n "$(ORG)" && test -n "$(SOURCE)" || { echo "usage: make restore ORG=<Org> SOURCE=<backup folder or .tar.gz> [PEER_JOIN=snapshot|genesis] [ORDERER_JOIN=config|genesis]" >&2; exit 2; }
	@network/scripts/org/restore.sh "$(ORG)" "$(SOURCE)" $(if $(PEER_JOIN),--peer-join=$(PEER_JOIN)) $(if $(ORDERER_JOIN),--orderer-join=$(ORDERER_JOIN))

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

# What the chaincode's own code costs per batch of 500 sides (bench/chaincode-cpu.ts): submitSides on the unit tests'
# in-memory ledger in this process, no network. BENCH_ARGS=--rounds=N.
bench-chaincode-cpu: build
	@node -r ts-node/register/transpile-only bench/chaincode-cpu.ts $(BENCH_ARGS)

# What keeping UETRs unique across a bank's pairs costs at batch 500 (bench/uetr-check.ts), on a fresh network of the
# same kind as bench's, taken down afterwards.
bench-uetr-check: fabric build
	@$(BENCH_ENV) network/scripts/down.sh >/dev/null && $(BENCH_ENV) network/scripts/up.sh && \
	$(BENCH_ENV) node -r ts-node/register/transpile-only bench/uetr-check.ts $(BENCH_ARGS); \
	status=$$?; $(BENCH_ENV) network/scripts/down.sh >/dev/null; exit $$status

# How the consortium scales with its members (bench/members.ts): from the genesis 3 banks to 5 and 8 with add-bank, each
# admission timed step by step, and at each size RSS, one pair's throughput at batch 500 beside the same per-pair load
# on every other pair (as a ratio against 3 banks), the regulators' projection lag and the UETR check per batch; on a
# fresh network of the same kind as bench's with its APIs, taken down afterwards. BENCH_ARGS=--quick for a short run.
bench-members: fabric build
	@$(BENCH_ENV) network/scripts/down.sh >/dev/null && $(BENCH_ENV) network/scripts/up.sh && $(BENCH_ENV) network/scripts/apis.sh start && \
	$(BENCH_ENV) node -r ts-node/register/transpile-only bench/members.ts $(BENCH_ARGS); \
	status=$$?; $(BENCH_ENV) network/scripts/down.sh >/dev/null; exit $$status

# What the tolerance path costs: throughput at batch 500 with 0 %, 1 % and 10 % of the pairs differing within the pair's
# rule set, as ratios against 0 % in the same run (bench/matching.ts), on a fresh network of the same kind as bench's,
# taken down afterwards. BENCH_ARGS=--quick for a short run.
bench-matching: fabric build
	@$(BENCH_ENV) network/scripts/down.sh >/dev/null && $(BENCH_ENV) network/scripts/up.sh && \
	$(BENCH_ENV) node -r ts-node/register/transpile-only bench/matching.ts $(BENCH_ARGS); \
	status=$$?; $(BENCH_ENV) network/scripts/down.sh >/dev/null; exit $$status

# Backup and restore time and size against a ledger of PAYMENTS payments (default 100,000) on the running network
# (BAYRECON_STATE_DIR names it; the figures are printed, and written to bench/results/backup-restore-*.json).
bench-backup: fabric install
	@node -r ts-node/register/transpile-only bench/backup-restore.ts --payments=$(or $(PAYMENTS),100000)

# The network in its three shapes (one Raft node; SmartBFT on one machine; SmartBFT on the hosts topology, as root),
# each on a fresh network of the benchmark's own: make up time, RSS, throughput at batch 500, commit latency, resume
# time, as ratios against Raft. BENCH_ARGS=--quick for a short run, --only=raft,bft,hosts to choose.
bench-consortium: fabric build
	@$(BENCH_ENV) node -r ts-node/register/transpile-only bench/consortium.ts $(BENCH_ARGS)

# Debian's Chromium for the console's browser tests (Playwright's own browser download cannot be used here), and a
# font with Chinese characters, without which the screenshots of the Chinese views show empty boxes.
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
chromium:
	@if [ ! -x "$(CHROMIUM)" ] || [ ! -f "$(CJK_FONT)" ]; then \
	  echo "[test] installing Chromium and a CJK font from Debian's packages"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null \
	    || { echo "could not install Chromium (apt-get install chromium fonts-wqy-microhei)" >&2; exit 1; }; \
	fi

# The link emulator that `network/scripts/hosts.sh degrade` runs where the kernel has no tc netem (network/linkem:
# Go's standard library only, so it builds offline; its binary is ignored by git), with iptables, which sends it the
# link's packets.
LINKEM := network/linkem/linkem
linkem: $(LINKEM) link-tools
$(LINKEM): $(wildcard network/linkem/*.go) network/linkem/go.mod
	@command -v go >/dev/null || { echo "building the link emulator (network/linkem) needs Go 1.22 or later" >&2; exit 1; }
	cd network/linkem && GOTOOLCHAIN=local go build -trimpath -o linkem .

# iptables for the link emulator, and ping for its test (test/hosts/link-emulator.spec.ts), from Debian's packages.
link-tools:
	@if ! command -v iptables >/dev/null || ! command -v ping >/dev/null; then \
	  echo "[test] installing iptables and ping from Debian's packages"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables iputils-ping >/dev/null \
	    || { echo "could not install iptables and ping (apt-get install iptables iputils-ping)" >&2; exit 1; }; \
	fi

# A throwaway PostgreSQL on loopback for the API (installed from Debian's packages if missing).
postgres:
	@network/scripts/postgres.sh start

clean: down
	rm -rf node_modules */node_modules */dist console/src/generated bench/trivial-chaincode/dist $(LINKEM)
