#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Checks of the series as a reviewer receives it, as TAP lines: series and
# patches/ agree, the cover letter is filled in and names the base, every
# patch is checkpatch --strict --codespell clean and signed off, patches/ is
# what 'make export' regenerates from the applied tree, and
# MAINTAINERS-snippet is what the series adds to MAINTAINERS.
# Expects build/linux's 'series' branch to be the applied series.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

patches=$(series_patches)
count=$(echo $patches | wc -w)

# series <-> patches/
bad=
for p in $patches; do [ -f "$TOP/patches/$p" ] || bad="$bad $p(missing)"; done
for f in "$TOP"/patches/*.patch; do
	[ -e "$f" ] || continue
	b=$(basename "$f")
	[ "$b" = 0000-cover-letter.patch ] && continue
	echo "$patches" | grep -qx "$b" || bad="$bad $b(not in series)"
done
[ -z "$bad" ] && result OK "series and patches/ agree ($count patches)" ||
	result FAIL "series and patches/ agree" "$bad"

# cover letter
cover=$TOP/patches/0000-cover-letter.patch
base=$(git -C "$KSRC" rev-parse base)
if [ "$count" = 0 ]; then
	[ -e "$cover" ] && result FAIL "no cover letter for an empty series" ||
		result OK "empty series: no cover letter needed"
elif [ ! -f "$cover" ]; then
	result FAIL "cover letter patches/0000-cover-letter.patch exists"
else
	why=
	grep -q '\*\*\* \(SUBJECT\|BLURB\) HERE \*\*\*' "$cover" && why="$why placeholder text left;"
	grep -q "^Subject: \[PATCH[^]]* 0*0/0*$count\]" "$cover" || why="$why subject is not [PATCH 0/$count];"
	grep -qx "base-commit: $base" "$cover" || why="$why base-commit is not $base;"
	[ -z "$why" ] && result OK "cover letter: filled in, 0/$count, base-commit $base" ||
		result FAIL "cover letter" "$why"
fi

# checkpatch and sign-off, patch by patch; checkpatch runs on all CPUs first.
# Its FILE_PATH_CHANGES warning ("does MAINTAINERS need updating?") only
# asks whether a patch that adds a file also touches MAINTAINERS: the
# MAINTAINERS-snippet check below answers it for every file the series adds.
cp_out=$(mktemp -d)
for p in $patches; do [ -f "$TOP/patches/$p" ] && echo "$p"; done |
	xargs -r -P"$(nproc)" -I{} sh -c 'cd "$1" && PATH=/usr/bin:$PATH \
		./scripts/checkpatch.pl --strict --codespell --no-tree -q \
		--ignore FILE_PATH_CHANGES \
		"$2/patches/$3" >"$4/$3" 2>&1' _ "$KSRC" "$TOP" {} "$cp_out"
for p in $patches; do
	f=$TOP/patches/$p
	[ -f "$f" ] || continue
	out=$(cat "$cp_out/$p")
	e=$(echo "$out" | grep -c '^ERROR:')
	w=$(echo "$out" | grep -c '^WARNING:')
	c=$(echo "$out" | grep -c '^CHECK:')
	# CHECKs are allowed when justified below the '---' line.
	just=$(sed -n '/^---$/,/^diff --git/p' "$f" | grep -ci 'checkpatch')
	if [ "$e" = 0 ] && [ "$w" = 0 ] && { [ "$c" = 0 ] || [ "$just" -gt 0 ]; }; then
		result OK "checkpatch --strict: $p ($c justified CHECKs)"
	else
		result FAIL "checkpatch --strict: $p ($e errors, $w warnings, $c CHECKs)" "$out"
	fi
	# The From: header may be folded over two lines.
	author=$(sed -n '1,/^$/p' "$f" | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n[ \t]\+/ /g' |
		sed -n 's/^From: //p' | head -1)
	grep -qxF "Signed-off-by: $author" "$f" &&
		result OK "Signed-off-by the author: $p" ||
		result FAIL "Signed-off-by the author ($author): $p"
done
rm -rf "$cp_out"

# patches/ is what the export produces from the applied commits
if [ "$count" -gt 0 ]; then
	tmp=$(mktemp -d)
	git -C "$KSRC" format-patch -q --cover-letter --base=base --zero-commit \
		--no-signature --notes --abbrev=12 -o "$tmp" base..series
	d=$(for p in $patches; do cmp -s "$tmp/$p" "$TOP/patches/$p" || echo "$p"; done)
	rm -rf "$tmp"
	[ -z "$d" ] && result OK "patches/ is what 'make export' regenerates" ||
		result FAIL "patches/ is what 'make export' regenerates (hand-edited?)" "$d"
fi

# MAINTAINERS-snippet
added=$(git -C "$KSRC" diff -U0 base series -- MAINTAINERS |
	sed -n '/^+++/d; s/^+//p')
snippet=$(cat "$TOP/MAINTAINERS-snippet" 2>/dev/null)
if [ "$added" = "$snippet" ]; then
	result OK "MAINTAINERS-snippet is what the series adds to MAINTAINERS"
else
	result FAIL "MAINTAINERS-snippet is what the series adds to MAINTAINERS" \
		"$(diff <(echo "$snippet") <(echo "$added"))"
fi

# Every file the series adds has a maintainer: an F: pattern of the entries
# it adds (a directory, with its trailing slash, or a file).
uncovered=
for f in $(git -C "$KSRC" diff --name-only --diff-filter=A base series); do
	covered=
	while IFS= read -r pat; do
		case $pat in
		*/) [[ $f == "$pat"* ]] && covered=1 ;;
		*) [[ $f == $pat ]] && covered=1 ;;
		esac
	done < <(sed -n 's/^F:\t//p' "$TOP/MAINTAINERS-snippet")
	[ -n "$covered" ] || uncovered="$uncovered $f"
done
[ -z "$uncovered" ] &&
	result OK "every file the series adds is in a MAINTAINERS entry it adds" ||
	result FAIL "every file the series adds is in a MAINTAINERS entry it adds" \
		"not covered:$uncovered"
