# the same file granted twice to one component
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	file x.kmod
	file y.kmod x.kmod
