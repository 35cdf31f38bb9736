# the I/O APIC is the kernel's (here inside a larger range)
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	mmio 0xfeb00000-0xfecfffff
