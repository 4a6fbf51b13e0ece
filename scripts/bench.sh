#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What 'make bench' runs: the benchmarks of /rig/bench.d in each VM, once on
# the kernel with the series and once on the base kernel, booted in the same
# run, printed side by side. A benchmark prints lines
#   BENCH <name> <value> <unit>
# and may print the same name for the baseline it measures itself.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

WT=$BUILD/bisect-src
if [ ! -d "$WT" ]; then
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$WT" base
fi
git -C "$WT" checkout -q --detach base

for arch in ${BENCH_ARCHES:-arm x86_64}; do
	"$TOP/scripts/build-kernel.sh" "$arch"
	KSRC=$WT "$TOP/scripts/build-kernel.sh" "$arch" "$BUILD/out/base-$arch"
	"$TOP/selftests/mkinitramfs.sh" "$arch"
	for k in series base; do
		out=$BUILD/out/$arch
		[ $k = base ] && out=$BUILD/out/base-$arch
		OUT=$out "$TOP/selftests/qemu.sh" "$arch" bench 1800 >/dev/null
		sed -n '/^RIG-BEGIN-BENCH$/,/^RIG-END-BENCH$/p' "$LOGS/vm-$arch-bench.log" |
			grep '^BENCH ' >"$BUILD/bench-$arch-$k.txt" || true
	done
	echo
	echo "== $arch (QEMU TCG, 2 CPUs): base = Linux $(make -s -C "$WT" kernelversion), series = base + $(git -C "$KSRC" rev-list --count base..series) patches"
	printf '%-48s %14s %14s  %s\n' benchmark base series unit
	awk 'FNR == 1 { f++ } { key = $2; unit[key] = $4; v[f, key] = $3
	       if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
	     END { for (i = 1; i <= n; i++) { k = order[i]
		     printf "%-48s %14s %14s  %s\n", k,
			 ((1, k) in v) ? v[1, k] : "-", ((2, k) in v) ? v[2, k] : "-", unit[k] } }' \
		"$BUILD/bench-$arch-base.txt" "$BUILD/bench-$arch-series.txt"
	[ -s "$BUILD/bench-$arch-series.txt" ] || echo "(no benchmarks yet)"
done
