#!/bin/bash
# Metrics and the example alert rules: both programs' Prometheus text
# (status --format prometheus) from a real site and centre after a sync,
# linted by promtool; every metric the rules use exists in that text; the
# rules file is valid and its alerts fire as written
# (tests/integration/alerts_test.yml, promtool test rules).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

RULES="$QP_SRC/deploy/prometheus/qualiparis-alerts.yml"

collector_init
collector_start
site_init eps-05
"$AGENT" --data "$T/eps-05" indicator set N7-CALLS-25S 2026-01 400 480 >/dev/null
expect_exit "sync" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20

expect_exit "qp-agent status --format prometheus" 0 \
	"$AGENT" --data "$T/eps-05" status --format prometheus
cp "$T/out" "$T/agent.prom"
expect_exit "qp-collector status --format prometheus" 0 \
	"$COLLECTOR" --data "$T/c" status --format prometheus
cp "$T/out" "$T/collector.prom"

# Figures worked out by hand: init writes 16 default checks, the indicator
# is the 17th record; all acknowledged, none waits.
expect_match "agent: up" '^qualiparis_up\{program="qp-agent"\} 1$' "$T/agent.prom"
expect_match "agent: build info" '^qualiparis_build_info\{program="qp-agent",version="[0-9]+\.[0-9]+\.[0-9]+"\} 1$' "$T/agent.prom"
expect_match "agent: 17 records" '^qualiparis_agent_records_total\{site="eps-05"\} 17$' "$T/agent.prom"
expect_match "agent: acked through 17" '^qualiparis_agent_acked_through\{site="eps-05"\} 17$' "$T/agent.prom"
expect_match "agent: nothing pending" '^qualiparis_agent_pending_events\{site="eps-05"\} 0$' "$T/agent.prom"
expect_match "agent: no oldest pending" '^qualiparis_agent_oldest_pending_timestamp_seconds\{site="eps-05"\} 0.000$' "$T/agent.prom"
expect_match "collector: up" '^qualiparis_up\{program="qp-collector"\} 1$' "$T/collector.prom"
expect_match "collector: build info" '^qualiparis_build_info\{program="qp-collector",version=' "$T/collector.prom"
expect_match "collector: 17 events of eps-05" '^qualiparis_site_events_total\{site="eps-05"\} 17$' "$T/collector.prom"
expect_match "collector: 1 site" '^qualiparis_sites 1$' "$T/collector.prom"

# A record while the collector is down: one pending, its time is now.
collector_stop
before=$(date +%s)
"$AGENT" --data "$T/eps-05" indicator set N7-CALLS-25S 2026-02 300 400 >/dev/null
"$AGENT" --data "$T/eps-05" status --format prometheus >"$T/agent2.prom"
expect_match "agent: 1 pending" '^qualiparis_agent_pending_events\{site="eps-05"\} 1$' "$T/agent2.prom"
oldest=$(sed -n 's/^qualiparis_agent_oldest_pending_timestamp_seconds{site="eps-05"} \([0-9]*\)\..*/\1/p' "$T/agent2.prom")
check "agent: oldest pending is now ($oldest vs $before)" \
	test "${oldest:-0}" -ge "$before" -a "${oldest:-0}" -le "$(( $(date +%s) + 1 ))"

if command -v promtool >/dev/null; then
	for f in agent.prom agent2.prom collector.prom; do
		promtool check metrics <"$T/$f" >"$T/lint.$f" 2>&1
		expect_eq "promtool check metrics $f: $(head -c 200 "$T/lint.$f")" 0 $?
	done
	expect_exit "promtool check rules" 0 promtool check rules "$RULES"
	cp "$RULES" "$T/qualiparis-alerts.yml"
	cp "$QP_SRC/tests/integration/alerts_test.yml" "$T/"
	(cd "$T" && promtool test rules alerts_test.yml >"$T/ptest" 2>&1)
	expect_eq "promtool test rules: $(tail -c 600 "$T/ptest")" 0 $?
else
	echo "# promtool missing (deploy/install-deps.sh --tests installs prometheus): YAML only"
fi
# Without promtool too: valid YAML, every alert has an expr, a severity
# and a summary.
python3 - "$RULES" >"$T/yaml" 2>&1 <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
rules = [r for g in doc["groups"] for r in g["rules"]]
assert len(rules) >= 4, rules
for r in rules:
    assert r["alert"] and r["expr"], r
    assert r["labels"]["severity"] in ("info", "warning", "critical"), r
    assert r["annotations"]["summary"], r
print(" ".join(r["alert"] for r in rules))
PY
expect_eq "rules are YAML with expr, severity, summary: $(cat "$T/yaml")" 0 $?
for a in QualiparisSiteSilent QualiparisRefusalsRising QualiparisBacklogOld QualiparisConflict; do
	check "rule $a" grep -qw "$a" "$T/yaml"
done

# Every metric the rules use is one the programs write.
grep -o 'qualiparis_[a-z_]*' "$RULES" | sort -u >"$T/used"
cat "$T/agent.prom" "$T/collector.prom" | sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' | sort -u >"$T/written"
missing=$(comm -23 "$T/used" "$T/written" | tr '\n' ' ')
expect_eq "metrics used by the rules are written" "" "$missing"
finish
