#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# qemu.sh ARCH MODE [TIMEOUT]: boot build/out/ARCH's kernel with
# build/initramfs-ARCH.cpio.gz in QEMU (TCG, 2 CPUs) with rigmode=MODE and a
# hard timeout. The console goes to build/logs/vm-ARCH-MODE.log and, less
# the kernel's boot chatter (all of it with VERBOSE=1), to stdout.
# Exits non-zero if the VM did not reach the end of its /init.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

ARCH=${1:?usage: qemu.sh ARCH MODE [TIMEOUT]}
MODE=${2:?usage: qemu.sh ARCH MODE [TIMEOUT]}
TMO=${3:-900}
OUT=${OUT:-$BUILD/out/$ARCH}
log=$LOGS/vm-$ARCH-$MODE.log
append="panic=-1 rigmode=$MODE ${RIG_APPEND:-}"

case $ARCH in
arm)
	dtb=$BUILD/qemu-virt-gpio-sim.dtb
	base=$BUILD/qemu-virt.dtb
	# The DT QEMU generates depends on the options: dump it with the same.
	qemu-system-arm -M virt,dumpdtb="$base" -cpu cortex-a15 -smp 2 -m 512 \
		-display none >/dev/null 2>&1 || die "qemu-system-arm cannot dump its DT"
	dtc -q -@ -I dts -O dtb -o "$BUILD/qemu-virt-gpio-sim.dtbo" \
		"$TOP/dts/qemu-virt-gpio-sim.dtso"
	fdtoverlay -i "$base" -o "$dtb" "$BUILD/qemu-virt-gpio-sim.dtbo"
	cmd=(qemu-system-arm -M virt -cpu cortex-a15 -dtb "$dtb")
	append="console=ttyAMA0 $append"
	;;
x86_64)
	cmd=(qemu-system-x86_64 -M pc -cpu max)
	append="console=ttyS0 $append"
	;;
esac

# filter: what of the console reaches stdout. Without VERBOSE: the kernel's
# banner, then everything /init prints, test results rather than their chatter.
filter() {
	if [ -n "${VERBOSE:-}" ]; then
		cat
	elif [ "$MODE" = check ] || [ "$MODE" = debug ]; then
		grep --line-buffered -E '^(Linux version|RIG:|Kernel panic|(not )?ok )'
	else
		awk '/^(Linux version|Kernel panic)/ { print; fflush() }
		     /^RIG: booted/ { on = 1 } on { print; fflush() }'
	fi
}

# boot: one boot of the VM, its console into $log; its exit status is
# QEMU's (124: the hard timeout), 75 when it stalled. A boot that hangs
# before /init says "RIG: booted" prints nothing more: one in some dozens
# of arm boots under TCG seemed to stop in the middle of a kernel message.
# Such a boot is killed after $STALL s of silence, rather than when the
# hard timeout expires. tr is line-buffered: with a full buffer, the log
# lagged up to 4 KiB behind the console, and a VM that went quiet after
# booting looked as if it had stalled before. An interactive boot is not
# watched.
STALL=${VM_BOOT_STALL:-240}
cmd+=(-smp 2 -m 512 -nographic -no-reboot -kernel "$OUT/$(kimage "$ARCH")"
      -initrd "$BUILD/initramfs-$ARCH.cpio.gz" -append "$append")
boot() {
	local job stalled= rc

	rm -f "$log.qemu" "$log.rc"
	if [ "$MODE" = shell ]; then
		timeout --foreground -k 10 "$TMO" "${cmd[@]}" </dev/stdin |
			stdbuf -oL tr -d '\r' | tee "$log"
		return "${PIPESTATUS[0]}"
	fi
	(
		timeout -k 10 "$TMO" "${cmd[@]}" </dev/null &
		echo $! >"$log.qemu"
		wait $!
		echo $? >"$log.rc"
	) | stdbuf -oL tr -d '\r' | tee "$log" | filter &
	job=$!
	while kill -0 "$job" 2>/dev/null; do
		sleep 1
		grep -q '^RIG: booted' "$log" 2>/dev/null && break
		[ -f "$log" ] && [ -s "$log.qemu" ] || continue
		if [ $(( $(date +%s) - $(stat -c %Y "$log") )) -gt "$STALL" ]; then
			stalled=1
			kill "$(cat "$log.qemu")" 2>/dev/null
			break
		fi
	done
	wait "$job"
	rc=$(cat "$log.rc" 2>/dev/null || echo 1)
	rm -f "$log.qemu" "$log.rc"
	[ -n "$stalled" ] && return 75
	return "$rc"
}

step "booting the $ARCH VM ($MODE; log: ${log#$TOP/})"
set +e
boot
rc=$?
if [ "$rc" = 75 ]; then
	mv "$log" "$log.stalled"
	step "the $ARCH VM printed nothing for $STALL s while booting (${log#$TOP/}.stalled): booting it again"
	echo "RIG: the $ARCH VM stalled while booting, and was booted again"
	boot
	rc=$?
fi
set -e
[ "$rc" = 75 ] && die "the $ARCH VM stalled while booting, twice"
[ "$rc" = 124 ] && die "the $ARCH VM did not finish within $TMO s"
grep -q '^RIG: done' "$log" || die "the $ARCH VM did not reach the end of /init (qemu exit $rc)"
step "the $ARCH VM finished"
