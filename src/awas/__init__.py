"""awas: election cyber-supervision platform for Bawaslu (pengawasan siber Pilkada)."""

__version__ = "0.1.0"
