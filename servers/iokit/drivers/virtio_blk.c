/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_blk.c (iokit/drivers) - the virtio-blk driver (virtio 1.x over
 * PCI, spec 5.2): matches the modern function 1af4:1042 and the
 * transitional 1af4:1001 when it offers the modern capabilities, brings the
 * device up (reset, features: VERSION_1 required; FLUSH, BLK_SIZE, SEG_MAX,
 * SIZE_MAX, RO taken when offered), sets up request queue 0 in DMA memory,
 * takes its interrupt on a work loop of its own (MSI-X vector 0 raising
 * the message-signalled line the composer granted, else INTx; driver
 * property "interrupt-type" = "msix" or "intx"), and publishes one
 * IOBlockStorageDevice nub that the storage stack matches.  stop resets the
 * device and fails whatever is still queued with BLK_E_GONE.
 *
 * Entry point: virtio_blk_driver (the server's built-in driver table).
 */
#include "virtio_blk.h"

#define WANTED_FEATURES (1ull << VIRTIO_BLK_F_FLUSH | 1ull << VIRTIO_BLK_F_BLK_SIZE | \
			 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_SIZE_MAX | \
			 1ull << VIRTIO_BLK_F_RO)
#define PAGE 4096u

static bool has(const struct virtio_blk *vb, unsigned bit)
{
	return vb->vp.features & 1ull << bit;
}

/* Undo whatever start got to (also stop's second half). */
static void vblk_teardown(struct virtio_blk *vb)
{
	if (vb->irq_src)
		iokit_source_remove(vb->irq_src);
	if (vb->loop)
		iokit_workloop_free(vb->loop);
	if (vb->vq.token)
		vq_fini(&vb->vq);
	blk_dma_free(vb->ring_va, vb->ring_bytes);
	blk_dma_free(vb->hdr_va, PAGE);
	io_release(vb->nub);
	vb->irq_src = NULL;
	vb->loop = NULL;
	vb->ring_va = vb->hdr_va = NULL;
	vb->nub = NULL;
}

static int vblk_probe(struct io_service *self, struct io_service *provider, int *score)
{
	struct iokit_pci_device *pci = io_cast(provider, &IOPCIDevice_class);
	struct virtio_pci vp;
	(void)self;
	(void)score;
	/* a transitional device without the modern structures is not ours */
	return pci && virtio_pci_map(&vp, pci) == VIRTIO_OK ? IO_OK : IO_ENODEV;
}

static uint64_t cfg_or(struct virtio_blk *vb, unsigned bit, unsigned off, unsigned n,
		       uint64_t dflt)
{
	uint64_t v;
	return has(vb, bit) && virtio_pci_config(&vb->vp, off, n, &v) ? v : dflt;
}

/* Geometry and limits from the device configuration (spec 5.2.4). */
static int read_config(struct virtio_blk *vb, struct io_block_device *nub)
{
	uint64_t capacity;
	if (!virtio_pci_config(&vb->vp, 0, 8, &capacity) || !capacity)
		return IO_ENODEV;
	uint64_t bs = cfg_or(vb, VIRTIO_BLK_F_BLK_SIZE, 20, 4, 512);
	if (bs < 512 || bs > 65536 || (bs & (bs - 1)))
		bs = 512;
	uint64_t size_max = cfg_or(vb, VIRTIO_BLK_F_SIZE_MAX, 8, 4, VBLK_MAX_BYTES);
	uint64_t seg_max = cfg_or(vb, VIRTIO_BLK_F_SEG_MAX, 12, 4, 1);
	vb->seg_bytes = size_max >= bs && size_max < VBLK_MAX_BYTES ?
			(uint32_t)(size_max & ~(bs - 1)) : VBLK_MAX_BYTES;
	if (!seg_max || seg_max > 16)
		seg_max = 16;
	uint64_t max_bytes = (uint64_t)vb->seg_bytes * seg_max;
	if (max_bytes > VBLK_MAX_BYTES)
		max_bytes = VBLK_MAX_BYTES;
	vb->sectors_per_block = (uint32_t)(bs / 512);
	nub->block_size = (uint32_t)bs;
	nub->block_count = capacity / vb->sectors_per_block;
	nub->max_blocks = (uint32_t)(max_bytes / bs);
	nub->writable = !has(vb, VIRTIO_BLK_F_RO);
	nub->can_flush = has(vb, VIRTIO_BLK_F_FLUSH);
	return nub->block_count && nub->max_blocks ? IO_OK : IO_ENODEV;
}

/* Queue 0 in one DMA buffer, the slot headers in another. */
static int setup_queue(struct virtio_blk *vb)
{
	uint16_t max = virtio_pci_queue_max(&vb->vp, 0), size = VBLK_QUEUE_SIZE;
	while (size > max)
		size >>= 1;
	if (!size)
		return IO_ENODEV;
	vb->ring_bytes = (vq_layout_size(size) + PAGE - 1) & ~(size_t)(PAGE - 1);
	if (blk_dma_alloc(vb->ring_bytes, &vb->ring_va, &vb->ring_phys) ||
	    blk_dma_alloc(PAGE, &vb->hdr_va, &vb->hdr_phys))
		return IO_ENOMEM;
	if (vq_init(&vb->vq, size, vb->ring_va, vb->ring_phys))
		return IO_ENOMEM;
	if (virtio_pci_setup_queue(&vb->vp, 0, size, vb->vq.desc_phys, vb->vq.avail_phys,
				   vb->vq.used_phys, &vb->doorbell))
		return IO_ENODEV;
	return io_dict_set_number(vb->svc.props, "queue-size", size) ? IO_ENOMEM : IO_OK;
}

static int bring_up(struct virtio_blk *vb, struct io_block_device *nub)
{
	int err;
	if (virtio_pci_reset(&vb->vp) || (err = virtio_pci_negotiate(&vb->vp, WANTED_FEATURES))) {
		uprintf("virtio-blk: %s: no virtio 1.x device (reset or features refused)\n",
			iokitd_instance());
		return IO_ENODEV;
	}
	if ((err = read_config(vb, nub)))
		return err;
	/* MSI-X when the composer gave a line and the device takes it; the
	 * queue set-up may still fall back to INTx (vp.msix false then) */
	virtio_pci_intr_setup(&vb->vp);
	if ((err = setup_queue(vb)))
		return err;
	dbt_slot_t irq = virtio_pci_intr_cap(&vb->vp);
	if (!irq) {
		uprintf("virtio-blk: %s: no usable interrupt\n", iokitd_instance());
		return IO_ENODEV;
	}
	if (iokit_workloop_create(&vb->loop, URT_PRIO_INHERIT) ||
	    iokit_irq_source_create(vb->loop, irq, vblk_interrupt, vb, &vb->irq_src))
		return IO_ENOMEM;
	virtio_pci_set_status(&vb->vp, VIRTIO_S_DRIVER_OK);
	if (io_dict_set_string(vb->svc.props, "interrupt-type", vb->vp.msix ? "msix" : "intx"))
		return IO_ENOMEM;
	return io_dict_set_number(vb->svc.props, "features", vb->vp.features) ? IO_ENOMEM : IO_OK;
}

static int vblk_start(struct io_service *self, struct io_service *provider)
{
	struct virtio_blk *vb = (struct virtio_blk *)self;
	vb->pci = io_cast(provider, &IOPCIDevice_class);
	if (!vb->pci || virtio_pci_map(&vb->vp, vb->pci))
		return IO_ENODEV;
	if (!vb->pci->irq && !vb->pci->msi) {
		uprintf("virtio-blk: %s: no interrupt line granted\n", iokitd_instance());
		return IO_ENODEV;
	}
	urt_mutex_init(&vb->lock);
	vb->nub = (struct io_block_device *)io_service_create(&IOBlockStorageDevice_class,
							       "IOBlockStorageDevice", NULL);
	int err = vb->nub ? iokit_pci_enable(vb->pci, true, false, true) : IO_ENOMEM;
	if (!err)
		err = bring_up(vb, vb->nub);
	if (!err) {
		vb->nub->submit = vblk_submit;
		vb->nub->driver = vb;
		err = blk_device_set_properties(vb->nub) || io_service_attach(self, &vb->nub->svc);
	}
	if (err) {
		if (vb->vp.common)
			virtio_pci_set_status(&vb->vp, VIRTIO_S_FAILED);
		virtio_pci_msix_disable(&vb->vp);
		vblk_teardown(vb);
		return err < 0 ? err : IO_ENOMEM;
	}
	uprintf("virtio-blk: %s: %lu blocks of %u bytes, queue %u, features 0x%lx, interrupts %s\n",
		iokitd_instance(), (unsigned long)vb->nub->block_count, vb->nub->block_size,
		vb->vq.size, (unsigned long)vb->vp.features, vb->vp.msix ? "msix" : "intx");
	return io_service_register(&vb->nub->svc);
}

static void vblk_stop(struct io_service *self, struct io_service *provider)
{
	struct virtio_blk *vb = (struct virtio_blk *)self;
	struct urt_list done = URT_LIST_INIT;
	(void)provider;
	urt_mutex_lock(&vb->lock);
	vb->dead = true;
	vb->nub->gone = true;
	virtio_pci_reset(&vb->vp);      /* no more DMA into our buffers */
	virtio_pci_msix_disable(&vb->vp);
	vblk_fail_all(vb, BLK_E_GONE, &done);
	urt_mutex_unlock(&vb->lock);
	vblk_complete_list(&done);
	vblk_teardown(vb);
}

static const struct io_service_methods vblk_methods = {
	.probe = vblk_probe, .start = vblk_start, .stop = vblk_stop,
};

const struct io_class VirtioBlockDriver_class = {
	.name = "VirtioBlockDriver", .super = &IOService_class,
	.size = sizeof(struct virtio_blk), .methods = &vblk_methods,
};

static int vblk_init(struct io_catalog *cat)
{
	const struct io_personality_desc modern = {
		.name = "VirtioBlockDriver", .driver_class = &VirtioBlockDriver_class,
		.provider_class = &IOPCIDevice_class,
		.pci_vendor = { VIRTIO_VENDOR, 0xffff }, .pci_device = { 0x1042, 0xffff },
		.score = 1000,
	};
	struct io_personality_desc transitional = modern;
	transitional.pci_device.value = 0x1001;
	int err = io_catalog_add(cat, &modern);
	return err ? err : io_catalog_add(cat, &transitional);
}

const struct iokitd_driver virtio_blk_driver = { .name = "virtio-blk", .init = vblk_init };
