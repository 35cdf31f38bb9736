# restart.comp - tests/qemu/blk/run.sh "restart": the driver framework instance
# is killed from the composer's console while a client holds a handle and
# a shared region, and restarted by the composer (on-failure, no back-off
# to speak of); the client (tests/qemu/blk mode=restart) sees GONE for its
# old handle, re-shares, re-opens and reads the same data.
system blk-restart
memory 64M
kmem 4M
console com1

component iokit0
	binary iokitd.elf
	args block=disk:disk0
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 1af4:1042
	provides disk
	restart on-failure
	backoff 10ms 100ms
	restart-limit 3

component client
	binary blkclient.elf
	args mode=restart
	memory 4M
	kmem 256K
	priority 100
	console com1
	uses disk = iokit0.disk
