# bench.comp - BENCH blk_seq_read (make blk-bench): one driver framework
# instance with a 64 MiB virtio-blk disk (modern, 1af4:1042), and
# tests/qemu/blk reading 32 MiB of it from block 0 in 1 MiB requests,
# nine rounds, under -icount shift=0 (tools/qemu-run --bench).
system blk-bench
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
	args mode=bench bench=disk0 mib=32 rounds=9
	memory 4M
	kmem 256K
	priority 100
	console com1
	uses disk = iokit0.disk
