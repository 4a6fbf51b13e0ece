#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What 'make check' runs after installing dependencies: apply the series,
# check it as reviewers will, build both kernels, boot both VMs with their
# kselftests, and end with 'N passed, N failed'. Each stage writes TAP to
# build/results/; a stage that fails does not hide the others' results.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

RES=$BUILD/results
rm -rf "$RES"
mkdir -p "$RES"

# stage NAME CMD...: run CMD, its stdout (TAP) into build/results/NAME.tap.
stage() {
	local name=$1 t0=$(date +%s)
	shift
	step "== $name"
	"$@" >"$RES/$name.tap"
	local rc=$?
	step "== $name: $(( $(date +%s) - t0 )) s"
	return $rc
}

# tapify DESCRIPTION CMD...: one TAP line for the success of CMD, whose
# own output goes to stderr.
tapify() {
	local desc=$1
	shift
	if "$@" >&2; then echo "ok 1 - $desc"; else echo "not ok 1 - $desc"; return 1; fi
}

# vm ARCH: initramfs, boot the kernel the walk ended with (lib.sh:
# check_out), and the TAP the VM printed.
vm() {
	local arch=$1 log=$LOGS/vm-$1-check.log
	"$TOP/selftests/mkinitramfs.sh" "$arch" >&2 || { echo "not ok 1 - $arch initramfs builds"; return 1; }
	rm -f "$log"
	OUT=$(check_out "$arch") "$TOP/selftests/qemu.sh" "$arch" check "${VM_TIMEOUT:-1500}" >&2
	local rc=$?
	[ -f "$log" ] && sed -n '/^RIG-BEGIN-TAP$/,/^RIG-END-TAP$/p' "$log" |
		grep -E '^(not )?ok ' | sed "s/\$/ [$arch]/"
	[ $rc = 0 ] && echo "ok - the $arch VM ran to the end" ||
		echo "not ok - the $arch VM ran to the end"
}

if stage 01-apply tapify "the series applies with git am onto the base" \
	"$TOP/scripts/apply-series.sh"; then
	stage 02-series "$TOP/scripts/check-series.sh"
	# Patch after patch, ending with the kernels the VMs boot.
	stage 03-bisect "$TOP/scripts/check-bisect.sh"
	stage 04-off "$TOP/scripts/check-off.sh"
	stage 04-i386 "$TOP/scripts/check-i386.sh"
	stage 05-dt "$TOP/scripts/check-dt.sh"
	stage 06-warnings "$TOP/scripts/check-warnings.sh"
	for arch in arm x86_64; do
		tail -2 "$RES/03-bisect.tap" | grep -q "^ok .* builds on $arch: " &&
			stage "07-vm-$arch" vm "$arch"
	done
	# x86_64's kernel is its debug kernel. On arm, the tests of what
	# only arm runs again under lockdep and kmemleak, with the initramfs
	# of stage 07.
	[ -f "$RES/07-vm-arm.tap" ] &&
		stage 08-debug-arm "$TOP/scripts/check-debug.sh" arm
fi

# What the kselftests that failed printed about it: the harness's
# expectations and logs, for a reader of the end of the output.
for log in "$LOGS"/vm-*-check.log "$LOGS"/vm-*-debug.log; do
	[ -f "$log" ] || continue
	awk -v vm="$(basename "$log" .log)" '
		/^RIG-BEGIN-TAP$/ { n = 0; bad = 0; next }
		/^not ok / { bad = 1 }
		/^RIG-END-TAP$/ {
			if (bad)
				for (i = 1; i <= n; i++)
					print vm ": " l[i]
			next
		}
		/not ok|FAIL|Expected|\.c:[0-9]+:|[Tt]imed? ?out/ && n < 60 { l[++n] = $0 }
	' "$log"
done

step "== summary"
python3 "$TOP/scripts/tap-summary.py" "$RES"/*.tap
