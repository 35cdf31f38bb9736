# Every key of the format, as in docs/COMPOSITION.md.
system full
memory 64M		# the composer hands out at most this
kmem 2M
console com1

component logger
	binary logger.elf
	args level=info buffer=16K	# passed to the component
	memory 1M
	kmem 128K
	priority 150
	console com2
	ioport 0x2f8-0x2ff
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
	pci 00:1f.2
	pci 8086:100e
	mmio 0xfebc0000+128K
	irq 11
	provides block net
	uses log = logger.log
	restart on-failure

component unix
	binary unix.elf
	args root=/dev/sda1
	memory 32M
	kmem 1M
	priority 100
	console com1
	uses log
	uses disk = iokit.block
	uses iokit.net
	restart on-failure
	backoff 1s 1s
	restart-limit 3
	critical no
