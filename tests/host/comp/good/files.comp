# Boot-image files granted to components (`file`): --modules lists them
# after their component's binary, in start order, each file once.
system files
memory 16M
kmem 1M

component fw
	binary iokitd.elf
	memory 4M
	kmem 256K
	priority 120
	provides registry
	file serial.kmod blk.kmod   # several on one line
	file splash.bin

component tool
	binary tool.elf
	memory 1M
	kmem 64K
	priority 100
	uses registry
	file blk.kmod iokitd.elf
