#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Import Debian's linux-source-6.12 tarball into a git tree (build/linux),
# tagged 'base'. The import commit is reproducible: the same tarball gives
# the same base-commit on every machine. Reused while the tarball is unchanged.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
[ -f "$TARBALL" ] || die "$TARBALL missing (apt-get install linux-source-6.12)"
stamp="$(stat -c '%s %Y' "$TARBALL") $(basename "$TARBALL")"

if [ -f "$KSRC/.git/base-source" ] && [ "$(cat "$KSRC/.git/base-source")" = "$stamp" ] &&
   git -C "$KSRC" rev-parse -q --verify base >/dev/null; then
	step "base tree up to date: $(git -C "$KSRC" log -1 --format=%s base)"
	exit 0
fi

step "extracting $TARBALL"
rm -rf "$KSRC" "$KSRC.tmp"
mkdir -p "$KSRC.tmp"
tar -C "$KSRC.tmp" --strip-components=1 -xf "$TARBALL"

cd "$KSRC.tmp"
# Debian's tree ignores everything at the top level ("/*", "!/debian/"):
# drop those two lines so that new files show up in 'git status'.
sed -i -e '/^# Debian packaging: ignore everything/,/^!\/debian\/$/d' .gitignore
sed -i -e '${/^#$/d}' .gitignore
grep -q '^/\*$' .gitignore && die "could not un-ignore the top level in .gitignore"

version=$(make -s kernelversion)
date=$(stat -c %Y Makefile)
step "importing Linux $version into git"
git init -q -b base-import .
git add -A
GIT_AUTHOR_NAME="linux-source-6.12" GIT_AUTHOR_EMAIL="linux-source@packages.debian.org" \
GIT_COMMITTER_NAME="linux-source-6.12" GIT_COMMITTER_EMAIL="linux-source@packages.debian.org" \
GIT_AUTHOR_DATE="@$date +0000" GIT_COMMITTER_DATE="@$date +0000" \
	git commit -q -m "Linux $version as shipped by linux-source-6.12"
git tag -f base >/dev/null
git checkout -q -b series
cd - >/dev/null
mv "$KSRC.tmp" "$KSRC"
echo "$stamp" >"$KSRC/.git/base-source"
step "base tree ready: Linux $version, base-commit $(git -C "$KSRC" rev-parse base)"
