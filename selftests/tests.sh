#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests.sh tests|collections ARCH: the kselftests of tests.list (or
# $TESTS_LIST) for ARCH, with their options, or the collections they are in.
set -euo pipefail
what=${1:?usage: tests.sh tests|collections ARCH}
arch=${2:?usage: tests.sh tests|collections ARCH}
# tests: one line per test, "collection:test [OPTIONS]".
list=$(sed -e 's/#.*//' "${TESTS_LIST:-$(dirname "$0")/tests.list}" |
       awk -v a="$arch" 'NF >= 2 && ($1 == "all" || $1 == a) { $1 = ""; sub(/^ /, ""); print }')
case $what in
tests) echo "$list" ;;
collections) echo "$list" | cut -d' ' -f1 | cut -d: -f1 | awk '!seen[$0]++' ;;
*) echo "usage: tests.sh tests|collections ARCH" >&2; exit 1 ;;
esac
