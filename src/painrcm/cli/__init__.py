"""The command line: Typer + Rich, thin over the stages.

Each command group lives in its own module with a ``register(app)`` function;
``painrcm.cli.main`` lists them. User mistakes raise ``PainRCMError`` and are
printed as one clear line with exit status 2, never a traceback.
"""
