#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh ARCH [OUT]: build a minimal kernel from build/linux:
# tinyconfig + selftests/config/{common,ARCH}.config + the 'config' fragment
# of every kselftest target the VM runs + $EXTRA_CONFIG (files). Fails when
# a requested option did not end up as requested.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCH=${1:?usage: build-kernel.sh ARCH [OUT]}
OUT=$(realpath -m "${2:-$BUILD/out/$ARCH}")
CFG=$TOP/selftests/config
mkdir -p "$OUT"

frags="$CFG/common.config $CFG/$ARCH.config"
feat_opts=$(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=.*/\1/p' "$CFG/features.config")
for t in $("$TOP/selftests/tests.sh" collections "$ARCH"); do
	f=$KSRC/tools/testing/selftests/$t/config
	[ -f "$f" ] || continue
	# FEATURES=off: a kselftest fragment that asks for one of the series'
	# options (e.g. vt/config) must not turn it back on.
	if [ "${FEATURES:-on}" = off ]; then
		mkdir -p "$OUT/frags"
		grep -vE "^($(echo $feat_opts | tr ' ' '|'))=" "$f" >"$OUT/frags/$t.config" || true
		f=$OUT/frags/$t.config
	fi
	frags="$frags $f"
done
# FEATURES=on|off: the series' own options (features.config), limited to
# those the tree at hand defines, so that every patch of the series builds.
feat=$OUT/features.config
: >"$feat"
for opt in $feat_opts; do
	grep -rqx --include='Kconfig*' "config ${opt#CONFIG_}" "$KSRC" || continue
	if [ "${FEATURES:-on}" = on ]; then
		grep "^$opt=" "$CFG/features.config" >>"$feat"
	else
		echo "$opt=n" >>"$feat"
	fi
done
frags="$frags $feat ${EXTRA_CONFIG:-}"

# config_key: what the configuration is made of (the fragments, and the
# Kconfig files and tiny configs of a clean checkout); empty if unknown.
config_key() {
	git -C "$KSRC" diff --quiet HEAD 2>/dev/null || return 0
	{
		echo "$ARCH"
		cat $frags
		git -C "$KSRC" ls-tree -r HEAD | grep -E 'Kconfig|/configs/tiny'
	} | sha1sum | cut -d' ' -f1
}

log=$LOGS/build-$(basename "$OUT").log
step "building $ARCH kernel in ${OUT#$TOP/} (log: ${log#$TOP/})"
# Configuring takes a dozen seconds: skip it when its inputs are those of
# the .config in place (e.g. a bisect step that changes no Kconfig file).
# The stamp holds the key and a checksum of the .config it produced.
key=$(config_key)
stamp=$OUT/.rig-config-key
if [ -n "$key" ] && [ -f "$OUT/.config" ] &&
	[ "$(cat "$stamp" 2>/dev/null)" = "$key $(sha1sum <"$OUT/.config")" ]; then
	echo "configuration unchanged ($key)" >"$log"
else
	rm -f "$stamp"
	{
		kmake "$ARCH" "$OUT" tinyconfig
		"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" "$OUT/.config" $frags
		kmake "$ARCH" "$OUT" olddefconfig
	} >"$log" 2>&1 || { tail -20 "$log"; die "configuring the $ARCH kernel failed"; }
	[ -n "$key" ] && echo "$key $(sha1sum <"$OUT/.config")" >"$stamp"
fi

# FEATURES_LENIENT=1: a patch in the middle of the series may not let its
# options be enabled yet (e.g. an option that needs architecture support
# added by a later patch); the tip must.
if [ -n "${FEATURES_LENIENT:-}" ]; then
	"$TOP/scripts/check-config.sh" "$OUT/.config" ${frags/$feat/}
else
	"$TOP/scripts/check-config.sh" "$OUT/.config" $frags
fi

# CONFIG_ONLY=1: stop here, with a configured build folder.
[ -n "${CONFIG_ONLY:-}" ] && exit 0

if ! kmake "$ARCH" "$OUT" ${KMAKE_FLAGS:-} "$(basename "$(kimage "$ARCH")")" >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -20
	die "building the $ARCH kernel failed, see ${log#$TOP/}"
fi
step "built $ARCH kernel: $(kmake "$ARCH" "$OUT" -s kernelrelease 2>/dev/null)"
