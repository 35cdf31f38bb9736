# default.comp - the system `make run` boots (docs/COMPOSITION.md).
#
# The hello demo, which shows what it was handed and serves IPC between two
# of its own address spaces, and a driver framework instance with the PC's
# keyboard controller and clock (type `ioreg iokit0` at the console to see
# its registry).  The UNIX server joins this file when it is built; each
# component can be left out and the rest still boots.

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

component iokit0
	binary iokitd.elf
	args cstream=kbd,rtc
	memory 8M
	kmem 512K
	priority 120
	console com1
	ioport 0x60                 # PS/2 controller
	ioport 0x64
	irq 1
	ioport 0x70-0x71            # CMOS clock
	provides kbd rtc
	restart on-failure
	backoff 100ms 5s
	restart-limit 5
