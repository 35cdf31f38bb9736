# instances.comp - two driver framework instances of the same binary, each
# with its own devices (tests/qemu/iokitd/run.py): iokit0 the AHCI controller, COM2,
# the RTC, the PS/2 controller and a module; iokit1 the virtio-blk disk.
# iokit1 is killed from the console, restarted, and enumerates its disk
# again.
system iokit-instances
memory 64M
kmem 4M
console com1

component iokit0
	binary iokitd.elf
	memory 8M
	kmem 512K
	priority 120
	console com1
	ioport 0x2f8-0x2ff
	irq 3
	ioport 0x70-0x71
	irq 8
	ioport 0x60                 # PS/2 controller: data
	ioport 0x64                 # and command/status
	irq 1
	pci 00:1f.2
	file exampledrv.kmod
	restart on-failure

component iokit1
	binary iokitd.elf
	memory 8M
	kmem 512K
	priority 120
	console com1
	pci 1af4:1001
	restart on-failure
	backoff 10ms 100ms
