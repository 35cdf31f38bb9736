# the initial back-off above the maximum
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	restart always
	backoff 10s 1s
