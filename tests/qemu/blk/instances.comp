# instances.comp - tests/qemu/blk/run.sh "instances": two driver framework
# instances, each with its own virtio-blk disk (QEMU slots 3 and 4), each
# with a client.  Client a injects a fault into its instance's driver
# (block.idl fault; `faults=yes`) with a read in flight; iokit-a dies, the
# composer restarts it after 200 ms, and client a opens its disk again.
# Client b reads its own disk all the while and must see no error.
system blk-instances
memory 96M
kmem 6M
console com1

component iokit-a
	binary iokitd.elf
	args block=disk-a:disk0 faults=yes
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 00:03.0
	provides disk-a
	restart on-failure
	backoff 200ms 1s
	restart-limit 3

component iokit-b
	binary iokitd.elf
	args block=disk-b:disk0
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 00:04.0
	provides disk-b
	restart never

component client-a
	binary blkclient.elf
	args mode=inject expect=A before=100
	memory 2M
	kmem 256K
	priority 100
	console com1
	uses disk = iokit-a.disk-a

component client-b
	binary blkclient.elf
	args mode=steady expect=B reads=1500
	memory 2M
	kmem 256K
	priority 100
	console com1
	uses disk = iokit-b.disk-b
