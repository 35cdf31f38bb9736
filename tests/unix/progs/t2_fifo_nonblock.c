/* SPDX-License-Identifier: BSD-2-Clause */
/* FIFOs opened with O_NONBLOCK: a reader opens at once, a writer without a
 * reader gets ENXIO, reads on an empty FIFO give EAGAIN with a writer and
 * end of file without one; O_RDWR opens never wait. */
#include "t.h"

int main(void)
{
	const char *d = t_scratch("t2_fifo_nonblock");
	char p[300], buf[8];

	snprintf(p, sizeof p, "%s/f", d);
	T_CHECK(mkfifo(p, 0600));
	T_CHECK(mkfifo(p, 0600));
	int w0 = open(p, O_WRONLY | O_NONBLOCK);
	T_YES(w0 < 0 && errno == ENXIO);
	int r = T_CHECK(open(p, O_RDONLY | O_NONBLOCK));
	T_YES(read(r, buf, sizeof buf) == 0);
	int w = T_CHECK(open(p, O_WRONLY | O_NONBLOCK));
	errno = 0;
	T_YES(read(r, buf, sizeof buf) < 0 && errno == EAGAIN);
	T_YES(write(w, "abc", 3) == 3);
	T_YES(read(r, buf, sizeof buf) == 3);
	close(w);
	T_YES(read(r, buf, sizeof buf) == 0);
	int rw = T_CHECK(open(p, O_RDWR));
	T_YES(write(rw, "x", 1) == 1);
	T_YES(read(r, buf, sizeof buf) == 1);
	close(rw);
	close(r);
	struct stat st;
	T_CHECK(stat(p, &st));
	T_YES(S_ISFIFO(st.st_mode));
	T_YES(st.st_size == 0);
	T_YES(lseek(open(p, O_RDONLY | O_NONBLOCK), 0, SEEK_SET) < 0 && errno == ESPIPE);
	return 0;
}
