/* SPDX-License-Identifier: BSD-2-Clause */
/* nomanifest.c - a well-formed object without a manifest. */
int nomanifest_value(void)
{
	return 3;
}
