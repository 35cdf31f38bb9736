# a component without binary and priority
system test
memory 16M

component a
	memory 1M
	kmem 64K
