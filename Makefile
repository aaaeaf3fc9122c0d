# Two commands set everything up on a fresh Debian/Ubuntu machine:
#   make run    launch the app     make test   run the whole test suite
# the newest Python >= 3.11 on the PATH (Debian 12: python3.11; Ubuntu 24.04: python3.12)
PY ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
          command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
          2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Qt's runtime libraries on Linux (xcb for a real screen, EGL/GL/fontconfig for offscreen)
APT_PKGS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
            libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
            libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-noto-cjk xvfb xdotool xclip \
            python3-venv

.PHONY: run test deps venv bench package lint translations clean

# re-runs whenever pyproject.toml changes (new or changed dependencies)
$(STAMP): pyproject.toml
	@[ -n "$(PY)" ] || { echo "ShopSentry needs Python 3.11 or newer: sudo apt-get install python3 (3.11+)"; exit 1; }
	@$(PY) -c 'import ensurepip' 2>/dev/null || { echo "Python's venv module is missing: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -e ".[test,package]"
	touch $(STAMP)

venv: deps $(STAMP)

deps:
	@./scripts/ensure-system-deps.sh $(APT_PKGS)

translations: venv
	$(VPY) scripts/i18n.py build

run: venv translations
	$(VPY) main.py

# the suite runs its store/import/risk/contact/alert tests on SQLite and on a real PostgreSQL:
# a throw-away cluster (scripts/pg-test-server.sh) on a free local port, stopped afterwards. A
# server that cannot start skips those cases on a developer's machine but fails the run on CI
test: venv translations
	@pgdir=$$(mktemp -d) && chmod 755 $$pgdir; \
	url=$$(./scripts/pg-test-server.sh for-tests $$pgdir/pg) \
	  || { ./scripts/pg-test-server.sh stop $$pgdir/pg; rmdir $$pgdir 2>/dev/null; exit 1; }; \
	echo "PostgreSQL test server: $${url:-none}"; \
	SHOPSENTRY_TEST_PG=$$url QT_QPA_PLATFORM=offscreen $(VPY) -m pytest $(PYTEST_ARGS); \
	rc=$$?; ./scripts/pg-test-server.sh stop $$pgdir/pg; rmdir $$pgdir 2>/dev/null; exit $$rc

lint: venv
	$(VPY) -m ruff check app ui tests bench scripts main.py

bench: venv
	$(VPY) bench/import_bench.py
	$(VPY) bench/risk_bench.py
	$(VPY) bench/inventory_bench.py
	$(VPY) bench/health_bench.py

# dist/ShopSentry/ (see docs/packaging.md), then the bundle's own smoke test, one PNG per tab
package: venv translations
	$(VPY) -m PyInstaller --noconfirm build.spec
	rm -rf build/package-smoke
	QT_QPA_PLATFORM=offscreen dist/ShopSentry/ShopSentry --data-dir build/package-smoke/data \
		--smoke-test --screenshot-dir build/package-smoke/shots
	@echo "bundle: dist/ShopSentry ($$(du -sh dist/ShopSentry | cut -f1)); screenshots: build/package-smoke/shots"

clean:
	rm -rf $(VENV) build dist
