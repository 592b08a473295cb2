#!/usr/bin/env bash
# The GPU path, checked in one run on a machine with an NVIDIA GPU (issue 17).
#
#   bash bench/gpu_check.sh            # from the repository root; writes gpu-check/ (or $OUT/)
#   PYTHON=/path/to/python bash bench/gpu_check.sh
#
# 1. the environment: Python, diglot importable, ctranslate2 version, nvidia-smi
#    (GPU model, driver, the CUDA version the driver offers);
# 2. ctranslate2.get_cuda_device_count(); when it is 0, why: the CUDA libraries
#    the CTranslate2 library loads (ldd, and the sonames it dlopens, e.g.
#    libcublas.so.12), which of them this machine can find, and the pip wheels
#    that would provide them (nvidia-cublas-cu12, nvidia-cudnn-cu12, ...); if
#    those wheels are installed in this Python, LD_LIBRARY_PATH is pointed at
#    them and the count tried again;
# 3. bench/translate_speed.py --device cuda, beam 4, for int8_float16 and
#    float16, raw translate_batch at 4096/8192/16384-token batches vs diglot's
#    translate_missing (target: diglot >= 0.9x raw);
# 4. a build of the sample with --device cuda and one with --device cpu (the
#    test suite's tiny model, installed offline), compared segment for segment:
#    every segment translated on both, the texts side by side (the same
#    segments; scores may differ in the last digits);
# 5. the CUDA test of the suite (tests/engines/test_cuda.py), which skips without a GPU.
#
# Without a GPU it stops after step 2 with "no GPU: ..." and exit code 2 (not
# a traceback). Nothing is downloaded unless pip can reach an index.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${OUT:-$ROOT/gpu-check}
mkdir -p "$OUT"
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in "$ROOT/.venv/bin/python" /work/venv/bin/python "$(command -v python3)"; do
    if [ -x "$candidate" ]; then PY=$candidate; break; fi
  done
fi
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
LOG="$OUT/gpu-check.log"
: > "$LOG"
say() { echo "== $*" | tee -a "$LOG"; }
run() { echo "\$ $*" >> "$LOG"; "$@" 2>&1 | tee -a "$LOG"; return "${PIPESTATUS[0]}"; }

say "1. environment"
run "$PY" -V
if ! "$PY" -c "import ctranslate2, sentencepiece, pipeline" 2>/dev/null; then
  say "installing diglot into $PY (pip install -e '.[test]')"
  run "$PY" -m pip install -q -e ".[test]" || { say "cannot install diglot here (offline?); give PYTHON=... with diglot installed"; exit 3; }
fi
run "$PY" -c "import ctranslate2, pipeline; print('ctranslate2', ctranslate2.__version__, '| diglot', pipeline.__version__)"
if command -v nvidia-smi >/dev/null; then
  run nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
  run sh -c "nvidia-smi | grep -o 'CUDA Version: [0-9.]*'"
else
  say "nvidia-smi: not found"
fi

say "2. CUDA devices seen by CTranslate2"
count() { "$PY" -c "import ctranslate2; print(ctranslate2.get_cuda_device_count())" 2>>"$LOG" || echo 0; }
N=$(count)
echo "cuda devices: $N" | tee -a "$LOG"
if [ "$N" = "0" ]; then
  say "diagnosis: what the CTranslate2 library needs"
  LIB=$("$PY" - <<'EOF'
import glob, os, ctranslate2
base = os.path.dirname(ctranslate2.__file__)
found = glob.glob(os.path.join(base + ".libs", "libctranslate2*.so*")) + glob.glob(os.path.join(base, "libctranslate2*.so*"))
print(found[0] if found else os.path.join(base, "_ext*.so"))
EOF
)
  echo "library: $LIB" | tee -a "$LOG"
  run ldd "$LIB"
  NEEDED=$( (ldd "$LIB" 2>/dev/null | awk '/not found/ {print $1}'; strings "$LIB" | grep -oE '^lib(cublas|cublasLt|cudart|cudnn|curand|nvrtc)[A-Za-z_]*\.so(\.[0-9]+)*$') | sort -u)
  echo "CUDA libraries it loads: ${NEEDED:-none listed}" | tee -a "$LOG"
  # wheels of this Python that ship CUDA libraries (site-packages/nvidia/*/lib)
  WHEEL_LIBS=$("$PY" -c "import glob, site, os; print(':'.join(sorted({os.path.dirname(p) for s in site.getsitepackages() for p in glob.glob(os.path.join(s, 'nvidia', '*', 'lib', '*.so*'))})))")
  for so in $NEEDED; do
    where=$(ldconfig -p 2>/dev/null | awk -v so="$so" '$1 == so {print $NF; exit}')
    for d in ${WHEEL_LIBS//:/ }; do [ -z "$where" ] && [ -e "$d/$so" ] && where="$d/$so (pip wheel)"; done
    case "$so" in
      libcublas*) wheel=nvidia-cublas-cu${so##*.so.} ;;
      libcudart*) wheel=nvidia-cuda-runtime-cu${so##*.so.} ;;
      libcudnn*) wheel=nvidia-cudnn-cu12 ;;
      libcurand*) wheel=nvidia-curand-cu12 ;;
      *) wheel="?" ;;
    esac
    echo "  $so: ${where:-NOT FOUND}   (pip wheel: $wheel)" | tee -a "$LOG"
  done
  if [ -n "$WHEEL_LIBS" ]; then
    export LD_LIBRARY_PATH="$WHEEL_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    N=$(count)
    echo "cuda devices with LD_LIBRARY_PATH at the nvidia wheels: $N" | tee -a "$LOG"
  fi
  if [ "$N" = "0" ]; then
    say "no GPU: CTranslate2 sees no CUDA device. Install the wheels listed above (pip install nvidia-cublas-cu12 ...; this script then points LD_LIBRARY_PATH at them), or run on a machine with an NVIDIA GPU and driver. Stopping."
    exit 2
  fi
fi

say "3. translate_speed --device cuda (beam 4)"
for ct in int8_float16 float16; do
  run "$PY" bench/translate_speed.py --device cuda --compute-type "$ct" --beam 4 --skip-argos \
      --raw-batch 4096 --raw-batch 8192 --raw-batch 16384 | tee "$OUT/translate_speed-$ct.txt"
done

say "4. the sample built on cuda and on cpu, segment for segment"
run "$PY" - "$OUT" <<'EOF'
import json, os, shutil, sys, tempfile
from pathlib import Path
from click.testing import CliRunner
from pipeline.cli import main
from pipeline.engines.packages import install_from_file
from tests.support.tinymodel import build_argos_package

out, work = Path(sys.argv[1]), Path(tempfile.mkdtemp(prefix="gpu-check-"))
os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
install_from_file(build_argos_package(work / "model"))
rows = {}
for device in ("cuda", "cpu"):
    project = work / device
    (project / "source").mkdir(parents=True)
    shutil.copy("source/sample.txt", project / "source")
    shutil.copytree("glossary", project / "glossary")
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--device", device, "--format", "tmx", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    print(device, "translated", summary["translated"], "on", summary.get("translated_on"))
    import sqlite3
    with sqlite3.connect(project / ".diglot" / "memory.sqlite") as db:
        rows[device] = dict(db.execute("SELECT source, target FROM entries"))
same_segments = rows["cuda"].keys() == rows["cpu"].keys()
empty = [s for d in rows for s, t in rows[d].items() if not t]
same_text = sum(rows["cuda"][s] == rows["cpu"][s] for s in rows["cpu"])
print(f"segments: cuda {len(rows['cuda'])}, cpu {len(rows['cpu'])}; same segments: {same_segments}; "
      f"empty targets: {len(empty)}; identical texts: {same_text}/{len(rows['cpu'])}")
with open(out / "sample-cuda-vs-cpu.tsv", "w", encoding="utf-8") as f:
    for s in sorted(rows["cpu"]):
        f.write(f"{s}\t{rows['cpu'][s]}\t{rows['cuda'].get(s, '')}\n")
sys.exit(0 if same_segments and not empty else 1)
EOF
BUILD=$?

say "5. the suite's CUDA test"
run "$PY" -m pytest -q -p no:cacheprovider tests/engines/test_cuda.py
TEST=$?
say "done: build comparison exit $BUILD, CUDA test exit $TEST; log in $LOG"
[ "$BUILD" = 0 ] && [ "$TEST" = 0 ]
