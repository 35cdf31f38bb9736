/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compsvc.h - the composer's services iokitd uses (compsvc.c): PCI
 * configuration space, boot-image files, the control endpoint.  Kept apart
 * from server.h so that pci_cfg.c builds on the host against a simulated
 * configuration space (tests/host/iokitd/test_pci_cfg.c).
 * Errors: 0, or the composer's DBT_COMP_E_* code or the kernel's.
 */
#ifndef IOKIT_SERVER_COMPSVC_H
#define IOKIT_SERVER_COMPSVC_H

#include <stddef.h>
#include <stdint.h>
#include <darbat/abi.h>

int iokitd_cfg_read(uint64_t bdf, unsigned off, unsigned width, uint32_t *v);
int iokitd_cfg_write(uint64_t bdf, unsigned off, unsigned width, uint32_t v);
int iokitd_file_map(const char *name, const void **addr, size_t *size);
dbt_slot_t iokitd_control_slot(void);

#endif
