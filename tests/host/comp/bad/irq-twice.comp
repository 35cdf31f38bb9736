# one IRQ line granted to two components
system test
memory 16M

component logger
	binary logger.elf
	memory 1M
	kmem 64K
	priority 100
	provides log
	ioport 0x2f8-0x2ff
	irq 3

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	irq 3
