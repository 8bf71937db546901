"""Data-flow (taint) analysis: does a value from a source reach a sink, unsanitised?

One module per concern: `spec` (loading `mode: taint` rules), `facts` (where sources, sinks,
sanitizers and propagators match, found with the ordinary pattern matcher), `values` (the
abstract values and their join), `constants` (constant folding and dead branches), `guards`
(what a condition proves), `flow` (the flow-sensitive walk of one function), `summaries`
(what a called function does with its arguments) and `report` (findings with their path).
"""
