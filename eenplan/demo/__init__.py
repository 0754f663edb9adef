"""The demo: a made-up but realistic caseload (``caseload``) and the demo run over it (``run``)."""
