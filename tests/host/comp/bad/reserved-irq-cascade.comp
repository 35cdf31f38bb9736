# IRQ 2, the cascade (and the timer's I/O APIC input), is the kernel's
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	irq 2
