/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_server.c - the server side: one handler per method that checks the
 * whole request and copies it out of the message registers before it calls
 * the op (decode, then invoke), the dispatch switch on the label, and the
 * receive loop.
 *
 * A handler reads and writes the message words through idl_mr and answers
 * the reply tag, or idl_refuse(code) for a request it refuses before the op
 * runs; the dispatcher turns that into idl_reject (drop the capabilities the
 * request carried, reply with code).  <iface>_dispatch runs every handler on
 * the UTCB words.  <iface>_serve keeps the message in registers
 * (dbt_ipc_regs): the handlers of register-only methods (regs_method) are
 * inlined into its loop and work on those registers; any other label, and a
 * request such a handler refuses (always before its op runs), is copied to
 * the UTCB words whole and decoded again by <iface>_dispatch, the full path.
 */
#include <string.h>

#include "idlc.h"

static void locals(FILE *f, const struct idl_method *m)
{
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		const char *n = p->name;
		int in = p->dir == DIR_IN;
		switch (p->type) {
		case T_WORD:
			fprintf(f, in ? "\tdbt_word_t %s;\n" : "\tdbt_word_t %s = 0;\n", n);
			break;
		case T_CAP:
			fprintf(f, in ? "\tdbt_slot_t %s;\n" : "\tdbt_slot_t %s = 0;\n", n);
			break;
		case T_BYTES:
			fprintf(f, "\tuint8_t %s[%u];\n", n, p->size);
			fprintf(f, in ? "\tdbt_word_t %s_len;\n" : "\tdbt_word_t %s_len = 0;\n", n);
			break;
		case T_SHM:
			fprintf(f, "\tvoid *%s;\n", n);
			fprintf(f, in ? "\tdbt_word_t %s_len;\n" : "\tdbt_word_t %s_size, %s_len = 0;\n",
			        n, n);
			break;
		}
	}
}

static void check_request(FILE *f, const struct idl_iface *ifc, const struct idl_method *m,
                          const struct idl_shape *rq)
{
	const char *reject = "\t\treturn idl_refuse(DBT_IDL_E_BAD_REQUEST);\n";
	if (!rq->nbytes) {
		fprintf(f, "\tif (idl_tag != DBT_TAG(%s_LABEL(", upper(0, ifc->name));
		fprintf(f, "%s_%s), %u, %u)", upper(0, ifc->name), upper(1, m->name), rq->fixed,
		        rq->ncaps);
		if (rq->ncaps)
			fprintf(f, " || !idl_caps_ok(idl_mr, %u, %u)", rq->fixed, rq->ncaps);
		fprintf(f, ")\n%s", reject);
		return;
	}
	fprintf(f, "\tif ((idl_tag & DBT_TAG_RESERVED) || DBT_TAG_T(idl_tag) != %u", rq->ncaps);
	if (rq->fixed)
		fprintf(f, " || idl_un < %u", rq->fixed);
	fprintf(f, ")\n%s", reject);
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type != T_BYTES || p->dir != DIR_IN)
			continue;
		fprintf(f, "\tidl_at_%s = idl_n;\n", p->name);
		fprintf(f, "\tif ((idl_err = idl_bytes(idl_mr, idl_un, &idl_n, %u)))\n"
		        "\t\treturn idl_refuse(idl_err);\n", p->size);
	}
	fprintf(f, "\tif (idl_n != idl_un");
	if (rq->ncaps)
		fprintf(f, " || !idl_caps_ok(idl_mr, idl_un, %u)", rq->ncaps);
	fprintf(f, ")\n%s", reject);
}

/* Shared-memory ranges against the caller's region, then the copies. */
static void load_request(FILE *f, const struct idl_method *m, const struct idl_shape *rq)
{
	unsigned w = 0, k = 0;
	char a[32];
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type == T_WORD && p->dir == DIR_IN) {
			w++;
		} else if (p->type == T_SHM) {
			fprintf(f, "\tif (!idl_shm(idl_r, idl_mr[%u], idl_mr[%u], &%s))\n"
			        "\t\treturn idl_refuse(DBT_IDL_E_RANGE);\n",
			        w, w + 1, p->name);
			w += 2;
		}
	}
	w = 0;
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type == T_WORD && p->dir == DIR_IN) {
			fprintf(f, "\t%s = idl_mr[%u];\n", p->name, w++);
		} else if (p->type == T_SHM) {
			fprintf(f, "\t%s_%s = idl_mr[%u];\n", p->name,
			        p->dir == DIR_IN ? "len" : "size", w + 1);
			w += 2;
		}
	}
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type == T_BYTES && p->dir == DIR_IN) {
			fprintf(f, "\t%s_len = idl_mr[idl_at_%s];\n", p->name, p->name);
			fprintf(f, "\tidl_unpack(%s, &idl_mr[idl_at_%s + 1], %s_len);\n", p->name,
			        p->name, p->name);
		} else if (p->type == T_CAP && p->dir == DIR_IN) {
			if (rq->nbytes)
				snprintf(a, sizeof(a), "idl_un + %u", 2 * k + 1);
			else
				snprintf(a, sizeof(a), "%u", rq->fixed + 2 * k + 1);
			fprintf(f, "\t%s = DBT_FPAGE_BASE(idl_mr[%s]) >> 12;\n", p->name, a);
			k++;
		}
	}
}

static void call_op(FILE *f, const struct idl_method *m)
{
	fprintf(f, "\tidl_err = ops->%s(ctx, badge", m->name);
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		const char *n = p->name;
		int in = p->dir == DIR_IN;
		if (p->type == T_WORD || p->type == T_CAP)
			fprintf(f, in ? ", %s" : ", &%s", n);
		else if (in)
			fprintf(f, ", %s, %s_len", n, n);
		else if (p->type == T_BYTES)
			fprintf(f, ", %s, &%s_len", n, n);
		else
			fprintf(f, ", %s, %s_size, &%s_len", n, n, n);
	}
	fprintf(f, ");\n\tif (idl_err)\n\t\treturn idl_error(idl_err);\n");
}

static void encode_reply(FILE *f, const struct idl_method *m, const struct idl_shape *rp)
{
	const char *sep = "\tif (";
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir == DIR_OUT && p->type == T_BYTES)
			fprintf(f, "%s%s_len > %u", sep, p->name, p->size);
		else if (p->dir == DIR_OUT && p->type == T_SHM)
			fprintf(f, "%s%s_len > %s_size", sep, p->name, p->name);
		else
			continue;
		sep = " || ";
	}
	if (sep[0] == ' ')
		fprintf(f, ")\n\t\treturn DBT_TAG(DBT_IDL_E_RANGE, 0, 0);\n");
	unsigned w = 0, k = 0;
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir == DIR_OUT && p->type == T_WORD)
			fprintf(f, "\tidl_mr[%u] = %s;\n", w++, p->name);
		else if (p->dir == DIR_OUT && p->type == T_SHM)
			fprintf(f, "\tidl_mr[%u] = %s_len;\n", w++, p->name);
	}
	if (rp->nbytes)
		fprintf(f, "\tidl_n = %u;\n", rp->fixed);
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir != DIR_OUT || p->type != T_BYTES)
			continue;
		fprintf(f, "\tidl_mr[idl_n] = %s_len;\n", p->name);
		fprintf(f, "\tidl_pack(&idl_mr[idl_n + 1], %s, %s_len);\n", p->name, p->name);
		fprintf(f, "\tidl_n += 1 + (unsigned)((%s_len + 7) / 8);\n", p->name);
	}
	char a[32], b[32];
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir != DIR_OUT || p->type != T_CAP)
			continue;
		index_expr(a, sizeof(a), rp->nbytes, rp->fixed, 2 * k);
		index_expr(b, sizeof(b), rp->nbytes, rp->fixed, 2 * k + 1);
		fprintf(f, "\tidl_mr[%s] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);\n", a);
		fprintf(f, "\tidl_mr[%s] = DBT_CAP_FPAGE(%s, 0, DBT_CAP_ALL);\n", b, p->name);
		k++;
	}
	index_expr(a, sizeof(a), rp->nbytes, rp->fixed, 0);
	fprintf(f, "\treturn DBT_TAG(0, %s, %u);\n", a, rp->ncaps);
}

static int has_shm(const struct idl_method *m)
{
	for (int i = 0; i < m->nparams; i++)
		if (m->param[i].type == T_SHM)
			return 1;
	return 0;
}

void gen_handler(FILE *f, const struct idl_iface *ifc, const struct idl_method *m)
{
	struct idl_shape rq, rp;
	idl_shape(m, DIR_IN, &rq);
	idl_shape(m, DIR_OUT, &rp);
	fprintf(f, "\n%s dbt_word_t %s_do_%s(const struct %s_ops *ops, void *ctx, "
	        "dbt_word_t idl_tag,\n", regs_method(m) ? "IDL_INLINE" : "static", ifc->name,
	        m->name, ifc->name);
	fprintf(f, "        dbt_word_t badge, dbt_word_t *idl_mr)\n{\n");
	locals(f, m);
	fprintf(f, "\tdbt_word_t idl_err;\n");
	if (rq.nbytes)
		fprintf(f, "\tunsigned idl_un = DBT_TAG_U(idl_tag), idl_n = %u;\n", rq.fixed);
	else if (rp.nbytes)
		fprintf(f, "\tunsigned idl_n;\n");
	for (int i = 0; i < m->nparams; i++)
		if (m->param[i].dir == DIR_IN && m->param[i].type == T_BYTES)
			fprintf(f, "\tunsigned idl_at_%s;\n", m->param[i].name);
	if (has_shm(m))
		fprintf(f, "\tconst struct dbt_idl_region *idl_r;\n");
	fprintf(f, "\n\t(void)badge;\n");
	if (!m->nparams)
		fprintf(f, "\t(void)idl_mr;\n");
	fprintf(f, "\tif (!ops->%s)\n\t\treturn idl_refuse(DBT_IDL_E_NO_METHOD);\n", m->name);
	check_request(f, ifc, m, &rq);
	if (has_shm(m))
		fprintf(f, "\tidl_r = ops->idl_region ? ops->idl_region(ctx, badge) : 0;\n");
	load_request(f, m, &rq);
	call_op(f, m);
	encode_reply(f, m, &rp);
	fprintf(f, "}\n");
}

void gen_dispatch(FILE *f, const struct idl_iface *ifc)
{
	const char *i = ifc->name;
	fprintf(f, "\ndbt_word_t %s_dispatch(const struct %s_ops *ops, void *ctx, dbt_word_t tag,\n"
	        "                        dbt_word_t badge)\n{\n", i, i);
	fprintf(f, "\tdbt_word_t *mr = dbt_mr(), reply;\n\n\tswitch (DBT_TAG_LABEL(tag)) {\n");
	for (int k = 0; k < ifc->nmethods; k++) {
		const struct idl_method *m = &ifc->method[k];
		fprintf(f, "\tcase %s_LABEL(", upper(0, i));
		fprintf(f, "%s_%s):\n", upper(0, i), upper(1, m->name));
		fprintf(f, "\t\treply = %s_do_%s(ops, ctx, tag, badge, mr);\n\t\tbreak;\n", i,
		        m->name);
	}
	fprintf(f, "\tdefault:\n\t\treply = idl_refuse(DBT_IDL_E_NO_METHOD);\n\t\tbreak;\n"
	        "\t}\n");
	fprintf(f, "\tif (reply & IDL_REFUSED)\n"
	        "\t\treply = idl_reject(tag, mr, DBT_TAG_LABEL(reply));\n"
	        "\treturn reply;\n}\n");
}

/* The serve loop's dispatcher: the register-only methods straight from the
 * registers, everything else through the UTCB and <iface>_dispatch. */
static void gen_dispatch_regs(FILE *f, const struct idl_iface *ifc)
{
	const char *i = ifc->name;
	fprintf(f, "\n/* A request received in registers (*idl_m): a register-only method's\n"
	        " * handler works on the registers.  Any other label, and a request such a\n"
	        " * handler refuses (before its op runs), goes to the UTCB words whole and is\n"
	        " * decoded there by %s_dispatch. */\n", i);
	fprintf(f, "IDL_INLINE dbt_word_t idl_dispatch_regs(const struct %s_ops *ops, void *ctx,\n"
	        "        dbt_word_t tag, dbt_word_t badge, struct dbt_regmsg *idl_m)\n{\n", i);
	fprintf(f, "\tdbt_word_t *mr, reply;\n\n\tswitch (DBT_TAG_LABEL(tag)) {\n");
	for (int k = 0; k < ifc->nmethods; k++) {
		const struct idl_method *m = &ifc->method[k];
		if (!regs_method(m))
			continue;
		fprintf(f, "\tcase %s_LABEL(", upper(0, i));
		fprintf(f, "%s_%s):\n", upper(0, i), upper(1, m->name));
		fprintf(f, "\t\treply = %s_do_%s(ops, ctx, tag, badge, idl_m->w);\n\t\tbreak;\n",
		        i, m->name);
	}
	fprintf(f, "\tdefault:\n\t\treply = IDL_REFUSED;\n\t\tbreak;\n\t}\n");
	fprintf(f, "\tif (reply & IDL_REFUSED) {\n"
	        "\t\tmr = dbt_mr();\n"
	        "\t\tidl_spill(idl_m, mr);\n"
	        "\t\treply = %s_dispatch(ops, ctx, tag, badge);\n"
	        "\t\tidl_fill(idl_m, mr);\n"
	        "\t}\n"
	        "\treturn reply;\n}\n", i);
}

void gen_serve(FILE *f, const struct idl_iface *ifc)
{
	const char *i = ifc->name;
	gen_dispatch_regs(f, ifc);
	fprintf(f, "\ndbt_word_t %s_serve(const struct %s_ops *ops, void *ctx, dbt_slot_t ep)\n{\n",
	        i, i);
	fprintf(f,
	        "\tstruct dbt_regmsg idl_m = { { 0 } };\n"
	        "\tdbt_word_t tag = 0, badge = 0;\n"
	        "\tdbt_word_t err = dbt_ipc_regs(DBT_SYS_RECV, ep, &tag, IDL_RECV_FOREVER, &idl_m,"
	        " &badge);\n"
	        "\n"
	        "\tfor (;;) {\n"
	        "\t\tif (err == DBT_OK) {\n"
	        "\t\t\ttag = idl_dispatch_regs(ops, ctx, tag, badge, &idl_m);\n"
	        "\t\t\terr = dbt_ipc_regs(DBT_SYS_REPLY_RECV, ep, &tag, IDL_RECV_FOREVER,"
	        " &idl_m, &badge);\n"
	        "\t\t} else if (idl_ep_failed(ep, err)) {\n"
	        "\t\t\treturn err;\n"
	        "\t\t} else {\n"
	        "\t\t\ttag = 0;\n"
	        "\t\t\terr = dbt_ipc_regs(DBT_SYS_RECV, ep, &tag, IDL_RECV_FOREVER, &idl_m,"
	        " &badge);\n"
	        "\t\t}\n"
	        "\t}\n"
	        "}\n");
}
