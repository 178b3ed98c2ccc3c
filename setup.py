"""The compiled core (cleaner/_core.pyx, docs/speed.md). Everything else about the package is
in pyproject.toml. The extension is optional: where it cannot be built (no compiler, no Python
headers), the package installs without it and runs its Python reference implementation
(`clean --version` says which)."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize(
    [Extension("cleaner._core", ["cleaner/_core.pyx"], optional=True)],
    compiler_directives={"language_level": "3"}))
