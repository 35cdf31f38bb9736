# a binary named by a path: boot modules are plain file names, and with
# --bin DIR the name is looked up in DIR
system test
memory 16M

component a
	binary ../../etc/passwd
	memory 1M
	kmem 64K
	priority 100
