#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-debug.sh ARCH: build ARCH's debug kernel (the test kernel plus
# selftests/config/debug.config and debug-ARCH.config) into
# build/out/ARCH-debug, boot it with the test VM's initramfs and run the
# tests tests.list marks "debug". 'make check' runs it for arm; x86_64's
# test kernel is its debug kernel (lib.sh: check_out). TAP lines: the
# build, each test, the kmemleak scan and the kernel log, where any
# lockdep, KASAN, sleeping-in-atomic, debug-objects, WARN, BUG or
# hung-task report fails.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

ARCH=${1:?usage: check-debug.sh ARCH}
OUT=$BUILD/out/$ARCH-debug
log=$LOGS/vm-$ARCH-debug.log

if EXTRA_CONFIG=$(debug_config "$ARCH") \
	"$TOP/scripts/build-kernel.sh" "$ARCH" "$OUT" >&2; then
	result OK "the $ARCH debug kernel builds"
else
	result FAIL "the $ARCH debug kernel builds"
	exit 1
fi
# The test VM's initramfs (make check builds it in stage 07); built here
# when missing, for a run by hand.
[ -f "$BUILD/initramfs-$ARCH.cpio.gz" ] || "$TOP/selftests/mkinitramfs.sh" "$ARCH" >&2 ||
	{ result FAIL "the $ARCH initramfs builds"; exit 1; }

rm -f "$log"
OUT=$OUT "$TOP/selftests/qemu.sh" "$ARCH" debug "${VM_TIMEOUT:-1500}" >&2
rc=$?
[ -f "$log" ] && sed -n '/^RIG-BEGIN-TAP$/,/^RIG-END-TAP$/p' "$log" |
	grep -E '^(not )?ok ' | sed "s/\$/ [$ARCH debug]/"
if [ $rc = 0 ]; then
	result OK "the $ARCH debug VM ran to the end"
else
	result FAIL "the $ARCH debug VM ran to the end"
fi
