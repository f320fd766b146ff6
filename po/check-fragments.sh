#!/bin/sh
# check-fragments.sh FRAGMENT...: fails when two fragments translate one
# message id differently (msgcat marks such a message fuzzy), since the
# catalogue would keep only the first (--use-first) and the other fragment
# would silently be wrong. Run by the build before the catalogue is made.
set -e
dups=$(msgcat --more-than=1 --no-wrap "$@" | msgattrib --only-fuzzy --no-wrap | grep '^msgid "[^"]' || true)
if [ -n "$dups" ]; then
	printf '%s\n' "$dups" >&2
	echo "po/fr: the message ids above have different translations in two fragments; keep one" >&2
	exit 1
fi
