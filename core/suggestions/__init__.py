"""Next-best-action: rules that suggest what to do next, and the feedback that keeps them useful."""
