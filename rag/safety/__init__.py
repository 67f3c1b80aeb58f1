"""Safety layers of the assistant: dosing requests and guidance, contradictions between sources."""
