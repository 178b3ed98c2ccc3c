"""Adapters that run the rule chain inside other tools' pipelines (`datatrove`: its
`PipelineStep`). Each needs its tool installed: `pip install 'cleaner[datatrove]'`."""
