#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Sparse (C=2), W=1 and kernel-doc report nothing new for the files the
# series touches: each touched file is checked in the applied tree and in
# the base (build/bisect-src, objects in build/out/base-*), warnings
# compared without line numbers.
# TAP lines. Expects the kernels 'make check' tests (lib.sh: check_out) to
# be built; the base is configured as they are.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

WT=$BUILD/bisect-src

# norm FILE: warnings of FILE without line:column, sorted.
norm() {
	grep -E 'warning:|error:' | sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' |
		sed "s|$1/||g; s|$WT/||g; s|$KSRC/||g" | sort
}

files=$(git -C "$KSRC" diff --name-only --diff-filter=AM base series -- '*.c' '*.h')
if [ -z "$files" ]; then
	result OK "sparse, W=1, kernel-doc: the series touches no C files yet"
	exit 0
fi
if [ ! -d "$WT" ]; then
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$WT" base
fi

git -C "$WT" checkout -q --detach base

# vdso_obj ARCH: the object that builds lib/vdso/gettimeofday.c on ARCH.
vdso_obj() {
	case $1 in
	arm) echo arch/arm/vdso/vgettimeofday.o ;;
	x86_64) echo arch/x86/entry/vdso/vclock_gettime.o ;;
	esac
}

# check ARCH DIR: the objects of ARCH compared into DIR/objs, the new
# warnings into DIR/added. Both arches run side by side.
check() {
	local arch=$1 dir=$2 objs= bobjs= f o new old= base out
	out=$(check_out "$arch")
	for f in $files; do
		case $f in
		# The generic vDSO is built as part of the architecture's
		lib/vdso/*.c)
			o=$(vdso_obj "$arch")
			[ -f "$out/$o" ] && objs="$objs $o" ;;
		*.c) [ -f "$out/${f%.c}.o" ] && objs="$objs ${f%.c}.o" ;;
		esac
	done
	if [ -n "$objs" ]; then
		new=$(kmake "$arch" "$out" C=2 W=1 $objs 2>&1 | norm "$out")
		# Files the series adds have no baseline.
		for o in $objs; do [ -f "$WT/${o%.o}.c" ] && bobjs="$bobjs $o"; done
	fi
	if [ -n "$bobjs" ]; then
		# The base's configuration, and only the objects compared.
		base=$BUILD/out/base-$(basename "$out")
		KSRC=$WT CONFIG_ONLY=1 FEATURES_LENIENT=1 EXTRA_CONFIG=$(check_extra "$arch") \
			"$TOP/scripts/build-kernel.sh" "$arch" "$base" >&2
		old=$(KSRC=$WT kmake "$arch" "$base" C=2 W=1 $bobjs 2>&1 | norm "$base")
	fi
	comm -13 <(echo "$old") <(echo "${new:-}") | sed '/^$/d' >"$dir/added"
	echo "$objs" >"$dir/objs"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for arch in arm x86_64; do
	mkdir -p "$tmp/$arch"
	check "$arch" "$tmp/$arch" &
done
wait
for arch in arm x86_64; do
	d=$tmp/$arch
	if [ ! -f "$d/objs" ]; then
		result FAIL "sparse, W=1 on $arch: the check did not finish"
	elif [ -s "$d/added" ]; then
		result FAIL "sparse, W=1 on $arch: new warnings" "$(cat "$d/added")"
	elif [ -z "$(cat "$d/objs")" ]; then
		result OK "sparse, W=1 on $arch: no touched file is built"
	else
		result OK "sparse, W=1 on $arch: nothing new in$(cat "$d/objs")"
	fi
done

kdoc() {	# kdoc TREE FILES...
	local tree=$1
	shift
	(cd "$tree" && for f in "$@"; do
		[ -f "$f" ] && ./scripts/kernel-doc -none -Wall "$f" 2>&1
	done) | sed -E 's/:[0-9]+:/:/; s/ [0-9]+ / /' | sort
}
added=$(comm -13 <(kdoc "$WT" $files) <(kdoc "$KSRC" $files) | sed '/^$/d')
[ -z "$added" ] && result OK "kernel-doc -Wall: nothing new in $(echo $files | wc -w) touched files" ||
	result FAIL "kernel-doc -Wall: new warnings" "$added"
