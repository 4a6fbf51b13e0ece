#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What 'make bench' runs: the benchmarks of /rig/bench.d in each VM, on the
# kernel with the series and on the base kernel, in interleaved boots
# (series, base, base, series, series, base, ...; BENCH_BOOTS of each,
# default 3) so that a slow spell or a drift of the host hits both. A
# benchmark prints lines
#   BENCH <name> <value> <unit>
# and may print the same name for the baseline it measures itself. The
# table gives each figure's median over the boots and its spread.
# Never on the debug kernels: these are the test kernels' configurations.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# BENCH_ONLY=vt,vtsync: only these benchmarks of /rig/bench.d;
# VTBENCH_ARGS=reads,wakeups: only these parts of vtbench (reads, freezes,
# wakeups; comma-separated).
BOOTS=${BENCH_BOOTS:-3}
export RIG_APPEND="${RIG_APPEND:-}${BENCH_ONLY:+ rigbench=$BENCH_ONLY}${VTBENCH_ARGS:+ vtbench=$VTBENCH_ARGS}"

[[ $BOOTS =~ ^[1-9][0-9]*$ ]] || die "BENCH_BOOTS must be a positive number, not '$BOOTS'"
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
	rm -f "$BUILD"/bench-"$arch"-*.txt
	for b in $(seq "$BOOTS"); do
		order="series base"
		[ $((b % 2)) = 0 ] && order="base series"
		for k in $order; do
			out=$BUILD/out/$arch
			[ $k = base ] && out=$BUILD/out/base-$arch
			OUT=$out "$TOP/selftests/qemu.sh" "$arch" bench 1800 >/dev/null
			! grep '^RIG: benchmark .* failed' "$LOGS/vm-$arch-bench.log" ||
				die "a benchmark failed on the $arch $k kernel, see ${LOGS#$TOP/}/vm-$arch-bench.log"
			sed -n '/^RIG-BEGIN-BENCH$/,/^RIG-END-BENCH$/p' "$LOGS/vm-$arch-bench.log" |
				grep '^BENCH ' >"$BUILD/bench-$arch-$k-$b.txt" ||
				die "the $arch $k kernel's boot $b printed no benchmark"
		done
	done
	echo
	echo "== $arch (QEMU TCG, 2 CPUs): base = Linux $(make -s -C "$WT" kernelversion), series = base + $(git -C "$KSRC" rev-list --count base..series) patches"
	"$TOP/scripts/bench-table.py" "$BUILD"/bench-"$arch"-base-*.txt -- \
		"$BUILD"/bench-"$arch"-series-*.txt
done
