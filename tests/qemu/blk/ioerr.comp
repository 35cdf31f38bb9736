# ioerr.comp - tests/qemu/blk/run.sh "ioerr": the disk is behind QEMU's blkdebug
# driver, which fails reads of sector 100 with EIO; the client
# (tests/qemu/blk mode=ioerr) must see BLK_E_IO for that request only.  The
# drive is read-only: writes are refused with BLK_E_RDONLY.
system blk-ioerr
memory 64M
kmem 4M
console com1

component iokit0
	binary iokitd.elf
	args block=disk:disk0
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 1af4:1042
	provides disk
	restart never

component client
	binary blkclient.elf
	args mode=ioerr ioerr_lba=96
	memory 4M
	kmem 256K
	priority 100
	console com1
	uses disk = iokit0.disk
