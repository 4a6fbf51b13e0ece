#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every patch of the series builds on arm and x86_64 with the series'
# options on (as far as the patch lets them be enabled; all of them at the
# tip), and the whole series builds with them off. TAP lines.
# Commits are built in a separate worktree (build/bisect-src) so that the
# main tree and its builds stay untouched; rebuilds are incremental.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

WT=$BUILD/bisect-src
n=0
result() {
	n=$((n + 1))
	if [ "$1" = OK ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

commits=$(git -C "$KSRC" rev-list --reverse base..series)
if [ -z "$commits" ]; then
	result OK "bisectability: no patches yet"
	exit 0
fi
if [ ! -d "$WT" ]; then
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$WT" base
fi

i=0
total=$(echo "$commits" | wc -l)
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$KSRC" log -1 --format=%s "$c")
	git -C "$WT" checkout -q --detach "$c"
	lenient=1
	[ "$i" = "$total" ] && lenient=
	for arch in arm x86_64; do
		if FEATURES_LENIENT=$lenient KSRC=$WT "$TOP/scripts/build-kernel.sh" \
			"$arch" "$BUILD/out/bisect-$arch" >&2; then
			result OK "patch $i/$total builds on $arch: $subj"
		else
			result FAIL "patch $i/$total builds on $arch: $subj"
		fi
	done
done
for arch in arm x86_64; do
	if FEATURES=off KSRC=$WT "$TOP/scripts/build-kernel.sh" "$arch" \
		"$BUILD/out/bisect-$arch-off" >&2; then
		result OK "the series builds on $arch with its options off"
	else
		result FAIL "the series builds on $arch with its options off"
	fi
done
