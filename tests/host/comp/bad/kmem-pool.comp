# with --ram 256M and no system 'kmem': the components' quotas together
# are more than the kernel's object pool
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 20M
	priority 100

component b
	binary b.elf
	memory 1M
	kmem 20M
	priority 100
