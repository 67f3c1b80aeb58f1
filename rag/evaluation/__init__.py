"""The offline evaluation harness behind `rag eval`: suites, a llama-index baseline, metrics, report and checks."""
