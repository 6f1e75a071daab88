# SkillPod — kubebuilder-style entry points. Everything installs itself; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help deps generate dev test lint bench stack-up stack-down stack-status stack-env migrate

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

deps: ## Install Debian packages, npm packages and the Go-built binaries (idempotent, cached)
	@scripts/install-deps.sh

generate: deps ## Generate code (Prisma client)
	@control-plane/scripts/prisma.sh generate >/dev/null

dev: deps generate ## Set everything up and run the platform with demo data
	@scripts/dev.sh

test: deps generate ## Start the stack, run every test (unit + against the real stack), stop the stack
	@scripts/test.sh

lint: deps generate ## eslint, prettier and the TypeScript compiler
	@npm run -s lint

bench: deps generate ## Run the benchmarks; results in bench/results/*.json and BENCHMARKS.md
	@scripts/bench.sh

stack-up: deps ## Start the local stack (idempotent)
	@scripts/stack.sh up

stack-down: ## Stop the local stack, leaving no process behind
	@scripts/stack.sh down

stack-status: ## Show each part of the stack, its port and log
	@scripts/stack.sh status

stack-env: ## Print export lines for the running stack: eval "$$(make -s stack-env)"
	@scripts/stack.sh env

migrate: generate ## Apply the Prisma migrations to the app database
	@source <(scripts/stack.sh env) && control-plane/scripts/prisma.sh migrate deploy
