#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What 'make demo' shows on the emulated arm board.
echo "== board"
cat /proc/device-tree/model 2>/dev/null; echo
echo "kernel: $(uname -a)"
echo "== GPIO sync lines (gpio-sim test fixture)"
for c in /sys/bus/gpio/devices/gpiochip*; do
	[ -e "$c" ] || continue
	echo "$(basename "$c"): $(cat "$c"/../label 2>/dev/null)"
done
for l in /sys/devices/platform/gpio-sim/gpiochip*/sim_gpio*; do
	[ -e "$l" ] && echo "  $(basename "$l"): value $(cat "$l/value") pull $(cat "$l/pull")"
done
echo "== cgroup v2 controllers"
cat /sys/fs/cgroup/cgroup.controllers
echo "== installed kselftests"
/kselftest/run_kselftest.sh --list | sed 's/^/  /'
