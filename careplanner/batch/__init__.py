"""Assess many cases at once: JSON Lines in, results, errors and a summary out.

`run_batch` uses the processes of one machine; `run_batch_dask` the workers of a Dask
cluster (optional extra ``careplanner[dask]``). Both stream: memory does not grow with the
input. See ``docs/scale.md``.
"""

from careplanner.batch._core import Assessed, Evaluate, RecordError
from careplanner.batch._dask import BLOCKSIZE, run_batch_dask
from careplanner.batch._local import CHUNK_SIZE, run_batch
from careplanner.batch._output import BatchSummary
from careplanner.batch._table import write_table

__all__ = [
    "BLOCKSIZE",
    "CHUNK_SIZE",
    "Assessed",
    "BatchSummary",
    "Evaluate",
    "RecordError",
    "run_batch",
    "run_batch_dask",
    "write_table",
]
