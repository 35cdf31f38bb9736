# the PCI configuration ports are the composer's: with them a component reads any function's configuration space
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0xcfc+4
