# a route without '='
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
	uses log logger.log
