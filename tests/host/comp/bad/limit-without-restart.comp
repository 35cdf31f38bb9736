# a restart limit for a component never restarted
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	restart never
	restart-limit 3
