/*
 * test_signal.c - what a personality server needs from the kernel to deliver
 * a signal and to fork: a foreign system call the server cancels is
 * restarted, also after the thread's registers were rewritten earlier.
 */
#include "ktest.h"

#define SIG_TIMEOUT 1000000     /* us the root waits for a foreign-syscall message */
#define SIG_SYSNO 39            /* what the probe puts in rax: Linux's getpid */
#define SIG_RESULT 0x1234       /* what the "server" answers */
#define ST_STOPPED 6            /* enum dbt_thread_state */

/* ---- the probe: spin until sig_go, then one foreign system call ---------------- */

volatile dbt_word_t sig_go, sig_rax_after;

void sig_probe(dbt_word_t);
extern char sig_probe_spin[], sig_probe_insn[], sig_probe_after[];
__asm__(".text\n.global sig_probe\nsig_probe:\n"
        ".global sig_probe_spin\nsig_probe_spin:\n"
        "\tcmpq $0, sig_go(%rip)\n\tje sig_probe_spin\n"
        "\tmov $39, %eax\n"
        ".global sig_probe_insn\nsig_probe_insn:\n\tsyscall\n"
        ".global sig_probe_after\nsig_probe_after:\n"
        "\tmov %rax, sig_rax_after(%rip)\n\tret\n");

/* A local thread running the probe in foreign-ABI mode, its system calls
 * going to ep; created, not started. */
static dbt_word_t sig_foreign(struct kchild *c, dbt_slot_t ep)
{
	dbt_word_t err = ktest_local(c, sig_probe, 0);
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, ep, 0).err;
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_FOREIGN, 1, 0).err;
	return err;
}

/* Receive the probe's system call: label, number and where it returns. */
static dbt_word_t sig_expect_syscall(dbt_slot_t ep, struct dbt_exc_msg *m)
{
	dbt_word_t tag, badge;
	dbt_word_t err = dbt_recv(ep, &tag, &badge, SIG_TIMEOUT);
	if (err)
		return err;
	*m = *(const struct dbt_exc_msg *)dbt_mr();
	if (DBT_TAG_LABEL(tag) != DBT_LABEL_SYSCALL || m->regs.rax != SIG_SYSNO ||
	    m->regs.rip != (dbt_word_t)sig_probe_after)
		return DBT_E_BAD_MESSAGE;
	return DBT_OK;
}

static dbt_word_t sig_read_regs(dbt_slot_t t, struct dbt_regs *r)
{
	dbt_word_t err = dbt_thread_ctl(t, DBT_THREAD_READ_REGS, 0, 0).err;
	*r = *(const struct dbt_regs *)dbt_mr();
	return err;
}

static dbt_word_t sig_write_regs(dbt_slot_t t, const struct dbt_regs *r)
{
	*(struct dbt_regs *)dbt_mr() = *r;
	return dbt_thread_ctl(t, DBT_THREAD_WRITE_REGS, 0, 0).err;
}

/* The server cancels the call (THREAD_STOP): stopped, the thread shows the
 * call as it came (rip after the syscall instruction, its number in rax);
 * on RESUME, with no registers written meanwhile, it makes the call again,
 * which the server now answers. */
static void sig_cancel_and_restart(struct kchild *c, dbt_slot_t ep)
{
	struct dbt_exc_msg m;
	struct dbt_regs r;
	EXPECT_OK(sig_expect_syscall(ep, &m));
	EXPECT_OK(dbt_thread_ctl(c->thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(dbt_thread_ctl(c->thread, DBT_THREAD_INFO, 0, 0).v0, ST_STOPPED);
	EXPECT_OK(sig_read_regs(c->thread, &r));
	EXPECT_EQ(r.rip, (dbt_word_t)sig_probe_after);
	EXPECT_EQ(r.rax, SIG_SYSNO);
	EXPECT_OK(dbt_thread_ctl(c->thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT_OK(sig_expect_syscall(ep, &m));     /* the same call, again */
	/* native again for the framework's stop call after the probe */
	EXPECT_OK(dbt_thread_ctl(c->thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
	m.regs.rax = SIG_RESULT;
	*(struct dbt_regs *)dbt_mr() = m.regs;
	EXPECT_OK(dbt_reply(DBT_TAG(0, DBT_REGS_WORDS, 0)));
	EXPECT(ktest_join(c, 1000));
	EXPECT_EQ(sig_rax_after, SIG_RESULT);
}

/* ---- restart of a cancelled foreign system call ---------------------------------- */

KTEST(signal, cancelled_syscall_restarts)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 1;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(ktest_start(&c));
	sig_cancel_and_restart(&c, ep);
}

/* The registers of a running thread were rewritten (a signal delivered
 * while it ran user code); its next system call, cancelled, still restarts
 * rather than returning its own number. */
KTEST(signal, restart_after_write_regs_running)
{
	struct kchild c;
	struct dbt_regs r;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 0;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);   /* spinning, preempted in user code */
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(sig_read_regs(c.thread, &r));
	EXPECT(r.rip >= (dbt_word_t)sig_probe_spin && r.rip < (dbt_word_t)sig_probe_insn);
	r.rip = (dbt_word_t)sig_probe_spin;     /* as a signal handler's entry would */
	EXPECT_OK(sig_write_regs(c.thread, &r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	ksleep_ms(2);
	sig_go = 1;
	sig_cancel_and_restart(&c, ep);
}

/* The same when the registers were written before the thread first ran. */
KTEST(signal, restart_after_write_regs_inactive)
{
	struct kchild c;
	struct dbt_regs r;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 1;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(sig_read_regs(c.thread, &r));
	r.r12 = 0x1212;
	EXPECT_OK(sig_write_regs(c.thread, &r));
	EXPECT_OK(ktest_start(&c));
	sig_cancel_and_restart(&c, ep);
}

/* Registers written while the thread is stopped in its cancelled call are
 * what it resumes with: the server delivered a signal there (rax is the
 * call's result, e.g. -EINTR, rip the handler) and nothing restarts. */
KTEST(signal, write_regs_in_cancelled_call_no_restart)
{
	struct kchild c;
	struct dbt_exc_msg m;
	struct dbt_regs r;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 1;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT_OK(sig_expect_syscall(ep, &m));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(sig_read_regs(c.thread, &r));
	r.rip = (dbt_word_t)sig_probe_after;
	r.rax = (dbt_word_t)-4;                 /* -EINTR */
	EXPECT_OK(sig_write_regs(c.thread, &r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(sig_rax_after, (dbt_word_t)-4);
	dbt_word_t tag, badge;
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}
