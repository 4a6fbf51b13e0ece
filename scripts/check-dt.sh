#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-dt.sh: the device tree side of the series. TAP lines.
#  - every binding the series adds passes dt_binding_check (judged by its
#    output: Debian 12's dt-schema is older than 6.12 asks for, and the
#    Makefile swallows the exit status);
#  - every board overlay of dts/ (BOARD-vt-sync.dtso, BOARD-vt-sync-wire.dtso)
#    compiles with dtc -@ and applies with fdtoverlay to the mainline
#    BOARD.dtb built from the tree (with symbols), giving a linux,vt-gpio
#    node;
#  - the QEMU test board's overlay applies to the DT QEMU generates.
# Expects build/out/arm to be configured (the walk of check-bisect.sh).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

OUT=$BUILD/out/arm
DT=$BUILD/dt
mkdir -p "$DT"

bindings=$(git -C "$KSRC" diff --name-only --diff-filter=AM base series -- \
	'Documentation/devicetree/bindings/*.yaml')
for b in $bindings; do
	rel=${b#Documentation/devicetree/bindings/}
	log=$LOGS/dt-binding-check-$(basename "$b" .yaml).log
	kmake arm "$DT/binding-check" dt_binding_check \
		DT_SCHEMA_MIN_VERSION=2022.08 DT_SCHEMA_FILES="$rel" >"$log" 2>&1
	# Any line naming the binding, other than kbuild's progress lines.
	bad=$(grep -E "$(basename "$b" .yaml)|^Traceback" "$log" |
		grep -vE '^ +(DTEX|DTC|CHKDT|LINT|SCHEMA) ')
	[ -z "$bad" ] && result OK "dt_binding_check: $rel" ||
		result FAIL "dt_binding_check: $rel" "$bad"
done

# BOARD-vt-sync.dtso (a mesh) and BOARD-vt-sync-wire.dtso (a shared wire)
for o in "$TOP"/dts/*-vt-sync.dtso "$TOP"/dts/*-vt-sync-wire.dtso; do
	[ -e "$o" ] || continue
	overlay=$(basename "$o" .dtso)
	board=${overlay%-vt-sync*}
	name="$overlay.dtso applies to allwinner/$board.dtb"
	log=$LOGS/dt-$overlay.log
	if ! kmake arm "$OUT" DTC_FLAGS=-@ "allwinner/$board.dtb" >"$log" 2>&1; then
		result FAIL "$name" "$(tail -5 "$log")"
		continue
	fi
	dtb=$(find "$OUT/arch/arm/boot/dts" -name "$board.dtb" | head -1)
	if dtc -q -@ -I dts -O dtb -o "$DT/$overlay.dtbo" "$o" 2>>"$log" &&
		fdtoverlay -i "$dtb" -o "$DT/$overlay.dtb" \
			"$DT/$overlay.dtbo" 2>>"$log" &&
		[ "$(fdtget "$DT/$overlay.dtb" /virtual-time-sync compatible 2>>"$log")" = \
			linux,vt-gpio ]; then
		result OK "$name"
	else
		result FAIL "$name" "$(tail -5 "$log")"
	fi
done

# The QEMU test board: qemu.sh builds its DT the same way at boot.
base=$DT/qemu-virt.dtb
log=$LOGS/dt-qemu-virt.log
if qemu-system-arm -M virt,dumpdtb="$base" -cpu cortex-a15 -smp 2 -m 512 \
	-nographic >"$log" 2>&1 &&
	dtc -q -@ -I dts -O dtb -o "$DT/qemu-virt-gpio-sim.dtbo" \
		"$TOP/dts/qemu-virt-gpio-sim.dtso" 2>>"$log" &&
	fdtoverlay -i "$base" -o "$DT/qemu-virt-gpio-sim.dtb" \
		"$DT/qemu-virt-gpio-sim.dtbo" 2>>"$log"; then
	result OK "qemu-virt-gpio-sim.dtso applies to QEMU's arm virt DT"
else
	result FAIL "qemu-virt-gpio-sim.dtso applies to QEMU's arm virt DT" "$(tail -5 "$log")"
fi
