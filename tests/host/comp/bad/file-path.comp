# file names with a directory, a parent or the current directory (a name
# that only starts with a dot is a plain name)
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	file drivers/blk.kmod
	file ..
	file blk..kmod
	file .
	file ok.kmod .hidden.kmod
