# basic.comp - one driver framework instance (tests/qemu/iokitd/run.py): the q35
# AHCI controller and a virtio-blk disk on PCI, COM2 and the RTC as
# platform devices, driver modules loaded from the boot image (four
# refused), and a client of its registry interface (tests/qemu/iokitd/ioregtest.c).
system iokit-basic
memory 64M
kmem 4M
console com1

component iokit0
	binary iokitd.elf
	args platform=example,srvtest registry=reg registry=regpci:/pci@0
	memory 8M
	kmem 512K
	priority 120
	console com1
	ioport 0x2f8-0x2ff          # COM2
	irq 3
	ioport 0x70-0x71            # CMOS RTC
	irq 8
	pci 00:1f.2                 # AHCI
	pci 1af4:1001               # virtio-blk (transitional)
	file exampledrv.kmod        # the SDK's example: drives /platform/example
	file srvuser.kmod           # needs srvlib, granted after it: loaded second time round
	file srvlib.kmod
	file srvdrv.kmod            # drives /platform/srvtest
	file oldabi.kmod            # refused: a driver built against ABI 1.0
	file badstart.kmod          # refused: its module_start fails
	file notmod.kmod            # refused: not a module
	file orphan.kmod            # refused: its dependency never comes
	provides reg regpci
	restart on-failure
	backoff 10ms 100ms

component client
	binary ioregtest.elf
	args expect=/platform/rtc@70;/platform/example/ExampleDriver;/platform/srvtest/SrvTestDriver;/pci@0/pci8086,2922@1f,2
	memory 1M
	kmem 128K
	priority 100
	console com1
	uses reg = iokit0.reg
	uses regpci = iokit0.regpci
