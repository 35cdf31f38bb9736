/* xattr_t.h - what the extended-attribute tests share: the names a file
 * has, sorted (listxattr's order is the file system's), on one line. */
#ifndef UNIX_TEST_XATTR_T_H
#define UNIX_TEST_XATTR_T_H

#include "t.h"
#include <sys/xattr.h>

/* "what: N bytes: name name ..." for path's own attributes (not a link's target) */
static inline void xattr_names(const char *what, const char *path)
{
	char buf[4096], *v[64];
	ssize_t n = llistxattr(path, buf, sizeof buf);
	int k = 0;

	if (n < 0) {
		printf("%s: errno=%s\n", what, t_errname(errno));
		return;
	}
	for (ssize_t i = 0; i < n && k < 64; i += (ssize_t)strlen(buf + i) + 1)
		v[k++] = buf + i;
	for (int i = 1; i < k; i++)
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j - 1];
			v[j - 1] = v[j];
			v[j] = t;
		}
	printf("%s: %zd bytes:", what, n);
	for (int i = 0; i < k; i++)
		printf(" %s", v[i]);
	printf("\n");
}

#endif
