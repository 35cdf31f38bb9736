# COM2 and IRQ 3 are the composer's when its console is on com2
system test
memory 16M
console com2

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0x2f8-0x2ff
	irq 3
