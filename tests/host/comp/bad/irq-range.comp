# IRQ lines are 0..23
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	irq 24
