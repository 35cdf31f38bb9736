# dma.comp - DMA buffers (composer.dma_alloc/dma_free): the component checks
# them against the kernel's page tables, then dies holding two; the
# composer must take them back, and the next generation gets zeroed ones.
system dma
memory 16M
kmem 1M
console com1

component dma
	binary comptest.elf
	args role=dma
	memory 768K
	kmem 128K
	priority 100
	console com1
	restart on-failure
	backoff 10ms 10ms
	restart-limit 1
