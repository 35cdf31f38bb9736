# SPDX-License-Identifier: BSD-2-Clause
# servers/composer/composer.mk - the composer, the root task
# (docs/COMPOSER.md): it links the composition parser (lib/comp) built for
# user level and the server half of the composer protocol
# (interfaces/compproto.idl; the runtime links the client half).
USER_PROGS += composer
composer_DIR := servers/composer
composer_EXTRA_OBJS = $(patsubst lib/%,$(B)/ulib/%.o,$(wildcard lib/comp/*.c))
