"""`replylint report`: a QA report over replies exported from a helpdesk, checked by the one Linter.

The pipeline, one module per step:

- :mod:`settings`: the column mapping and role names (options, or the config's ``report:`` section);
- :mod:`exports`: CSV, JSONL and Zendesk's ticket export into :class:`exports.Message` rows, with
  each bad row named (file and row) and skipped;
- :mod:`replies`: messages grouped by conversation into :class:`replies.Reply` items, each agent
  reply with its context (the client's message before it, the client's name);
- :mod:`tally`: a partition of replies checked with :class:`replylint.engine.Linter` and counted
  into a :class:`tally.Tally` (counts add up, so partitions can be checked anywhere and merged);
- :mod:`runner`: where partitions are checked: this process, ``--jobs`` processes, or
  :mod:`dask_run` (a Dask cluster);
- :mod:`charts` (matplotlib, imported only here), :mod:`html` and :mod:`csv_out`: the outputs;
- :mod:`command`: the command itself, options in, exit status out.

Nothing here is imported by a plain `replylint check`.
"""
