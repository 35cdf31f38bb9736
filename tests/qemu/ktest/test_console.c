/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_console.c - kernel calls the composer's console relies on: reading
 * another task's capabilities (DBT_SYS_CAP_INFO with a task), and console
 * input (DBT_SYS_DEBUG_READ / DEBUG_BIND).  Suite `cap`.
 */
#include "ktest.h"

KTEST(cap, task_cap_info_reads_another_space)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t type = 0, rights = 0, badge = 0;
	EXPECT_OK(ktest_child(&c, NULL, 0));
	EXPECT_OK(ktest_give(&c, ep, CHILD_SLOT_FIRST, DBT_CAP_WRITE));
	EXPECT_OK(dbt_task_cap_info(c.task, CHILD_SLOT_FIRST, &type, &rights, &badge));
	EXPECT_EQ(type, DBT_OBJ_ENDPOINT);
	EXPECT_EQ(rights, DBT_CAP_WRITE);
	EXPECT_OK(dbt_task_cap_info(c.task, CHILD_SLOT_SELF, &type, NULL, NULL));
	EXPECT_EQ(type, DBT_OBJ_THREAD);
	EXPECT_EQ(dbt_task_cap_info(c.task, CHILD_SLOT_FIRST + 1, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_task_cap_info(c.task, 1u << 8, &type, NULL, NULL), DBT_E_INVALID_SLOT);
}

KTEST(cap, task_cap_info_needs_control_on_a_task)
{
	struct kchild c;
	dbt_slot_t weak = kslot(), type_out = 0;
	EXPECT_OK(ktest_child(&c, NULL, 0));
	EXPECT_OK(dbt_cap_copy(c.task, weak, DBT_CAP_READ, 0));
	EXPECT_EQ(dbt_task_cap_info(weak, CHILD_SLOT_SELF, &type_out, NULL, NULL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_task_cap_info(c.thread, CHILD_SLOT_SELF, &type_out, NULL, NULL), DBT_E_WRONG_TYPE);
	EXPECT_EQ(type_out, 0);
}

KTEST(cap, debug_read_and_bind)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t weak = kslot();
	dbt_word_t n = 99;
	EXPECT_OK(dbt_debug_read(DBT_ROOT_SLOT_DEBUG, &n));
	EXPECT_EQ(n, 0);                        /* nobody types during the tests */
	EXPECT_OK(dbt_cap_copy(DBT_ROOT_SLOT_DEBUG, weak, DBT_CAP_WRITE, 0));
	EXPECT_EQ(dbt_debug_read(weak, &n), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_debug_bind(weak, ntf), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_debug_bind(DBT_ROOT_SLOT_DEBUG, ep), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_debug_read(ntf, &n), DBT_E_WRONG_TYPE);
	EXPECT_OK(dbt_debug_bind(DBT_ROOT_SLOT_DEBUG, ntf));
	/* destroying the bound notification leaves the kernel without it */
	EXPECT_OK(dbt_destroy(ntf));
	EXPECT_OK(dbt_debug_bind(DBT_ROOT_SLOT_DEBUG, 0));
}
