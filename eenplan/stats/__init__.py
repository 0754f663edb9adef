"""Monitoring statistics: pure figures, suppression of small counts, charts and report writers."""
