# the local APIC is the kernel's
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	mmio 0xfee00000+4K
