# broken.comp - the composer refuses a composition with errors.
system broken
memory 16M

component a
	binary comptest.elf
	memory 1M
	kmem 128K
	priority 100
	uses x = nobody.nothing
