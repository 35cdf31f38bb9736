# storage.comp - a UNIX server on a disk driven by a driver framework instance.
system storage
memory 64M                  # the composer hands out at most this
kmem 2M                     # optional: limit on the sum of kernel-memory quotas
console com1                # the composer's own (management) console

component logger
	binary logger.elf
	args level=info buffer=16K
	memory 1M
	kmem 128K
	priority 150
	console com2
	ioport 0x2f8-0x2ff          # COM2
	irq 3
	provides log
	restart always
	backoff 50ms 2s
	restart-limit 10
	critical yes

component iokit
	binary iokit.elf
	memory 8M
	kmem 512K
	priority 120
	pci 00:1f.2                 # the AHCI controller, by address
	pci 8086:100e               # any e1000 network card
	mmio 0xfebc0000+128K
	irq 11
	provides block net
	uses log = logger.log
	file ahci.kmod e1000.kmod   # driver modules it may load from the boot image
	restart on-failure

component unix
	binary unix.elf
	args root=/dev/sda1
	memory 32M
	kmem 1M
	priority 100
	console com1
	uses log                    # the only provider of 'log' is logger
	uses disk = iokit.block     # local name 'disk'
	uses iokit.net              # local name 'net'
	restart on-failure
	backoff 1s 1s
	restart-limit 3
	critical no
