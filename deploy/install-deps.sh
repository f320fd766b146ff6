#!/bin/sh
# Installs the Debian packages that building and testing QualiPARIS need,
# only those that are missing, so it costs nothing on a ready machine.
# Usage: deploy/install-deps.sh [--tests]   (--tests adds the test-only tools)
#        deploy/install-deps.sh --bench     (the benchmarks' tools)
set -eu

pkgs="build-essential cmake pkg-config libzmq3-dev libprotobuf-c-dev
protobuf-c-compiler liblmdb-dev lmdb-utils libsodium-dev libcmocka-dev
libinih-dev libjansson-dev libmicrohttpd-dev libqrencode-dev curl"
if [ "${1:-}" = "--tests" ]; then
	pkgs="$pkgs clang clang-format libclang-rt-14-dev python3 python3-icalendar jq faketime iproute2 valgrind
chromium chromium-driver python3-selenium poppler-utils"
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
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
