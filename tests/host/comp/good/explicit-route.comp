# Two instances of one server provide the same service: a route naming
# its provider is not ambiguous. One binary, two components.
system twins
memory 16M
kmem 1M

component unix-a
	binary unix.elf
	args instance=a
	memory 4M
	kmem 256K
	priority 100
	provides posix

component unix-b
	binary unix.elf
	args instance=b
	memory 4M
	kmem 256K
	priority 100
	provides posix

component shell
	binary shell.elf
	memory 4M
	kmem 256K
	priority 90
	uses a = unix-a.posix
	uses b = unix-b.posix
