# Torget — the two commands a new developer needs are `make run` and `make test`.
# Both install what is missing first (Debian packages as root or through sudo, Rust components),
# without questions, and do nothing more when everything is already there.

SHELL := /bin/bash
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

# Build: fontconfig and xkbcommon for Slint; run: X11 libraries for winit, Xvfb for headless use;
# Noto fonts for text the bundled fonts do not cover.
# Speech: speech-dispatcher with espeak-ng (libspeechd-dev and libclang-dev to build against it);
# PulseAudio with a null sink, so tests can record what the kiosk says.
# PostgreSQL: the hub's tests start a throw-away server of their own (initdb in a temporary folder).
# Packages: dpkg-deb and strip build them, systemd-analyze checks their units, and the kiosk
# package's dependencies (cage, Xwayland, the Wayland client libraries) let the tests install it.
# The kiosk under cage: a test runs cage on a private Xvfb (wlroots' X11 backend), finds its window
# with xwininfo (x11-utils), taps with xdotool and reads the frames back with grim.
# Paper: the tests start a CUPS scheduler of their own with a cups-pdf virtual printer, and read
# what it printed with pdftotext (poppler-utils).
# Screen readers: a test reads the real kiosk through AT-SPI (at-spi2-core on a private D-Bus,
# pyatspi as Orca uses it). The hub's pages: a test drives Debian's Chromium over WebDriver.
# The archive bridge's messages are checked against KS's schemas with xmllint (libxml2-utils), its
# E-ARK packages with eark-validator from PyPI in a virtual environment of its own (python3-venv).
# Booked times: the tests start Radicale (a CalDAV server) of their own on loopback in a temp folder.
APT_PACKAGES := pkg-config libfontconfig1-dev libxkbcommon-dev libxkbcommon-x11-0 libx11-xcb1 \
	libxcursor1 libxrandr2 libxi6 libgl1 xvfb xauth fonts-noto-core \
	libspeechd-dev libclang-dev speech-dispatcher speech-dispatcher-espeak-ng espeak-ng \
	pulseaudio pulseaudio-utils postgresql \
	binutils systemd adduser cage xwayland libwayland-client0 libwayland-cursor0 libspeechd2 \
	grim xdotool x11-utils \
	cups-daemon cups-client printer-driver-cups-pdf poppler-utils \
	dbus at-spi2-core python3-pyatspi chromium chromium-driver libxml2-utils python3-venv \
	radicale python3-tz

.PHONY: all deps eark-validator run test test-fast lint screenshots fmt clippy bench bench-browser bench-fleet audio sound deb

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

# eark-validator and its dependencies at the versions in the requirements file, once, in target/.
EARK_VENV := target/tools/eark
eark-validator: deps
	@[ -x $(EARK_VENV)/bin/python ] && $(EARK_VENV)/bin/python -c 'import eark_validator' 2>/dev/null || { \
		rm -rf $(EARK_VENV) && python3 -m venv $(EARK_VENV) && \
		$(EARK_VENV)/bin/pip install --quiet --disable-pip-version-check \
			-r crates/torget-archive/tests/eark/requirements.txt; }

run: deps sound
	$(CARGO) build --release --locked
	./target/release/torget --config assets/demo-kiosk.toml

# A full run builds some eighty test and tool binaries: without incremental state and line tables
# it needs little more than half the disk (3.6 GB instead of 6.5 GB) and is no slower from cold.
test: export CARGO_INCREMENTAL := 0
test: export CARGO_PROFILE_DEV_DEBUG := false
test: deps audio eark-validator
	$(CARGO) fmt --all --check
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings
	$(CARGO) test --locked --workspace

# The edit-run loop: unit tests of every crate and the journey tests, without the crash loop, the
# recorded audio, the layout renders of every screen or the benchmark smoke test.
FAST_TESTS := journeys taps keyboards keypad staff store sync bundles lint texts contrast cli speech_text speech_down screen_reader
test-fast: deps
	$(CARGO) build --locked -p torget-hub
	$(CARGO) test --locked --workspace --lib --bins $(addprefix --test ,$(FAST_TESTS))

# Tests: a sound server whose default sink is a null sink named "kiosk"; speech plays into it and
# tests record its monitor. (On a desktop with a running sound server the sink is added to it.)
audio:
	@pulseaudio --check 2>/dev/null || pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
		--load="module-null-sink sink_name=kiosk" --load=module-native-protocol-unix 2>/dev/null
	@pactl list short sinks | grep -q kiosk || pactl load-module module-null-sink sink_name=kiosk >/dev/null
	@pactl set-default-sink kiosk

# The kiosk itself: the sound server with the machine's real outputs.
sound:
	@pulseaudio --check 2>/dev/null || pulseaudio --start --exit-idle-time=-1 2>/dev/null || \
		echo "No sound server could be started: the kiosk will show that speech is unavailable."

# The two Debian packages (kiosk and hub), from a release build, into target/debian/.
deb: deps
	$(CARGO) build --release --locked -p torget -p torget-hub
	scripts/build-deb target/release target/debian

lint: deps
	$(CARGO) run --locked -- lint .

screenshots: deps
	$(CARGO) run --locked --release -- screenshot --all target/screenshots
	@echo "Screenshots are in target/screenshots/"

fmt:
	$(CARGO) fmt --all

# Figures against their budgets (docs/performance.md), release build. Never part of `make test`.
# Torget beside a browser in kiosk mode (Debian's Chromium) on the same pages, in one run.
bench-browser: deps
	@dpkg-query -W -f='$${Status}' chromium 2>/dev/null | grep -q "install ok installed" || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends chromium </dev/null; }
	$(CARGO) build --release --locked --bin torget-bench
	./target/release/torget-bench --browser --content . --out target/bench

# Then again on the low-end kiosk profile (one core at half its time, a cgroup of its own), and the
# two side by side.
# A region's fleet against two hub instances on one throw-away PostgreSQL cluster: 2 000 kiosks
# and 20 desk pages for five minutes, the second instance killed halfway, then both down for 30 s
# while every kiosk has a request to send (never part of make test; its smoke run is).
# FLEET="--kiosks 500 --seconds 120" changes the scale.
bench-fleet: deps
	$(CARGO) build --release --locked --bin torget-bench --bin torget-hub
	./target/release/torget-bench --fleet --kill-halfway --outage-seconds 30 $(FLEET) --out target/bench/fleet

bench: deps
	$(CARGO) build --release --locked --bin torget-bench
	./target/release/torget-bench --content . --out target/bench
	./target/release/torget-bench --low-end --content . --out target/bench/low-end
	./target/release/torget-bench --compare target/bench target/bench/low-end
