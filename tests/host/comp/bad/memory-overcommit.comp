# components need more memory than the system has
system test
memory 16M

component a
	binary a.elf
	memory 8M
	kmem 64K
	priority 100

component b
	binary b.elf
	memory 8M
	kmem 64K
	priority 100

component c
	binary c.elf
	memory 4K
	kmem 64K
	priority 100
