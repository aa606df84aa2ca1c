# StrictMail: build, run and test. Every target works on a fresh Debian 12 machine with the .NET 10 SDK.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CONFIG ?= Release
DOTNET ?= dotnet
RUN_DIR ?= .run
ADMIN_URL ?= http://127.0.0.1:9464
SMTP_LISTEN ?= 127.0.0.1:2525
# make run DNSSEC_RESOLVER=127.0.0.1:53: a validating resolver (e.g. a local unbound) whose AD bit the relay trusts, for DANE.
DNSSEC_RESOLVER ?=
# Debian packages the tests need, as command=package pairs; installed only when the command is missing.
TEST_TOOLS ?= curl=curl postfix=postfix swaks=swaks smtp-sink=postfix kubectl=kubectl promtool=prometheus nsd=nsd unbound=unbound ldns-signzone=ldnsutils
# The chart tests' `helm template` stand-in (tests/helm-template), built from Debian's Go packages unless helm is on PATH.
HELM_TEMPLATE := tests/helm-template/bin/helm-template
HELM_TEMPLATE_PACKAGES ?= golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev
# make bench BENCH_ARGS="--messages 6000 --repeat 5": more options in bench/StrictMail.Bench/BenchOptions.cs.
BENCH_ARGS ?=
# make install PREFIX=$HOME/.local: where the commands go ($(PREFIX)/bin) and their files ($(PREFIX)/lib/strictmail); DESTDIR for packaging.
PREFIX ?= /usr/local
DESTDIR ?=
# Container images: make images IMAGE_REPO=registry.example/strictmail IMAGE_TAG=1.2.3 (the chart's image values).
DOCKER ?= docker
IMAGE_REPO ?= strictmail
IMAGE_TAG ?= $(shell sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$$/\1/p' charts/strictmail/Chart.yaml)

.PHONY: help deps restore build test run bench images clean install install-files

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

deps: ## Install the Debian packages the tests need (apt-get update first), when missing.
	@missing=""; for pair in $(TEST_TOOLS); do cmd=$${pair%%=*}; pkg=$${pair#*=}; \
	  command -v "$$cmd" >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if ! command -v helm >/dev/null 2>&1; then \
	  for pkg in $(HELM_TEMPLATE_PACKAGES); do dpkg -s "$$pkg" >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v helm >/dev/null 2>&1 || $(MAKE) --no-print-directory $(HELM_TEMPLATE)

$(HELM_TEMPLATE): $(wildcard tests/helm-template/*.go)
	cd tests/helm-template && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$(CURDIR)/tests/helm-template/bin/cache \
	  go build -o bin/helm-template .

restore: ## Restore NuGet packages.
	$(DOTNET) restore Operator.sln

build: restore ## Build everything (warnings are errors).
	$(DOTNET) build Operator.sln -c $(CONFIG) --no-restore

test: deps build ## Install what the tests need, build, and run every test.
	@$(DOTNET) test Operator.sln -c $(CONFIG) --no-build 2>&1 | tee $(RUN_DIR).test.log; \
	status=$${PIPESTATUS[0]}; \
	passed=$$(grep -oE 'Passed: +[0-9]+' $(RUN_DIR).test.log | awk '{s+=$$2} END {print s+0}'); \
	failed=$$(grep -oE 'Failed: +[0-9]+' $(RUN_DIR).test.log | awk '{s+=$$2} END {print s+0}'); \
	rm -f $(RUN_DIR).test.log; \
	echo "$$passed passed, $$failed failed"; \
	exit $$status

run: build ## Compile crds/examples in watch mode and run the relay (SMTP 127.0.0.1:2525, admin 127.0.0.1:9464) until Ctrl-C.
	@mkdir -p $(RUN_DIR); \
	$(DOTNET) operator/StrictMail.Operator/bin/$(CONFIG)/net10.0/strictmail-operator.dll local \
	  --policies crds/examples --out $(RUN_DIR)/policy.json --watch & \
	compiler=$$!; trap 'kill $$compiler 2>/dev/null || true' EXIT INT TERM; \
	for i in $$(seq 1 50); do [ -f $(RUN_DIR)/policy.json ] && break; sleep 0.1; done; \
	if [ -n "$(DNSSEC_RESOLVER)" ]; then \
	  echo "DNS: the validating resolver $(DNSSEC_RESOLVER) (its AD bit is trusted: DANE on)"; \
	  export STRICTMAIL_Relay__Delivery__DnssecResolvers__0=$(DNSSEC_RESOLVER); \
	else \
	  echo "DNS: the system resolvers, not trusted for DNSSEC (DANE off; make run DNSSEC_RESOLVER=ip:port turns it on)"; \
	fi; \
	STRICTMAIL_Relay__PolicyFile=$(RUN_DIR)/policy.json STRICTMAIL_Relay__AdminUrl=$(ADMIN_URL) \
	STRICTMAIL_Relay__StateDirectory=$(RUN_DIR)/state STRICTMAIL_Relay__Inbound__ListenAddress=$(SMTP_LISTEN) \
	  $(DOTNET) relay/StrictMail.Relay/bin/$(CONFIG)/net10.0/strictmail-relay.dll

install: build ## Put strictmail-operator and strictmail-relay on PATH: published into $(PREFIX)/lib/strictmail, commands in $(PREFIX)/bin (PREFIX=/usr/local).
	@$(MAKE) --no-print-directory install-files

# What install does after the build (tests call it on a built tree): publish both, then one launcher per command.
install-files:
	@lib="$(DESTDIR)$(PREFIX)/lib/strictmail"; bin="$(DESTDIR)$(PREFIX)/bin"; \
	$(DOTNET) publish operator/StrictMail.Operator/StrictMail.Operator.csproj -c $(CONFIG) --no-build -o "$$lib/operator" -v quiet -nologo -maxcpucount:1; \
	$(DOTNET) publish relay/StrictMail.Relay/StrictMail.Relay.csproj -c $(CONFIG) --no-build -o "$$lib/relay" -v quiet -nologo -maxcpucount:1; \
	mkdir -p "$$bin"; \
	for pair in strictmail-operator=operator strictmail-relay=relay; do \
	  name=$${pair%%=*}; dir=$${pair#*=}; \
	  printf '#!/bin/sh\n# Installed by StrictMail'"'"'s make install; runs the published %s with the dotnet on PATH (or DOTNET).\nexec "$${DOTNET:-dotnet}" "%s/%s/%s.dll" "$$@"\n' \
	    "$$name" "$(PREFIX)/lib/strictmail" "$$dir" "$$name" > "$$bin/$$name"; \
	  chmod 755 "$$bin/$$name"; \
	done; \
	echo "installed $$bin/strictmail-operator and $$bin/strictmail-relay (files in $$lib)"

bench: deps ## As root: StrictMail against Postfix on loopback, and the operator at scale (Release, about 5 min); prints one table, writes bench/results/latest.md.
	$(DOTNET) build relay/StrictMail.Relay/StrictMail.Relay.csproj -c Release
	$(DOTNET) build bench/StrictMail.Bench/StrictMail.Bench.csproj -c Release
	$(DOTNET) bench/StrictMail.Bench/bin/Release/net10.0/strictmail-bench.dll --repo $(CURDIR) $(BENCH_ARGS)

images: ## Build the operator, relay and validating-resolver container images (needs a Docker engine with BuildKit).
	$(DOCKER) build -f docker/operator.Dockerfile -t $(IMAGE_REPO)/strictmail-operator:$(IMAGE_TAG) .
	$(DOCKER) build -f docker/relay.Dockerfile -t $(IMAGE_REPO)/strictmail-relay:$(IMAGE_TAG) .
	$(DOCKER) build -f docker/unbound.Dockerfile -t $(IMAGE_REPO)/strictmail-unbound:$(IMAGE_TAG) .

clean: ## Remove build output and the local run directory.
	rm -rf $(RUN_DIR) */*/bin */*/obj
