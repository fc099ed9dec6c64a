"""The domain: grades, statuses, cadence rules and value types, in pure Python."""
