# stall.comp - a virtio-rng device that stops answering for a while
# (QEMU's -device virtio-rng-pci,disable-legacy=on,max-bytes=64,period=3000:
# 64 bytes every 3 seconds, requests beyond that left pending).  The client
# rngtest (mode=stall) gets those bytes, then CSTREAM_E_IO once the
# driver's request timed out, then bytes again when the device answers
# (tests/qemu/rng/run.py).
system rngstall
memory 32M
kmem 2M
console com1

component iokit0
	binary iokitd.elf
	args cstream=rng
	memory 8M
	kmem 512K
	priority 120
	console com1
	pci 1af4:1044               # virtio-rng, modern, rate-limited
	provides rng

component client
	binary rngtest.elf
	args mode=stall max=64
	memory 1M
	kmem 128K
	priority 100
	console com1
	uses rng = iokit0.rng
