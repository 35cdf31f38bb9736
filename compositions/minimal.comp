# minimal.comp - the smallest useful system: one component, only the
# required keys; everything else takes its default (no devices, no
# services, restart never, not critical, console none).  hello prints
# through the kernel debug console, which needs no grant.

system minimal
memory 4M

component hello
	binary hello.elf
	memory 1M
	kmem 64K
	priority 100
