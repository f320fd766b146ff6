#!/bin/bash
# pkg_chroot.sh: run by t_packages.sh as root inside a chroot whose root is
# an overlay of the machine's own / (so every dependency is installed and
# nothing outside the overlay changes). Installs the packages for real with
# dpkg, uses them as a site and a centre would, upgrades, removes, purges.
# Prints one "PASS desc" or "FAIL desc: detail" line per check.
# Arguments: PORT; the .deb files are in /pkg/v1 and /pkg/v2.
set -u
PORT=$1
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LANG=C.UTF-8 LC_ALL= LANGUAGE=
unset QP_AGENT_DATA QP_COLLECTOR_DATA QP_LOCALEDIR
cd /

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then pass "$d"; else fail "$d"; fi; }
# run_exit DESC CODE CMD...: output in /tmp/out, /tmp/err
run_exit() {
	d=$1; want=$2; shift 2
	"$@" >/tmp/out 2>/tmp/err
	got=$?
	if [ "$got" = "$want" ]; then pass "$d"; else fail "$d: exit $got, expected $want: $(head -c 300 /tmp/err)"; fi
}
has() { if grep -Eq -- "$2" "$3"; then pass "$1"; else fail "$1: /$2/ not in $(head -c 300 "$3")"; fi; }
eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi; }
wait_port() {
	for _ in $(seq 100); do
		ss -ltn 2>/dev/null | grep -q ":$PORT " && return 0
		sleep 0.1
	done
	return 1
}

# systemd as the maintainer scripts see it: a running system whose
# systemctl only writes down what it is asked.
mkdir -p /run/systemd/system /usr/local/sbin
cat >/usr/local/sbin/systemctl <<'SH'
#!/bin/sh
echo "$*" >>/systemctl.log
SH
chmod 755 /usr/local/sbin/systemctl
: >/systemctl.log

# ---------------------------------------------------------------- install
run_exit "dpkg -i common, agent, collector 0.1.0" 0 dpkg -i /pkg/v1/qualiparis-common_*.deb \
	/pkg/v1/qualiparis-agent_*.deb /pkg/v1/qualiparis-collector_*.deb
check "user qualiparis" getent passwd qualiparis
check "group qualiparis" getent group qualiparis
eq "/var/lib/qualiparis/agent: setgid, group-writable, qualiparis's" "2770 qualiparis qualiparis" \
	"$(stat -c '%a %U %G' /var/lib/qualiparis/agent)"
check "French catalogue installed" test -s /usr/share/locale/fr/LC_MESSAGES/qualiparis.mo
check "man qp-agent(8)" test -s /usr/share/man/man8/qp-agent.8.gz
check "man qualiparis.ini(5)" test -s /usr/share/man/man5/qualiparis.ini.5.gz
check "copyright" test -s /usr/share/doc/qualiparis-agent/copyright
check "fr_FR.UTF-8 available" sh -c "locale -a | grep -qix 'fr_FR.utf-\?8'"
check "fresh install: daemon-reload" grep -q daemon-reload /systemctl.log
check "fresh install: nothing restarted" sh -c "! grep -q restart /systemctl.log"

# --------------------------------------------------- first start, by default
run_exit "qp-agent status before init: exit 2" 2 qp-agent status
has "it names /etc/qualiparis/agent.ini and says run init" \
	"/etc/qualiparis/agent.ini: no such file; run 'qp-agent init'" /tmp/err
run_exit "qp-collector init, no option" 0 qp-collector init --listen "tcp://127.0.0.1:$PORT"
CKEY=$(cat /tmp/out)
eq "collector.ini is root:qualiparis 0640" "640 root qualiparis" \
	"$(stat -c '%a %U %G' /etc/qualiparis/collector.ini)"
eq "collector.key belongs to qualiparis, 0600" "600 qualiparis" \
	"$(stat -c '%a %U' /var/lib/qualiparis/collector/collector.key)"
run_exit "qp-agent init, no option" 0 qp-agent init --site eps-05 \
	--collector "tcp://127.0.0.1:$PORT" --collector-key "$CKEY"
SKEY=$(cat /tmp/out)
check "agent.ini written in /etc/qualiparis" test -s /etc/qualiparis/agent.ini
eq "agent store is group-writable" "660 qualiparis qualiparis" \
	"$(stat -c '%a %U %G' /var/lib/qualiparis/agent/store/data.mdb)"
run_exit "qp-agent status, no option" 0 qp-agent status
run_exit "qp-agent config check, no option" 0 qp-agent config check
run_exit "qp-collector config check, no option" 0 qp-collector config check
has "config check reads /etc/qualiparis/planning.ini" "/etc/qualiparis/planning.ini" /tmp/out

# ------------------------------------------------ the group may record
useradd -m -G qualiparis alice
useradd -m bob
run_exit "alice (group qualiparis) records" 0 \
	runuser -u alice -- qp-agent indicator set N7-CALLS-25S 2026-01 400 480 --by alice
run_exit "bob (not in the group) cannot" 2 runuser -u bob -- qp-agent status
has "bob is told: permission denied on the file" \
	"/etc/qualiparis/agent.ini: Permission denied" /tmp/err

# ------------------------------------------------ a sync, as the units run
run_exit "enroll" 0 qp-collector enroll eps-05 "$SKEY"
runuser -u qualiparis -- qp-collector --data /var/lib/qualiparis/collector run \
	>/tmp/collector.log 2>&1 &
CPID=$!
check "collector listens" wait_port
run_exit "agent syncs as qualiparis" 0 runuser -u qualiparis -- qp-agent sync --timeout 20
eq "17 events at the centre (16 default checks, 1 indicator)" 17 "$(qp-collector status --json | jq -r '.sites[0].events')"
has "log lines: ISO time, level, program" \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9]{2}:[0-9]{2} info qp-collector\[[0-9]+\]: ' /tmp/collector.log
kill "$CPID"; wait "$CPID"
qp-agent status --json >/tmp/before.json

# ---------------------------------------------------------------- upgrade
: >/systemctl.log
run_exit "dpkg -i 0.1.1 (upgrade)" 0 dpkg -i /pkg/v2/qualiparis-common_*.deb \
	/pkg/v2/qualiparis-agent_*.deb /pkg/v2/qualiparis-collector_*.deb
eq "version 0.1.1 installed" 0.1.1 "$(dpkg-query -W -f='${Version}' qualiparis-agent)"
check "upgrade restarts a running agent" grep -qx "try-restart qp-agent.service" /systemctl.log
check "upgrade restarts a running collector" grep -qx "try-restart qp-collector.service" /systemctl.log
check "upgrade does not stop" sh -c "! grep -q '^stop' /systemctl.log"
qp-agent status --json >/tmp/after.json
eq "agent data kept across the upgrade" "$(jq -c '[.next_seq, .acked_through]' /tmp/before.json)" \
	"$(jq -c '[.next_seq, .acked_through]' /tmp/after.json)"
eq "collector data kept across the upgrade" 17 "$(qp-collector status --json | jq -r '.sites[0].events')"
check "agent.ini kept" test -s /etc/qualiparis/agent.ini

# ---------------------------------------------------------------- remove
: >/systemctl.log
run_exit "dpkg -r qualiparis-agent" 0 dpkg -r qualiparis-agent
check "remove stops the agent" grep -qx "stop qp-agent.service" /systemctl.log
check "the program is gone" test ! -e /usr/bin/qp-agent
check "the configuration stays until purge" test -s /etc/qualiparis/agent.ini
check "the data stay" test -s /var/lib/qualiparis/agent/store/data.mdb

run_exit "dpkg -P qualiparis-agent" 0 dpkg -P qualiparis-agent
check "purge: /etc/qualiparis/agent.ini gone" test ! -e /etc/qualiparis/agent.ini
check "purge: the example conffile gone" test ! -e /etc/qualiparis/agent.ini.example
check "purge: the data stay" test -s /var/lib/qualiparis/agent/store/data.mdb
check "purge: the configuration moved beside them" test -s /var/lib/qualiparis/agent/agent.ini
has "purge says where the data are" "data kept in /var/lib/qualiparis/agent" /tmp/err

run_exit "reinstall the agent" 0 dpkg -i /pkg/v2/qualiparis-agent_*.deb
run_exit "status works again with no option" 0 qp-agent status --json
eq "with the same records" "$(jq -r .next_seq /tmp/before.json)" "$(jq -r .next_seq /tmp/out)"

run_exit "purge everything" 0 dpkg -P qualiparis-agent qualiparis-collector qualiparis-common
check "/etc/qualiparis is gone" test ! -e /etc/qualiparis
check "the centre's data stay" test -s /var/lib/qualiparis/collector/store/data.mdb
check "the user stays with them" getent passwd qualiparis
