# BackTrainer: the two commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv.lock is the lock (exact versions and hashes); requirements/*.txt are its exports, one per install path. The venv
# is synced from requirements/dev.txt (everything), so the stamp follows that file and pyproject.toml (entry points).
REQS := requirements
STAMP := $(VENV)/.installed-$(shell cat $(REQS)/dev.txt pyproject.toml | sha1sum | cut -c1-12)
# Export name and uv export options, one per install path (README, "Updating dependencies").
EXPORTS := app:--group=build video:--extra=video,--group=build test:--extra=test,--group=build \
  bundle:--extra=bundle,--group=build dev:--all-extras,--all-groups uv:--only-group=bootstrap
EXPORT = $(BIN)/uv export --frozen --quiet --no-emit-project --format requirements-txt $$(echo $${e\#*:} | tr , ' ')
LOCK_CHECK = $(BIN)/uv lock --check --offline --quiet || { echo "uv.lock does not match pyproject.toml: run make lock"; exit 1; }
QT_LIBS := libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libpulse0 \
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 \
  libxkbcommon-x11-0 libxcb-randr0

.PHONY: run test lint typecheck pytest videos bench bundle bundle-test sysdeps lock lock-check clean

# Install the Qt runtime libraries on Debian/Ubuntu when they are missing (sudo when not root); a failure stops here.
# Then, in a separate step that only warns, the packages of the screen-reader test (tests/ui/test_screen_reader.py:
# a virtual X screen, the session bus and AT-SPI with its Python binding): when the mirror cannot install them
# (e.g. "There were unauthenticated packages"), make goes on and that test is skipped with the missing package named.
TEST_DEBS := xvfb dbus at-spi2-core python3-pyatspi gir1.2-atspi-2.0 python3-gi
APT_MISSING = missing=""; for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done
sysdeps:
	@if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $(call APT_MISSING,$(QT_LIBS) $(EXTRA_DEBS)); \
	  if [ -n "$$missing" ]; then \
	    echo "Installing system libraries:$$missing"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing || exit 1; \
	  fi; \
	  $(call APT_MISSING,$(TEST_DEBS)); \
	  if [ -n "$$missing" ]; then \
	    echo "Installing test packages (optional):$$missing"; \
	    { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; } || \
	      echo "WARNING: could not install$$missing; the screen-reader test will be skipped"; \
	  fi; \
	fi

$(BIN)/python:
	$(PY) -m venv $(VENV)

# pip installs only uv, hash-checked; uv then makes .venv exactly the lock (hash-checked, removing anything else) and
# installs the project itself without dependencies or a build environment (hatchling comes from the lock).
$(BIN)/uv: $(BIN)/python $(REQS)/uv.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r $(REQS)/uv.txt
	touch $@

$(STAMP): $(BIN)/uv $(REQS)/dev.txt pyproject.toml
	@$(LOCK_CHECK)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes $(REQS)/dev.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Re-resolve uv.lock from pyproject.toml (keeping every locked version that still fits; LOCK_ARGS="--upgrade" or
# "--upgrade-package NAME" to move on) and write the exports.
lock: $(BIN)/uv
	$(BIN)/uv lock $(LOCK_ARGS)
	@for e in $(EXPORTS); do $(EXPORT) > $(REQS)/$${e%%:*}.txt || exit 1; done
	@echo "wrote uv.lock and $(REQS)/*.txt"

# The lock matches pyproject.toml and every export matches the lock (make test runs this first).
lock-check: $(BIN)/uv
	@$(LOCK_CHECK)
	@for e in $(EXPORTS); do \
	  $(EXPORT) | cmp -s - $(REQS)/$${e%%:*}.txt || { echo "$(REQS)/$${e%%:*}.txt is stale: run make lock"; exit 1; }; \
	done

run: sysdeps $(STAMP)
	$(BIN)/backtrainer $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check $(wildcard src tests tools benchmarks)

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test: sysdeps lock-check $(STAMP)
	$(BIN)/ruff check $(wildcard src tests tools benchmarks)
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

videos: sysdeps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.videos.render

bench: sysdeps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

# The installable one-folder bundle (dist/BackTrainer/) from build.spec; PyInstaller comes from the "bundle" extra.
bundle: sysdeps $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	@du -sh dist/BackTrainer

# Build the bundle and smoke-run it offscreen (tests/test_bundle.py; CI runs this after make test).
bundle-test: sysdeps $(STAMP)
	BACKTRAINER_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider -s \
	  tests/test_bundle.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
