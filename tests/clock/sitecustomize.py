"""Start-up of every Python process a clock-shifted test run starts (see tests/clock/__init__.py).

Python imports `sitecustomize` at start-up from the first folder on sys.path that has one. A
shifted run puts this folder first on PYTHONPATH and the offset in seconds in the variable below;
this process then travels to the same moment as the test process, ticking. Nothing happens
without the variable, and outside a shifted run this folder is never on the path.
"""

import os
import time

_offset = os.environ.get("BACKONTRACK_TEST_CLOCK_OFFSET_SECONDS")
if _offset:
    import time_machine

    _travel = time_machine.travel(time.time() + float(_offset), tick=True)
    _travel.start()
