# a zero back-off would restart in a loop
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	restart always
	backoff 0ms 0ms
