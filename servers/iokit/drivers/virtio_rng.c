/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_rng.c (iokit/drivers) - the virtio entropy driver VirtioRNGDriver
 * (virtio 1.x over PCI, spec 5.4; docs/IOKIT.md "virtio-rng"): matches the
 * modern function 1af4:1044 and the transitional 1af4:1005 when it offers
 * the modern capabilities, brings the device up (reset, VERSION_1 and no
 * other feature), sets up the request queue in DMA memory, runs it on a
 * work loop of its own (MSI-X or INTx, as virtio-blk) and publishes the
 * read-only character stream "rng0" (kind "rng"; "rng1" for a second
 * device), whose reads return bytes the device delivered, each byte to one
 * client once.
 *
 * The loop keeps up to VRNG_POOL_BYTES in a pool and asks the device for
 * more whenever VRNG_REQ_MIN bytes of it are free, so clients rarely wait.  A request the device leaves unanswered for
 * VRNG_TIMEOUT_US makes the device "stalled": reads then fail with
 * CSTREAM_E_IO once the pool is empty (instead of waiting), until the
 * device answers.  An empty answer is retried after VRNG_RETRY_US.  A
 * device that writes an impossible used element is reset and the stream
 * fails every read from then on.  stop resets the device before its
 * buffers are freed.
 *
 * Stream status: rx = bytes from the device, tx = bytes handed to clients,
 * errors = stalls and broken queues, dropped = empty answers.
 * Driver properties: "stream", "features", "queue-size", "interrupt-type",
 * "pool-size", "timeout-ms".
 *
 * Entry point: virtio_rng_driver (the server's built-in driver table).
 */
#include "urt.h"
#include "iokit/driver.h"
#include "virtio_pci.h"
#include "virtio_rng.h"
#include "charstream.h"
#include "charstream_loop.h"

#define PAGE            4096u
#define VRNG_STREAMS    8               /* rng0 .. rng7 */

struct virtio_rng {
	struct io_service svc;
	struct iokit_pci_device *pci;   /* provider, borrowed while started */
	struct virtio_pci vp;
	struct virtqueue vq;
	void *ring_va, *buf_va;         /* DMA: the rings; the device's buffer */
	uint64_t ring_phys, buf_phys;
	size_t ring_bytes;
	volatile uint16_t *doorbell;
	struct cs_loop dl;              /* loop, gate, interrupt source, timer */
	struct charstream *cs;
	char name[8];
	/* the work loop's alone (interrupt, timer, gate calls): */
	struct vrng_pool pool;
	bool stalled;                   /* the request in flight timed out */
	bool backoff;                   /* an empty answer: wait for the timer */
	bool dead;                      /* the queue broke: the device is reset */
	uint64_t stalls, breaks;
};

static const char *inst(void)
{
	return iokitd_instance();
}

/* ---- on the work loop ------------------------------------------------------------ */

/* Ask the device for more when there is room and nothing is in flight. */
static void vrng_kick(struct virtio_rng *vr)
{
	if (vr->dead || vr->backoff || !vrng_pool_post(&vr->pool))
		return;
	if (vq_should_notify(&vr->vq))
		virtio_pci_notify(vr->doorbell, 0);
	iokit_timer_arm_us(vr->dl.poll, VRNG_TIMEOUT_US);
}

static void vrng_break(struct virtio_rng *vr)
{
	uprintf("virtio-rng: %s: the device wrote an impossible used element; "
		"resetting it, %s fails every read\n", inst(), vr->name);
	virtio_pci_reset(&vr->vp);      /* no more DMA into the buffer */
	vrng_pool_reset(&vr->pool);
	iokit_timer_cancel(vr->dl.poll);
	vr->dead = true;
	vr->breaks++;
}

static void vrng_answered(struct virtio_rng *vr, uint32_t got)
{
	iokit_timer_cancel(vr->dl.poll);
	if (vr->stalled) {
		vr->stalled = false;
		uprintf("virtio-rng: %s: %s: the device answers again\n", inst(), vr->name);
	}
	if (!got) {
		vr->backoff = true;
		iokit_timer_arm_us(vr->dl.poll, VRNG_RETRY_US);
		return;
	}
	vrng_kick(vr);
	if (vr->cs)
		charstream_notify(vr->cs, CHARSTREAM_EV_RX);
}

static void vrng_interrupt(struct iokit_source *src, void *arg)
{
	struct virtio_rng *vr = arg;
	uint32_t got;
	(void)src;
	if (!vr->vp.msix)
		(void)virtio_pci_isr(&vr->vp);  /* de-asserts INTx */
	if (vr->dead)
		return;
	int r = vrng_pool_reap(&vr->pool, &got);
	if (r < 0)
		vrng_break(vr);
	else if (r == 1)
		vrng_answered(vr, got);
	if (r < 0 && vr->cs)
		charstream_notify(vr->cs, CHARSTREAM_EV_RX);    /* waiting readers fail now */
}

/* The timer: a request's deadline, or the end of the back-off. */
static void vrng_timer(struct iokit_source *src, void *arg)
{
	struct virtio_rng *vr = arg;
	(void)src;
	if (vr->dead)
		return;
	if (!vrng_pool_in_flight(&vr->pool)) {
		vr->backoff = false;
		vrng_kick(vr);
		return;
	}
	if (vr->stalled)
		return;
	vr->stalled = true;
	vr->stalls++;
	uprintf("virtio-rng: %s: %s: no answer from the device in %u ms: reads fail until it "
		"answers\n", inst(), vr->name, VRNG_TIMEOUT_US / 1000);
	if (vr->cs)
		charstream_notify(vr->cs, CHARSTREAM_EV_RX);
}

struct vrng_call {
	struct virtio_rng *vr;
	void *buf;
	size_t n;
};

static int gate_read(void *arg)
{
	struct vrng_call *c = arg;
	struct virtio_rng *vr = c->vr;
	size_t n = vrng_pool_take(&vr->pool, c->buf, c->n);
	vrng_kick(vr);
	if (!n && (vr->dead || vr->stalled))
		return IO_ENODEV;       /* CSTREAM_E_IO for the client */
	return (int)n;
}

static int gate_status(void *arg)
{
	struct vrng_call *c = arg;
	struct virtio_rng *vr = c->vr;
	struct charstream_status *st = c->buf;
	st->rx = vr->pool.received;
	st->tx = vr->pool.handed;
	st->errors = vr->stalls + vr->breaks;
	st->dropped = vr->pool.empty;
	return 0;
}

static int gate_start(void *arg)
{
	struct vrng_call *c = arg;
	vrng_kick(c->vr);
	return 0;
}

/* ---- the stream (client threads) ------------------------------------------------- */

static int run(struct virtio_rng *vr, iokit_action_t *fn, void *buf, size_t n)
{
	struct vrng_call c = { vr, buf, n };
	return iokit_gate_run(vr->dl.gate, fn, &c);
}

static int cs_read(void *dev, void *buf, size_t n)
{
	return run(dev, gate_read, buf, n);
}

static int cs_status(void *dev, struct charstream_status *st)
{
	return run(dev, gate_status, st, 0);
}

static const struct charstream_ops vrng_cs_ops = { .read = cs_read, .status = cs_status };

/* ---- the driver class ------------------------------------------------------------- */

static void vrng_teardown(struct virtio_rng *vr)
{
	cs_loop_free(&vr->dl);
	if (vr->vq.token)
		vq_fini(&vr->vq);
	if (vr->ring_va)
		urt_dma_free(vr->ring_va);
	if (vr->buf_va)
		urt_dma_free(vr->buf_va);
	vr->ring_va = vr->buf_va = NULL;
}

static int vrng_probe(struct io_service *self, struct io_service *provider, int *score)
{
	struct iokit_pci_device *pci = io_cast(provider, &IOPCIDevice_class);
	struct virtio_pci vp;
	(void)self;
	(void)score;
	return pci && virtio_pci_map(&vp, pci) == VIRTIO_OK ? IO_OK : IO_ENODEV;
}

/* The request queue and the device's buffer, in DMA memory. */
static int setup_queue(struct virtio_rng *vr)
{
	uint16_t max = virtio_pci_queue_max(&vr->vp, 0), size = VRNG_QUEUE_SIZE;
	while (size > max)
		size >>= 1;
	if (!size)
		return IO_ENODEV;
	vr->ring_bytes = (vq_layout_size(size) + PAGE - 1) & ~(size_t)(PAGE - 1);
	if (urt_dma_alloc(vr->ring_bytes / PAGE, &vr->ring_va, &vr->ring_phys) ||
	    urt_dma_alloc(VRNG_BUF_BYTES / PAGE, &vr->buf_va, &vr->buf_phys))
		return IO_ENOMEM;
	if (vq_init(&vr->vq, size, vr->ring_va, vr->ring_phys))
		return IO_ENOMEM;
	if (virtio_pci_setup_queue(&vr->vp, 0, size, vr->vq.desc_phys, vr->vq.avail_phys,
				   vr->vq.used_phys, &vr->doorbell))
		return IO_ENODEV;
	vrng_pool_init(&vr->pool, &vr->vq, vr->buf_va, vr->buf_phys, VRNG_BUF_BYTES);
	return IO_OK;
}

static int bring_up(struct virtio_rng *vr)
{
	if (virtio_pci_reset(&vr->vp) || virtio_pci_negotiate(&vr->vp, 0)) {
		uprintf("virtio-rng: %s: no virtio 1.x device (reset or features refused)\n", inst());
		return IO_ENODEV;
	}
	virtio_pci_intr_setup(&vr->vp);
	int err = setup_queue(vr);
	if (err)
		return err;
	dbt_slot_t irq = virtio_pci_intr_cap(&vr->vp);
	if (!irq) {
		uprintf("virtio-rng: %s: no usable interrupt\n", inst());
		return IO_ENODEV;
	}
	if (cs_loop_create(&vr->dl, irq, vrng_interrupt, vrng_timer, vr))
		return IO_ENOMEM;
	virtio_pci_set_status(&vr->vp, VIRTIO_S_DRIVER_OK);
	return IO_OK;
}

/* The stream under the first free name rngN. */
static int publish(struct virtio_rng *vr)
{
	for (unsigned i = 0; i < VRNG_STREAMS && !vr->cs; i++) {
		snfmt(vr->name, sizeof(vr->name), "rng%u", i);
		vr->cs = charstream_register(vr->name, "rng", CSTREAM_F_READ, &vrng_cs_ops, vr);
	}
	if (!vr->cs)
		return IO_EBUSY;
	struct io_dict *d = vr->svc.props;
	if (io_dict_set_string(d, "stream", vr->name) ||
	    io_dict_set_number(d, "features", vr->vp.features) ||
	    io_dict_set_number(d, "queue-size", vr->vq.size) ||
	    io_dict_set_string(d, "interrupt-type", vr->vp.msix ? "msix" : "intx") ||
	    io_dict_set_number(d, "pool-size", VRNG_POOL_BYTES) ||
	    io_dict_set_number(d, "timeout-ms", VRNG_TIMEOUT_US / 1000))
		return IO_ENOMEM;
	return run(vr, gate_start, NULL, 0);
}

static void vrng_stop(struct io_service *self, struct io_service *provider);

static int vrng_start(struct io_service *self, struct io_service *provider)
{
	struct virtio_rng *vr = (struct virtio_rng *)self;
	vr->pci = io_cast(provider, &IOPCIDevice_class);
	if (!vr->pci || virtio_pci_map(&vr->vp, vr->pci))
		return IO_ENODEV;
	if (!vr->pci->irq && !vr->pci->msi) {
		uprintf("virtio-rng: %s: no interrupt line granted\n", inst());
		return IO_ENODEV;
	}
	int err = iokit_pci_enable(vr->pci, true, false, true);
	if (!err)
		err = bring_up(vr);
	if (!err)
		err = publish(vr);
	if (err) {
		if (vr->vp.common)
			virtio_pci_set_status(&vr->vp, VIRTIO_S_FAILED);
		vrng_stop(self, provider);
		return err < 0 ? err : IO_ENOMEM;
	}
	uprintf("virtio-rng: %s: stream %s, queue %u, features 0x%lx, interrupts %s\n", inst(),
		vr->name, vr->vq.size, (unsigned long)vr->vp.features,
		vr->vp.msix ? "msix" : "intx");
	return IO_OK;
}

/* Also undoes a start that failed half way. */
static void vrng_stop(struct io_service *self, struct io_service *provider)
{
	struct virtio_rng *vr = (struct virtio_rng *)self;
	(void)provider;
	/* no handler may run once the stream is gone: it would notify it */
	cs_loop_quiesce(&vr->dl);
	charstream_unregister(vr->cs);
	vr->cs = NULL;
	if (vr->vp.common) {
		virtio_pci_reset(&vr->vp);      /* no more DMA into our buffers */
		virtio_pci_msix_disable(&vr->vp);
	}
	vrng_teardown(vr);
}

static const struct io_service_methods vrng_methods = {
	.probe = vrng_probe, .start = vrng_start, .stop = vrng_stop,
};

const struct io_class VirtioRNGDriver_class = {
	.name = "VirtioRNGDriver", .super = &IOService_class,
	.size = sizeof(struct virtio_rng), .methods = &vrng_methods,
};

static int vrng_init(struct io_catalog *cat)
{
	const struct io_personality_desc modern = {
		.name = "VirtioRNGDriver", .driver_class = &VirtioRNGDriver_class,
		.provider_class = &IOPCIDevice_class,
		.pci_vendor = { VIRTIO_VENDOR, 0xffff }, .pci_device = { 0x1044, 0xffff },
		.score = 1000,
	};
	struct io_personality_desc transitional = modern;
	transitional.pci_device.value = 0x1005;
	charstream_services_start();
	int err = io_catalog_add(cat, &modern);
	return err ? err : io_catalog_add(cat, &transitional);
}

const struct iokitd_driver virtio_rng_driver = { .name = "virtio-rng", .init = vrng_init };
