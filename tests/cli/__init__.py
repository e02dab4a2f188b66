"""The `tipline` command as an operator uses it, the README's first run and the deployment files."""
