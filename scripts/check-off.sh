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
# Both start from a copy of the tip's build (lib.sh: check_out), so that only
# what depends on the options is compiled again. arm's build is not done
# again when it passed before with the same inputs (lib.sh: the results
# cache).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# copy ARCH: build/out/ARCH-off, a copy of the tip's build folder.
copy() {
	local off=$BUILD/out/$1-off
	rm -rf "$off"
	[ -d "$(check_out "$1")" ] && cp -a "$(check_out "$1")" "$off"
	echo "$off"
}

# build_off: the whole arm kernel with the options off.
build_off() {
	local off
	off=$(copy arm)
	FEATURES=off "$TOP/scripts/build-kernel.sh" arm "$off"
}
cached "the series builds on arm with its options off" \
	"$(cache_key arm series off)" build_off

# The C files of the base that the series changes and x86_64 builds.
off=$(copy x86_64)
objs=
for f in $(git -C "$KSRC" diff --name-only --diff-filter=M base series -- '*.c'); do
	[ -f "$off/${f%.c}.o" ] && objs="$objs ${f%.c}.o"
done
log=$LOGS/build-x86_64-off.log
desc="the files the series changes compile on x86_64 with its options off"
if FEATURES=off CONFIG_ONLY=1 EXTRA_CONFIG=$(check_extra x86_64) \
	"$TOP/scripts/build-kernel.sh" x86_64 "$off" >&2 &&
	kmake x86_64 "$off" $objs >>"$log" 2>&1; then
	result OK "$desc:$objs"
else
	grep -E 'error|Error' "$log" | head -20 >&2
	result FAIL "$desc"
fi
