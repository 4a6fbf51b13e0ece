#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What 'make bench' runs in each VM: every /rig/bench.d/* in turn. A
# benchmark that fails is named, and 'make bench' stops on it.
echo "RIG-BEGIN-BENCH"
found=0
for b in /rig/bench.d/*; do
	[ -x "$b" ] || continue
	found=1
	"$b" || echo "RIG: benchmark $(basename "$b") failed (exit $?)"
done
[ $found = 1 ] || echo "(no benchmarks yet)"
echo "RIG-END-BENCH"
