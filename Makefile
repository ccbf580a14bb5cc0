# BackTrainer: the two commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
QT_LIBS := libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libpulse0 \
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 \
  libxkbcommon-x11-0 libxcb-randr0

.PHONY: run test lint typecheck pytest videos bench bundle bundle-test sysdeps clean

# Install the Qt runtime libraries on Debian/Ubuntu when they are missing (sudo when not root).
sysdeps:
	@if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  missing=""; for p in $(QT_LIBS) $(EXTRA_DEBS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing system libraries:$$missing"; \
	    SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	  fi; \
	fi

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: sysdeps $(STAMP)
	$(BIN)/backtrainer $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check $(wildcard src tests tools benchmarks)

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test: sysdeps $(STAMP)
	$(BIN)/ruff check $(wildcard src tests tools benchmarks)
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

videos: sysdeps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.videos.render

bench: sysdeps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

# The installable one-folder bundle (dist/BackTrainer/) from build.spec; PyInstaller comes from the "bundle" extra.
bundle: sysdeps $(STAMP)
	@$(BIN)/python -c "import PyInstaller" 2>/dev/null || $(BIN)/python -m pip install -q -e ".[test,bundle]"
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	@du -sh dist/BackTrainer

# Build the bundle and smoke-run it offscreen (tests/test_bundle.py; CI runs this after make test).
bundle-test: sysdeps $(STAMP)
	@$(BIN)/python -c "import PyInstaller" 2>/dev/null || $(BIN)/python -m pip install -q -e ".[test,bundle]"
	BACKTRAINER_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider -s \
	  tests/test_bundle.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
