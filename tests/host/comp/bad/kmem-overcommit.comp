# components need more kernel memory than the system has
system test
memory 16M
kmem 128K

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100

component b
	binary b.elf
	memory 1M
	kmem 65K
	priority 100
