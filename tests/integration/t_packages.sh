#!/bin/bash
# The Debian packages: built with CPack from this build, their contents and
# dependencies, the hardened units checked by systemd-analyze, and the
# packaged programs started from a scratch root (dpkg-deb -x) as a site and
# a centre that really sync. Then, as root, a real install in a chroot over
# an overlay of this machine (pkg_chroot.sh): install, first start with the
# default paths, recording by the group, upgrade to a repackaged newer
# version with the data kept, remove and purge.
. "$(dirname "$0")/lib.sh"

BUILD="$QP_BIN/.."
(cd "$BUILD" && cpack -G DEB -B "$T/pkg" >"$T/cpack.log" 2>&1)
check "cpack builds the packages" test $? -eq 0
AG=$(ls "$T"/pkg/qualiparis-agent_*.deb 2>/dev/null)
CO=$(ls "$T"/pkg/qualiparis-collector_*.deb 2>/dev/null)
CM=$(ls "$T"/pkg/qualiparis-common_*.deb 2>/dev/null)
check "qualiparis-agent .deb" test -f "$AG"
check "qualiparis-collector .deb" test -f "$CO"
check "qualiparis-common .deb" test -f "$CM"

dpkg-deb -c "$AG" | awk '{print $6}' >"$T/agent.list"
dpkg-deb -c "$CO" | awk '{print $6}' >"$T/collector.list"
dpkg-deb -c "$CM" | awk '{print $6}' >"$T/common.list"
for f in ./usr/bin/qp-agent ./usr/lib/systemd/system/qp-agent.service \
         ./etc/qualiparis/agent.ini.example ./usr/share/doc/qualiparis-agent/guide-utilisateur.md \
         ./usr/share/man/man8/qp-agent.8.gz ./usr/share/doc/qualiparis-agent/copyright \
         ./usr/share/doc/qualiparis-agent/changelog.Debian.gz; do
	check "agent package holds $f" grep -qx "$f" "$T/agent.list"
done
for f in ./usr/bin/qp-collector ./usr/lib/systemd/system/qp-collector.service \
         ./etc/qualiparis/collector.ini.example ./etc/qualiparis/planning.ini \
         ./usr/share/doc/qualiparis-collector/operations.md ./usr/share/man/man8/qp-collector.8.gz \
         ./usr/share/doc/qualiparis-collector/examples/qualiparis-alerts.yml; do
	check "collector package holds $f" grep -qx "$f" "$T/collector.list"
done
for f in ./usr/share/locale/fr/LC_MESSAGES/qualiparis.mo ./usr/share/man/man5/qualiparis.ini.5.gz; do
	check "common package holds $f" grep -qx "$f" "$T/common.list"
done
# The copyright file names every library the programs link (their NEEDED
# entries, the C library aside) and libmicrohttpd, which they load.
dpkg-deb --fsys-tarfile "$AG" | tar -xO ./usr/share/doc/qualiparis-agent/copyright >"$T/copyright"
for lib in $(readelf -d "$QP_BIN/qp-agent" "$QP_BIN/qp-collector" |
	sed -n 's/.*Shared library: \[lib\([^.]*\)\.so.*/\1/p' | grep -vx 'c\|m\|gcc_s\|pthread\|dl\|asan\|ubsan\|stdc++' |
	sort -u) microhttpd; do
	check "the copyright file names the library $lib" grep -qi "\b\(lib\)\?$lib\b" "$T/copyright"
done
check "no file in two packages" sh -c "sort '$T/agent.list' '$T/collector.list' '$T/common.list' |
	grep -v '/$' | uniq -d | grep -q . && exit 1 || exit 0"
for m in "$QP_SRC"/deploy/man/*.[58]; do
	expect_exit "man page $(basename "$m") renders" 0 man -l "$m"
done
check "changelog.Debian.gz is gzip -n" sh -c "dpkg-deb --fsys-tarfile '$AG' |
	tar -xO ./usr/share/doc/qualiparis-agent/changelog.Debian.gz | gzip -t"
check "the agent package has no collector" sh -c "! grep -q qp-collector '$T/agent.list'"
dpkg-deb -f "$AG" Depends >"$T/deps"
for d in libzmq5 liblmdb0 libsodium23 libprotobuf-c1 libjansson4 libinih1 adduser \
         "qualiparis-common (= "; do
	check "agent depends on $d" grep -q "$d" "$T/deps"
done
# sd_notify's protocol is spoken directly (cli/notify.c): no libsystemd.
check "agent does not depend on libsystemd0" sh -c "! grep -q libsystemd0 '$T/deps'"
mkdir -p "$T/ctl"
dpkg-deb -e "$AG" "$T/ctl"
expect_eq "conffiles" "/etc/qualiparis/agent.ini.example" "$(cat "$T/ctl/conffiles")"
check "postinst creates the qualiparis user" grep -q "adduser --system" "$T/ctl/postinst"
for f in prerm postrm; do
	check "agent package has a $f" test -x "$T/ctl/$f"
	check "$f is valid sh" sh -n "$T/ctl/$f"
done

# A scratch root: the packaged files, run from there.
R="$T/root"
dpkg-deb -x "$AG" "$R"
dpkg-deb -x "$CO" "$R"
expect_exit "packaged qp-agent runs" 0 "$R/usr/bin/qp-agent" --help
expect_exit "packaged qp-collector runs" 0 "$R/usr/bin/qp-collector" --help

# The units: hardened as promised, and valid for systemd.
for u in qp-agent qp-collector; do
	unit="$R/usr/lib/systemd/system/$u.service"
	for k in "User=qualiparis" "NoNewPrivileges=yes" "ProtectSystem=strict" "PrivateTmp=yes" \
	         "Type=notify" "WatchdogSec=" "RestartPreventExitStatus=2" "Environment=LANG=fr_FR.UTF-8" \
	         "CapabilityBoundingSet=$" "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" \
	         "StateDirectory=qualiparis/" "SystemCallFilter=@system-service"; do
		check "$u: $k" grep -q "^$k" "$unit"
	done
	# Verify the unit as shipped, its program pointed at the scratch root.
	mkdir -p "$T/units"
	sed "s#/usr/bin/#$R/usr/bin/#" "$unit" >"$T/units/$u.service"
	systemd-analyze verify "$T/units/$u.service" >"$T/verify.$u" 2>&1
	expect_eq "systemd-analyze verify $u.service" 0 $?
	exposure=$(systemd-analyze security --offline=yes "$T/units/$u.service" 2>/dev/null |
	           sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
	check "$u exposure $exposure is low (< 2.0)" awk -v x="$exposure" 'BEGIN { exit !(x != "" && x < 2.0) }'
done

# The example configs are valid configurations of the packaged programs.
port=$(free_port)
mkdir -p "$R/var/lib/qualiparis" "$R/etc-test"
sed "s#^listen = .*#listen = tcp://127.0.0.1:$port#" "$R/etc/qualiparis/collector.ini.example" >"$R/etc-test/collector.ini"
ckey=$("$R/usr/bin/qp-collector" --data "$R/var/lib/qualiparis/collector" init --listen "tcp://127.0.0.1:$port" 2>/dev/null)
cp "$R/etc-test/collector.ini" "$R/var/lib/qualiparis/collector/collector.ini"
spawn "$T/collector.log" "$R/usr/bin/qp-collector" --data "$R/var/lib/qualiparis/collector" \
	--config "$R/etc-test/collector.ini" run
wait_for 10 sh -c "ss -ltn | grep -q ':$port '"
skey=$("$R/usr/bin/qp-agent" --data "$R/var/lib/qualiparis/agent" --config "$R/etc-test/agent.ini" \
	init --site eps-05 --collector "tcp://127.0.0.1:$port" --collector-key "$ckey" 2>/dev/null)
check "packaged agent initialised with its config in /etc" test -s "$R/etc-test/agent.ini"
"$R/usr/bin/qp-collector" --data "$R/var/lib/qualiparis/collector" --config "$R/etc-test/collector.ini" \
	enroll eps-05 "$skey" 2>/dev/null
"$R/usr/bin/qp-agent" --data "$R/var/lib/qualiparis/agent" --config "$R/etc-test/agent.ini" \
	indicator set N7-CALLS-25S 2026-01 400 480 >/dev/null
expect_exit "packaged agent syncs to the packaged collector" 0 \
	"$R/usr/bin/qp-agent" --data "$R/var/lib/qualiparis/agent" --config "$R/etc-test/agent.ini" sync --timeout 20
expect_eq "17 events at the centre" 17 \
	"$("$R/usr/bin/qp-collector" --data "$R/var/lib/qualiparis/collector" --config "$R/etc-test/collector.ini" status --json | jq -r '.sites[0].events')"

# A real install, upgrade, removal and purge: in a chroot over an overlay
# of this machine (root only; the mount namespace dies with the test).
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
	echo "# not root or no mount namespace: the dpkg install part is skipped"
	finish
	exit $?
fi
(cd "$BUILD" && cpack -G DEB -B "$T/pkg2" -D CPACK_PACKAGE_VERSION=0.1.1 >"$T/cpack2.log" 2>&1)
check "cpack repackages the build as 0.1.1" test -f "$(ls "$T"/pkg2/qualiparis-agent_0.1.1_*.deb 2>/dev/null)"
O="$T/overlay"
mkdir -p "$O"
port=$(free_port)
unshare -m bash -c '
	set -e
	O=$1; T=$2; SRC=$3; PORT=$4
	mount -t tmpfs tmpfs "$O"
	mkdir -p "$O/upper" "$O/work" "$O/root"
	mount -t overlay overlay -o "lowerdir=/,upperdir=$O/upper,workdir=$O/work" "$O/root"
	mount -t proc proc "$O/root/proc"
	mount --rbind /dev "$O/root/dev"
	mount -t tmpfs tmpfs "$O/root/tmp"
	mount -t tmpfs tmpfs "$O/root/run"
	mkdir -p "$O/root/pkg/v1" "$O/root/pkg/v2"
	cp "$T"/pkg/*.deb "$O/root/pkg/v1/"
	cp "$T"/pkg2/*.deb "$O/root/pkg/v2/"
	cp "$SRC/tests/integration/pkg_chroot.sh" "$O/root/pkg/"
	chroot "$O/root" /bin/bash /pkg/pkg_chroot.sh "$PORT"
' _ "$O" "$T" "$QP_SRC" "$port" >"$T/chroot.out" 2>"$T/chroot.err"
echo "# chroot: exit $?"
while IFS= read -r line; do
	case "$line" in
	"PASS "*) ok "chroot: ${line#PASS }" ;;
	"FAIL "*) not_ok "chroot: ${line#FAIL }" ;;
	esac
done <"$T/chroot.out"
check "the chroot ran its checks ($(grep -c '^PASS' "$T/chroot.out") passed)" \
	test "$(grep -c '^PASS' "$T/chroot.out")" -ge 50
check "the machine itself has no qualiparis user" sh -c "! getent passwd qualiparis"
check "nor /etc/qualiparis" test ! -e /etc/qualiparis/agent.ini
finish
