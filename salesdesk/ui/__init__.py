"""The window: PySide6 widgets, Qt models and dialogs over the services (the only Qt layer)."""
