"""sugidx: policy-evaluation workbook for Suginami ward's DX programme."""

__version__ = "0.1.0"
