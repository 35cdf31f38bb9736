# a file name with a character no boot module name has
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	file ok.kmod bad*.kmod
