"""The command line: argument parsing, reports for people, progress bars, exit codes."""
