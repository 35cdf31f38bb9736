# default.comp - the system `make run` boots (docs/COMPOSITION.md).
#
# The UNIX server unixd, whose terminal is COM2 through the driver
# framework's UART driver (`make run` puts COM2 on your terminal: a root
# shell) and whose random numbers are seeded from the virtio-rng device
# (`make run` adds QEMU's virtio-rng-pci), the driver framework instance
# iokit0 with that UART, the entropy device, the PC's keyboard controller
# and clock (type `ioreg iokit0` at the management console to see its
# registry), a second instance iokit1 serving the virtio-blk disk (`make run`
# attaches run/disk.img, or DISK=path: /dev/vda and its partitions in
# unixd, whose root is the ext2 file system of /dev/vda1; a driver failure
# there restarts iokit1 alone, not the terminal's instance), and the hello
# demo, which shows what it was
# handed and serves IPC between two of its own address spaces.  COM1 carries
# the kernel's log, the kernel debugger and the management console (`make
# console` in a second terminal).  Each component can be left out and the
# rest still boots.

system default
memory 192M		# what the composer may hand out to components
kmem 20M		# sum of all kernel-memory quotas
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
	args cstream=tty:com2,kbd,rtc,rng
	memory 8M
	kmem 512K
	priority 120
	console com1
	ioport 0x2f8-0x2ff          # COM2: the UNIX terminal
	irq 3
	ioport 0x60                 # PS/2 controller
	ioport 0x64
	irq 1
	ioport 0x70-0x71            # CMOS clock
	pci 1af4:1044               # virtio-rng (modern): the stream rng0
	provides tty kbd rtc rng
	restart on-failure
	backoff 100ms 5s
	restart-limit 5

component iokit1
	binary iokitd.elf
	args block=disk:disk0
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 1af4:1042               # virtio-blk (modern): disk0 and its partitions
	provides disk
	restart on-failure
	backoff 100ms 5s
	restart-limit 5

component unixd
	binary unixd.elf
	# the root: ext2 on the disk (the archive's when unixd has no ext2)
	args init=/sbin/init root=vda1
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes               # its frames become the programs' pages
	power yes                   # poweroff and reboot end the machine
	priority 110
	console com1
	file rootfs.cpio
	uses tty = iokit0.tty
	uses rtc = iokit0.rtc
	uses rng = iokit0.rng
	uses disk = iokit1.disk
	restart on-failure
	backoff 100ms 5s
	restart-limit 5
