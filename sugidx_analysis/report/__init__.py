"""Presentation shared by every theme: notices (``notices``), showing results in a notebook
(``display``), figure frames (``figures``), and sources, assumptions and run details
(``provenance``). Themes' ``present`` and ``charts`` modules build on these."""
