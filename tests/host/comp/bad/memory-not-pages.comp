# memory is handed out in 4K pages
system test
memory 16M

component a
	binary a.elf
	memory 5000
	kmem 64K
	priority 100
