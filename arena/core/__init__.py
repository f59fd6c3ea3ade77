"""Shared kernel: model base, errors, API envelope, pagination, signals, security, permissions, time, CLI."""
