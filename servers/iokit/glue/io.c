/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * io.c - the exported port-I/O and MMIO functions of the glue ABI 1.2
 * (glue.h): each is the inline access of glue_io.h, so the framework's
 * built-in drivers and the modules run the same definition.
 */
#include "glue.h"
#include "glue_io.h"

uint8_t iokit_inb(uint16_t port) { return glue_inb(port); }
uint16_t iokit_inw(uint16_t port) { return glue_inw(port); }
uint32_t iokit_inl(uint16_t port) { return glue_inl(port); }
void iokit_outb(uint16_t port, uint8_t value) { glue_outb(port, value); }
void iokit_outw(uint16_t port, uint16_t value) { glue_outw(port, value); }
void iokit_outl(uint16_t port, uint32_t value) { glue_outl(port, value); }

uint8_t iokit_mmio_read8(const volatile void *addr) { return glue_mmio_read8(addr); }
uint16_t iokit_mmio_read16(const volatile void *addr) { return glue_mmio_read16(addr); }
uint32_t iokit_mmio_read32(const volatile void *addr) { return glue_mmio_read32(addr); }
uint64_t iokit_mmio_read64(const volatile void *addr) { return glue_mmio_read64(addr); }
void iokit_mmio_write8(volatile void *addr, uint8_t value) { glue_mmio_write8(addr, value); }
void iokit_mmio_write16(volatile void *addr, uint16_t value) { glue_mmio_write16(addr, value); }
void iokit_mmio_write32(volatile void *addr, uint32_t value) { glue_mmio_write32(addr, value); }
void iokit_mmio_write64(volatile void *addr, uint64_t value) { glue_mmio_write64(addr, value); }
void iokit_mmio_barrier(void) { glue_mmio_barrier(); }
