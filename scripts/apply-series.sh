#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reset build/linux's 'series' branch to 'base' and 'git am' every patch in
# 'series', in order. No fuzz, no 3-way: a patch that does not apply stops
# the run with its name. Unexported commits on 'series' are kept under
# refs/backup/ before the reset.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$KSRC"
git am --abort >/dev/null 2>&1 || true
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	die "$KSRC has uncommitted changes: commit or stash them first"

if git rev-parse -q --verify series >/dev/null &&
   [ "$(git rev-parse series)" != "$(git rev-parse base)" ]; then
	ref=refs/backup/series-$(date +%Y%m%d-%H%M%S)
	git update-ref "$ref" series
fi
git checkout -q -B series base

n=0
for p in $(series_patches); do
	f=$TOP/patches/$p
	[ -f "$f" ] || die "series names $p, which is not in patches/"
	if ! git am -q --no-3way "$f" >"$LOGS/git-am.log" 2>&1; then
		cat "$LOGS/git-am.log" >&2
		git am --abort >/dev/null 2>&1 || true
		die "patch does not apply: $p"
	fi
	# Notes below the '---' line (e.g. why a checkpatch CHECK stays) are
	# git notes: git am drops them, so restore them for the next export.
	notes=$(awk '/^---$/ && !s { s = 1; next }
		     s == 1 && /^Notes:$/ { s = 2; next }
		     s == 2 && /^(    |$)/ { sub(/^    /, ""); print; next }
		     s == 2 { exit }' "$f")
	[ -n "$notes" ] && git notes add -f -m "$notes" HEAD
	n=$((n + 1))
done
step "applied $n patches onto base ($(git log -1 --format=%s base))"
