"""Imported last by the worker pool's fork server: freezes what the server has loaded.

`gc.freeze()` moves every object alive now into a permanent generation that the collector
never walks, so forked workers do not dirty (and so copy) the pages those objects sit on
every time they collect garbage; the shared renderers stay shared.
"""

import gc

gc.collect()
gc.freeze()
