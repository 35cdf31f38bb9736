# a delay needs a unit
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	restart always
	backoff 10 5s
