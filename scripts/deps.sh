#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the build and the tests need (Debian 12), once.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

PKGS="linux-source-6.12 gcc make git xz-utils perl python3 flex bison bc
libssl-dev libelf-dev cpio kmod gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
qemu-system-arm qemu-system-x86 sparse device-tree-compiler python3-ply
python3-git dt-schema yamllint codespell ccache rsync"

apt_update() {
	# A mirror in the middle of a sync may fail one index: not fatal.
	$SUDO apt-get update -q >"$LOGS/apt-update.log" 2>&1 || true
}

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done

if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	step "adding armhf to apt's architectures (for apt-get download only)"
	$SUDO dpkg --add-architecture armhf
	apt_update
fi

if [ -n "$missing" ]; then
	step "apt-get install$missing"
	apt_update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing \
		>"$LOGS/apt-install.log" 2>&1 ||
		die "apt-get install failed, see $LOGS/apt-install.log"
fi

# Target userspace is unpacked into the build folder, never installed:
# busybox for both VMs, and coreutils' 'timeout' (busybox's lacks the
# --foreground option that kselftest's runner uses) for the arm VM.
PKGDIR=$BUILD/pkgs
mkdir -p "$PKGDIR"
for pa in busybox-static:armhf busybox-static:amd64 coreutils:armhf; do
	p=${pa%:*} a=${pa#*:}
	[ -d "$PKGDIR/$p-$a" ] && continue
	step "fetching $pa"
	rm -f "$PKGDIR/${p}_"*"_$a.deb"
	(cd "$PKGDIR" && apt-get download -q "$pa") >"$LOGS/apt-download.log" 2>&1 ||
		{ apt_update; (cd "$PKGDIR" && apt-get download -q "$pa"); } \
		>>"$LOGS/apt-download.log" 2>&1 ||
		die "cannot download $pa, see $LOGS/apt-download.log"
	dpkg-deb -x "$PKGDIR/${p}_"*"_$a.deb" "$PKGDIR/$p-$a.tmp"
	mv "$PKGDIR/$p-$a.tmp" "$PKGDIR/$p-$a"
done
step "dependencies ready"
