#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-config.sh DOTCONFIG FRAGMENT...: every option a fragment sets must
# have that value in DOTCONFIG (Kconfig silently drops unmet options).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

conf=$1
shift
bad=0
for frag in "$@"; do
	while read -r line; do
		case $line in
		CONFIG_*=n) opt=${line%%=*}; want=n ;;
		CONFIG_*=*) opt=${line%%=*}; want=${line#*=} ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; opt=${opt%% *}; want=n ;;
		*) continue ;;
		esac
		have=$(grep -E "^$opt=" "$conf" | cut -d= -f2- || true)
		[ -z "$have" ] && have=n
		if [ "$have" != "$want" ]; then
			echo "config: $opt=$want requested by ${frag#$TOP/}, got $have" >&2
			bad=1
		fi
	done <"$frag"
done
[ $bad = 0 ] || die "kernel config $conf lacks requested options"
