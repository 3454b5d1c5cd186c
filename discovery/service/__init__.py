"""The service layer: where the engine (:mod:`search`) meets the database (:mod:`db`).

* :mod:`discovery.service.worker` -- lease work units, run them on an executor, store each
  finished unit's results in one transaction (the single writer).
* :mod:`discovery.service.stored` -- register a search and run it to completion in this process
  (``esma search run`` / ``submit`` and the notebook API).
* :mod:`discovery.service.daemon` -- the detached daemon process, its pid, status and log files.
"""
