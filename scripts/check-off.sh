#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-off.sh: the series builds with its options off. TAP lines.
#
# arm (the boards' architecture): the whole kernel, compiled and linked.
# x86_64: every file of the base that the series changes compiles with the
# options off; what they share with arm (stubs, headers) is exercised by
# arm's full build. Building all of x86_64 again would cost as much as a
# build from scratch: the options are tested in include/linux/sched.h.
#
# Both start from a copy of the tip's build (build/out/ARCH), so that only
# what depends on the options is compiled again.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# copy ARCH: build/out/ARCH-off, a copy of the tip's build folder.
copy() {
	local off=$BUILD/out/$1-off
	rm -rf "$off"
	[ -d "$BUILD/out/$1" ] && cp -a "$BUILD/out/$1" "$off"
	echo "$off"
}

# The two run side by side: x86_64's few compiles fill arm's serial steps.
off_arm() {
	FEATURES=off "$TOP/scripts/build-kernel.sh" arm "$(copy arm)" >&2
}

# The C files of the base that the series changes and x86_64 builds.
off_x86_64() {
	local off objs= f log=$LOGS/build-x86_64-off.log
	off=$(copy x86_64)
	for f in $(git -C "$KSRC" diff --name-only --diff-filter=M base series -- '*.c'); do
		[ -f "$off/${f%.c}.o" ] && objs="$objs ${f%.c}.o"
	done
	echo "$objs" >"$off/.rig-off-objs"
	if ! { FEATURES=off CONFIG_ONLY=1 "$TOP/scripts/build-kernel.sh" x86_64 "$off" >&2 &&
		kmake x86_64 "$off" $objs >>"$log" 2>&1; }; then
		grep -E 'error|Error' "$log" | head -20 >&2
		return 1
	fi
}

off_arm & arm=$!
off_x86_64 & x86=$!
wait $arm && r=OK || r=FAIL
result $r "the series builds on arm with its options off"
wait $x86 && r=OK || r=FAIL
result $r "the files the series changes compile on x86_64 with its options off:$(cat "$BUILD/out/x86_64-off/.rig-off-objs" 2>/dev/null)"
