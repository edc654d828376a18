"""One module per group of `eventdesk` subcommands; see store/cli.py."""
