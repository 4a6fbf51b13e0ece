#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What 'make bench' runs in each VM: every /rig/bench.d/* in turn. A
# benchmark that fails is named, and 'make bench' stops on it.
echo "RIG-BEGIN-BENCH"
found=0
# rigbench=a,b on the kernel command line: only those (BENCH_ONLY)
only=$(sed -n 's/.*rigbench=\([^ ]*\).*/\1/p' /proc/cmdline)
for b in /rig/bench.d/*; do
	[ -x "$b" ] || continue
	case ",${only:-$(basename "$b")}," in
	*",$(basename "$b"),"*) ;;
	*) continue ;;
	esac
	found=1
	"$b" || echo "RIG: benchmark $(basename "$b") failed (exit $?)"
done
[ $found = 1 ] || echo "(no benchmarks yet)"
echo "RIG-END-BENCH"
