#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What 'make demo' shows on the emulated arm board.
echo "== board: $(cat /proc/device-tree/model 2>/dev/null), $(uname -sr) $(uname -m)"
echo "== GPIO sync lines (gpio-sim test fixture)"
for l in /sys/devices/platform/gpio-sim/gpiochip*/sim_gpio*; do
	[ -e "$l" ] && echo "  $(basename "$l"): value $(cat "$l/value")"
done
echo "== cgroup v2 controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
if ! grep -qw vclock /sys/fs/cgroup/cgroup.controllers; then
	echo "no vclock controller: the kernel lacks CONFIG_VIRTUAL_TIME"
	exit 0
fi
echo "== virtual time: a process's gettimeofday() beside real time"
vtctl -g demo demo
echo "== a group frozen for 2 s: moving a process in is refused, starting one there is not"
vtctl -g late run -- true
vtctl -g late freeze
sleep 2
vtctl -g late thaw
sleep 30 &
vtctl -g late add $! 2>&1 | sed 's/^/  /'
kill $!
echo "  outside the group: $(date +%T)"
vtctl -g late run -- sh -c 'echo "  inside (vtctl run): $(date +%T)"'
vtctl -g late remove
echo "== kselftests on this board"
/kselftest/run_kselftest.sh --list | sed 's/^/  /'
