/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt.h (tests/host/blk/stub) - what the driver sources that the host tests
 * compile need from the component runtime: only urt_sleep_us (the virtio
 * reset's wait), which the tests do not need to wait for.
 */
#ifndef TESTS_BLK_STUB_URT_H
#define TESTS_BLK_STUB_URT_H
#include <stdint.h>
static inline void urt_sleep_us(uint64_t us)
{
	(void)us;
}
#endif
