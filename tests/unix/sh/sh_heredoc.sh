# SPDX-License-Identifier: BSD-2-Clause
# Here-documents: expansion, quoted delimiter, tab stripping.
set -u
d=/tmp/sh_heredoc
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
name=darbat
cat <<END
plain $name $((1+1))
END
cat <<'END'
quoted $name $((1+1))
END
cat <<-END
	tabs stripped $name
	END
wc -l <<END
one
two
three
END
