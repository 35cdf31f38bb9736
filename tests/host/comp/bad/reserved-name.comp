# 'composer' is the root task
system test
memory 16M

component composer
	binary composer.elf
	memory 1M
	kmem 64K
	priority 100
