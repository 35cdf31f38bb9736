# slots.comp - the size of a component's capability space: `big` has 4096
# slots and uses the top one; `small` has the default 256.
system slots
memory 16M
kmem 2M
console com1

component big
	binary comptest.elf
	args role=slots slots=4096
	memory 1M
	kmem 1M
	priority 110
	slots 4096
	console com1

component small
	binary comptest.elf
	args role=slots
	memory 1M
	kmem 128K
	priority 100
	console com1
