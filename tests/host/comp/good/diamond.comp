# Users come before their providers in the file; the start order is
# still providers first, and file order among components ready together.
system diamond
memory 8M

component app
	binary app.elf
	memory 1M
	kmem 16K
	priority 10
	uses left
	uses right

component left
	binary left.elf
	memory 1M
	kmem 16K
	priority 20
	provides left
	uses base

component right
	binary right.elf
	memory 1M
	kmem 16K
	priority 20
	provides right
	uses base

component base
	binary base.elf
	memory 1M
	kmem 16K
	priority 30
	provides base

component lonely
	binary lonely.elf
	memory 1M
	kmem 16K
	priority 5
