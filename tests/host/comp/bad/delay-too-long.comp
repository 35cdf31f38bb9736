# back-off delays are at most an hour
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	restart always
	backoff 1s 7200s
