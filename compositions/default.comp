# default.comp - the system `make run` boots (docs/COMPOSITION.md).
#
# For now one component: the hello demo, which shows what it was handed
# and serves IPC between two of its own address spaces.  The driver
# framework, the UNIX server and the management console join this file
# as they are built; each of them can be left out and the rest still boots.

system default
memory 64M		# what the composer may hand out to components
kmem 4M			# sum of all kernel-memory quotas
console com1		# the composer's management console

component hello
	binary hello.elf
	memory 4M
	kmem 256K
	priority 100
	console com1
	restart on-failure
	backoff 100ms 5s
	restart-limit 5
