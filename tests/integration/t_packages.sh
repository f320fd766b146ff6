#!/bin/bash
# The Debian packages: built with CPack from this build, their contents and
# dependencies, the hardened units checked by systemd-analyze, and the
# packaged programs started from a scratch root (dpkg-deb -x) as a site and
# a centre that really sync.
. "$(dirname "$0")/lib.sh"

BUILD="$QP_BIN/.."
(cd "$BUILD" && cpack -G DEB -B "$T/pkg" >"$T/cpack.log" 2>&1)
check "cpack builds the packages" test $? -eq 0
AG=$(ls "$T"/pkg/qualiparis-agent_*.deb 2>/dev/null)
CO=$(ls "$T"/pkg/qualiparis-collector_*.deb 2>/dev/null)
check "qualiparis-agent .deb" test -f "$AG"
check "qualiparis-collector .deb" test -f "$CO"

dpkg-deb -c "$AG" | awk '{print $6}' >"$T/agent.list"
dpkg-deb -c "$CO" | awk '{print $6}' >"$T/collector.list"
for f in ./usr/bin/qp-agent ./usr/lib/systemd/system/qp-agent.service \
         ./etc/qualiparis/agent.ini.example ./usr/share/doc/qualiparis-agent/guide-utilisateur.md; do
	check "agent package holds $f" grep -qx "$f" "$T/agent.list"
done
for f in ./usr/bin/qp-collector ./usr/lib/systemd/system/qp-collector.service \
         ./etc/qualiparis/collector.ini.example ./etc/qualiparis/planning.ini \
         ./usr/share/doc/qualiparis-collector/operations.md; do
	check "collector package holds $f" grep -qx "$f" "$T/collector.list"
done
check "the agent package has no collector" sh -c "! grep -q qp-collector '$T/agent.list'"
dpkg-deb -f "$AG" Depends >"$T/deps"
for d in libzmq5 liblmdb0 libsodium23 libprotobuf-c1 libjansson4 libinih1 adduser; do
	check "agent depends on $d" grep -q "$d" "$T/deps"
done
mkdir -p "$T/ctl"
dpkg-deb -e "$AG" "$T/ctl"
expect_eq "conffiles" "/etc/qualiparis/agent.ini.example" "$(cat "$T/ctl/conffiles")"
check "postinst creates the qualiparis user" grep -q "adduser --system" "$T/ctl/postinst"

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
finish
