# restartbench.comp - BENCH iokit_restart_to_serving (make bench): a
# driver framework instance restarted at once after each death (back-off 0)
# and a client that injects a fault into its driver with a read in flight,
# then waits for the restarted instance, opens the disk again, shares a
# region and reads: 22 times, the first 2 not counted.
system blk-restartbench
memory 64M
kmem 4M
console com1

component iokit0
	binary iokitd.elf
	args block=disk:disk0 faults=yes
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 1af4:1042
	provides disk
	restart on-failure
	backoff 0ms 1ms
	restart-limit 100

component client
	binary blkclient.elf
	args mode=restartbench expect=R rounds=20
	memory 2M
	kmem 256K
	priority 100
	console com1
	uses disk = iokit0.disk
