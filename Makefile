# SPDX-License-Identifier: GPL-2.0
# The project's vocabulary. 'make demo' and 'make check' are the README's
# two commands; both install what they need first.

export START_TS := $(shell date +%s)
ARCHES := arm x86_64
S := scripts
T := selftests

.PHONY: help demo check bench deps base apply export kernels initramfs \
	shell-arm shell-x86_64 clean

help:
	@echo "make demo     build the series and show it on the emulated arm board"
	@echo "make check    every test and series check; ends with 'N passed, N failed'"
	@echo "make bench    benchmarks in both VMs, beside a baseline from the same run"
	@echo "make base     import linux-source-6.12 into build/linux (tag 'base')"
	@echo "make apply    reset build/linux's 'series' branch to base + the series"
	@echo "make export   regenerate patches/ and series from build/linux"
	@echo "make kernels  build the arm and x86_64 test kernels"
	@echo "make shell-ARCH  boot a VM with a shell (ARCH: $(ARCHES))"

deps:
	@$(S)/deps.sh

base: deps
	@$(S)/prepare-base.sh

apply: base
	@$(S)/apply-series.sh

export:
	@$(S)/export-series.py

kernels: apply
	@for a in $(ARCHES); do $(S)/build-kernel.sh $$a || exit 1; done

initramfs: kernels
	@for a in $(ARCHES); do $(T)/mkinitramfs.sh $$a || exit 1; done

demo: apply
	@$(S)/build-kernel.sh arm
	@$(T)/mkinitramfs.sh arm
	@$(T)/qemu.sh arm demo 600

check: deps base
	@$(S)/check.sh

bench: apply
	@$(S)/bench.sh

shell-%: apply
	@$(S)/build-kernel.sh $*
	@$(T)/mkinitramfs.sh $*
	@VERBOSE=1 $(T)/qemu.sh $* shell 3600

clean:
	rm -rf build/out build/rootfs-* build/initramfs-* build/results build/logs
