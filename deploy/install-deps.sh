#!/bin/sh
# Installs the Debian packages that building and testing QualiPARIS need,
# only those that are missing, so it costs nothing on a ready machine.
# Usage: deploy/install-deps.sh [--tests]   (--tests adds the test-only tools)
#        deploy/install-deps.sh --bench     (the benchmarks' tools)
set -eu

pkgs="build-essential cmake pkg-config libzmq3-dev libprotobuf-c-dev
protobuf-c-compiler liblmdb-dev lmdb-utils libsodium-dev libcmocka-dev
libinih-dev libjansson-dev libmicrohttpd-dev libqrencode-dev curl gettext
locales"
if [ "${1:-}" = "--tests" ]; then
	# prometheus: its promtool checks and unit-tests the example alert rules.
	pkgs="$pkgs clang clang-format libclang-rt-14-dev python3 python3-icalendar python3-yaml jq faketime
iproute2 valgrind chromium chromium-driver python3-selenium poppler-utils prometheus"
fi
if [ "${1:-}" = "--bench" ]; then
	# tests/bench/run.sh: rsyslog with RELP as the comparison (the bench starts
	# its own rsyslogd on 127.0.0.1; the system's is not used), mosquitto,
	# and perf and valgrind to profile.
	pkgs="$pkgs python3 jq bc iproute2 rsyslog rsyslog-relp mosquitto mosquitto-clients linux-perf valgrind"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
if [ -n "$missing" ]; then
	echo "install-deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The French locale the packages run the services under and the tests use
# (tests/integration/t_i18n.sh), generated once.
if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8'; then
	echo "install-deps: generating the fr_FR.UTF-8 locale" >&2
	if grep -q '^# *fr_FR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		$SUDO sed -i 's/^# *\(fr_FR.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	elif ! grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		echo 'fr_FR.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
	fi
	$SUDO locale-gen >/dev/null
fi
