# a -> b -> c -> a
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	provides x
	uses y

component b
	binary b.elf
	memory 1M
	kmem 64K
	priority 100
	provides y
	uses z

component c
	binary c.elf
	memory 1M
	kmem 64K
	priority 100
	provides z
	uses a.x
