"""Live boards: rooms of connected people, fan-out of board events, and the message protocol."""
