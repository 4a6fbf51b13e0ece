#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-bisect.sh: every patch of the series builds with the series'
# options on (as far as the patch lets them be enabled; all of them at the
# tip): on arm, the board's arch, every patch; on x86_64 the patches that
# change x86 code, and the tip. TAP lines.
#
# The walk builds commit after commit in build/linux itself, into the
# test kernels' build folders (build/out/ARCH), and ends on the tip: each
# step is an incremental build of what the patch changed, and the last one
# is the kernel the VMs boot (on x86_64 the debug kernel, see build()). A
# patch that changes no file of an arch's build (documentation, selftests,
# another arch) is not built again for it: the result would be the
# previous patch's. The tip is always built; a step before it is not when
# it passed before with the same inputs (lib.sh: the results cache).
#
# What is not arch-specific is built patch by patch on arm. On x86_64,
# each step after a change to a widely included header (sched.h,
# cgroup-defs.h, mm_types.h) would cost nearly a build from scratch, and
# together they would take a cold run of 'make check' past its time;
# BISECT_ALL=1 builds every patch on both arches.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# in_build ARCH FILES...: whether one of FILES can be part of ARCH's build.
in_build() {
	local karch=$1 f
	[ "$karch" = x86_64 ] && karch=x86
	shift
	for f; do
		case $f in
		Documentation/* | tools/* | LICENSES/* | MAINTAINERS | CREDITS) ;;
		arch/"$karch"/*) return 0 ;;
		arch/*) ;;
		*) return 0 ;;
		esac
	done
	return 1
}

# build ARCH DESC [LENIENT]: build the checked-out tree: a step before the
# tip (LENIENT) into build/out/ARCH, the tip into the folder of the kernel
# 'make check' tests (lib.sh: check_out), which is the same on arm. On
# x86_64 the steps before the tip build the test kernel, and the tip the
# debug kernel, from scratch: its KASAN build costs twice the test
# kernel's, and a step after a widely included header changed would cost
# nearly as much again. A step before the tip that passed with the same
# inputs on this machine (lib.sh: cache_key) is not built again.
build() {
	local key= extra= out=$BUILD/out/$1
	if [ -n "${3:-}" ]; then
		key=$(cache_key "$1" HEAD lenient)
	else
		extra=$(check_extra "$1")
		out=$(check_out "$1")
	fi
	cached "$2" "$key" env FEATURES_LENIENT="${3:-}" EXTRA_CONFIG="$extra" \
		"$TOP/scripts/build-kernel.sh" "$1" "$out"
}

commits=$(git -C "$KSRC" rev-list --reverse base..series)
total=$(echo "$commits" | sed '/^$/d' | wc -l)
git -C "$KSRC" checkout -q series || die "cannot check out the series"
if [ "$total" = 0 ]; then
	for arch in arm x86_64; do
		build "$arch" "the base builds on $arch: no patches yet"
	done
	exit 0
fi

i=0
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$KSRC" log -1 --format=%s "$c")
	files=$(git -C "$KSRC" diff --name-only "$c~1" "$c")
	git -C "$KSRC" checkout -q --detach "$c"
	for arch in arm x86_64; do
		desc="patch $i/$total builds on $arch: $subj"
		if [ "$i" = "$total" ]; then
			build "$arch" "$desc"
		elif ! in_build "$arch" $files; then
			result SKIP "$desc" "changes no file of the $arch build"
		elif [ "$arch" = arm ] || [ -n "${BISECT_ALL:-}" ] ||
			echo "$files" | grep -q '^arch/x86/'; then
			build "$arch" "$desc" 1
		else
			result SKIP "$desc" "no x86 code: built on arm (BISECT_ALL=1 builds it)"
		fi
	done
done
git -C "$KSRC" checkout -q series
