# IRQ 0, the PIT timer's line, is the kernel's
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	irq 0
