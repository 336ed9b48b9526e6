"""Schema machinery with no theme knowledge: ``schema`` (what a dataset is), ``files`` (finding
and decoding files, pandas-free), ``read`` (files → typed frames), ``rules`` (pandera checks and
reconciliation), ``load`` (validated tables, folders), ``dictionary`` (``data/README.md``) and
``sources`` (the sources table every theme cites).

This package imports nothing on purpose: import the module you need, so that the pandas-free
parts stay cheap.
"""
