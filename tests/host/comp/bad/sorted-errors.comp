# parse errors of several kinds, each on its line
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 300
	console tty
	restart later

component b
	binary b.elf
	memory 1M
	kmem 64K
	priority 100
	bogus 1
