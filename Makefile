# Torget — the two commands a new developer needs are `make run` and `make test`.
# Both install what is missing first (Debian packages as root or through sudo, Rust components),
# without questions, and do nothing more when everything is already there.

SHELL := /bin/bash
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

# Build: fontconfig and xkbcommon for Slint; run: X11 libraries for winit, Xvfb for headless use;
# Noto fonts for text the bundled fonts do not cover.
APT_PACKAGES := pkg-config libfontconfig1-dev libxkbcommon-dev libxkbcommon-x11-0 libx11-xcb1 \
	libxcursor1 libxrandr2 libxi6 libgl1 xvfb xauth fonts-noto-core

.PHONY: all deps run test lint screenshots fmt clippy bench

all: test

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends $$missing </dev/null; \
	fi
	@command -v $(CARGO) >/dev/null || { echo "Rust is not installed: see https://rustup.rs, then run make again"; exit 1; }
	@if command -v rustup >/dev/null; then \
		rustup component list --installed | grep -q '^clippy' || rustup component add clippy; \
		rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt; \
	fi
	$(CARGO) fetch --locked

run: deps
	$(CARGO) build --release --locked
	./target/release/torget --config assets/demo-kiosk.toml

test: deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked

lint: deps
	$(CARGO) run --locked -- lint .

screenshots: deps
	$(CARGO) run --locked --release -- screenshot --all target/screenshots
	@echo "Screenshots are in target/screenshots/"

fmt:
	$(CARGO) fmt --all

# Figures against the budgets of DESIGN.md (release build). Never part of `make test`.
bench: deps
	$(CARGO) build --release --locked --bin torget-bench
	./target/release/torget-bench --content . --out target/bench
