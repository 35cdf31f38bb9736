# hostile.comp - unixd alone with the hostile-process tests
# (tests/qemu/unixhostile, make unixhostile-test): process 1 is hinit,
# which runs each test program of the root file system hostile.cpio.  The
# arguments after "--" are hinit's: the fuzzer's seed ("auto": from the
# clock) and its number of calls; run.py rewrites them (--seed, --calls,
# --only) into a copy in the build directory.  The budget is the default
# system's (compositions/default.comp), so the memory hog meets the same
# limits as there.
system unixhostile
memory 192M
kmem 20M
console com1

component unixd
	binary unixd.elf
	args rootfs=hostile.cpio init=/hostile/bin/hinit -- auto 1000000
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	priority 110
	console com1
	file hostile.cpio
