"""Executes notebooks under the official .NET Interactive kernel through the real Jupyter client.

Usage: python3 run_dotnet_interactive.py KERNEL_PREFIX OUT_DIR NOTEBOOK...

The i-th notebook (from 0) runs in the kernel named KERNEL_PREFIX + str(i): one kernel spec per notebook, so that
consecutive kernels do not start on the port the previous one is still releasing.

Each notebook is copied into OUT_DIR (which must sit where the setup cell's relative #r paths
resolve, i.e. beside lib/), must have its own setup cell (the first code cell, with the #r of
MusicGen.Core.dll: .NET Interactive references nothing by itself), and gets
Quick = true after its parameters cell (papermill's convention, as `musicgen notebooks run --quick`),
then runs with nbclient in a fresh kernel whose working directory is OUT_DIR. Prints one JSON line
per notebook: name, ok, seconds, the first error, and how many outputs carried image/png,
image/svg+xml and audio.
"""
import json
import os
import sys
import time
import uuid

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

SETUP_MARKER = 'MusicGen.Core.dll'


def prepare(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == 'code')
    if SETUP_MARKER not in first.source:
        raise ValueError(f'the first code cell is not the setup cell (no #r of {SETUP_MARKER})')
    at = next((i for i, c in enumerate(nb.cells)
               if c.cell_type == 'code' and 'parameters' in c.metadata.get('tags', [])), None)
    if at is None:
        raise ValueError('no cell tagged "parameters"')
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell('Quick = true;'))
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    for c in nb.cells:
        c.setdefault('id', uuid.uuid4().hex[:12])
    return nb


def summarize(nb):
    counts = {'png': 0, 'svg': 0, 'audio': 0}
    for c in nb.cells:
        for o in c.get('outputs', []):
            data = o.get('data', {})
            counts['png'] += 'image/png' in data
            counts['svg'] += 'image/svg+xml' in data
            counts['audio'] += '<audio' in ''.join(data.get('text/html', ''))
    return counts


def main():
    prefix, out_dir = sys.argv[1:3]
    failed = 0
    for index, path in enumerate(sys.argv[3:]):
        kernel = f'{prefix}{index}'
        name = os.path.basename(path)
        try:
            nb = prepare(path)
        except ValueError as e:
            failed += 1
            print(json.dumps({'name': name, 'ok': False, 'seconds': 0, 'error': str(e), 'png': 0, 'svg': 0, 'audio': 0}), flush=True)
            continue
        start = time.time()
        error = None
        client = NotebookClient(nb, kernel_name=kernel, timeout=900, startup_timeout=300,
                                resources={'metadata': {'path': out_dir}})
        try:
            client.execute()
        except CellExecutionError as e:
            error = str(e).strip().splitlines()[-1][:500]
        except Exception as e:  # kernel died, timeout: still report this notebook and go on
            error = f'{type(e).__name__}: {e}'[:500]
        nbformat.write(nb, os.path.join(out_dir, name))
        failed += error is not None
        print(json.dumps({'name': name, 'ok': error is None, 'seconds': round(time.time() - start, 1),
                          'error': error, **summarize(nb)}), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
