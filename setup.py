# Shim for tools that still call `setup.py`; all settings live in pyproject.toml.
from setuptools import setup

setup()
