/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_client.c - client stubs: marshal the in parameters into the message
 * registers, call, check the reply completely, and only then store the out
 * parameters (a malformed reply leaves them untouched).  A method whose
 * messages fit in the register words both ways (regs_method) keeps them in
 * a local struct dbt_regmsg and calls dbt_ipc_regs, so the compiler passes
 * them in the registers the kernel uses; the others go through the UTCB.
 */
#include <string.h>

#include "idlc.h"

/* Where the stub keeps the message words: the registers or the UTCB. */
static const char *words(const struct idl_method *m)
{
	return regs_method(m) ? "idl_m.w" : "idl_mr";
}

static void encode_request(FILE *f, const struct idl_iface *ifc, const struct idl_method *m,
                           const struct idl_shape *rq)
{
	unsigned w = 0, k = 0;
	char a[32], b[32];
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type == T_BYTES && p->dir == DIR_IN)
			fprintf(f, "\tif (%s_len > %u)\n\t\treturn DBT_IDL_E_RANGE;\n", p->name, p->size);
	}
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type == T_WORD && p->dir == DIR_IN) {
			fprintf(f, "\t%s[%u] = %s;\n", words(m), w++, p->name);
		} else if (p->type == T_SHM) {
			fprintf(f, "\t%s[%u] = %s_off;\n", words(m), w++, p->name);
			fprintf(f, "\t%s[%u] = %s_%s;\n", words(m), w++, p->name,
			        p->dir == DIR_IN ? "len" : "size");
		}
	}
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type != T_BYTES || p->dir != DIR_IN)
			continue;
		fprintf(f, "\tidl_mr[idl_n] = %s_len;\n", p->name);
		fprintf(f, "\tidl_pack(&idl_mr[idl_n + 1], %s, %s_len);\n", p->name, p->name);
		fprintf(f, "\tidl_n += 1 + (unsigned)((%s_len + 7) / 8);\n", p->name);
	}
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->type != T_CAP || p->dir != DIR_IN)
			continue;
		index_expr(a, sizeof(a), rq->nbytes, rq->fixed, 2 * k);
		index_expr(b, sizeof(b), rq->nbytes, rq->fixed, 2 * k + 1);
		fprintf(f, "\tidl_mr[%s] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);\n", a);
		fprintf(f, "\tidl_mr[%s] = DBT_CAP_FPAGE(%s, 0, DBT_CAP_ALL);\n", b, p->name);
		k++;
	}
	index_expr(a, sizeof(a), rq->nbytes, rq->fixed, 0);
	fprintf(f, "\tidl_tag = DBT_TAG(%s_LABEL(", upper(0, ifc->name));
	fprintf(f, "%s_%s), %s, %u);\n", upper(0, ifc->name), upper(1, m->name), a, rq->ncaps);
}

/* Checks of out shm lengths against the sizes the caller gave. */
static void shm_checks(FILE *f, const struct idl_method *m)
{
	unsigned w = 0;
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir == DIR_OUT && p->type == T_WORD)
			w++;
		else if (p->dir == DIR_OUT && p->type == T_SHM)
			fprintf(f, " ||\n\t    %s[%u] > %s_size", words(m), w++, p->name);
	}
}

static void decode_reply(FILE *f, const struct idl_method *m, const struct idl_shape *rp)
{
	if (regs_method(m)) {
		fprintf(f, "\tif (idl_tag != DBT_TAG(0, %u, 0)", rp->fixed);
		shm_checks(f, m);
		fprintf(f, ")\n\t\treturn idl_reply_error_regs(idl_tag, &idl_m);\n");
	} else if (!rp->nbytes && !rp->ncaps) {
		fprintf(f, "\tif (idl_tag != DBT_TAG(0, %u, 0)", rp->fixed);
		shm_checks(f, m);
		fprintf(f, ")\n\t\treturn idl_reply_error(idl_tag, idl_mr);\n");
	} else {
		fprintf(f, "\tidl_un = DBT_TAG_U(idl_tag);\n");
		fprintf(f, "\tif (DBT_TAG_LABEL(idl_tag) || (idl_tag & DBT_TAG_RESERVED) ||\n"
		        "\t    DBT_TAG_T(idl_tag) != %u", rp->ncaps);
		if (rp->fixed)
			fprintf(f, " || idl_un < %u", rp->fixed);
		shm_checks(f, m);
		fprintf(f, ")\n\t\treturn idl_reply_error(idl_tag, idl_mr);\n");
		fprintf(f, "\tidl_n = %u;\n", rp->fixed);
		for (int i = 0; i < m->nparams; i++) {
			const struct idl_param *p = &m->param[i];
			if (p->type != T_BYTES || p->dir != DIR_OUT)
				continue;
			fprintf(f, "\tidl_at_%s = idl_n;\n", p->name);
			fprintf(f, "\tif (idl_bytes(idl_mr, idl_un, &idl_n, %u))\n"
			        "\t\treturn idl_reply_error(idl_tag, idl_mr);\n", p->size);
		}
		fprintf(f, "\tif (idl_n != idl_un || !idl_caps_ok(idl_mr, idl_un, %u))\n"
		        "\t\treturn idl_reply_error(idl_tag, idl_mr);\n", rp->ncaps);
	}
	unsigned w = 0, k = 0;
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir != DIR_OUT)
			continue;
		if (p->type == T_WORD)
			fprintf(f, "\t*%s = %s[%u];\n", p->name, words(m), w++);
		else if (p->type == T_SHM)
			fprintf(f, "\t*%s_len = %s[%u];\n", p->name, words(m), w++);
	}
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir != DIR_OUT || p->type != T_BYTES)
			continue;
		fprintf(f, "\t*%s_len = idl_mr[idl_at_%s];\n", p->name, p->name);
		fprintf(f, "\tidl_unpack(%s, &idl_mr[idl_at_%s + 1], *%s_len);\n", p->name, p->name,
		        p->name);
	}
	for (int i = 0; i < m->nparams; i++) {
		const struct idl_param *p = &m->param[i];
		if (p->dir == DIR_OUT && p->type == T_CAP)
			fprintf(f, "\t*%s = DBT_FPAGE_BASE(idl_mr[idl_un + %u]) >> 12;\n", p->name,
			        2 * k++ + 1);
	}
}

static const char *first_out_cap(const struct idl_method *m)
{
	for (int i = 0; i < m->nparams; i++)
		if (m->param[i].dir == DIR_OUT && m->param[i].type == T_CAP)
			return m->param[i].name;
	return NULL;
}

void gen_client(FILE *f, const struct idl_iface *ifc, const struct idl_method *m)
{
	struct idl_shape rq, rp;
	idl_shape(m, DIR_IN, &rq);
	idl_shape(m, DIR_OUT, &rp);
	fprintf(f, "\n/* method %s = %lu */\ndbt_word_t %s_%s(dbt_slot_t ep", m->name, m->number,
	        ifc->name, m->name);
	client_params(f, m);
	fprintf(f, ")\n{\n");
	if (regs_method(m))
		fprintf(f, "\tstruct dbt_regmsg idl_m = { { 0 } };\n"
		        "\tdbt_word_t idl_tag, idl_err;\n");
	else if (rp.ncaps)
		fprintf(f, "\tstruct dbt_utcb *idl_u = dbt_utcb();\n"
		        "\tdbt_word_t *idl_mr = idl_u->mr, idl_tag, idl_err;\n");
	else
		fprintf(f, "\tdbt_word_t *idl_mr = dbt_mr(), idl_tag, idl_err;\n");
	if (rq.nbytes || rp.nbytes || rp.ncaps)
		fprintf(f, "\tunsigned idl_n = %u;\n", rq.fixed);
	if (rp.nbytes || rp.ncaps)
		fprintf(f, "\tunsigned idl_un;\n");
	for (int i = 0; i < m->nparams; i++)
		if (m->param[i].dir == DIR_OUT && m->param[i].type == T_BYTES)
			fprintf(f, "\tunsigned idl_at_%s;\n", m->param[i].name);
	fprintf(f, "\n");
	encode_request(f, ifc, m, &rq);
	if (rp.ncaps)
		fprintf(f, "\tidl_u->rcv_cap = DBT_CAP_FPAGE(*%s, %u, 0);\n", first_out_cap(m),
		        cap_order(rp.ncaps));
	if (regs_method(m))
		fprintf(f, "\tidl_err = dbt_ipc_regs(DBT_SYS_CALL, ep, &idl_tag, IDL_FOREVER, "
		        "&idl_m, 0);\n");
	else
		fprintf(f, "\tidl_err = dbt_ipc(DBT_SYS_CALL, ep, &idl_tag, IDL_FOREVER, "
		        "idl_mr, 0);\n");
	if (rp.ncaps)
		fprintf(f, "\tidl_u->rcv_cap = 0;\n");
	fprintf(f, "\tif (idl_err)\n\t\treturn idl_err;\n");
	decode_reply(f, m, &rp);
	fprintf(f, "\treturn DBT_OK;\n}\n");
}
