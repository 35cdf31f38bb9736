# gluecomp.comp - the glue library's DMA buffers through the composer
# (tests/qemu/gluecomp, make glue-comp-test): one component, a small memory
# budget so that the budget test reaches its end in a few buffers.
system gluecomp
memory 16M
kmem 1M
console com1

component gluecomp
	binary gluecomp.elf
	memory 3M
	kmem 128K
	priority 100
	console com1
