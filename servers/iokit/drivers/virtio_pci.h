/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio_pci.h (iokit/drivers) - the virtio 1.x "modern" PCI transport
 * (the spec's section 4.1): the vendor-specific capabilities that locate the
 * common configuration, notification, ISR and device configuration
 * structures in the function's memory BARs, the device status handshake,
 * feature negotiation and virtqueue setup.
 *
 * Entry points: virtio_pci_map (find and check the capabilities),
 * virtio_pci_reset, virtio_pci_negotiate, virtio_pci_setup_queue,
 * virtio_pci_driver_ok, virtio_pci_notify, virtio_pci_isr, and reads of
 * the device configuration with the generation check; virtio_pci_msix_setup
 * and virtio_pci_msix_disable (MSI-X, spec 4.1.4.3 and 4.1.5.1.2), and
 * virtio_pci_intr_setup / virtio_pci_intr_cap, which choose between MSI-X
 * and INTx the way every driver here does.
 *
 * Nothing the device's capability list says is trusted: a structure that is
 * not inside a mapped memory BAR, or too short, is refused (VIRTIO_ENOCAP).
 */
#ifndef IOKIT_DRIVERS_VIRTIO_PCI_H
#define IOKIT_DRIVERS_VIRTIO_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include "iokit/driver.h"
#include "iokit/glue/glue_io.h"

#define VIRTIO_VENDOR           0x1af4
#define VIRTIO_PCI_CAP_VNDR     0x09

/* cfg_type of a virtio PCI capability */
#define VIRTIO_PCI_CAP_COMMON   1
#define VIRTIO_PCI_CAP_NOTIFY   2
#define VIRTIO_PCI_CAP_ISR      3
#define VIRTIO_PCI_CAP_DEVICE   4

/* device status */
#define VIRTIO_S_ACKNOWLEDGE    1
#define VIRTIO_S_DRIVER         2
#define VIRTIO_S_DRIVER_OK      4
#define VIRTIO_S_FEATURES_OK    8
#define VIRTIO_S_NEEDS_RESET    64
#define VIRTIO_S_FAILED         128

#define VIRTIO_F_VERSION_1      32

enum {
	VIRTIO_OK = 0,
	VIRTIO_ENOCAP = -1,     /* a required structure is missing or unusable */
	VIRTIO_EFEATURE = -2,   /* VERSION_1 not offered, or FEATURES_OK refused */
	VIRTIO_EQUEUE = -3,     /* queue missing, size 0, or notify outside its window */
	VIRTIO_ERESET = -4,     /* the device did not come out of reset */
};

struct virtio_pci {
	struct iokit_pci_device *pci;
	volatile uint8_t *common;       /* struct virtio_pci_common_cfg */
	volatile uint8_t *notify_base;
	uint32_t notify_len, notify_mult;
	volatile uint8_t *isr;
	volatile uint8_t *device;       /* device-specific configuration */
	uint32_t device_len;
	uint64_t features;              /* negotiated */
	unsigned msix_cap;              /* MSI-X capability offset, 0: none */
	bool msix;                      /* queue 0 interrupts through MSI-X entry 0 */
};

/* Find the four structures; VIRTIO_ENOCAP if one is missing or unusable. */
int virtio_pci_map(struct virtio_pci *vp, struct iokit_pci_device *pci);
/* Write 0 to the status and wait until it reads 0 (VIRTIO_ERESET if not). */
int virtio_pci_reset(struct virtio_pci *vp);
void virtio_pci_set_status(struct virtio_pci *vp, uint8_t bits);        /* ORs bits in */
uint8_t virtio_pci_status(struct virtio_pci *vp);
/* ACKNOWLEDGE, DRIVER, offer wanted & device features (VERSION_1 required),
 * FEATURES_OK and its check; vp->features is the result. */
int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t wanted);
/* The device's maximum size of queue q (0: no such queue). */
uint16_t virtio_pci_queue_max(struct virtio_pci *vp, uint16_t q);
/* Tell the device where queue q's rings are and enable it; *notify is the
 * address of its doorbell. */
int virtio_pci_setup_queue(struct virtio_pci *vp, uint16_t q, uint16_t size, uint64_t desc,
			   uint64_t avail, uint64_t used, volatile uint16_t **notify);
static inline void virtio_pci_notify(volatile uint16_t *doorbell, uint16_t q)
{
	glue_mmio_write16(doorbell, q);
}
/* Before the queues are set up: program MSI-X table entry 0 to raise
 * message-signalled line `line`, enable MSI-X and turn INTx off; queues set
 * up afterwards use vector 0, the configuration change none.  Returns
 * VIRTIO_ENOCAP (and leaves MSI-X off) if the function has no usable MSI-X
 * capability or table, or the device refused the configuration vector.
 * virtio_pci_setup_queue falls back to INTx (msix false) if the device
 * refuses the queue's vector. */
int virtio_pci_msix_setup(struct virtio_pci *vp, unsigned line);
/* MSI-X off, INTx back on (no-op without the capability). */
void virtio_pci_msix_disable(struct virtio_pci *vp);
/* Before the queues are set up: MSI-X when the composer granted the
 * function a message-signalled line and the device takes it, else INTx. */
void virtio_pci_intr_setup(struct virtio_pci *vp);
/* After the queues are set up (which may still fall back to INTx): the
 * IRQ capability queue interrupts arrive on, 0 if none was granted. */
dbt_slot_t virtio_pci_intr_cap(const struct virtio_pci *vp);
/* Read (and so clear) the ISR status: bit 0 queue, bit 1 configuration. */
uint8_t virtio_pci_isr(struct virtio_pci *vp);
/* Device configuration bytes [off, off + n) (n = 1, 2, 4 or 8), read until
 * the configuration generation is stable; false if outside the structure. */
bool virtio_pci_config(struct virtio_pci *vp, unsigned off, unsigned n, uint64_t *v);

#endif
