"""Sync by copying files: sync-file export, merge, conflicts (DESIGN §4)."""
