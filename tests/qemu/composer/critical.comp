# critical.comp - the death of a critical component halts the system.
system critical
memory 16M
kmem 1M
console com1

component vital
	binary comptest.elf
	args role=crash delay=5
	memory 1M
	kmem 128K
	priority 100
	restart never
	critical yes
