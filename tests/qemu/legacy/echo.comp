# echo.comp - the legacy platform drivers inside a driver framework
# instance, used by a client component through the character-stream
# interface (tests/qemu/legacy/run.py, docs/IOKIT.md "Platform drivers").
# iokit0 gets COM2 (QEMU's second -serial: the host's socket), the empty
# COM3 range (no UART: the driver declines it), the 8042 and the RTC, and
# serves each kind of stream as its own service.  The client's routes
# reach the serial and clock services only through the names it uses;
# `keys` reaches the keyboard.
system legacy-echo
memory 32M
kmem 2M
console com1

component iokit0
	binary iokitd.elf
	args cstream=serial,kbd,rtc
	memory 8M
	kmem 512K
	priority 120
	console com1
	ioport 0x2f8-0x2ff          # COM2
	irq 3
	ioport 0x3e8-0x3ef          # COM3: nothing there
	ioport 0x60
	ioport 0x64
	irq 1
	ioport 0x70-0x71            # CMOS RTC
	provides serial kbd rtc

component client
	binary serclient.elf
	args echo=4102 rtc=1767323045 keys=hiX
	memory 1M
	kmem 128K
	priority 100
	console com1
	uses tty = iokit0.serial
	uses keys = iokit0.kbd
	uses clock = iokit0.rtc
