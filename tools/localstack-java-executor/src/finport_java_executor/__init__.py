"""Runs Lambda functions with java* runtimes in local JVMs for LocalStack, without Docker.

The modules below the LocalStack adapter (runtime_api, processes, runtime) do not import LocalStack, so they can be
tested on their own with any program that speaks the Lambda Runtime API.
"""
