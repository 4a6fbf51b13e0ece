#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh ARCH: build the kselftests of tests.list for ARCH against
# build/linux, and pack them with busybox, their shared libraries and the
# rig's scripts into build/initramfs-ARCH.cpio.gz.
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

ARCH=${1:?usage: mkinitramfs.sh ARCH}
OUT=${OUT:-$BUILD/out/$ARCH}
STAGE=$BUILD/rootfs-$ARCH
PKGDIR=$BUILD/pkgs
log=$LOGS/kselftest-$ARCH.log

case $ARCH in
arm)	libdir=/usr/arm-linux-gnueabihf/lib deb=armhf ;;
x86_64)	libdir=/lib/x86_64-linux-gnu deb=amd64 ;;
esac

rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,etc/rig,rig/bench.d,lib,proc,sys,dev,tmp,run,root}

targets=$("$TOP/selftests/tests.sh" collections "$ARCH" | tr '\n' ' ')
step "building kselftests for $ARCH: $targets(log: ${log#$TOP/})"
{
	kmake "$ARCH" "$OUT" headers
	make -C "$KSRC/tools/testing/selftests" O="$OUT" ARCH="$ARCH" \
		CROSS_COMPILE="$(cross_compile "$ARCH")" TARGETS="$targets" \
		INSTALL_PATH="$STAGE/kselftest" -j"$(nproc)" install
} >"$log" 2>&1 || { grep -E 'error' "$log" | head -20; die "building kselftests for $ARCH failed"; }
"$TOP/selftests/tests.sh" tests "$ARCH" >"$STAGE/etc/rig/tests"
for t in $(cut -d' ' -f1 "$STAGE/etc/rig/tests"); do
	grep -qx "$t" "$STAGE/kselftest/kselftest-list.txt" ||
		die "tests.list names $t, which the kselftest build did not install"
done

# Userspace shipped with the series (tools/): each Makefile installs into
# $DESTDIR; benchmarks go to /rig/bench.d.
for m in "$TOP"/tools/*/Makefile; do
	[ -f "$m" ] || continue
	d=$(dirname "$m")
	make -C "$d" CROSS_COMPILE="$(cross_compile "$ARCH")" \
		KHDR="$OUT/usr/include" O="$BUILD/tools-$ARCH/$(basename "$d")" \
		DESTDIR="$STAGE" install >>"$log" 2>&1 ||
		die "building ${d#$TOP/} for $ARCH failed, see ${log#$TOP/}"
done

cp "$PKGDIR/busybox-static-$deb/bin/busybox" "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"
if [ "$ARCH" = arm ]; then
	cp "$PKGDIR/coreutils-armhf/usr/bin/timeout" "$STAGE/usr/bin/timeout"
else
	cp /usr/bin/timeout "$STAGE/usr/bin/timeout"
fi
cp "$TOP/selftests/rootfs/init" "$STAGE/init"
cp "$TOP/selftests/rootfs/demo.sh" "$TOP/selftests/rootfs/bench.sh" "$STAGE/rig/"
cp "$TOP"/selftests/rootfs/bench.d/* "$STAGE/rig/bench.d/"

# Shared libraries: follow DT_NEEDED from every ELF file in the image.
readelf=$(cross_compile "$ARCH")readelf
declare -A have
# libgcc_s is dlopen()ed by glibc (pthread_cancel, backtraces).
cp -L "$libdir/libgcc_s.so.1" "$STAGE/lib/"
queue=$(find "$STAGE" -type f -exec sh -c 'head -c4 "$1" | grep -q ELF && echo "$1"' _ {} \;)
while [ -n "$queue" ]; do
	next=
	for f in $queue; do
		for lib in $($readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			[ -n "${have[$lib]:-}" ] && continue
			have[$lib]=1
			[ -e "$libdir/$lib" ] || die "$f needs $lib, not found in $libdir"
			cp -L "$libdir/$lib" "$STAGE/lib/$lib"
			next="$next $STAGE/lib/$lib"
		done
	done
	queue=$next
done
[ "$ARCH" = x86_64 ] && ln -sfn lib "$STAGE/lib64"
interp=$($readelf -l "$STAGE/usr/bin/timeout" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
mkdir -p "$STAGE$(dirname "$interp")"
cp -L "$libdir/$(basename "$interp")" "$STAGE$interp"

(cd "$STAGE" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) \
	>"$BUILD/initramfs-$ARCH.cpio.gz"
step "initramfs for $ARCH: $(du -h "$BUILD/initramfs-$ARCH.cpio.gz" | cut -f1)"
