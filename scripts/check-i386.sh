#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-i386.sh: the C files the series adds or changes compile for i386
# (i386_defconfig, a 32-bit x86 with the old time syscalls, time() and
# time32(), that neither test kernel has), with the series' options on and
# off. Only those files are compiled: the VMs boot nothing of this build.
# TAP lines.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

OUT=$BUILD/out/i386
LOG=$LOGS/build-i386.log
mkdir -p "$OUT"
: >"$LOG"

# objs FILTER: the objects of the series' C files that a 32-bit x86 kernel
# builds; FILTER is git diff's: AM with the options on (the files the series
# adds only build then), M with them off. lib/vdso/ is built as part of the
# vDSO images (arch/x86/entry/vdso/).
objs() {
	git -C "$KSRC" diff --name-only --diff-filter="$1" base series -- '*.c' |
		grep -vE '^(tools|samples|arch/[^x]|arch/x[^8])' |
		sed -e 's/\.c$/.o/' -e 's|^lib/vdso/.*|arch/x86/entry/vdso/|' |
		sort -u | tr '\n' ' '
}

# configure on|off: i386_defconfig plus the options (and what they need).
configure() {
	local frag=$OUT/features-$1.config opt
	: >"$frag"
	echo "CONFIG_GPIOLIB=y" >>"$frag"
	for opt in $(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p' \
			"$TOP/selftests/config/features.config"); do
		if [ "$1" = on ]; then echo "$opt=y"; else echo "$opt=n"; fi
	done >>"$frag"
	kmake i386 "$OUT" i386_defconfig &&
		"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" "$frag" &&
		kmake i386 "$OUT" olddefconfig &&
		if [ "$1" = on ]; then
			"$TOP/scripts/check-config.sh" "$OUT/.config" "$frag"
		fi
}

for mode in on off; do
	desc="the files the series adds or changes compile on i386 with its options $mode"
	[ $mode = on ] && objs=$(objs AM) || objs=$(objs M)
	if { configure $mode && kmake i386 "$OUT" $objs; } >>"$LOG" 2>&1; then
		result OK "$desc: $objs"
	else
		grep -E 'error|Error' "$LOG" | head -20 >&2
		result FAIL "$desc" "see ${LOG#$TOP/}"
	fi
done
