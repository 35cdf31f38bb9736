# names have at most 31 characters
system test
memory 16M

component aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
	binary aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.elf
	memory 1M
	kmem 64K
	priority 100
