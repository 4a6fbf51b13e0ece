#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-off.sh: the series builds on arm and x86_64 with its options off.
# TAP lines. Starts from a copy of the tip's build (build/out/ARCH), so
# that only what depends on the options is compiled again.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

n=0
for arch in arm x86_64; do
	n=$((n + 1))
	off=$BUILD/out/$arch-off
	rm -rf "$off"
	[ -d "$BUILD/out/$arch" ] && cp -a "$BUILD/out/$arch" "$off"
	if FEATURES=off "$TOP/scripts/build-kernel.sh" "$arch" "$off" >&2; then
		echo "ok $n - the series builds on $arch with its options off"
	else
		echo "not ok $n - the series builds on $arch with its options off"
	fi
done
