# with --ram 256M: more memory than the machine has, more kernel memory
# than the kernel's object pool can hold (an eighth of the RAM)
system test
memory 512M
kmem 48M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
