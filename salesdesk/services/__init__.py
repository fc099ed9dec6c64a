"""Use cases: every read and write the program makes, for the window and the command line alike."""
