# SPDX-License-Identifier: GPL-2.0
# Common helpers, sourced by the other scripts.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
KSRC=${KSRC:-$BUILD/linux}
LOGS=$BUILD/logs
mkdir -p "$BUILD" "$LOGS"

: "${START_TS:=$(date +%s)}"
export START_TS

# step MSG: progress line with the time since the make target started.
step() {
	printf '[%4ds] %s\n' $(( $(date +%s) - START_TS )) "$*"
}

die() {
	echo "ERROR: $*" >&2
	exit 1
}

cross_compile() {
	case $1 in
	arm) echo arm-linux-gnueabihf- ;;
	x86_64 | i386) echo "" ;;
	*) die "unknown arch '$1'" ;;
	esac
}

kimage() {
	case $1 in
	arm) echo arch/arm/boot/zImage ;;
	x86_64) echo arch/x86/boot/bzImage ;;
	esac
}

# kmake ARCH OUT ARGS...: make in the kernel tree; through ccache with
# RIG_CCACHE=1. Off by default: a check run compiles each patch's changes
# once, so the cache misses nearly always, and a miss costs a third more
# than a plain compile. It pays off when the same trees are built again.
kmake() {
	local arch=$1 out=$2 cc
	shift 2
	cc="$(cross_compile "$arch")gcc"
	[ "${RIG_CCACHE:-0}" = 1 ] && command -v ccache >/dev/null && cc="ccache $cc"
	make -C "$KSRC" O="$out" ARCH="$arch" \
		CROSS_COMPILE="$(cross_compile "$arch")" CC="$cc" \
		-j"$(( $(nproc) + 1 ))" "$@"
}

# check_out ARCH, check_extra ARCH: the build folder of the kernel 'make
# check' builds at the tip of the series and tests on ARCH, and the
# fragments it adds to the test kernel's (EXTRA_CONFIG). On x86_64 that is
# the debug kernel (lockdep, KASAN, kmemleak: debug*.config), which runs
# every test of tests.list: one VM run, not a test and a debug one. On arm
# it is the test kernel, for the timing of the board's kernel, and
# check-debug.sh builds arm's debug kernel beside it.
check_out() {
	case $1 in
	x86_64) echo "$BUILD/out/x86_64-debug" ;;
	*) echo "$BUILD/out/$1" ;;
	esac
}
check_extra() {
	case $1 in
	x86_64) debug_config "$1" ;;
	esac
}

# debug_config ARCH: the fragments ARCH's debug kernel adds to its test
# kernel's.
debug_config() {
	echo "$TOP/selftests/config/debug.config $TOP/selftests/config/debug-$1.config"
}

# series_patches: the patch files named in 'series', in order.
series_patches() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/series"
}

# result OK|SKIP|FAIL NAME [DETAILS]: the next TAP line of a check script;
# DETAILS follow as TAP comments, or are the reason of a SKIP.
TAP_N=0
result() {
	TAP_N=$((TAP_N + 1))
	case $1 in
	OK) echo "ok $TAP_N - $2" ;;
	SKIP) echo "ok $TAP_N - $2 # SKIP ${3:-}"; return 0 ;;
	*) echo "not ok $TAP_N - $2" ;;
	esac
	[ -n "${3:-}" ] && echo "$3" | sed 's/^/# /'
	return 0
}

# A cache of check results on this machine, outside the clone, keyed by
# what the result depends on: the kernel tree's content (base plus the
# patches up to the one checked), the architecture and mode, the rig's
# configuration fragments and build scripts, and the toolchain. A result is
# stored only when the check passed; a machine without the cache, or
# RIG_CACHE=off, runs every check. Only checks whose product nobody uses
# afterwards are cached (a bisect step before the tip, the options-off
# build): the kernels the VMs boot are always built.
RIG_CACHE=${RIG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vt-rig}

# cache_key ARCH TREEISH MODE: the key of a build of TREEISH (in $KSRC)
# as build-kernel.sh does it, or nothing (no caching) when it cannot be
# told: a tree with changes or untracked files, a build whose environment
# changes it (FEATURES, KMAKE_FLAGS; RIG_CCACHE aside; the fragments of
# EXTRA_CONFIG are inputs), or an input that cannot be read.
cache_key() {
	local arch=$1 tree cross inputs
	[ "$RIG_CACHE" = off ] && return 0
	[ -z "${FEATURES:-}${KMAKE_FLAGS:-}" ] || return 0
	[ -z "$(git -C "$KSRC" status --porcelain 2>/dev/null)" ] || return 0
	tree=$(git -C "$KSRC" rev-parse -q --verify "$2^{tree}") || return 0
	cross=$(cross_compile "$arch")
	inputs=$(
		set -eo pipefail
		echo "$arch $tree $3"
		# What build-kernel.sh makes the configuration of (the
		# collections' fragments are in the tree) and how it builds.
		cat "$TOP/selftests/config/common.config" \
			"$TOP/selftests/config/$arch.config" \
			"$TOP/selftests/config/features.config" ${EXTRA_CONFIG:-}
		"$TOP/selftests/tests.sh" collections "$arch"
		cat "$TOP/scripts/build-kernel.sh" "$TOP/scripts/check-config.sh"
		declare -f kmake cross_compile kimage
		for tool in "${cross}gcc" "${cross}ld" "${cross}as" gcc make; do
			"$tool" --version | sed -n 1p
		done
	)
	# Not "|| return" above: it would turn set -e off inside.
	[ $? = 0 ] || return 0
	printf '%s\n' "$inputs" | sha256sum | cut -d' ' -f1
}

# cache_hit KEY: whether KEY's check passed before; prints when.
cache_hit() {
	[ -n "$1" ] && [ -f "$RIG_CACHE/$1" ] && cat "$RIG_CACHE/$1"
}

# cache_put KEY: remember that KEY's check passed.
cache_put() {
	[ -n "$1" ] || return 0
	mkdir -p "$RIG_CACHE" && date -u '+passed on %Y-%m-%d %H:%M UTC' >"$RIG_CACHE/$1"
}

# cached DESC KEY CMD...: the TAP result of CMD (its output to stderr), or
# the earlier pass stored under KEY (cache_key; empty: always run CMD).
# A pass of CMD is stored under KEY.
cached() {
	local desc=$1 key=$2 when
	shift 2
	if when=$(cache_hit "$key"); then
		result OK "$desc" "cached: $when with the same tree, configuration and toolchain"
	elif "$@" >&2; then
		result OK "$desc"
		cache_put "$key"
	else
		result FAIL "$desc"
	fi
}
