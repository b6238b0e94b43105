# animc: release binary, man page, shell completions, install.
#
#   make                      static release binary + man page + completions (in .build/; SCRATCH=DIR for another)
#   make install PREFIX=DIR   installs them (default PREFIX=/usr/local; DESTDIR is honoured)
#   make check-static         fails if the binary loads a Swift shared library (ldd)
#   make uninstall PREFIX=DIR
#
# The man page and completions are generated here from the commands (swift-argument-parser), never
# committed, so they cannot drift from the binary. The commit goes into the binary through a generated
# header (`animc --version`); a plain `swift build` says "commit unknown".

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
# SwiftPM's build folder. InstallTests passes its own (.build-install): `swift test` holds .build's lock.
SCRATCH ?= .build

COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
ifeq ($(COMMIT),-dirty)
COMMIT :=
endif
# The commit goes to a header only system.c includes, rewritten only when it changes, so a new commit
# recompiles one C file and relinks (a -Xcc define would rebuild every module).
COMMIT_HEADER := Sources/CAnimcSystem/animc_commit.h

BIN := $(SCRATCH)/release/animc
GEN := $(SCRATCH)/generated
MAN := $(GEN)/man/animc.1
COMPLETIONS := $(GEN)/completions/animc.bash $(GEN)/completions/_animc $(GEN)/completions/animc.fish

.PHONY: all release man completions check-static install uninstall clean-generated FORCE

all: release man completions

# Always asks SwiftPM, which rebuilds only what changed.
release: FORCE
	@new='$(if $(COMMIT),#define ANIMC_COMMIT $(COMMIT),)'; \
	if [ "$$(cat $(COMMIT_HEADER) 2>/dev/null)" != "$$new" ]; then \
		if [ -n "$$new" ]; then echo "$$new" > $(COMMIT_HEADER); else rm -f $(COMMIT_HEADER); fi; \
		touch Sources/CAnimcSystem/system.c; \
	fi
	$(SWIFT) build --scratch-path $(SCRATCH) -c release --static-swift-stdlib --product animc
	@$(MAKE) --no-print-directory check-static

check-static:
	@if ldd $(BIN) 2>/dev/null | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime'; then \
		echo "error: $(BIN) loads the Swift runtime from shared libraries (see above)"; exit 1; \
	else echo "$(BIN): no Swift shared libraries"; fi

man: $(MAN)
$(MAN): release
	$(SWIFT) build --scratch-path $(SCRATCH) --product generate-manual
	@mkdir -p $(GEN)/man
	$(SCRATCH)/debug/generate-manual $(BIN) --output-directory $(GEN)/man --date $$(date -u +%Y-%m-%d) --authors "the animc authors"

completions: $(COMPLETIONS)
$(GEN)/completions/animc.bash: release
	@mkdir -p $(GEN)/completions
	$(BIN) --generate-completion-script bash > $@
$(GEN)/completions/_animc: release
	@mkdir -p $(GEN)/completions
	$(BIN) --generate-completion-script zsh > $@
$(GEN)/completions/animc.fish: release
	@mkdir -p $(GEN)/completions
	$(BIN) --generate-completion-script fish > $@

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(PREFIX)/share/animc
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/animc
	install -m 644 $(MAN) $(DESTDIR)$(PREFIX)/share/man/man1/animc.1
	install -m 644 $(GEN)/completions/animc.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/animc
	install -m 644 $(GEN)/completions/_animc $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_animc
	install -m 644 $(GEN)/completions/animc.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/animc.fish
	install -m 644 schema/animc.schema.json $(DESTDIR)$(PREFIX)/share/animc/animc.schema.json

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/animc $(DESTDIR)$(PREFIX)/share/man/man1/animc.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/animc $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_animc \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/animc.fish $(DESTDIR)$(PREFIX)/share/animc/animc.schema.json
	-rmdir $(DESTDIR)$(PREFIX)/share/animc

clean-generated:
	rm -rf $(GEN) $(COMMIT_HEADER)

FORCE:
