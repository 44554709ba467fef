"""Helpers the tests of several areas share (tests/conftest.py puts tests/ on the path)."""
