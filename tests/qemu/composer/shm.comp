# shm.comp - shared memory between a client and the provider of its route:
# the client shares a region with echo, sums it through echo.sum, probes
# the refusals, then dies; the watcher checks echo lost the region.
system shm
memory 32M
kmem 2M
console com1

component echo
	binary comptest.elf
	args role=echo
	memory 1M
	kmem 128K
	priority 110
	provides echo
	console com1

# badge 2 (component id 1 + 1) on its requests to echo
component shmclient
	binary comptest.elf
	args role=shmclient
	memory 512K
	kmem 128K
	priority 100
	uses echo = echo.echo
	console com1

component shmwatch
	binary comptest.elf
	args role=shmwatch client=2
	memory 512K
	kmem 128K
	priority 90
	uses echo = echo.echo
	console com1
