"""The Gradio chat UI: ``app`` moves records between the page and the Assistant, ``render`` turns them into HTML.

In: ``Answer`` records. Out: HTML. No pipeline logic lives here.
"""
