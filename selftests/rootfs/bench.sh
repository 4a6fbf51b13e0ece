#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What 'make bench' runs in each VM: every /rig/bench.d/* in turn.
echo "RIG-BEGIN-BENCH"
found=0
for b in /rig/bench.d/*; do
	[ -x "$b" ] || continue
	found=1
	"$b"
done
[ $found = 1 ] || echo "(no benchmarks yet)"
echo "RIG-END-BENCH"
