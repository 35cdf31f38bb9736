# more files than a component may be granted
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	file f1 f2 f3 f4 f5
	file f6 f7 f8 f9
