# bench.comp - the UNIX system-call benchmarks (tests/bench/unix/unix.mk,
# `make unix-bench`): unixd alone, with the settings of compositions/
# default.comp, running tests/bench/unix/unixbench.c as process 1 from the
# benchmark's root file system; its output goes to the kernel console (COM1).
system unixbench
memory 192M
kmem 20M

component unixd
	binary unixd.elf
	args rootfs=unixbench.cpio init=/bin/unixbench -- unix
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	priority 110
	console com1
	file unixbench.cpio
