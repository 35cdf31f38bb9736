# minimal.comp - the smallest useful system: one component, only the
# required keys; everything else takes its default (no devices, no
# services, restart never, not critical, console none).  Without a console
# of its own, hello's lines reach the composer's log (and the kernel
# console) through the composer protocol.

system minimal
memory 4M

component hello
	binary hello.elf
	memory 1M
	kmem 256K		# its task, threads, page tables and mapping nodes
	priority 100
