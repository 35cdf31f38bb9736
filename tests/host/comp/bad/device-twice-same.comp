# a component granted the same IRQ twice
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	irq 5
	irq 5
